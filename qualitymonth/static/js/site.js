// After htmx pushes a new address (e.g. a live search), the language switch
// should bring the reader back to that address, not to the one first loaded.
document.addEventListener("htmx:pushedIntoHistory", function () {
  document.querySelectorAll(".language-form input[name=next]").forEach(function (input) {
    input.value = window.location.pathname + window.location.search;
  });
});
