/* The idea map of a project: the same ideas as the list beside it, clustered.
 *
 * Progressive enhancement: the list shows every idea without JavaScript; this script
 * only adds the map. Data comes from data-* attributes and JSON data blocks (the
 * templates' json_script; nothing inline runs: strict CSP):
 *   data-geojson-url    the ideas as GeoJSON (the API, with the list's filters)
 *   data-districts-url  the district boundaries as GeoJSON (a thin layer)
 *   data-area           the id of the data block with the project area as GeoJSON
 *                       geometry (null = the whole city)
 *   data-tiles-url      the tile server URL template ({z}/{x}/{y})
 *   data-attribution    the tile attribution (HTML from the site's settings)
 *   data-labels         the id of the data block with the translated words of the
 *                       popups, the controls and the status line; clusterOpened ("{n}" =
 *                       the number of ideas) is announced there when a cluster opens, if
 *                       given
 *
 * Keyboard: the markers and clusters are in the Tab order (Leaflet's keyboard option);
 * Enter on a marker opens its popup and puts the focus on the idea's link in it, Escape
 * closes it and returns the focus to where it came from. Enter or Space on a cluster
 * zooms in or spreads it out and puts the focus on what now shows its ideas
 * (clusterFocus). Every list entry with a point has a button (rendered hidden, shown
 * here once the marker exists, aria-controls = the map's id) that zooms to the marker,
 * opens its popup and moves the focus there.
 *
 * Titles and names come from residents: they are only ever put into the page with
 * textContent or as attribute values, never as HTML.
 */
(function () {
  "use strict";

  var JENA = [50.9272, 11.5861];

  function fetchJson(url) {
    return window.fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json, application/json" },
    }).then(function (response) {
      if (!response.ok) {
        var failure = new Error("HTTP " + response.status);
        failure.status = response.status;
        throw failure;
      }
      return response.json();
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function popupContent(properties, labels) {
    var box = element("div", "idea-popup");
    var title = element("p", "idea-popup__title");
    var link = element("a", "kern-link", properties.title);
    link.href = properties.url;
    title.appendChild(link);
    box.appendChild(title);
    var facts = [];
    if (properties.status_label) {
      facts.push(properties.status_label);
    }
    if (properties.district && properties.district.name) {
      facts.push(properties.district.name);
    }
    if (properties.category && properties.category.name) {
      facts.push(properties.category.name);
    }
    if (facts.length) {
      box.appendChild(element("p", "idea-popup__facts", facts.join(" · ")));
    }
    box.appendChild(
      element(
        "p",
        "idea-popup__numbers",
        properties.vote_count + " " + labels.votes + " · " +
          properties.comment_count + " " + labels.comments
      )
    );
    return box;
  }

  function clusterIcon(cluster, labels) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var inner = element("div");
    inner.appendChild(element("span", "", count));
    inner.appendChild(element("span", "site-sr-only", " " + labels.cluster));
    return window.L.divIcon({
      html: inner, // an element, not HTML text
      className: "marker-cluster marker-cluster-" + size + " idea-cluster",
      iconSize: window.L.point(40, 40),
    });
  }

  /* Moves the focus into an opened popup and back to where it came from when the popup
   * closes (Escape, its close button, or another popup). */
  function popupFocus(map, container, labels) {
    var origin = null;

    function usable(node) {
      return node && document.body.contains(node) && !node.hidden;
    }

    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && labels.close) {
        close.setAttribute("aria-label", labels.close);
        close.setAttribute("title", labels.close);
      }
    });

    map.on("popupclose", function (event) {
      var element = event.popup.getElement();
      var active = document.activeElement;
      var target = origin;
      origin = null;
      if (active && active !== document.body && !(element && element.contains(active))) {
        return; // the focus has already moved on (e.g. to another list button)
      }
      if (usable(target)) {
        target.focus({ preventScroll: true });
      } else {
        container.focus({ preventScroll: true });
      }
    });

    container.addEventListener("keydown", function (event) {
      var open = container.querySelector(".leaflet-popup");
      if ((event.key === "Escape" || event.key === "Esc") && open && open.contains(event.target)) {
        event.preventDefault();
        map.closePopup();
      }
    });

    return {
      focusInto: function (marker, from) {
        var popup = marker.getPopup();
        var element = popup && popup.getElement();
        if (!element) {
          return;
        }
        origin = from;
        var target = element.querySelector(".idea-popup a") || element;
        // No scrolling inside the map (Leaflet pans it); the page itself scrolls below.
        target.focus({ preventScroll: true });
        if (container.scrollIntoView) {
          container.scrollIntoView({ block: "nearest" });
        }
      },
    };
  }

  /* Enter (or Space) on a cluster zooms in one step of the clustering, or spreads the
   * cluster out when its ideas are at one spot; markercluster itself then focuses the
   * whole map. Once the map and the clusters have come to rest (no zoom, pan or cluster
   * animation for a few frames), the focus goes on to the icon that now shows the
   * cluster's first idea in the list's order: a smaller cluster or the marker itself,
   * one in view if there is one. If nothing moved, that is the cluster again. Not if the
   * user has gone on meanwhile (Tab, a list button). */
  function clusterFocus(map, container, clusters, announce) {
    var SETTLE_FRAMES = 3; // a zoom starts one frame after the key (Leaflet's rAF)
    var MAX_FRAMES = 300;
    var pane = map.getPane("mapPane");
    var latest = 0;

    function moving() {
      return /\bleaflet-(zoom|pan|cluster)-anim\b/.test(pane.className);
    }

    function iconShowing(children) {
      var view = map.getBounds();
      var outOfView = null;
      for (var i = 0; i < children.length; i += 1) {
        var layer = clusters.getVisibleParent(children[i]);
        var icon = layer && layer.getElement();
        if (icon && container.contains(icon)) {
          if (view.contains(layer.getLatLng())) {
            return icon;
          }
          outOfView = outOfView || icon;
        }
      }
      return outOfView;
    }

    clusters.on("clusterkeydown", function (event) {
      var key = event.originalEvent.key;
      if (key !== "Enter" && key !== " ") {
        return;
      }
      var cluster = event.layer;
      var children = cluster.getAllChildMarkers().sort(function (a, b) {
        return a.listIndex - b.listIndex;
      });
      var origin = cluster.getElement();
      var frames = 0;
      var still = 0;
      var watch = (latest += 1);

      function step() {
        var active = document.activeElement;
        var waiting = !active || active === document.body || active === container ||
          active === origin;
        if (watch !== latest || !waiting) {
          return;
        }
        frames += 1;
        still = moving() ? 0 : still + 1;
        if (still < SETTLE_FRAMES && frames < MAX_FRAMES) {
          window.requestAnimationFrame(step);
          return;
        }
        (iconShowing(children) || container).focus({ preventScroll: true });
        announce(children.length);
      }

      if (key === " ") {
        // A button answers to Space too; markercluster only knows Enter: act as a click.
        event.originalEvent.preventDefault(); // and no scrolling of the page
        cluster.fire("click", { originalEvent: event.originalEvent }, true);
      }
      window.requestAnimationFrame(step);
    });
  }

  /* The "show on the map" buttons of the list: shown for the ideas that have a marker. */
  function connectListButtons(container, clusters, byId, popups) {
    var selector = "[data-show-on-map][aria-controls='" + container.id + "']";
    var buttons = document.querySelectorAll(selector);
    Array.prototype.forEach.call(buttons, function (button) {
      var marker = byId[button.getAttribute("data-show-on-map")];
      if (!marker) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        clusters.zoomToShowLayer(marker, function () {
          if (!marker.isPopupOpen()) {
            marker.openPopup();
          }
          popups.focusInto(marker, button);
        });
      });
    });
  }

  function setStatus(container, text) {
    var status = document.getElementById(container.id + "-status");
    if (status) {
      status.textContent = text;
    }
  }

  function drawMap(container) {
    var L = window.L;
    var shared = window.JenaSmartMap;
    if (typeof L === "undefined" || !shared || typeof window.fetch !== "function") {
      return;
    }
    var data = container.dataset;
    var words = shared.labels(container);
    var labels = {
      votes: words.votes || "",
      comments: words.comments || "",
      cluster: words.cluster || "",
      one: words.countOne || "",
      many: words.countMany || "",
      omitted: words.omitted || "",
      error: words.error || "",
      throttled: words.throttled || words.error || "",
      close: words.close || "",
      clusterOpened: words.clusterOpened || "",
    };
    var summary = "";
    var map = shared.baseMap(container).setView(JENA, 12);
    var areaLayer = shared.drawArea(map, shared.parseGeometry(shared.dataBlock(container, "area")));
    shared.drawDistricts(map, data.districtsUrl);

    var clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        return clusterIcon(cluster, labels);
      },
    });
    map.addLayer(clusters);
    var popups = popupFocus(map, container, labels);
    clusterFocus(map, container, clusters, function (count) {
      // Only with the words from the page (clusterOpened, "{n}" = the ideas).
      if (labels.clusterOpened) {
        setStatus(container, summary + " " + labels.clusterOpened.replace("{n}", String(count)));
      }
    });

    fetchJson(data.geojsonUrl)
      .then(function (collection) {
        var markers = [];
        var byId = {};
        (collection.features || []).forEach(function (feature) {
          var coordinates = feature.geometry && feature.geometry.coordinates;
          if (!coordinates || coordinates.length < 2) {
            return;
          }
          var properties = feature.properties || {};
          var marker = L.marker([coordinates[1], coordinates[0]], {
            title: String(properties.title || ""),
            alt: String(properties.title || ""),
            keyboard: true,
          });
          marker.bindPopup(popupContent(properties, labels));
          marker.feature = feature;
          marker.listIndex = markers.length; // the order of the list beside the map
          marker.on("popupopen", function () {
            // Opened with Enter on the focused marker: continue inside the popup.
            if (document.activeElement === marker.getElement()) {
              popups.focusInto(marker, marker.getElement());
            }
          });
          markers.push(marker);
          byId[String(feature.id !== undefined ? feature.id : properties.id)] = marker;
        });
        clusters.addLayers(markers);
        connectListButtons(container, clusters, byId, popups);
        if (markers.length && !areaLayer) {
          map.fitBounds(clusters.getBounds(), { maxZoom: 15, padding: [24, 24] });
        }
        var text = (markers.length === 1 ? labels.one : labels.many).replace(
          "{n}",
          String(markers.length)
        );
        var omitted = collection.omitted_without_location || 0;
        if (omitted) {
          text += " " + labels.omitted.replace("{n}", String(omitted));
        }
        summary = text;
        setStatus(container, text);
        container.setAttribute("data-idea-count", String(markers.length));
        container.classList.add("participation-map--ready");
      })
      .catch(function (failure) {
        // Too many requests from this network (a school, the city hall): say so and
        // when to try again; the list beside the map shows every idea meanwhile.
        setStatus(container, failure && failure.status === 429 ? labels.throttled : labels.error);
        container.classList.add("participation-map--failed");
      });

    shared.hideNote(container, ".participation-map__note");
  }

  function init() {
    var containers = document.querySelectorAll(".participation-map[data-geojson-url]");
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
