// The community group member's offline tablet app (issue 22). Dossiers filled in with no network
// are kept in IndexedDB, encrypted with AES-GCM under a key WebCrypto made non-extractable (the
// bytes on disk are unreadable without this browser profile), each with a provisional code shown
// to the resident. When the network returns the outbox is sent as one batch; every item carries a
// client key, so a batch resent after a lost answer files nothing twice. Each item the server
// answers for (filed or refused) is wiped from the device; what stays is its provisional code
// with the dossier code or the reason in plain words.
(() => {
  const root = document.getElementById('community-app');
  if (!root || !root.dataset.unit || !window.indexedDB || !window.crypto || !crypto.subtle) return;
  const unit = root.dataset.unit;
  const lang = root.dataset.lang;
  const msg = document.getElementById('c-msgs').dataset;
  const $ = (id) => document.getElementById(id);
  const fill = (text, args) => text.replace(/\{(\w+)\}/g, (_, k) => (k in args ? args[k] : ''));

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/to-cong-nghe-so-sw.js', { scope: '/to-cong-nghe-so' })
      .catch(() => {});
  }
  const manifest = document.createElement('link');
  manifest.rel = 'manifest';
  manifest.href = '/to-cong-nghe-so.webmanifest';
  document.head.append(manifest);

  // ---- IndexedDB -------------------------------------------------------------------------
  const DB = 'motcua-community-' + root.dataset.member;
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const r = indexedDB.open(DB, 1);
        r.onupgradeneeded = () => {
          const d = r.result;
          d.createObjectStore('meta');
          d.createObjectStore('outbox', { keyPath: 'provisional' });
          d.createObjectStore('log', { keyPath: 'provisional' });
        };
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    }
    return dbPromise;
  }
  async function run(store, mode, fn) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction(store, mode);
      const req = fn(t.objectStore(store));
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error);
    });
  }

  // ---- Encryption at rest ----------------------------------------------------------------
  async function key() {
    let k = await run('meta', 'readonly', (s) => s.get('key'));
    if (!k) {
      k = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false,
        ['encrypt', 'decrypt']);
      await run('meta', 'readwrite', (s) => s.put(k, 'key'));
    }
    return k;
  }
  async function seal(item) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new TextEncoder().encode(JSON.stringify(item));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), data);
    return { iv, sealed };
  }
  async function open(record) {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, await key(),
      record.sealed);
    return JSON.parse(new TextDecoder().decode(plain));
  }

  // ---- Provisional codes: TAM-<device>-<n> ------------------------------------------------
  async function nextProvisional() {
    let device = await run('meta', 'readonly', (s) => s.get('device'));
    if (!device) {
      device = Array.from(crypto.getRandomValues(new Uint8Array(3)),
        (b) => b.toString(36).toUpperCase().padStart(2, '0')).join('').slice(0, 5);
      await run('meta', 'readwrite', (s) => s.put(device, 'device'));
    }
    const n = ((await run('meta', 'readonly', (s) => s.get('seq'))) || 0) + 1;
    await run('meta', 'readwrite', (s) => s.put(n, 'seq'));
    return `TAM-${device}-${String(n).padStart(4, '0')}`;
  }

  // ---- Photos compressed on the device ------------------------------------------------------
  async function compress(file) {
    const image = await createImageBitmap(file);
    const scale = Math.min(1, 1280 / Math.max(image.width, image.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.width * scale));
    canvas.height = Math.max(1, Math.round(image.height * scale));
    canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/jpeg', 0.7);
  }

  // ---- The signature pad -------------------------------------------------------------------
  const pad = $('c-sign');
  const pen = pad.getContext('2d');
  let signed = false;
  let drawing = false;
  function at(e) {
    const r = pad.getBoundingClientRect();
    return [(e.clientX - r.left) * (pad.width / r.width), (e.clientY - r.top) * (pad.height / r.height)];
  }
  pad.addEventListener('pointerdown', (e) => {
    drawing = true;
    pen.lineWidth = 2;
    pen.beginPath();
    pen.moveTo(...at(e));
  });
  pad.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    pen.lineTo(...at(e));
    pen.stroke();
    signed = true;
  });
  for (const end of ['pointerup', 'pointerleave']) pad.addEventListener(end, () => { drawing = false; });
  $('c-sign-clear').addEventListener('click', () => {
    pen.clearRect(0, 0, pad.width, pad.height);
    signed = false;
  });

  // ---- The list --------------------------------------------------------------------------------
  async function render() {
    const waiting = await run('outbox', 'readonly', (s) => s.getAll());
    const done = await run('log', 'readonly', (s) => s.getAll());
    const list = $('c-outbox');
    list.replaceChildren();
    for (const w of waiting) {
      const li = document.createElement('li');
      li.dataset.provisional = w.provisional;
      li.className = 'waiting';
      li.textContent = `${w.provisional}: ${msg.waiting}`;
      list.append(li);
    }
    for (const d of done) {
      const li = document.createElement('li');
      li.dataset.provisional = d.provisional;
      li.className = d.outcome;
      li.textContent = `${d.provisional}: ` + (d.outcome === 'filed'
        ? fill(msg.filed, { code: d.code }) : fill(msg.refused, { why: d.why }));
      if (d.code) li.dataset.code = d.code;
      list.append(li);
    }
    $('c-sync').hidden = waiting.length === 0;
  }

  function showNetwork() {
    $('c-net').textContent = navigator.onLine ? msg.online : msg.offline;
  }

  // ---- Keeping a dossier -----------------------------------------------------------------------
  $('c-form').hidden = false;
  $('c-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = $('c-name').value.trim();
    const id = $('c-id').value.trim();
    const proc = $('c-proc').value.trim();
    const error = !name ? msg.needName : !/^\d{12}$/.test(id) ? msg.needId
      : !proc ? msg.needProc : !signed ? msg.needSign : '';
    $('c-error').textContent = error;
    if (error) return;
    const photos = [];
    for (const file of $('c-photos').files) {
      photos.push({ name: file.name.replace(/\.\w+$/, '') + '.jpg', component: msg.component,
                    data: await compress(file) });
    }
    const provisional = await nextProvisional();
    const item = {
      client_key: crypto.randomUUID(), provisional_code: provisional, procedure_code: proc,
      applicant: { full_name: name, id_number: id, phone: $('c-phone').value.trim() },
      components: [], photos,
      consent: { method: 'signature', signature: pad.toDataURL('image/png') },
    };
    const { iv, sealed } = await seal(item);
    await run('outbox', 'readwrite', (s) => s.put({ provisional, iv, sealed, at: Date.now() }));
    $('c-form').reset();
    pen.clearRect(0, 0, pad.width, pad.height);
    signed = false;
    $('c-last').textContent = fill(msg.saved, { code: provisional });
    await render();
    if (navigator.onLine) sync();
  });

  // ---- Sync ------------------------------------------------------------------------------------
  let syncing = false;
  async function sync() {
    if (syncing || !navigator.onLine) return;
    syncing = true;
    try {
      const waiting = await run('outbox', 'readonly', (s) => s.getAll());
      if (!waiting.length) return;
      const items = [];
      for (const w of waiting) items.push(await open(w));
      const response = await fetch(`/api/v1/units/${encodeURIComponent(unit)}/community/sync`, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': root.dataset.csrf },
        body: JSON.stringify({ batch_id: crypto.randomUUID(), items }),
      });
      if (response.status === 401) {
        $('c-net').textContent = msg.signedOut;
        return;
      }
      if (!response.ok) {
        $('c-net').textContent = msg.syncFailed;
        return;
      }
      const answer = await response.json();
      for (const r of answer.results) {
        if (r.outcome !== 'filed' && r.outcome !== 'refused') continue;  // retry: keep it
        const why = lang === 'vi' ? r.message_vi : r.message_en;
        // Confirmed by the server: wipe the dossier, keep only the outcome.
        await run('log', 'readwrite', (s) => s.put({
          provisional: r.provisional_code, outcome: r.outcome, code: r.dossier_code || '',
          why: why || '' }));
        await run('outbox', 'readwrite', (s) => s.delete(r.provisional_code));
      }
    } catch (err) {
      $('c-net').textContent = msg.syncFailed;
    } finally {
      syncing = false;
      await render();
    }
  }
  $('c-sync').addEventListener('click', sync);
  window.addEventListener('online', () => { showNetwork(); sync(); });
  window.addEventListener('offline', showNetwork);
  showNetwork();
  render().then(() => sync());
})();
