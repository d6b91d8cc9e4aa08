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
  // Links leave the iframe for the school's whole window (<base target=_top>),
  // except links within this page (footnotes), which must stay here.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('a[href^="#"]').forEach(function (a) { a.target = "_self"; });
  });
  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  if (window.ResizeObserver) { new ResizeObserver(post).observe(document.documentElement); }
})();
