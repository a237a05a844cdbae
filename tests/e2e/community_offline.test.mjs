// The community group member's tablet with no network (issue 22): the app is opened once online
// (its service worker keeps it), then Chromium is set offline; the member fills in three dossiers
// with photos and a drawn signature, and the app shows a provisional code for each. The network
// comes back and the member syncs once: two are filed, and the test sends the very same batch
// again to prove a resent batch files nothing twice. The desk sees the two dossiers marked as
// filed with the group's help; the third, a procedure that cannot be filed online, is refused by
// the server and the member reads why, in plain words. What was on the tablet is wiped.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';

import { launch, screenshot } from './lib/browser.mjs';
import { signIn, totp } from './lib/pages.mjs';
import { BIN, Server } from './lib/server.mjs';

const server = new Server();
before(async () => { await server.start(); });
after(async () => { await server.stop(); });

// A real PNG (a photo of a paper): a gradient, so compressing it on the device has work to do.
function photo(width, height, seed) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([(x * 7 + seed) & 255, (y * 5) & 255, (x ^ y) & 255], 1 + x * 3);
    rows.push(row);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

async function api(page, method, path, body, csrf) {
  const r = await page.request.fetch(server.base + path, {
    method, data: body, headers: csrf ? { 'X-CSRF-Token': csrf } : {} });
  return { status: r.status(), body: r.status() === 204 ? null : await r.json() };
}

async function sign(page) {
  const box = await page.locator('#c-sign').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 60);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + 60 + (i % 2 ? 25 : -25));
  await page.mouse.up();
}

async function fillDossier(page, { name, id, proc, photos }) {
  await page.fill('#c-name', name);
  await page.fill('#c-id', id);
  await page.fill('#c-proc', proc);
  await page.setInputFiles('#c-photos', photos.map((p, i) => ({
    name: `giay-to-${i}.png`, mimeType: 'image/png', buffer: p })));
  await sign(page);
  const before = await page.textContent('#c-last');
  await page.click('#c-save');
  await page.waitForFunction((old) => {
    const t = document.getElementById('c-last').textContent;
    return /TAM-/.test(t) && t !== old;
  }, before);
  return (await page.textContent('#c-last')).match(/TAM-[A-Z0-9]+-\d{4}/)[0];
}

test('a tablet files offline, syncs once, and is told about a refusal', async () => {
  // The commune sets up the village's group with a member (as the administrator would).
  execFileSync(BIN, ['admin', 'create', '--data-dir', server.dataDir, '--username', 'to.cns.1',
    '--role', 'community_member', '--unit', '03721', '--password-stdin'],
    { input: 'to-cong-nghe-so-1\n', env: { ...process.env, MOTCUA_PASSWORD_HASH_MIB: '8' } });
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
    await signIn(page, server, 'province_admin');
    const csrfAdmin = (await api(page, 'GET', '/api/v1/me')).body.csrf;
    const group = await api(page, 'POST', '/api/v1/units/03721/community/groups',
      { village: 'Bản Nà Lĩu', village_kind: 'ban', population: 120 }, csrfAdmin);
    assert.equal(group.status, 201, JSON.stringify(group.body));
    assert.equal((await api(page, 'POST', `/api/v1/units/03721/community/groups/${group.body.id}/members`,
      { username: 'to.cns.1', is_head: true }, csrfAdmin)).status, 200);
    const notOnline = (await api(page, 'GET', '/api/v1/procedures?unit=03721&online=none&limit=1'))
      .body.procedures[0].code;

    // The member signs in and opens the app while the network is there.
    await context.clearCookies();
    await page.goto(server.base + '/dang-nhap?lang=vi');
    await page.fill('#username', 'to.cns.1');
    await page.fill('#password', 'to-cong-nghe-so-1');
    await page.click('form.form button[type=submit]');
    await page.waitForLoadState();
    await page.goto(server.base + '/to-cong-nghe-so');
    assert.ok(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active)));
    await page.reload();  // now under the service worker, which keeps the page and its assets
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const csrf = await page.getAttribute('#community-app', 'data-csrf');

    // No network for days: the page still opens, from the service worker.
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#c-form:not([hidden])');
    assert.match(await page.textContent('#c-net'), /Không có mạng/);
    const codes = [];
    codes.push(await fillDossier(page, { name: 'Lò Thị Mai', id: '014190009001', proc: '1.001193',
      photos: [photo(1600, 1200, 1), photo(800, 600, 2)] }));
    codes.push(await fillDossier(page, { name: 'Lường Văn Dũng', id: '014190009002', proc: '1.001193',
      photos: [photo(1200, 1600, 3)] }));
    codes.push(await fillDossier(page, { name: 'Cầm Thị Hoa', id: '014190009003', proc: notOnline,
      photos: [photo(640, 480, 4)] }));
    assert.equal(new Set(codes).size, 3);
    for (const code of codes) {
      assert.match(await page.textContent(`#c-outbox li[data-provisional="${code}"]`), /đang chờ đồng bộ/);
    }
    // What is kept on the tablet is ciphertext: no name appears in IndexedDB.
    const stored = await page.evaluate(async () => {
      const db = await new Promise((ok) => { const r = indexedDB.open(
        'motcua-community-' + document.getElementById('community-app').dataset.member); r.onsuccess = () => ok(r.result); });
      const rows = await new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').getAll(); r.onsuccess = () => ok(r.result); });
      return rows.map((x) => new TextDecoder().decode(new Uint8Array(x.sealed))).join('|');
    });
    assert.ok(stored.length > 0 && !stored.includes('Lò Thị Mai') && !stored.includes('014190009001'));
    await screenshot(page, 'community-offline-outbox');

    // The network returns: one sync; the batch it sent is captured to be sent again.
    const requestP = page.waitForRequest((r) => r.url().endsWith('/community/sync'));
    const responseP = page.waitForResponse((r) => r.url().endsWith('/community/sync'));
    await context.setOffline(false);
    // The app syncs by itself when the network returns; the button is there too.
    const clicked = page.click('#c-sync', { timeout: 3000 }).catch(() => {});
    const [request, response] = await Promise.all([requestP, responseP]);
    await clicked;
    const first = await response.json();
    assert.deepEqual(first.results.map((r) => r.outcome), ['filed', 'filed', 'refused']);
    await page.waitForSelector(`#c-outbox li.refused[data-provisional="${codes[2]}"]`);
    const refusal = await page.textContent(`#c-outbox li[data-provisional="${codes[2]}"]`);
    assert.match(refusal, /không được tiếp nhận/);
    assert.match(refusal, /không được nộp trực tuyến/);
    const dossierCodes = [];
    for (const code of codes.slice(0, 2)) {
      const li = page.locator(`#c-outbox li.filed[data-provisional="${code}"]`);
      dossierCodes.push(await li.getAttribute('data-code'));
    }
    assert.ok(dossierCodes.every((c) => /^H/.test(c)), dossierCodes.join());
    // Wiped after the confirmed sync: nothing is waiting on the tablet.
    assert.equal(await page.locator('#c-outbox li.waiting').count(), 0);
    await screenshot(page, 'community-synced');

    // The same batch again (an answer lost on a bad network): nothing is filed twice.
    const again = await page.request.post(server.base + '/api/v1/units/03721/community/sync', {
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      data: request.postData() });
    assert.equal(again.status(), 200);
    const second = await again.json();
    assert.deepEqual(second.results.map((r) => r.dossier_code ?? null), [...dossierCodes, null]);
    assert.ok(second.results.every((r) => r.replayed));
    const mine = (await api(page, 'GET', '/api/v1/me/community/filings')).body.filings;
    assert.equal(mine.filter((f) => f.outcome === 'filed').length, 2);

    // The desk receives both, marked as filed with the group's help.
    await signIn(page, server, 'reception');
    const list = (await api(page, 'GET', '/api/v1/worklist?all=1&limit=1000')).body.items;
    for (const code of dossierCodes) {
      assert.equal(list.filter((i) => i.code === code).length, 1, code);
      await page.goto(`${server.base}/can-bo/ho-so/${code}?lang=vi`);
      assert.match(await page.textContent('#assisted'), /tổ công nghệ số cộng đồng/);
    }
    await screenshot(page, 'community-desk-assisted');
  } finally {
    await close();
  }
});
