// The reviewer's running total: each criterion's points times its weight, as the ranking
// adds them up. The page shows the saved total without this script; it only keeps it current.
(function () {
  "use strict";

  function plain(number) {
    // 85.50 → "85.5", 12.00 → "12": points as people write them (two decimals at most).
    return String(Math.round(number * 100) / 100);
  }

  function start() {
    var form = document.querySelector("[data-review-form]");
    if (!form) return;
    var inputs = form.querySelectorAll("input[data-weight]");
    var total = form.querySelector("[data-total]");
    var scored = form.querySelector("[data-scored]");
    if (!total || !scored) return;

    function update() {
      var sum = 0;
      var count = 0;
      inputs.forEach(function (input) {
        if (input.value.trim() === "") return;
        var points = parseFloat(input.value);
        if (isNaN(points)) return;
        sum += points * parseFloat(input.dataset.weight || "1");
        count += 1;
      });
      total.textContent = plain(sum);
      scored.textContent = String(count);
    }

    form.addEventListener("input", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
