// The journeys, round two (issue 23), in Chromium against the real binary and the real OpenID
// Connect provider (LemonLDAP::NG, lib/oidc.mjs), in Vietnamese and English on a desktop and in
// Vietnamese on a 360×740 phone; every page is checked with axe and for sideways scrolling and
// kept as a screenshot:
//   5. the public lookup takes the code as people type it (lower case, spaces, no dots or
//      dashes) and finds one's dossiers by ID number plus phone; the code stays on one line;
//   6. search finds "giay khai sinh", "lam giay khai sinh cho con" and "doc than", and the
//      national administrator adds a synonym that search uses at once;
//   7. the procedure page opens with its summary, the special cases collapsed below;
//   3. the resident files online from the home page, skipping a paper: the page after filing
//      lists it to bring to the counter, and so does the officer's page; the page loads from the
//      home page to that page are counted (docs/performance.md);
//  10. "my dossiers" leads a visitor to the residents' own sign-in page (VNeID only), and the
//      language chosen in the browser before signing in stays after the provider's pages;
//   9. the work list's search box finds the dossier by its code written without dots and
//      dashes, and by the applicant's phone;
//   1. the clerk numbers the result in the desk and attaches its file; the return form
//      preselects the delivery the applicant chose (online); the resident downloads the file.
// Needs root and nginx + lemonldap-ng, as portal.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { VIEWPORTS, launch, pageChecker, screenshot } from './lib/browser.mjs';
import { signInAtProvider, startWithProvider } from './lib/oidc.mjs';
import { Officers } from './lib/officers.mjs';
import { Server } from './lib/server.mjs';

const PROC = '1.001193';  // đăng ký khai sinh, offered online at the demo commune
const RESULT = Buffer.from('%PDF-1.4\n% trich luc khai sinh\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let provider;
const server = new Server();
const officers = new Officers(server);

before(async () => { provider = await startWithProvider(server); });
after(async () => { if (provider) await provider.stop(); });

const TEXT = {
  vi: { toBring: 'Bạn cần mang đến quầy', found: 'Tìm thấy 1 hồ sơ', none: 'Không tìm thấy' },
  en: { toBring: 'You need to bring to the counter', found: '1 dossier found', none: 'No dossier' },
};

const RUNS = [
  { lang: 'vi', size: 'desktop' },
  { lang: 'en', size: 'desktop' },
  { lang: 'vi', size: 'phone' },
];

// A counter intake through the API, for the lookups; returns its code.
async function counterDossier(idNumber, phone) {
  const r = await fetch(`${server.base}/api/v1/dossiers`, {
    method: 'POST',
    headers: { ...(await officers.headers('reception')), 'Content-Type': 'application/json' },
    body: JSON.stringify({
      unit: '03721', procedure_code: PROC, channel: 'counter',
      applicant: { full_name: 'Lò Thị Mai', id_number: idNumber, phone, email: '',
                   address: 'Bản Nà Lĩu' },
      components: [{ name: 'Tờ khai', original: true }],
    }),
  });
  const body = await r.json();
  assert.equal(r.status, 201, JSON.stringify(body));
  return body.code;
}

let run = 0;
for (const { lang, size } of RUNS) {
  test(`journeys, round two (${lang}, ${size})`, async () => {
    const browser = await launch({ viewport: VIEWPORTS[size], args: provider.args });
    const page = await browser.context.newPage();
    const check = pageChecker(page, { lang, size, prefix: `journeys-${lang}-${size}-` });
    const t = TEXT[lang];
    const click = (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);
    const n = ++run;
    try {
      // ---- 5. Lookup as people type the code, and by ID number plus phone -------------------
      const idNumber = `01419000${String(1000 + n)}`;
      const code = await counterDossier(idNumber, '0912 345 678');
      const compact = code.replace(/[.-]/g, '');
      await page.goto(`${server.base}/tra-cuu?lang=${lang}`);
      for (const typed of [`  ${code.toLowerCase()} `, compact.toLowerCase(),
                           code.replace(/-/g, ' – ')]) {
        await page.fill('#code', typed);
        await click('form.search button[type=submit]');
        assert.equal(decodeURIComponent(new URL(page.url()).pathname), `/tra-cuu/${code}`, typed);
        assert.equal((await page.textContent('#result')).trim(), code);
      }
      // The code stays on one line, inside the screen.
      const box = await page.locator('#result').boundingBox();
      const lineHeight = await page.locator('#result').evaluate(
        (e) => parseFloat(getComputedStyle(e).fontSize) * 1.6);
      assert.ok(box.height <= lineHeight, `the code takes one line (${box.height} px)`);
      assert.ok(box.x + box.width <= VIEWPORTS[size].width, 'and fits the screen');
      await check('lookup-code');
      // By ID number and phone, written with spaces and +84.
      await page.click('#by-person > summary');
      await page.fill('#id_number', idNumber.replace(/(\d{3})/g, '$1 ').trim());
      await page.fill('#phone', '+84 912 345 678');
      await click('#by-person button[type=submit]');
      assert.ok((await page.textContent('#person-count')).includes(t.found));
      assert.equal(await page.locator(`#person-results a[href="/tra-cuu/${code}"]`).count(), 1);
      assert.ok(!(await page.textContent('main')).includes('Lò Thị Mai'), 'no name shown');
      await check('lookup-person');
      await page.fill('#phone', '0900000000');
      await click('#by-person button[type=submit]');
      assert.ok((await page.textContent('#person-message')).includes(t.none));

      // ---- 6. Search by matched words, with synonyms ----------------------------------------
      const first = async (q) => {
        await page.goto(`${server.base}/thu-tuc?lang=${lang}`);
        await page.fill('#q', q);
        await click('form.search button[type=submit]');
        return page.locator('a[href^="/procedures/"]').first().getAttribute('href');
      };
      assert.equal(await first('giay khai sinh'), `/procedures/${PROC}`);
      assert.equal(await first('lam giay khai sinh cho con'), `/procedures/${PROC}`);
      await check('search-sentence');
      assert.equal(await first('doc than'), '/procedures/1.004873');
      // The national administrator adds a name people use; search uses it at once.
      const phrase = `lấy vợ ${n}`;
      await browser.context.addCookies([await officers.cookie('national_admin')]);
      await page.goto(`${server.base}/can-bo?lang=${lang}`);
      await click('#admin-synonyms');
      await page.fill('#phrase', phrase);
      await page.fill('#means', 'đăng ký kết hôn');
      await click('#synonym-form button[type=submit]');
      assert.ok(page.url().includes('da-luu=1'));
      assert.equal(await page.locator('#synonyms td', { hasText: phrase }).count(), 1);
      await check('admin-synonyms');
      await browser.context.clearCookies({ name: 'motcua_session' });
      assert.equal(await first(phrase.normalize('NFD').replace(/\p{M}/gu, '')),
        '/procedures/1.000894');

      // ---- 10. "My dossiers" leads a visitor to the residents' sign-in, VNeID only -----------
      await page.goto(`${server.base}/ho-so-cua-toi?lang=${lang}`);
      assert.equal(new URL(page.url()).pathname, '/dang-nhap-cong-dan');
      assert.equal(await page.locator('#vneid').count(), 1);
      assert.equal(await page.locator('input[type=password]').count(), 0);
      await check('resident-sign-in');

      // ---- 3. Filing online from the home page, a paper skipped ------------------------------
      let loads = 0;
      page.on('framenavigated', (f) => { if (f === page.mainFrame()) loads++; });
      await page.goto(`${server.base}/?lang=${lang}`);
      loads = 1;
      await click('main a[href="/thu-tuc"]');
      await page.fill('#q', 'khai sinh');
      await click('form.search button[type=submit]');
      await click(`a[href="/procedures/${PROC}"]`);
      // 7. The summary (time limit, fee, usual papers, online, where) opens the page.
      const summary = await page.locator('#summary').boundingBox();
      assert.ok(summary.y < VIEWPORTS[size].height, 'the summary starts on the first screen');
      assert.ok((await page.textContent('#sum-time')).trim().length > 0);
      assert.equal(await page.locator('#all-papers[open]').count(), 0, 'special cases collapsed');
      await check('procedure-summary');
      await click('#summary a.button[href^="/nop-ho-so"]');
      const atProvider = loads;
      await signInAtProvider(page, provider.settings, '/nop-ho-so');
      loads = atProvider + 1;  // the provider's own pages are not ours to count
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
      const filed = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
      assert.match(filed, /^H14\.03721-\d{6}-\d{4,}$/);
      console.log(`page loads, home → receipt (${lang}, ${size}): ${loads}`);
      const toBring = await page.textContent('#to-bring');
      assert.ok(toBring.includes(t.toBring), 'the papers to bring are listed');
      const papers = await page.locator('#to-bring li').count();
      assert.ok(papers >= 1, 'at least the skipped papers');
      await check('filed-to-bring');
      const residentCookies = (await browser.context.cookies(server.base))
        .filter((c) => c.name === 'motcua_session');

      // ---- 1. The clerk attaches the result; the resident downloads it ----------------------
      await officers.act(filed, 'reception', 'accept');
      await officers.act(filed, 'signer', 'assign',
        { handler: server.account('specialist').username });
      await officers.act(filed, 'specialist', 'appraise', { opinion: 'Đủ điều kiện' });
      await officers.act(filed, 'unit_head', 'review', { opinion: 'Đồng ý' });
      await officers.act(filed, 'signer', 'sign');
      await browser.context.clearCookies({ name: 'motcua_session' });
      await browser.context.addCookies([await officers.cookie('clerk')]);
      await page.goto(`${server.base}/can-bo/ho-so/${encodeURIComponent(filed)}?lang=${lang}`);
      assert.equal(await page.locator('#components .to-bring').count(), papers,
        'the officer sees the papers to bring');
      await page.click('#action-number > summary');
      await page.fill('#act-number-document_number', `21/TLKS-${n}`);
      await page.setInputFiles('#act-number-result_file',
        { name: 'trich-luc.pdf', mimeType: 'application/pdf', buffer: RESULT });
      await check('clerk-number');
      await Promise.all([page.waitForURL('**xong=number'), page.click('#do-number')]);
      assert.equal(await page.locator('#result-file').count(), 1, 'the result file is attached');
      await check('clerk-numbered');
      await officers.act(filed, 'clerk', 'mark-ready');
      await browser.context.clearCookies({ name: 'motcua_session' });
      await browser.context.addCookies([await officers.cookie('reception')]);
      // 9. The work list's search box finds it however the code is written, and by phone.
      for (const q of [filed.toLowerCase().replace(/[.-]/g, ''), '+84 912 345 678']) {
        await page.goto(`${server.base}/can-bo?lang=${lang}`);
        await page.fill('#q', q);
        await click('#worklist-search button[type=submit]');
        assert.equal(await page.locator(`#worklist-items a[href="/can-bo/ho-so/${encodeURIComponent(filed)}"]`).count(), 1, q);
      }
      await check('worklist-search');
      await page.goto(`${server.base}/can-bo/ho-so/${encodeURIComponent(filed)}?lang=${lang}`);
      await page.click('#action-return > summary');
      assert.equal(await page.inputValue('#act-return-channel'), 'online',
        'the delivery the applicant chose is preselected');
      await check('return-preselected');
      await browser.context.clearCookies({ name: 'motcua_session' });
      await browser.context.addCookies(residentCookies);
      await page.goto(`${server.base}/ho-so-cua-toi/${filed}?lang=${lang}`);
      const href = await page.getAttribute('#result-download', 'href');
      const got = await page.request.get(server.base + href);
      assert.equal(got.status(), 200);
      assert.deepEqual(Buffer.from(await got.body()), RESULT, 'the clerk\'s file');
      await check('resident-result');
    } catch (e) {
      await screenshot(page, `journeys-${lang}-${size}-failure`).catch(() => {});
      throw e;
    } finally {
      await browser.close();
    }
  });
}
