// The time left in an exam, counted down from the deadline the server set. The server
// refuses answers sent after it; this only tells the person.
(function () {
  "use strict";
  var timer = document.querySelector("[data-deadline]");
  if (!timer) return;
  var deadline = Date.parse(timer.dataset.deadline);
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    timer.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left > 0) window.setTimeout(tick, 1000);
  }
  tick();
})();
