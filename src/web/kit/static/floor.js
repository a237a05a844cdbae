// The queue floor's pages (web/floor): every page is complete without this script.
// - A ticket: "Print" (and, at a kiosk, print at once and go back to the kiosk after a while).
// - [data-refresh="N"]: reload after N seconds (a ticket followed from a phone, an idle terminal).
// - The display board: listens to its event stream (Server-Sent Events, one event per request,
//   Last-Event-ID = the newest call shown), redraws the calls and says each new one: the
//   browser's speech synthesis with a Vietnamese voice when it has one, else the server's audio
//   (espeak-ng). It reconnects by itself; after a drop the server answers at once with what was
//   missed, and only the newest few calls are said again.
(function () {
  'use strict';
  var printBtn = document.querySelector('[data-print]');
  if (printBtn && window.print) {
    printBtn.hidden = false;
    printBtn.addEventListener('click', function () { window.print(); });
  }
  var back = document.getElementById('back-to-kiosk');
  if (back) {
    if (window.print && !/[?&]noprint=1/.test(location.search)) setTimeout(function () { window.print(); }, 300);
    setTimeout(function () { location.href = back.href; }, 20000);
  }
  var refresh = document.querySelector('[data-refresh]');
  if (refresh) {
    setTimeout(function () { location.reload(); }, 1000 * Number(refresh.getAttribute('data-refresh')));
  }

  var board = document.getElementById('floor-board');
  if (!board || !window.EventSource || !window.JSON) return;
  var version = Number(board.getAttribute('data-version')) || 0;
  var lang = board.getAttribute('data-lang') || 'vi';
  var word = board.getAttribute('data-counter-word');
  var status = document.getElementById('board-status');
  var soundBtn = document.getElementById('board-sound');
  window.floorBoard = { spoken: [], version: version };
  var speech = window.speechSynthesis;
  function viVoice() {
    if (!speech) return null;
    var voices = speech.getVoices();
    for (var i = 0; i < voices.length; i++) if (/^vi/i.test(voices[i].lang)) return voices[i];
    return null;
  }
  function phrase(call, l) {
    return board.getAttribute('data-phrase-' + l)
      .replace('{label}', call.label.replace('-', ' ')).replace('{counter}', String(call.counter));
  }
  var queue = [];
  var playing = false;
  function next() {
    if (playing || !queue.length) return;
    var call = queue.shift();
    playing = true;
    var done = function () { playing = false; setTimeout(next, 400); };
    var voice = viVoice();
    window.floorBoard.spoken.push({ id: call.id, text: phrase(call, 'vi'), by: voice ? 'browser' : 'server' });
    if (voice) {
      var u = new SpeechSynthesisUtterance(phrase(call, 'vi'));
      u.voice = voice; u.lang = voice.lang; u.onend = done; u.onerror = done;
      speech.speak(u);
      return;
    }
    var audio = new Audio(board.getAttribute('data-audio') + call.id + '.wav?k=' + board.getAttribute('data-key'));
    audio.onended = done; audio.onerror = done;
    var p = audio.play();
    if (p && p.catch) p.catch(function () { if (soundBtn) soundBtn.hidden = false; done(); });
  }
  if (soundBtn) soundBtn.addEventListener('click', function () { soundBtn.hidden = true; next(); });
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function draw(b) {
    var now = board.querySelector('.floor-now');
    now.textContent = '';
    if (b.calls.length) {
      var p = el('p');
      var label = el('span', 'floor-now-label', b.calls[0].label); label.id = 'now-label';
      var c = el('span', 'floor-now-counter', word + ' ');
      var n = el('span', '', String(b.calls[0].counter)); n.id = 'now-counter';
      c.appendChild(n); p.appendChild(label); p.appendChild(document.createTextNode(' ')); p.appendChild(c);
      now.appendChild(p);
    }
    var list = document.getElementById('recent');
    list.textContent = '';
    for (var i = 1; i < b.calls.length; i++) {
      var li = el('li');
      li.appendChild(el('span', 'floor-recent-label', b.calls[i].label));
      li.appendChild(document.createTextNode(' → ' + word + ' ' + b.calls[i].counter + ' '));
      li.appendChild(el('time', '', b.calls[i].time));
      list.appendChild(li);
    }
  }
  function onBoard(ev) {
    var b;
    try { b = JSON.parse(ev.data); } catch (e) { return; }
    restored();
    if (b.version <= version) return;
    var fresh = b.calls.filter(function (c) { return c.id > version; }).reverse().slice(-3);
    version = b.version;
    window.floorBoard.version = version;
    draw(b);
    for (var i = 0; i < fresh.length; i++) queue.push(fresh[i]);
    next();
  }
  var source = null;
  var lost = null;  // shows "reconnecting" only when the stream stays away (each answer ends it)
  function restored() {
    if (lost) { clearTimeout(lost); lost = null; }
    if (status) status.hidden = true;
  }
  function open() {
    var url = board.getAttribute('data-events') + '&since=' + version;
    source = new EventSource(url);
    source.addEventListener('board', onBoard);
    source.onopen = restored;
    source.onerror = function () {
      if (!lost) lost = setTimeout(function () { if (status) status.hidden = false; }, 3000);
      if (source.readyState === 2) { setTimeout(open, 2000); }  // CLOSED: EventSource gave up
    };
  }
  open();
})();
