// Everything a page tells the sweep (tests/browser/test_sweep.py), gathered in one call.
async (phoneWidth) => {
  // On an emulated phone Chromium zooms out to fit a too-wide page, so innerWidth grows with
  // it; the width the page was laid out for is the phone's.
  const width = phoneWidth || window.innerWidth;
  const result = {lang: document.documentElement.lang, scrollWidth: document.documentElement.scrollWidth,
                  innerWidth: width, brokenImages: [], overflow: null, texts: [], cells: [], inline: [],
                  csp: window.__cspViolations || []};
  const main = document.querySelector("main");
  result.mainTop = main ? Math.round(main.getBoundingClientRect().top + window.scrollY) : 0;
  for (const image of document.images) {
    if (!image.complete || image.naturalWidth > 0) continue;
    try { await image.decode(); } catch (error) {
      result.brokenImages.push((image.getAttribute("src") || "(no src)").slice(0, 90));
    }
  }
  if (result.scrollWidth > width + 1) {
    let widest = null;
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.right <= width + 1 || box.width === 0) continue;
      const parent = element.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1) continue;
      let scrolls = false;
      for (let up = parent; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible") { scrolls = true; break; }
      }
      if (scrolls) continue;
      if (!widest || box.right > widest.right) widest = {element, right: box.right};
    }
    if (widest) {
      const e = widest.element;
      const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
        [...e.classList].map(c => "." + c).join("");
      const text = (e.innerText || "").replace(/\s+/g, " ").trim().slice(0, 40);
      result.overflow = `${name} reaches ${Math.round(widest.right)} px` + (text ? ` (“${text}”)` : "");
    }
  }
  const pageLang = result.lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.nodeValue.replace(/\s+/g, " ").trim();
    const parent = walker.currentNode.parentElement;
    if (!text || !parent || parent.closest("script,style,noscript,code,pre,kbd,samp,textarea,template")) continue;
    const marked = parent.closest("[lang]");
    if (marked && marked.getAttribute("lang") !== pageLang) continue;
    if (parent.tagName !== "OPTION" && !parent.checkVisibility({visibilityProperty: true})) continue;
    result.texts.push(text);
  }
  for (const element of document.querySelectorAll("[placeholder],[aria-label],[title],input[type=submit][value]")) {
    const marked = element.closest("[lang]");
    if (marked && marked.getAttribute("lang") !== pageLang) continue;
    for (const attribute of ["placeholder", "aria-label", "title", "value"]) {
      if (attribute === "value" && element.type !== "submit") continue;
      const text = (element.getAttribute(attribute) || "").trim();
      if (text) result.texts.push(text);
    }
  }
  result.visible = document.body.innerText;
  for (const cell of document.querySelectorAll("td, th, dd")) {
    if (/\bNone\b/.test(cell.innerText)) result.cells.push(cell.innerText.trim().slice(0, 60));
  }
  // The CSP blocks inline scripts and handlers; Chromium only says so when one would run.
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.getAttributeNames()) {
      if (/^on[a-z]+$/.test(attribute)) result.inline.push(`${element.tagName.toLowerCase()}[${attribute}]`);
    }
  }
  for (const link of document.querySelectorAll("a[href^='javascript:']")) result.inline.push("a[href=javascript:…]");
  for (const script of document.querySelectorAll("script:not([src])")) {
    if (!/json/.test(script.type) && script.textContent.trim()) result.inline.push("inline <script>");
  }
  result.links = [...document.querySelectorAll("a[href]")].map(a => ({href: a.href, download: a.hasAttribute("download")}));
  return result;
}
