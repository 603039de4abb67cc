/* Content blocks: the map block, progressive enhancement only (the list of places stays). */
(function () {
  "use strict";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".block-map").forEach(function (element) {
      var points = [];
      try { points = JSON.parse(element.dataset.points || "[]"); } catch (e) { return; }
      var map = L.map(element).setView([46.6, 2.4], 5);
      L.tileLayer(element.dataset.tilesUrl, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
      var bounds = [];
      points.forEach(function (point) {
        var marker = L.marker([point.lat, point.lng]).addTo(map);
        marker.bindPopup(document.createTextNode(point.title));
        bounds.push([point.lat, point.lng]);
      });
      if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
