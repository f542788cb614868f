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

// The site menu (<details data-site-menu> in base.html) is folded on phones and always
// open from 769 px, where its button is hidden; resizing across the line follows suit.
(function () {
  var menu = document.querySelector("[data-site-menu]");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 769px)");
  function follow() { menu.open = wide.matches; }
  follow();
  if (wide.addEventListener) wide.addEventListener("change", follow);
  // Escape folds the open menu on a phone and hands focus back to its button.
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
