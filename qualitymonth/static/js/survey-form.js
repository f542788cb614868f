// Survey form: skip logic asked of the server as answers change, and the phone's location.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.querySelector("form.survey-form");
    if (!form) return;

    // Answers change faster than replies arrive: only the newest request may decide.
    var asked = 0;
    function refresh() {
      var mine = ++asked;
      var data = new FormData(form);
      // Only answers decide what is shown; photos stay on the phone until submission.
      form.querySelectorAll("input[type=file]").forEach(function (input) { data.delete(input.name); });
      if (form.dataset.link) data.append("link", form.dataset.link);
      fetch(form.dataset.relevanceUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (result) {
          if (!result || mine !== asked) return;
          var shown = {};
          result.shown.forEach(function (name) { shown[name] = true; });
          form.querySelectorAll(".question").forEach(function (node) {
            node.hidden = !shown[node.dataset.name];
          });
        });
    }
    form.addEventListener("change", refresh);

    var status = form.querySelector("[data-gps-status]");
    var lat = form.querySelector("input[name=latitude]");
    if (!lat || !navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude;
      form.querySelector("input[name=longitude]").value = position.coords.longitude;
      form.querySelector("input[name=accuracy]").value = position.coords.accuracy;
      form.querySelectorAll("input[data-geopoint]").forEach(function (input) {
        if (!input.value) input.value = position.coords.latitude + " " + position.coords.longitude;
      });
      if (status) status.textContent = status.dataset.found || status.textContent;
      if (status) status.dataset.located = "yes";
    }, function () {}, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
