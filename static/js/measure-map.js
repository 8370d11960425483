/* Draws a measure's location on a small Leaflet map.
 *
 * Progressive enhancement: the page states the place in words; this script only adds
 * the map. Data comes from data-* attributes (no inline script, strict CSP):
 *   data-geojson      the geometry as GeoJSON
 *   data-tiles-url    the tile server URL template ({z}/{x}/{y})
 *   data-attribution  the tile attribution (HTML from the site's settings)
 *   data-label-zoom-in, data-label-zoom-out   the zoom buttons' names (translated)
 */
(function () {
  "use strict";

  function drawMap(container) {
    if (typeof window.L === "undefined") {
      return;
    }
    var geometry;
    try {
      geometry = JSON.parse(container.dataset.geojson || "null");
    } catch (error) {
      return;
    }
    if (!geometry || !geometry.type) {
      return;
    }
    var map = window.L.map(container, {
      scrollWheelZoom: false, // scrolling the page must not zoom the map by accident
      keyboard: true,
      zoomControl: false, // Leaflet's own is labelled in English; ours below
    });
    window.L.control
      .zoom({
        zoomInTitle: container.dataset.labelZoomIn || "+",
        zoomOutTitle: container.dataset.labelZoomOut || "\u2212",
      })
      .addTo(map);
    window.L.tileLayer(container.dataset.tilesUrl, {
      attribution: container.dataset.attribution || "",
      maxZoom: 19,
    }).addTo(map);
    var layer = window.L.geoJSON(geometry, {
      // A circle marker needs no image files and stays sharp at any zoom.
      pointToLayer: function (feature, latlng) {
        return window.L.circleMarker(latlng, {
          radius: 9,
          weight: 3,
          color: "#00325a",
          fillColor: "#004b87",
          fillOpacity: 0.6,
        });
      },
      style: function () {
        return { color: "#00325a", weight: 3, fillColor: "#004b87", fillOpacity: 0.2 };
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [24, 24] });
    container.classList.add("measures-map--ready");

    var note = container.parentNode.querySelector(".measures-map__note");
    if (note) {
      note.hidden = true;
    }
  }

  function init() {
    var containers = document.querySelectorAll(".site-map[data-geojson]");
    for (var i = 0; i < containers.length; i += 1) {
      drawMap(containers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
