// The lesson player: resumes where the person stopped (on any device) and reports which
// parts were played, so that the server can count a lesson watched once 90 % is played.
(function () {
  "use strict";
  var video = document.querySelector("[data-lesson-player]");
  if (!video) return;
  var url = video.dataset.progressUrl;
  var token = video.dataset.csrf;
  var resume = parseFloat(video.dataset.resume || "0");
  var status = document.querySelector("[data-player-status]");
  var ranges = [];
  var from = null;
  var last = 0;

  video.addEventListener("loadedmetadata", function () {
    if (resume > 0 && resume < video.duration - 2) video.currentTime = resume;
  });
  video.addEventListener("play", function () { from = video.currentTime; last = from; });
  video.addEventListener("timeupdate", function () {
    var now = video.currentTime;
    // A jump (seeking) closes the part played so far; playing on extends it.
    if (from !== null && Math.abs(now - last) > 2) { close(last); from = now; }
    last = now;
  });
  video.addEventListener("seeking", function () { if (from !== null) { close(last); from = null; } });
  video.addEventListener("seeked", function () { if (!video.paused) { from = video.currentTime; last = from; } });
  video.addEventListener("pause", function () { close(video.currentTime); from = null; send(); });
  video.addEventListener("ended", function () { close(video.duration); from = null; send(); });
  window.setInterval(function () {
    if (!video.paused && from !== null) { close(video.currentTime); from = video.currentTime; send(); }
  }, 15000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { if (from !== null) { close(video.currentTime); from = video.currentTime; } send(true); }
  });

  function close(to) {
    if (from !== null && to > from) ranges.push([from, to]);
  }

  function send(leaving) {
    if (!url || !token) return;
    var body = JSON.stringify({ position: video.currentTime, ranges: ranges, duration: video.duration || null });
    ranges = [];
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!leaving,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: body
    }).then(function (response) { return response.json(); }).then(function (data) {
      if (status && data.done) status.hidden = false;
    }).catch(function () { /* the next report carries on */ });
  }
})();
