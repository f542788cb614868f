// After htmx pushes a new address (e.g. a live search), the language switch
// should bring the reader back to that address, not to the one first loaded.
document.addEventListener("htmx:pushedIntoHistory", function () {
  document.querySelectorAll(".language-form input[name=next]").forEach(function (input) {
    input.value = window.location.pathname + window.location.search;
  });
});

// Confirmations for what cannot be undone. Inline handlers are blocked by the
// site's CSP, so a form (or the button that submits it) carries data-confirm with
// the question; the submission goes ahead only when the reader agrees.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question = (button && button.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
