/* What the site's three maps share (idea-map.js, idea-location-picker.js, measure-map.js
 * load after this file; all are deferred, so they run in this order):
 *
 *   JenaSmartMap.parseGeometry(text)      GeoJSON geometry from a data-* attribute, or null
 *   JenaSmartMap.baseMap(container)       a Leaflet map: no scroll-wheel zoom (scrolling the
 *                                         page must not zoom the map), keyboard on, the zoom
 *                                         buttons named in the page's language
 *                                         (data-label-zoom-in/-out; Leaflet's own are
 *                                         English), the tiles of data-tiles-url with
 *                                         data-attribution
 *   JenaSmartMap.drawArea(map, geometry)  a project's area as a dashed outline, map fitted
 *   JenaSmartMap.drawDistricts(map, url)  the Ortsteil boundaries as a thin layer (a help,
 *                                         so a failure is silent)
 *   JenaSmartMap.hideNote(container, sel) hides the "the map needs JavaScript" note
 */
(function () {
  "use strict";

  function parseGeometry(text) {
    if (!text) {
      return null;
    }
    try {
      var geometry = JSON.parse(text);
      return geometry && geometry.type ? geometry : null;
    } catch (error) {
      return null;
    }
  }

  function baseMap(container) {
    var L = window.L;
    var data = container.dataset;
    var map = L.map(container, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
    L.control
      .zoom({
        zoomInTitle: data.labelZoomIn || "+",
        zoomOutTitle: data.labelZoomOut || "\u2212",
      })
      .addTo(map);
    L.tileLayer(data.tilesUrl, { attribution: data.attribution || "", maxZoom: 19 }).addTo(map);
    return map;
  }

  function drawArea(map, geometry) {
    if (!geometry) {
      return null;
    }
    var layer = window.L.geoJSON(geometry, {
      interactive: false,
      style: function () {
        return { color: "#00325a", weight: 3, fill: false, dashArray: "8 6" };
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16] });
    return layer;
  }

  function drawDistricts(map, url) {
    if (!url || typeof window.fetch !== "function") {
      return;
    }
    window
      .fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/geo+json, application/json" },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (districts) {
        if (districts) {
          window.L.geoJSON(districts, {
            interactive: false,
            style: function () {
              return { color: "#4a4f63", weight: 1, opacity: 0.7, fill: false };
            },
          }).addTo(map);
        }
      })
      .catch(function () {
        /* The boundaries are a help, not essential. */
      });
  }

  function hideNote(container, selector) {
    var note = container.parentNode.querySelector(selector);
    if (note) {
      note.hidden = true;
    }
  }

  window.JenaSmartMap = {
    parseGeometry: parseGeometry,
    baseMap: baseMap,
    drawArea: drawArea,
    drawDistricts: drawDistricts,
    hideNote: hideNote,
  };
})();
