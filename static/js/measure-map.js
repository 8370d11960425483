/* Draws a measure's location on a small Leaflet map.
 *
 * Progressive enhancement: the page states the place in words; this script only adds
 * the map. Data comes from data-* attributes and a JSON data block (nothing inline runs:
 * strict CSP):
 *   data-geojson      the geometry as GeoJSON
 *   data-tiles-url    the tile server URL template ({z}/{x}/{y})
 *   data-attribution  the tile attribution (HTML from the site's settings)
 *   data-labels       the id of the page's json_script with the translated words
 *                     (zoomIn, zoomOut: the zoom buttons' names)
 * The map itself comes from site-map.js (loaded first).
 */
(function () {
  "use strict";

  function drawMap(container) {
    var shared = window.JenaSmartMap;
    if (typeof window.L === "undefined" || !shared) {
      return;
    }
    var geometry = shared.parseGeometry(container.dataset.geojson);
    if (!geometry) {
      return;
    }
    var map = shared.baseMap(container);
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
    shared.hideNote(container, ".measures-map__note");
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
