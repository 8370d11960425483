/* What the site's three maps share (idea-map.js, idea-location-picker.js, measure-map.js
 * load after this file; all are deferred, so they run in this order):
 *
 *   JenaSmartMap.parseGeometry(text)      GeoJSON geometry from JSON text (a data-*
 *                                         attribute or a data block), or null
 *   JenaSmartMap.dataBlock(container, name)   the text of the page's JSON data block (a
 *                                         template's json_script) whose id is in
 *                                         data-<name>, or "" (e.g. data-area -> the
 *                                         project area)
 *   JenaSmartMap.labels(container)        the map's translated words: the JSON of the
 *                                         element whose id is in data-labels (a template's
 *                                         json_script), over any data-label-* attributes
 *                                         (data-label-zoom-in -> zoomIn)
 *   JenaSmartMap.baseMap(container)       a Leaflet map: no scroll-wheel zoom (scrolling the
 *                                         page must not zoom the map), keyboard on, the zoom
 *                                         buttons named in the page's language
 *                                         (labels zoomIn/zoomOut; Leaflet's own are
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

  function labels(container) {
    var data = container.dataset;
    var result = {};
    Object.keys(data).forEach(function (key) {
      if (/^label[A-Z]/.test(key)) {
        result[key.charAt(5).toLowerCase() + key.slice(6)] = data[key];
      }
    });
    var element = data.labels ? document.getElementById(data.labels) : null;
    if (element) {
      try {
        var given = JSON.parse(element.textContent) || {};
        Object.keys(given).forEach(function (key) {
          result[key] = given[key];
        });
      } catch (error) {
        /* Unreadable: the attributes (or Leaflet's defaults) stand. */
      }
    }
    return result;
  }

  function baseMap(container) {
    var L = window.L;
    var data = container.dataset;
    var words = labels(container);
    var map = L.map(container, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
    L.control
      .zoom({
        zoomInTitle: words.zoomIn || "+",
        zoomOutTitle: words.zoomOut || "\u2212",
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

  function dataBlock(container, name) {
    var id = container.dataset[name];
    var element = id ? document.getElementById(id) : null;
    return element ? element.textContent : "";
  }

  function hideNote(container, selector) {
    var note = container.parentNode.querySelector(selector);
    if (note) {
      note.hidden = true;
    }
  }

  window.JenaSmartMap = {
    labels: labels,
    parseGeometry: parseGeometry,
    baseMap: baseMap,
    drawArea: drawArea,
    drawDistricts: drawDistricts,
    hideNote: hideNote,
    dataBlock: dataBlock,
  };
})();
