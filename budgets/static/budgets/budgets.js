/* Participatory budgets: progressive enhancement only; every page works without this file.
 * - Ballot forms (add / remove a project) are sent with fetch; the answer updates the
 *   ballot panel and the project's button, and the message is read out (aria-live).
 * - Maps of the projects (Leaflet), like the proposals' maps.
 */
(function () {
  "use strict";

  // --- Ballot -------------------------------------------------------------------------------

  // The message shows; the figures are read out with it (the panel shows them already).
  function announce(message, status) {
    var live = document.getElementById("ballot-live");
    if (!live) { return; }
    live.textContent = message + " ";
    var figures = document.createElement("span");
    figures.className = "visually-hidden";
    figures.textContent = status || "";
    live.appendChild(figures);
  }

  function replaceToggle(form, html) {
    var holder = form.closest(".ballot-toggle");
    if (!holder) { return; }
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.firstElementChild;
    if (!fresh) { return; }
    holder.replaceWith(fresh);
    var card = fresh.closest(".project-card");
    if (card) { card.classList.toggle("project-chosen", !!fresh.querySelector(".in-ballot")); }
    var button = fresh.querySelector("button");
    if (button) { button.focus(); } // keyboard users keep their place
  }

  function send(form) {
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        if (!(response.headers.get("Content-Type") || "").includes("application/json")) {
          form.submit(); // signed out, or anything unexpected: the plain form knows what to do
          return null;
        }
        return response.json();
      })
      .then(function (data) {
        if (!data) { return; }
        var body = document.getElementById("ballot-panel-body");
        if (body && data.panel) { body.innerHTML = data.panel; }
        announce(data.message, data.status);
        if (data.toggle) { replaceToggle(form, data.toggle); }
        else if (button) { button.disabled = false; }
      })
      .catch(function () { form.submit(); });
  }

  function ballotForms() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList || !form.classList.contains("js-ballot-form")) { return; }
      if (!document.getElementById("ballot-live")) { return; }
      event.preventDefault();
      send(form);
    });
  }

  // --- Maps -----------------------------------------------------------------------------------

  var DEFAULT_CENTER = [47.39, 0.69];
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function baseMap(element, center, zoom) {
    var map = L.map(element).setView(center, zoom);
    L.tileLayer(element.dataset.tilesUrl, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    return map;
  }

  function single(element) {
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
    element.textContent = "";
    var map = baseMap(element, point, 16);
    L.marker(point, { alt: document.title }).addTo(map);
  }

  function overview(element) {
    fetch(element.dataset.pointsUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        element.textContent = "";
        var map = baseMap(element, DEFAULT_CENTER, 13);
        var bounds = [];
        data.points.forEach(function (point) {
          var a = document.createElement("a");
          a.href = point.url;
          a.textContent = point.title; // never innerHTML: titles are text
          L.marker([point.lat, point.lng], { title: point.title, alt: point.title })
            .addTo(map).bindPopup(a);
          bounds.push([point.lat, point.lng]);
        });
        if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    ballotForms();
    if (typeof L === "undefined") { return; }
    var element = document.getElementById("budget-project-map");
    if (element) { single(element); }
    element = document.getElementById("budget-projects-map");
    if (element) { overview(element); }
  });
})();
