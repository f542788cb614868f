// The resumable upload of a lesson's video, by tus-js-client (static/vendor/tus): the file
// goes in chunks; after a dropped connection the library asks the server how much arrived
// and sends the rest, and a page opened again resumes the same file where it stopped.
(function () {
  "use strict";
  var box = document.querySelector("[data-video-upload]");
  if (!box || !window.tus) return;
  var input = box.querySelector("input[type=file]");
  var start = box.querySelector("[data-upload-start]");
  var bar = box.querySelector("progress");
  var status = box.querySelector("[role=status]");
  var token = box.dataset.csrf;

  function say(text) { status.textContent = text; }

  function percent(sent, total) {
    return total ? Math.floor((sent / total) * 100) : 0;
  }

  function refusal(error) {
    // The server's own message (translated), else the library's.
    var response = error && error.originalResponse;
    if (response) {
      try {
        var body = JSON.parse(response.getBody() || "{}");
        if (body.error) return body.error;
      } catch (ignored) { /* not JSON: a proxy's page */ }
    }
    return box.dataset.failed;
  }

  start.addEventListener("click", function () {
    var file = input.files && input.files[0];
    if (!file) { say(box.dataset.choose); return; }
    start.disabled = true;
    input.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    var upload = new window.tus.Upload(file, {
      endpoint: box.dataset.endpoint,
      chunkSize: parseInt(box.dataset.chunkSize, 10),
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata: { filename: file.name, filetype: file.type },
      headers: { "X-CSRFToken": token },
      removeFingerprintOnSuccess: true,
      onProgress: function (sent, total) {
        bar.value = percent(sent, total);
        say(box.dataset.sending.replace("{percent}", percent(sent, total) + " %"));
      },
      onError: function (error) {
        say(refusal(error));
        start.disabled = false;
        input.disabled = false;
      },
      onSuccess: function () {
        bar.value = 100;
        say(box.dataset.done);
        box.dataset.state = "done";
      },
    });
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        say(box.dataset.resuming);
        upload.resumeFromPreviousUpload(previous[0]);
      }
      upload.start();
    });
  });
})();
