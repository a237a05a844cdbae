// The resident journey in Chromium against the real binary and a real OpenID Connect provider
// (LemonLDAP::NG, started by lib/oidc_provider.py with the set-up of tests/integration/test_oidc.py):
// search a procedure → sign in with "VNeID" → submit online, one question per page, with an upload
// (a refused file first) → reception sends it back (JSON API, demo officer) → the resident sends
// the missing paper in the browser → accepted; the specialist asks for one more paper, sent from
// the browser too → appraised, reviewed, signed, numbered with a result
// file, returned online (API) → the resident downloads the result and rates the service.
// In Vietnamese and English on a desktop and in Vietnamese on a 360×740 phone; every page is
// checked with axe and for sideways scrolling, and kept as a screenshot in the artefacts folder.
// Needs root (the provider runs as www-data) and nginx + lemonldap-ng, as test_oidc.py does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { VIEWPORTS, launch, pageChecker, screenshot } from './lib/browser.mjs';
import { signInAtProvider, startWithProvider } from './lib/oidc.mjs';
import { Officers } from './lib/officers.mjs';
import { Server } from './lib/server.mjs';

const PROC = '1.001193';  // đăng ký khai sinh, offered online at the demo commune
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const SCRIPT = Buffer.from('#!/bin/sh\necho hi\n');

let provider;
const server = new Server();
const officers = new Officers(server);
const act = (code, role, action, args) => officers.act(code, role, action, args);

before(async () => { provider = await startWithProvider(server); });
after(async () => { if (provider) await provider.stop(); });

// ---- The journey ----------------------------------------------------------------------------

const RUNS = [
  { lang: 'vi', size: 'desktop' },
  { lang: 'en', size: 'desktop' },
  { lang: 'vi', size: 'phone' },
];

for (const { lang, size } of RUNS) {
  test(`resident journey (${lang}, ${size})`, async (t) => {
    const viewport = VIEWPORTS[size];
    const browser = await launch({ viewport, args: provider.args });
    const page = await browser.context.newPage();
    const check = pageChecker(page, { lang, size, prefix: `portal-${lang}-${size}-` });
    const { settings } = provider;
    const click = async (selector) => {
      await Promise.all([page.waitForNavigation(), page.click(selector)]);
    };
    try {
      // Find the procedure.
      await page.goto(`${server.base}/thu-tuc?lang=${lang}`);
      await page.fill('#q', 'khai sinh');
      await click('form.search button[type=submit]');
      await check('search');
      await click(`a[href="/procedures/${PROC}"]`);
      await check('procedure');
      await click('a.button[href^="/nop-ho-so"]');
      await check('submit-sign-in');
      // Sign in at the provider (its own pages, not ours: no checks there).
      await signInAtProvider(page, settings, '/nop-ho-so');
      // One question per page.
      assert.equal(await page.inputValue('#ho_ten'), settings.name);
      assert.equal(await page.inputValue('#so_dinh_danh'), settings.id_number);
      await check('wizard-applicant');
      await click('button[value=tiep]');  // the address is missing
      assert.equal(await page.locator('.error-summary a[href="#dia_chi"]').count(), 1);
      await check('wizard-applicant-error');
      await page.click('.error-summary a[href="#dia_chi"]');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'dia_chi');
      await page.keyboard.type('Bản Nà Lĩu, xã Thuận Châu');
      await page.keyboard.press('Enter');  // the keyboard alone moves on
      await page.waitForSelector('#dien_thoai');
      await check('wizard-contact');
      await page.fill('#dien_thoai', '0912 345 678');
      await click('button[value=tiep]');
      // A scan over the 4 MB limit is refused in the browser, before megabytes are sent.
      let posts = 0;
      const countPosts = (r) => { if (r.method() === 'POST') posts += 1; };
      page.on('request', countPosts);
      await page.setInputFiles('#tep', { name: 'ban-quet-lon.pdf', mimeType: 'application/pdf',
        buffer: Buffer.alloc(5 * 1024 * 1024, 0x25) });
      assert.match(await page.textContent('#tep-size-error'),
        lang === 'vi' ? /ban-quet-lon\.pdf.*lớn hơn 4 MB/ : /ban-quet-lon\.pdf.*larger than 4 MB/);
      await page.click('button[value=tiep]');
      assert.equal(posts, 0, 'an over-large file is not sent');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'tep');
      page.off('request', countPosts);
      await check('wizard-upload-too-large');
      // Going back leaves the over-large file behind instead of stopping; then forward again.
      await click('button[value=lui]');
      assert.equal(await page.inputValue('#dien_thoai'), '0912345678');
      await click('button[value=tiep]');
      assert.equal(await page.locator('#tep-size-error').count(), 0);
      // The first paper: a script named .pdf is refused by its sniffed type, then a PDF is taken.
      await page.setInputFiles('#tep', { name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: SCRIPT });
      await click('button[value=tiep]');
      const refusal = await page.textContent('.error-summary');
      assert.match(refusal, /script/);  // the kind of file, in words
      await check('wizard-upload-refused');
      await page.setInputFiles('#tep', { name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
      await click('button[value=tiep]');
      await check('wizard-component');
      while (await page.locator('#nhan_kq_online').count() === 0) await click('button[value=bo_qua]');
      await check('wizard-delivery');
      await page.check('#nhan_kq_online');
      await click('button[value=tiep]');
      assert.match(await page.textContent('main'), lang === 'vi' ? /Miễn phí/ : /Free/);
      assert.match(await page.textContent('main'), /giay-chung-sinh\.pdf/);
      await check('wizard-review');
      await click('button[value=nop]');
      // The end: the code, the QR, the status.
      const url = new URL(page.url());
      assert.match(url.pathname, /^\/ho-so-cua-toi\/H14\.03721-\d{6}-\d{4}$/);
      const code = decodeURIComponent(url.pathname.split('/').pop());
      assert.equal((await page.textContent('h1 .code')).trim(), code);
      assert.equal(await page.locator('figure.qr svg').count(), 1);
      await check('submitted');
      // Reception sends it back for completion.
      await act(code, 'reception', 'send-back', { missing: ['Giấy chứng sinh (bản rõ nét)'], reason: 'Ảnh mờ' });
      await page.goto(`${server.base}/ho-so-cua-toi`);
      await check('my-dossiers');
      await click(`a[href="/ho-so-cua-toi/${code}"]`);
      assert.match(await page.textContent('main'), /Ảnh mờ/);
      await check('sent-back');
      // A send-back is the one request to complete or supplement (Decree 118 Art 11): the
      // resident has its Mẫu 02, as the form endpoint serves it.
      assert.equal(await page.locator(`a[href="/ho-so-cua-toi/${code}/mau/02.pdf"]`).count(), 1);
      await page.setInputFiles('#tep_0', { name: 'giay-chung-sinh-ro.pdf', mimeType: 'application/pdf', buffer: PDF });
      await click('form[enctype="multipart/form-data"] button[type=submit]');
      assert.match(page.url(), /xong=resubmit/);
      await check('resubmitted');
      // The officers do their part.
      await act(code, 'reception', 'accept');
      await act(code, 'signer', 'assign', { handler: server.account('specialist').username });
      // The specialist asks for one more paper during processing (the clock pauses, Mẫu 02). The
      // one allowed request was the send-back, so this one is a recorded exception, and the
      // dossier then counts as late.
      await act(code, 'specialist', 'request-supplementation-exception',
        { missing: ['Văn bản ủy quyền'], reason: 'Người nộp không phải cha, mẹ',
          exception_reason: 'Phát hiện người nộp không phải cha, mẹ khi thẩm định' });
      await page.goto(`${server.base}/ho-so-cua-toi/${code}`);
      assert.match(await page.textContent('main'), /Văn bản ủy quyền/);
      assert.equal(await page.locator(`a[href="/ho-so-cua-toi/${code}/mau/02.pdf"]`).count(), 1);
      await check('supplementation-requested');
      await page.setInputFiles('#tep_0', { name: 'uy-quyen.pdf', mimeType: 'application/pdf', buffer: PDF });
      await click('form[enctype="multipart/form-data"] button[type=submit]');
      assert.match(page.url(), /xong=supplement/);
      await check('supplemented');
      await act(code, 'specialist', 'appraise', { opinion: 'Đủ điều kiện' });
      await act(code, 'unit_head', 'review', { opinion: 'Đồng ý' });
      await act(code, 'signer', 'sign');
      const result = await officers.upload('clerk', Buffer.from('%PDF-1.4\n% giay khai sinh\n%%EOF\n'), 'giay-khai-sinh.pdf');
      await act(code, 'clerk', 'number', { document_number: '12/TLKS', result_file: result });
      await act(code, 'clerk', 'mark-ready');
      await act(code, 'reception', 'return', { channel: 'online' });
      // The resident downloads the result and rates the service.
      await page.goto(`${server.base}/ho-so-cua-toi/${code}`);
      await check('returned');
      assert.equal(await page.locator(`a[href="/ho-so-cua-toi/${code}/mau/01.pdf"]`).count(), 1);
      const [download] = await Promise.all([
        page.waitForEvent('download'), page.click(`a[href="/ho-so-cua-toi/${code}/tep/${result}"]`),
      ]);
      assert.equal(download.suggestedFilename(), 'giay-khai-sinh.pdf');
      assert.ok(readFileSync(await download.path()).toString().startsWith('%PDF'));
      await page.check('#diem_5');
      await page.fill('#nhan_xet', 'Nhanh, chu đáo');
      await click('section.panel button[type=submit]');
      assert.match(page.url(), /xong=rate/);
      assert.match(await page.textContent('main'), /5\/5/);
      await check('rated');
      // The public lookup the QR leads to.
      await page.goto(`${server.base}/tra-cuu/${code}`);
      assert.match(await page.textContent('main'), lang === 'vi' ? /tính là trễ hạn/ : /counts as late/);
      await check('lookup');
    } catch (e) {
      await screenshot(page, `portal-${lang}-${size}-failure`).catch(() => {});
      throw e;
    } finally {
      await browser.close();
    }
  });
}
