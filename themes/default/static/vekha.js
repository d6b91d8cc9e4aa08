// Vekha: remembers the «версия для слабовидящих» choices across pages.
// Everything works without this script; it only keeps the choice.
(function () {
  "use strict";
  var KEY = "vekha-vi";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: the choice lasts for this page */ }
  }
  function apply(state) {
    Object.keys(state).forEach(function (name) {
      var input = document.querySelector('input[name="' + name + '"][value="' + state[name] + '"]');
      if (input) { input.checked = true; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var state = load();
    apply(state);
    document.querySelectorAll('.vi-form input[type="radio"]').forEach(function (input) {
      input.addEventListener("change", function () {
        state[input.name] = input.value;
        save(state);
      });
    });
  });
})();
