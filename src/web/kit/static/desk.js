// Work list, live: listens to the page's event stream (Server-Sent Events from /can-bo/su-kien,
// with the page's filters and the version of the list it shows). The server answers when that list
// changed — a dossier entered or left it, its status moved, its countdown ticked over — and the
// script then swaps in the list from a fresh copy of the page, rendered by the server. With no
// change the server answers after a while and the browser asks again (Last-Event-ID).
// The page is complete without this script.
(function () {
  'use strict';
  var live = document.getElementById('worklist-live');
  if (!live || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var busy = false;
  var again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('worklist-live');
        if (fresh) live.innerHTML = fresh.innerHTML;
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }
  var events = new EventSource(live.getAttribute('data-events'));
  events.addEventListener('worklist', refresh);
})();
