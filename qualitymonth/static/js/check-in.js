// Camera scanning for the check-in page: the browser's own BarcodeDetector where there is
// one, else ZXing (vendored, no network). A scan fills the code field and submits the form,
// which htmx sends; the same code is not sent twice within three seconds.
(function () {
  "use strict";
  const start = document.querySelector("[data-scanner-start]");
  if (!start) return;
  const stop = document.querySelector("[data-scanner-stop]");
  const box = document.querySelector("[data-scanner]");
  const video = document.querySelector("[data-scanner-video]");
  const form = document.getElementById("check-in-form");
  const field = form.querySelector("[name=code]");
  let last = "", lastAt = 0, stopper = null;

  function submit(text) {
    const now = Date.now();
    if (text === last && now - lastAt < 3000) return;
    last = text; lastAt = now;
    field.value = text;
    form.requestSubmit();
  }

  async function withDetector() {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    await video.play();
    let running = true;
    (async function loop() {
      while (running) {
        try {
          const codes = await detector.detect(video);
          if (codes.length) submit(codes[0].rawValue);
        } catch (error) { /* a frame that could not be read */ }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    return () => { running = false; stream.getTracks().forEach((track) => track.stop()); };
  }

  async function withZxing() {
    const reader = new window.ZXing.BrowserQRCodeReader();
    await reader.decodeFromVideoDevice(undefined, video, (result) => {
      if (result) submit(result.getText());
    });
    return () => reader.reset();
  }

  start.addEventListener("click", async () => {
    try {
      const native = "BarcodeDetector" in window &&
        (await window.BarcodeDetector.getSupportedFormats()).includes("qr_code");
      if (!native && !window.ZXing) throw new Error("no scanner");
      box.hidden = false;
      stopper = native ? await withDetector() : await withZxing();
      start.hidden = true; stop.hidden = false;
    } catch (error) {
      box.hidden = true;
      alert(start.dataset.messageUnsupported);
    }
  });
  stop.addEventListener("click", () => {
    if (stopper) stopper();
    stopper = null; box.hidden = true; start.hidden = false; stop.hidden = true;
  });
  document.body.addEventListener("htmx:afterSwap", () => field.focus());
})();
