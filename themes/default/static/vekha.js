// Vekha: remembers the «версия для слабовидящих» choices across pages, and
// makes the item filters act at once. Everything works without this script:
// the choice is not kept, and every item stays in view.
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
  // Item filters (templates/filters.html): the choice is kept in the
  // address, so a filtered page can be shared.
  function filters(form) {
    var rows = document.querySelectorAll(form.getAttribute("data-rows"));
    var selects = form.querySelectorAll("select");
    var count = form.querySelector(".filters-count");
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v && [].some.call(s.options, function (o) { return o.value === v; })) { s.value = v; }
    });
    function has(list, word) { return (" " + (list || "") + " ").indexOf(" " + word + " ") >= 0; }
    // `2023-01/2023-12 2024-03`: spans of months, or single months.
    function inMonths(spans, month) {
      return (spans || "").split(" ").some(function (span) {
        var ends = span.split("/");
        return month >= ends[0] && month <= (ends[1] || ends[0]);
      });
    }
    function apply(keep) {
      var want = {};
      selects.forEach(function (s) { if (s.value) { want[s.name] = s.value; } });
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!want.body || has(r.getAttribute("data-bodies"), want.body)) &&
          (!want.month || inMonths(r.getAttribute("data-months"), want.month)) &&
          (!want.status || r.getAttribute("data-status") === want.status);
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      // Only the sections around this form's own rows.
      var groups = [];
      rows.forEach(function (r) {
        var g = r.closest("tbody.section-group");
        if (g && groups.indexOf(g) < 0) { groups.push(g); }
      });
      groups.forEach(function (g) {
        var items = g.querySelectorAll("tr.item");
        g.hidden = items.length > 0 && [].every.call(items, function (i) { return i.hidden; });
      });
      var chosen = Object.keys(want).length > 0;
      if (count) count.textContent = chosen ? "Показано пунктов: " + shown + " из " + rows.length + "." : "";
      if (keep) {
        var query = new URLSearchParams(want).toString();
        try { history.replaceState(null, "", query ? "?" + query + location.hash : location.pathname + location.hash); } catch (e) { /* a page opened from the disk */ }
      }
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
    apply(false);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.filters").forEach(filters);
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
