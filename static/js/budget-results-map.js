/* The results map of a Bürgerbudget: each proposal with a place as a circle, the funded
 * ones filled, the others as outlines (not only by colour). The table beside it says the
 * same for everyone without the map. Data: data-features (the id of a json_script with a
 * GeoJSON FeatureCollection: number, title, funded), data-labels (the map's words:
 * zoomIn, zoomOut, funded, notFunded), data-tiles-url and data-attribution.
 * site-map.js is loaded first. */
(function () {
  "use strict";

  // The popup as an element whose text is set with textContent: titles are residents'
  // words and never become HTML (Leaflet takes a string as HTML).
  function popupContent(properties, words) {
    var element = document.createElement("span");
    element.textContent =
      properties.number + ". " + properties.title + " \u2013 " +
      (properties.funded ? words.funded : words.notFunded);
    return element;
  }

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
    var words = shared.labels(container);
    var map = shared.baseMap(container);
    var layer = window.L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var funded = feature.properties.funded;
        return window.L.circleMarker(latlng, {
          radius: funded ? 10 : 7,
          weight: funded ? 3 : 2,
          color: funded ? "#0b5d1e" : "#4a4f57",
          fillColor: funded ? "#1f8a3a" : "#ffffff",
          fillOpacity: funded ? 0.8 : 0.6,
        });
      },
      onEachFeature: function (feature, marker) {
        marker.bindPopup(popupContent(feature.properties, words));
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [24, 24] });
    shared.hideNote(container, ".budget-results__map-note");
  }

  function init() {
    var containers = document.querySelectorAll(".budget-results__map[data-features]");
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
