// Work list: refreshes the countdown cells every 30 s from the same list the page shows
// (GET /api/v1/worklist with the page's filters). The page is complete without this script.
(function () {
  'use strict';
  var cells = document.querySelectorAll('[data-remaining]');
  if (!cells.length || !window.fetch) return;
  var en = document.documentElement.lang === 'en';
  function refresh() {
    var q = new URLSearchParams(location.search);
    q.delete('lang');
    q.set('limit', '1000');
    fetch('/api/v1/worklist?' + q.toString(), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        var byCode = {};
        body.items.forEach(function (it) { byCode[it.code] = it; });
        document.querySelectorAll('[data-remaining]').forEach(function (cell) {
          var it = byCode[cell.getAttribute('data-remaining')];
          if (!it || it.remaining.paused) return;
          cell.textContent = en ? it.remaining.text_en : it.remaining.text_vi;
          var li = cell.closest('li');
          if (li) {
            li.classList.toggle('overdue', it.remaining.overdue);
            li.classList.toggle('due-soon', it.remaining.due_soon && !it.remaining.overdue);
          }
        });
      })
      .catch(function () {});
  }
  setInterval(refresh, 30000);
})();
