// Newsletter sending progress: reload the page every few seconds while it sends.
(function () {
  var element = document.getElementById("newsletter-progress");
  var seconds = element && parseInt(element.getAttribute("data-refresh"), 10);
  if (seconds > 0) {
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
