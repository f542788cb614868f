// The desk's status form: a reply template fills the new status and the text (already filled
// with the case's number and the citizen's name on the server); the reason list shows only the
// reasons the chosen status allows. Without this script, the "Use" button does the same.
(function () {
  "use strict";

  function reasonsFollowStatus(form) {
    const status = form.querySelector("select[name$='status']");
    const reason = form.querySelector("[data-reason-select]");
    if (!status || !reason) return;
    const label = reason.labels && reason.labels[0];
    function update() {
      let any = false;
      reason.querySelectorAll("optgroup").forEach(function (group) {
        const match = group.dataset.status === status.value;
        group.hidden = !match;
        group.disabled = !match;
        any = any || match;
      });
      const chosen = reason.selectedOptions[0];
      if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) {
        reason.value = "";
      }
      reason.hidden = !any;
      if (label) label.hidden = !any;
    }
    status.addEventListener("change", update);
    update();
  }

  function templatesFillForm(picker, form) {
    const data = document.getElementById("reply-templates");
    if (!data) return;
    const templates = JSON.parse(data.textContent);
    const button = picker.form && picker.form.querySelector("button");
    if (button) button.hidden = true;
    picker.addEventListener("change", function () {
      const template = templates.find(function (t) { return String(t.id) === picker.value; });
      if (!template) return;
      const status = form.querySelector("select[name$='status']");
      const text = form.querySelector("textarea[name$='text']");
      if (status) {
        status.value = template.status;
        status.dispatchEvent(new Event("change"));
      }
      if (text) {
        text.value = template.text;
        text.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-reply-templates]").forEach(function (picker) {
      const form = document.querySelector(picker.dataset.replyTemplates);
      if (form) templatesFillForm(picker, form);
    });
    document.querySelectorAll("form[data-testid='status-form']").forEach(reasonsFollowStatus);
  });
})();
