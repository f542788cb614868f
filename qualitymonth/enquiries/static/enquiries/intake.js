// The filing form: only the tracks the chosen category takes can be ticked, and the fields
// the ticked tracks need are marked as needed. The server checks all of it again.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.querySelector(".enquiry-form");
    var data = document.getElementById("category-tracks-data");
    if (!form || !data) return;
    var tracks = JSON.parse(data.textContent);
    var category = form.querySelector("select[name=category]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=kinds]"));

    function ticked() {
      return boxes.filter(function (box) { return box.checked && !box.disabled; })
        .map(function (box) { return box.value; });
    }
    function markRequired() {
      var kinds = ticked();
      form.querySelectorAll("[data-required-for]").forEach(function (field) {
        var needed = field.getAttribute("data-required-for").split(" ").some(function (kind) {
          return kinds.indexOf(kind) !== -1;
        });
        field.classList.toggle("is-required", needed);
        field.querySelectorAll("input, select, textarea").forEach(function (input) {
          if (needed) input.setAttribute("aria-required", "true"); else input.removeAttribute("aria-required");
        });
      });
    }
    function limitTracks() {
      var offered = category && tracks[category.value];
      boxes.forEach(function (box) {
        var ok = !offered || offered.indexOf(box.value) !== -1;
        box.disabled = !ok;
        if (!ok) box.checked = false;
        var label = box.closest("label");
        if (label) label.classList.toggle("is-unavailable", !ok);
      });
      markRequired();
    }
    if (category) category.addEventListener("change", limitTracks);
    boxes.forEach(function (box) { box.addEventListener("change", markRequired); });
    limitTracks();
  });
})();
