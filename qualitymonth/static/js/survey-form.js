// Survey form: the form's logic asked of the server as answers change (which questions show,
// which choices a choice_filter offers, labels with ${name} filled in), the phone's location,
// the site picker's "nearest to me", and the error summary brought into view.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.querySelector("form.survey-form");
    if (!form) return;

    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();

    function apply(result) {
      var shown = {};
      result.shown.forEach(function (name) { shown[name] = true; });
      form.querySelectorAll(".question").forEach(function (node) {
        node.hidden = !shown[node.dataset.name];
      });
      Object.keys(result.choices || {}).forEach(function (name) {
        var offered = {};
        result.choices[name].forEach(function (choice) { offered[choice] = true; });
        var node = form.querySelector('.question[data-name="' + name + '"]');
        if (!node) return;
        node.querySelectorAll("label[data-choice]").forEach(function (label) {
          var allowed = !!offered[label.dataset.choice];
          var input = label.querySelector("input");
          label.hidden = !allowed;
          input.disabled = !allowed;
          if (!allowed) input.checked = false;
        });
      });
      Object.keys(result.labels || {}).forEach(function (name) {
        var node = form.querySelector('.question[data-name="' + name + '"]');
        if (!node) return;
        var label = node.querySelector("[data-label]");
        var hint = node.querySelector("[data-hint]");
        if (label) label.textContent = result.labels[name].label;
        if (hint) { hint.textContent = result.labels[name].hint; hint.hidden = !result.labels[name].hint; }
      });
    }

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
          apply(result);
          // A choice just withdrawn may change what depends on it: ask once more.
          if (result.choices && Object.keys(result.choices).length && !refresh.again) {
            refresh.again = true;
            refresh();
          } else {
            refresh.again = false;
          }
        });
    }
    form.addEventListener("change", function (event) {
      if (event.target.closest(".site-picker")) return;
      refresh();
    });
    // Typed answers count as they are typed (a label may repeat them), not only on leaving.
    var typing = null;
    form.addEventListener("input", function (event) {
      if (event.target.closest(".site-picker") || event.target.type === "file") return;
      clearTimeout(typing);
      typing = setTimeout(refresh, 400);
    });

    // The site picker: Enter searches instead of sending the form; streets follow the district.
    var search = form.querySelector("#site-q");
    if (search) {
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
    }
    var district = form.querySelector("#site-district");
    var street = form.querySelector("#site-street");
    function streets() {
      if (!district || !street) return;
      street.querySelectorAll("option[data-district]").forEach(function (option) {
        option.hidden = !!district.value && option.dataset.district !== district.value;
      });
      var current = street.selectedOptions[0];
      if (current && current.hidden) street.value = "";
    }
    if (district) { district.addEventListener("change", streets); streets(); }

    var picker = form.querySelector(".site-picker");
    var nearest = form.querySelector("[data-nearest]");
    var nearestStatus = form.querySelector("[data-nearest-status]");
    function located(position) {
      if (!picker) return;
      picker.querySelector("input[name=site_lat]").value = position.coords.latitude;
      picker.querySelector("input[name=site_lon]").value = position.coords.longitude;
    }
    if (nearest && picker) {
      nearest.addEventListener("click", function () {
        if (!navigator.geolocation) { nearestStatus.textContent = nearest.dataset.denied; return; }
        nearestStatus.textContent = nearest.dataset.waiting;
        navigator.geolocation.getCurrentPosition(function (position) {
          located(position);
          nearestStatus.textContent = "";
          picker.dispatchEvent(new Event("nearest"));
        }, function () {
          nearestStatus.textContent = nearest.dataset.denied;
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }

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
