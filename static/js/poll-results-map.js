/* The maps of a poll's results: the places people named for a question, as circles.
 * The table under each map counts the same places per district for everyone without the
 * map. Data: data-features (the id of a json_script with a GeoJSON FeatureCollection),
 * data-labels (zoomIn, zoomOut), data-tiles-url and data-attribution. site-map.js is
 * loaded first. No popups: the descriptions are free texts, never published. */
(function () {
  "use strict";

  function drawMap(container) {
    var shared = window.JenaSmartMap;
    if (typeof window.L === "undefined" || !shared) {
      return;
    }
    var data;
    try {
      data = JSON.parse(shared.dataBlock(container, "features") || "null");
    } catch (error) {
      return;
    }
    if (!data || !data.features || !data.features.length) {
      return;
    }
    var map = shared.baseMap(container);
    var layer = window.L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return window.L.circleMarker(latlng, {
          radius: 6,
          weight: 2,
          color: "#0b3d91",
          fillColor: "#3a6fd8",
          fillOpacity: 0.6,
        });
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [24, 24] });
    shared.hideNote(container, ".poll-results__map-note");
  }

  function init() {
    var containers = document.querySelectorAll(".poll-results__map[data-features]");
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
