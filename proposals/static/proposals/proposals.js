/* Proposals maps: progressive enhancement only; every page works without this file. */
(function () {
  "use strict";
  var DEFAULT_CENTER = [47.39, 0.69];
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function baseMap(element, center, zoom) {
    var map = L.map(element).setView(center, zoom);
    L.tileLayer(element.dataset.tilesUrl, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    return map;
  }

  function link(url, text) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = text; // never innerHTML: titles are residents' text
    return a;
  }

  // The creation form: a click on the map fills the latitude and longitude inputs.
  function picker(element) {
    var latInput = document.getElementById(element.dataset.latInput);
    var lngInput = document.getElementById(element.dataset.lngInput);
    if (!latInput || !lngInput) { return; }
    var has = latInput.value && lngInput.value;
    var start = has ? [parseFloat(latInput.value), parseFloat(lngInput.value)] : DEFAULT_CENTER;
    var map = baseMap(element, start, 14);
    var marker = has ? L.marker(start).addTo(map) : null;
    map.on("click", function (event) {
      var lat = event.latlng.lat.toFixed(6);
      var lng = event.latlng.lng.toFixed(6);
      latInput.value = lat;
      lngInput.value = lng;
      if (marker) { marker.setLatLng(event.latlng); } else { marker = L.marker(event.latlng).addTo(map); }
    });
  }

  function single(element) {
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
    element.textContent = "";
    var map = baseMap(element, point, 16);
    L.marker(point).addTo(map);
  }

  // Proposals close together share one marker listing them (grouped by rounding).
  function overview(element) {
    fetch(element.dataset.pointsUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        element.textContent = "";
        var map = baseMap(element, DEFAULT_CENTER, 13);
        var groups = {};
        data.points.forEach(function (point) {
          var key = point.lat.toFixed(3) + "," + point.lng.toFixed(3);
          (groups[key] = groups[key] || []).push(point);
        });
        var bounds = [];
        Object.keys(groups).forEach(function (key) {
          var items = groups[key];
          var list = document.createElement("ul");
          items.forEach(function (point) {
            var li = document.createElement("li");
            li.appendChild(link(point.url, point.title));
            list.appendChild(li);
          });
          var marker = L.marker([items[0].lat, items[0].lng], {
            title: items.length > 1 ? items.length + " proposals" : items[0].title,
            alt: items.length > 1 ? items.length + " proposals" : items[0].title
          }).addTo(map);
          marker.bindPopup(list);
          bounds.push([items[0].lat, items[0].lng]);
        });
        if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var element = document.getElementById("proposal-map-picker");
    if (element) { picker(element); }
    element = document.getElementById("proposal-map");
    if (element) { single(element); }
    element = document.getElementById("proposals-map");
    if (element) { overview(element); }
  });
})();
