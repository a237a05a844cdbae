// The resident's e-data store (issue 17), in Chromium against the real binary and the real OpenID
// Connect provider (lib/oidc.mjs): a resident signed in with "VNeID" files a dossier online; the
// officers walk it (JSON API) to a signed electronic result — the unit's key made with
// `motcua keys create`, certified by a throwaway CA made with the openssl CLI, imported with
// `motcua keys import` — and return it. The resident then opens their store, sees the result with
// its source and validity, downloads it (a PDF whose detached signature `openssl cms -verify`
// accepts), opens its public verification page, files a second dossier and reuses the stored
// result for one of its components from the store page; the officer sees the component marked
// reused. Vietnamese on a desktop; each page is checked with axe and for sideways scrolling.
// Needs root and nginx + lemonldap-ng, as portal.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { VIEWPORTS, launch, pageChecker } from './lib/browser.mjs';
import { signInAtProvider, startWithProvider } from './lib/oidc.mjs';
import { Officers } from './lib/officers.mjs';
import { BIN, Server } from './lib/server.mjs';

const PROC = '1.001193';
const UNIT = '03721';
const PASS = 'e2e-signing-passphrase';

let provider;
const server = new Server();
const officers = new Officers(server);
const ca = mkdtempSync(join(tmpdir(), 'motcua-e2e-ca-'));

before(async () => {
  provider = await startWithProvider(server, { MOTCUA_SIGNING_KEY_PASSPHRASE: PASS });
  const env = { ...process.env, MOTCUA_SIGNING_KEY_PASSPHRASE: PASS };
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ca, env, stdio: 'pipe' });
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
                  '-subj', '/CN=E2E Throwaway CA', '-addext', 'basicConstraints=critical,CA:TRUE',
                  '-keyout', 'ca.key', '-out', 'ca.pem']);
  writeFileSync(join(ca, 'leaf.ext'), 'keyUsage=critical,digitalSignature,nonRepudiation\n');
  run(BIN, ['keys', 'create', '--unit', UNIT, '--data-dir', server.dataDir, '--out', 'unit.csr']);
  run('openssl', ['x509', '-req', '-in', 'unit.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
                  '-CAcreateserial', '-days', '10', '-extfile', 'leaf.ext', '-out', 'unit.pem']);
  run(BIN, ['keys', 'import', '--unit', UNIT, '--data-dir', server.dataDir, '--cert', 'unit.pem',
            '--chain', 'ca.pem']);
});
after(async () => {
  if (provider) await provider.stop();
  rmSync(ca, { recursive: true, force: true });
});

async function api(method, path, role, body) {
  const r = await fetch(`${server.base}${path}`, {
    method, body: body && JSON.stringify(body),
    headers: { ...(await officers.headers(role)), 'Content-Type': 'application/json' },
  });
  const answer = await r.json();
  return { status: r.status, body: answer };
}

test('the resident downloads a signed result from their store and reuses it (vi, desktop)', async () => {
  const lang = 'vi';
  const browser = await launch({ viewport: VIEWPORTS.desktop, args: provider.args });
  const page = await browser.context.newPage();
  const check = pageChecker(page, { lang, size: 'desktop', prefix: 'digitise-vi-desktop-' });
  const click = (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const fileOnline = async () => {
    await page.goto(`${server.base}/nop-ho-so?thu_tuc=${PROC}&lang=${lang}`);
    if (await page.locator('a.button[href^="/auth/oidc/start"]').count() > 0) {
      await signInAtProvider(page, provider.settings, '/nop-ho-so');
    }
    await page.fill('#dia_chi', 'Bản Nà Lĩu, xã Thuận Châu');
    await click('button[value=tiep]');
    await page.fill('#dien_thoai', '0912345678');
    await click('button[value=tiep]');
    while (await page.locator('#nhan_kq_online').count() === 0) {
      await click('button[value=bo_qua]');
    }
    await page.check('#nhan_kq_online');
    await click('button[value=tiep]');
    await click('button[value=nop]');
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    assert.match(code, /^H14\.03721-\d{6}-\d{4,}$/);
    return code;
  };
  try {
    // The first dossier walks to a signed electronic result and is returned online.
    const first = await fileOnline();
    await officers.act(first, 'reception', 'accept');
    await officers.act(first, 'signer', 'assign', { handler: 'demo.specialist' });
    await officers.act(first, 'specialist', 'appraise', { opinion: 'Đủ điều kiện' });
    await officers.act(first, 'unit_head', 'review', { opinion: 'Đồng ý' });
    await officers.act(first, 'signer', 'sign');
    const signed = await api('POST', `/api/v1/dossiers/${first}/signed-results`, 'signer', {
      document_number: '21/TLKS', title: 'Trích lục khai sinh',
      lines: ['Họ và tên: Lò Văn An'], signer_title: 'Chủ tịch Ủy ban nhân dân xã',
    });
    assert.equal(signed.status, 201, JSON.stringify(signed.body));
    await officers.act(first, 'clerk', 'number', { document_number: '21/TLKS' });
    await officers.act(first, 'clerk', 'mark-ready');
    await officers.act(first, 'reception', 'return', { channel: 'online' });

    // The store lists it with its source and validity; the download is the signed PDF.
    await page.goto(`${server.base}/kho-du-lieu?lang=${lang}`);
    const row = page.locator('#store tbody tr', { hasText: first });
    assert.equal(await row.count(), 1);
    const text = await row.innerText();
    assert.match(text, /Thuận Châu/);
    assert.match(text, /Còn hiệu lực/);
    await check('store');
    const href = await row.locator('a.download').getAttribute('href');
    const download = await page.request.get(server.base + href);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'application/pdf');
    const pdf = await download.body();
    const sig = await fetch(`${server.base}/api/v1/signed-results/${signed.body.verify_code}/p7s`,
      { headers: await officers.headers('signer') });
    assert.equal(sig.status, 200);
    writeFileSync(join(ca, 'r.pdf'), pdf);
    writeFileSync(join(ca, 'r.p7s'), Buffer.from(await sig.arrayBuffer()));
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'r.p7s',
                             '-content', 'r.pdf', '-CAfile', 'ca.pem', '-out', '/dev/null'],
                 { cwd: ca, stdio: 'pipe' });

    // Its public verification page, reached from the store.
    await Promise.all([page.waitForNavigation(), row.locator('a[href^="/xac-thuc/"]').click()]);
    assert.equal(await page.locator('.verdict-valid').count(), 1);
    assert.equal(await page.locator('#number').innerText(), '21/TLKS');
    await check('verification');

    // A second dossier reuses the stored result for a component, from the store page.
    const second = await fileOnline();
    await page.goto(`${server.base}/kho-du-lieu?lang=${lang}`);
    const entry = await row.getAttribute('data-entry');
    await page.selectOption(`#ho_so_${entry}`, second);
    await Promise.all([page.waitForNavigation(),
                       page.click(`form[action="/kho-du-lieu/${entry}/dung-lai"] button`)]);
    await check('reuse-choose');
    const component = await page.locator('input[name=thanh_phan]').first().getAttribute('value');
    await page.locator('input[name=thanh_phan]').first().check();
    await click('#reuse-submit');
    assert.equal(await page.locator('#reused').count(), 1);
    await check('reused');

    // The officer sees the component marked reused, with its source and validity.
    const reused = await api('GET', `/api/v1/dossiers/${second}/reuse`, 'reception');
    assert.equal(reused.status, 200);
    assert.deepEqual(reused.body.reused_components.map((c) => [c.component, c.source, c.valid]),
                     [[component, 'result', true]]);
  } finally {
    await browser.close();
  }
});
