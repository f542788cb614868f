// Instrument editor: "Add a question" adds an empty row without posting the page back, and a
// row's choices are shown only for choice questions (or when they hold text to correct).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  function showChoices(row) {
    var type = row.querySelector("select[name$='-type']");
    var box = row.querySelector("[data-editor-choices]");
    if (!type || !box) return;
    var text = box.querySelector("textarea");
    box.hidden = type.value.indexOf("select_") !== 0 && !(text && text.value.trim());
  }
  ready(function () {
    var form = document.querySelector("form[data-instrument-editor]");
    if (!form) return;
    var rows = form.querySelector("[data-editor-rows]");
    var template = form.querySelector("template[data-editor-template]");
    var total = form.querySelector("input[name$='-TOTAL_FORMS']");
    var max = form.querySelector("input[name$='-MAX_NUM_FORMS']");
    rows.querySelectorAll("[data-editor-row]").forEach(showChoices);
    form.addEventListener("change", function (event) {
      var row = event.target.closest("[data-editor-row]");
      if (row && event.target.name && /-type$/.test(event.target.name)) showChoices(row);
    });
    var add = form.querySelector("[data-editor-add]");
    if (!add || !template || !total) return;
    add.addEventListener("click", function (event) {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      event.preventDefault();
      var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__row__/g, index + 1);
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = index + 1;
      showChoices(row);
      var first = row.querySelector("select, input, textarea");
      if (first) first.focus();
    });
  });
})();
