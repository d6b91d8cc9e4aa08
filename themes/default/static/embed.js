// Vekha embed page: tells the host page how tall the content is, so the
// iframe grows to fit and never shows an inner scrollbar.
(function () {
  "use strict";
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (window.parent !== window) {
      window.parent.postMessage({ vekha: "height", height: height }, "*");
    }
  }
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  if (window.ResizeObserver) { new ResizeObserver(post).observe(document.documentElement); }
})();
