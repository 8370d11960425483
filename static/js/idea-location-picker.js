/* The map picker of the idea form: click (or press Enter on the focused map) to set the
 * point of an idea, drag it to move it.
 *
 * Progressive enhancement: without JavaScript the form asks for the district and a
 * description of the place (and optionally coordinates); this script only adds the map.
 * It writes the point as GeoJSON into the hidden "location" field and keeps the
 * latitude/longitude fields in step (typing there moves the point). The district is
 * derived on the server after sending. Data comes from data-* attributes and JSON data
 * blocks (the templates' json_script; nothing inline runs: strict CSP):
 *   data-location-input / data-latitude-input / data-longitude-input   field ids
 *   data-area            the id of the data block with the project area as GeoJSON
 *                        geometry (null = the whole city)
 *   data-districts-url   the district boundaries as GeoJSON (a thin layer)
 *   data-tiles-url, data-attribution   the tiles
 *   data-labels          the id of the data block with the translated words (marker,
 *                        set, removed; "{lat}", "{lon}" = the point)
 */
(function () {
  "use strict";

  var JENA = [50.9272, 11.5861];
  var DECIMALS = 6;

  function parseJson(text) {
    if (!text) {
      return null;
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      return null;
    }
  }

  function round(value) {
    var factor = Math.pow(10, DECIMALS);
    return Math.round(value * factor) / factor;
  }

  function readNumber(input) {
    if (!input || input.value.trim() === "") {
      return null;
    }
    var value = Number(input.value.trim().replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function initPicker(container) {
    var L = window.L;
    var shared = window.JenaSmartMap;
    if (typeof L === "undefined" || !shared) {
      return;
    }
    var data = container.dataset;
    var words = shared.labels(container);
    var locationInput = document.getElementById(data.locationInput);
    var latInput = document.getElementById(data.latitudeInput);
    var lonInput = document.getElementById(data.longitudeInput);
    var status = document.getElementById(container.id + "-status");
    var removeButton = document.getElementById(container.id + "-remove");
    var lang = document.documentElement.lang || "de";
    var marker = null;

    var map = shared.baseMap(container).setView(JENA, 12);
    shared.drawArea(map, shared.parseGeometry(shared.dataBlock(container, "area")));
    shared.drawDistricts(map, data.districtsUrl);

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function formatted(value) {
      try {
        return value.toLocaleString(lang, { maximumFractionDigits: 5 });
      } catch (error) {
        return String(value);
      }
    }

    function writeFields(lat, lon) {
      if (locationInput) {
        locationInput.value = JSON.stringify({ type: "Point", coordinates: [lon, lat] });
      }
      if (latInput) {
        latInput.value = String(lat);
      }
      if (lonInput) {
        lonInput.value = String(lon);
      }
    }

    function placeMarker(lat, lon) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = L.marker([lat, lon], {
          draggable: true,
          keyboard: true,
          title: words.marker || "",
          alt: words.marker || "",
        }).addTo(map);
        marker.on("dragend", function () {
          var position = marker.getLatLng();
          setPoint(position.lat, position.lng);
        });
      }
      if (removeButton) {
        removeButton.hidden = false;
      }
    }

    function setPoint(lat, lon) {
      lat = round(lat);
      lon = round(lon);
      placeMarker(lat, lon);
      writeFields(lat, lon);
      say(
        String(words.set || "")
          .replace("{lat}", formatted(lat))
          .replace("{lon}", formatted(lon))
      );
    }

    function clearPoint(announce) {
      if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      if (locationInput) {
        locationInput.value = "";
      }
      if (latInput) {
        latInput.value = "";
      }
      if (lonInput) {
        lonInput.value = "";
      }
      if (removeButton) {
        removeButton.hidden = true;
      }
      if (announce) {
        say(words.removed || "");
      }
    }

    map.on("click", function (event) {
      setPoint(event.latlng.lat, event.latlng.lng);
    });

    // Keyboard: Enter (or Space) on the focused map sets the point at the crosshair.
    container.addEventListener("keydown", function (event) {
      if (event.target !== container) {
        return;
      }
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        var centre = map.getCenter();
        setPoint(centre.lat, centre.lng);
      }
    });

    function fromCoordinateFields() {
      var lat = readNumber(latInput);
      var lon = readNumber(lonInput);
      if (lat === null && lon === null) {
        clearPoint(true);
      } else if (lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        placeMarker(lat, lon);
        writeFields(lat, lon);
        map.panTo([lat, lon]);
      }
    }
    if (latInput) {
      latInput.addEventListener("change", fromCoordinateFields);
    }
    if (lonInput) {
      lonInput.addEventListener("change", fromCoordinateFields);
    }
    if (removeButton) {
      removeButton.addEventListener("click", function () {
        clearPoint(true);
        container.focus();
      });
    }

    // Start from what the form holds (an edited idea, or a form sent back with errors).
    var lat = readNumber(latInput);
    var lon = readNumber(lonInput);
    if (lat === null || lon === null) {
      var point = parseJson(locationInput && locationInput.value);
      if (point && point.type === "Point" && point.coordinates && point.coordinates.length >= 2) {
        lon = Number(point.coordinates[0]);
        lat = Number(point.coordinates[1]);
      }
    }
    if (lat !== null && lon !== null && isFinite(lat) && isFinite(lon)) {
      placeMarker(lat, lon);
      writeFields(lat, lon);
      map.setView([lat, lon], Math.max(map.getZoom(), 15));
    }

    container.classList.add("participation-picker--ready");
    var note = container.parentNode.querySelector(".participation-map__note");
    if (note) {
      note.hidden = true;
    }
  }

  function init() {
    var containers = document.querySelectorAll(".participation-picker[data-location-input]");
    for (var i = 0; i < containers.length; i += 1) {
      initPicker(containers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
