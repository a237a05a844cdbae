// The officer desk in Chromium: the counter journey (intake → receipt PDF → public lookup), the
// officers taking the dossier through assign, appraise, review, sign, number, mark-ready and
// return, a refusal and an apology with a new date, each checked the way a resident would see it
// (the public lookup). Every journey runs in Vietnamese and English, on a desktop and on a
// 360×740 phone; each page is kept as a screenshot.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { VIEWPORTS, launch, screenshot, scrollWidth } from './lib/browser.mjs';
import { signIn, workingDayAfter } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const server = new Server();
const downloads = mkdtempSync(join(tmpdir(), 'motcua-desk-dl-'));
before(async () => { await server.start(); });
after(async () => {
  await server.stop();
  rmSync(downloads, { recursive: true, force: true });
});

const TEXT = {
  vi: { received: 'Được tiếp nhận', refused: 'Không được tiếp nhận', returned: 'Đã trả kết quả',
        recorded: 'Đã ghi nhận', conflict: 'Hồ sơ vừa được người khác thay đổi' },
  en: { received: 'Accepted', refused: 'Not accepted', returned: 'Result returned',
        recorded: 'Recorded', conflict: 'Someone changed this dossier' },
};

// A browser session that switches between demo officers, keeping each one's session cookies so
// that the second factor is asked once per officer.
class Desk {
  constructor(context, page, lang, tag) {
    Object.assign(this, { context, page, lang, tag, sessions: new Map(), shots: 0 });
  }

  async as(role) {
    await this.context.clearCookies();
    const langCookie = { name: 'motcua_lang', value: this.lang, url: server.base };
    if (this.sessions.has(role)) {
      await this.context.addCookies([...this.sessions.get(role), langCookie]);
    } else {
      await this.context.addCookies([langCookie]);
      await signIn(this.page, server, role);
      this.sessions.set(role, (await this.context.cookies(server.base))
        .filter((c) => c.name === 'motcua_session'));
    }
  }

  async shot(name) {
    assert.ok(await scrollWidth(this.page) <= this.page.viewportSize().width,
      `${name}: no sideways scrolling`);
    await screenshot(this.page, `journey-${this.tag}-${String(++this.shots).padStart(2, '0')}-${name}`);
  }

  async intake(name, components) {
    await this.as('reception');
    await this.page.goto(`${server.base}/can-bo/tiep-nhan`);
    assert.equal(await this.page.getAttribute('html', 'lang'), this.lang);
    await this.page.selectOption('#procedure_code', '1.001193');
    await this.page.fill('#full_name', name);
    await this.page.fill('#id_number', '001099012345');
    await this.page.fill('#phone', '0912345678');
    for (const [i, name] of components.entries()) {
      await this.page.fill(`#comp_name_${i}`, name);
      await this.page.selectOption(`#comp_kind_${i}`, 'original');
    }
    await this.shot('intake');
    await Promise.all([this.page.waitForURL('**/can-bo/ho-so/**'), this.page.click('#receive')]);
    const code = decodeURIComponent(new URL(this.page.url()).pathname.split('/').pop());
    assert.match(code, /^H14\.03721-\d{6}-\d{4,}$/);
    return code;
  }

  async open(code) {
    await this.page.goto(`${server.base}/can-bo/ho-so/${encodeURIComponent(code)}`);
  }

  // Opens the dossier, fills the action's form and sends it.
  async act(role, code, action, fill = async () => {}) {
    await this.as(role);
    await this.open(code);
    await this.page.click(`#action-${action} > summary`);
    await fill(this.page);
    await this.shot(`${role}-${action}`);
    await Promise.all([this.page.waitForURL(`**xong=${action}`), this.page.click(`#do-${action}`)]);
    assert.match(await this.page.textContent('.notice.success'), new RegExp(TEXT[this.lang].recorded));
  }

  async lookup(code) {
    await this.context.clearCookies();
    await this.context.addCookies([{ name: 'motcua_lang', value: this.lang, url: server.base }]);
    const r = await this.page.goto(`${server.base}/tra-cuu/${encodeURIComponent(code)}`);
    assert.equal(r.status(), 200);
    await this.shot('lookup');
    return this.page.textContent('main');
  }
}

for (const lang of ['vi', 'en']) {
  for (const size of ['desktop', 'phone']) {
    test(`desk journeys (${lang}, ${size})`, async () => {
      const browser = await launch({ viewport: VIEWPORTS[size] });
      try {
        const page = await browser.context.newPage();
        const desk = new Desk(browser.context, page, lang, `${lang}-${size}`);
        const t = TEXT[lang];

        // Counter intake and the receipt in one click.
        const code = await desk.intake('Nguyễn Thị Hoà', ['Tờ khai đăng ký khai sinh',
          'Giấy chứng sinh']);
        await desk.shot('received');
        const [download] = await Promise.all([page.waitForEvent('download'),
          page.click('#print-receipt')]);
        const pdf = join(downloads, `${lang}-${size}-01.pdf`);
        await download.saveAs(pdf);
        const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().normalize('NFC');
        assert.ok(text.includes(code), `the receipt names the dossier ${code}`);
        assert.match(text, /Nguyễn Thị Hoà/);
        let seen = await desk.lookup(code);
        assert.ok(seen.includes(t.received), 'the resident sees it accepted');
        assert.ok(seen.includes('N. T. Hoà'), 'with the name masked');
        assert.ok(!seen.includes('Nguyễn Thị Hoà'));

        // The work list: the new dossier with its countdown, for the signer who assigns it.
        await desk.as('signer');
        await page.goto(`${server.base}/can-bo`);
        const row = page.locator('.worklist li', { hasText: code });
        assert.equal(await row.count(), 1, 'the signer has it to assign');
        assert.notEqual((await row.locator('[data-remaining]').textContent()).trim(), '');
        await desk.shot('worklist-signer');

        // Through the workflow.
        await desk.act('signer', code, 'assign',
          (p) => p.selectOption('#act-assign-handler', 'demo.specialist'));
        await desk.act('specialist', code, 'appraise',
          (p) => p.fill('#act-appraise-opinion', 'Hồ sơ đủ điều kiện'));
        await desk.act('unit_head', code, 'review');
        await desk.act('signer', code, 'sign');
        // The clerk's numbering: first without a number (the error summary), then with one.
        await desk.as('clerk');
        await desk.open(code);
        await page.click('#action-number > summary');
        await page.evaluate(() => { document.querySelector('#action-number form').noValidate = true; });
        await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
          page.click('#do-number')]);
        await page.click('.error-summary a');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'act-number-document_number');
        await desk.shot('number-error');
        await desk.act('clerk', code, 'number', (p) => p.fill('#act-number-document_number', '15/UBND'));
        await desk.act('clerk', code, 'mark-ready');
        // A stale form: another tab still holds the old version.
        await desk.as('reception');
        await desk.open(code);
        const staleVersion = await page.getAttribute('#action-return input[name=version]', 'value');
        const csrf = await page.getAttribute('#action-return input[name=_csrf]', 'value');
        await desk.act('reception', code, 'return');
        await desk.open(code);
        assert.equal(await page.locator('#action-return').count(), 0, 'nothing left to return');
        const status = await page.evaluate(async ([c, v, csrf]) => {
          const r = await fetch(`/can-bo/ho-so/${encodeURIComponent(c)}/return`, {
            method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: csrf, version: v, channel: 'counter' }) });
          return r.status;
        }, [code, staleVersion, csrf]);
        assert.equal(status, 409);
        seen = await desk.lookup(code);
        assert.ok(seen.includes(t.returned), 'the resident sees the result returned');

        // A refusal, driven in the desk.
        const refused = await desk.intake('Lò Văn Bình', ['Tờ khai']);
        await desk.act('signer', refused, 'assign',
          (p) => p.selectOption('#act-assign-handler', 'demo.specialist'));
        await desk.act('specialist', refused, 'appraise');
        await desk.act('unit_head', refused, 'review');
        await desk.act('signer', refused, 'refuse',
          (p) => p.fill('#act-refuse-reason', 'Không đủ điều kiện theo quy định'));
        seen = await desk.lookup(refused);
        assert.ok(seen.includes(t.refused), 'the resident sees the refusal');

        // An apology with a new date.
        const late = await desk.intake('Quàng Thị Mai', ['Tờ khai']);
        const day = await workingDayAfter(server.base, new Date().toISOString(), 30);
        await desk.act('signer', late, 'assign',
          (p) => p.selectOption('#act-assign-handler', 'demo.specialist'));
        await desk.act('signer', late, 'apologise', async (p) => {
          await p.fill('#act-apologise-reason', 'Chờ kết quả xác minh');
          await p.fill('#act-apologise-new_due_date', day.iso);
          await p.fill('#act-apologise-new_due_time', '16:00');
        });
        await desk.as('signer');
        await desk.open(late);
        assert.ok((await page.textContent('main')).includes(`${day.shown} 16:00`));
        seen = await desk.lookup(late);
        assert.ok(seen.includes(`16:00 ${day.shown}`), 'the resident sees the new date');
      } finally {
        await browser.close();
      }
    });
  }
}

// An organisation filing through an authorised representative, with a scanned component: first
// sent with a malformed tax code and no authorisation document (the errors, nothing filed), then
// corrected; the receipt names them all and the scan is downloadable from the dossier page.
test('organisation intake with a representative and a scan (vi, phone)', async () => {
  const browser = await launch({ viewport: VIEWPORTS.phone });
  try {
    const page = await browser.context.newPage();
    const desk = new Desk(browser.context, page, 'vi', 'vi-organisation');
    const scan = join(downloads, 'giay-phep.pdf');
    const scanBytes = '%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n';
    writeFileSync(scan, scanBytes);
    await desk.as('reception');
    await page.goto(`${server.base}/can-bo/tiep-nhan`);
    // The script shows the sections of the chosen kind only.
    assert.equal(await page.isVisible('#org_name'), false, 'a person is the default');
    assert.equal(await page.isVisible('#rep_full_name'), false);
    await page.check('#kind-organisation');
    assert.equal(await page.isVisible('#full_name'), false);
    await page.selectOption('#procedure_code', '1.001193');
    await page.fill('#org_name', 'Công ty TNHH Nông sản Thuận Châu');
    // More component rows, without JavaScript's help: the form comes back with what was typed.
    assert.equal(await page.locator('#comp_name_6').count(), 0);
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#more-rows')]);
    await page.waitForLoadState();
    assert.equal(await page.locator('#comp_name_8').count(), 1, 'three more rows');
    assert.equal(await page.inputValue('#org_name'), 'Công ty TNHH Nông sản Thuận Châu');
    assert.equal(await page.locator('.error-summary').count(), 0, 'no errors for asking rows');
    await page.fill('#org_code', '55001234');  // 8 digits: not a tax code
    await page.fill('#address', 'Tiểu khu 1, xã Thuận Châu');
    await page.check('#has_rep');
    await page.fill('#rep_full_name', 'Cà Văn Dũng');
    await page.fill('#rep_id_number', '014088001234');
    await page.fill('#comp_name_0', 'Giấy chứng nhận đăng ký doanh nghiệp');
    await page.selectOption('#comp_kind_0', 'certified');
    await page.setInputFiles('#comp_file_0', scan);
    await page.fill('#comp_name_1', 'Giấy ủy quyền');
    await page.selectOption('#comp_kind_1', 'original');
    // Scans that together exceed one sending (24 MiB) are refused in the browser, nothing sent.
    const big = { name: 'ban-quet.pdf', mimeType: 'application/pdf',
      buffer: Buffer.alloc(Math.floor(3.9 * 1024 * 1024), 0x25) };
    for (let i = 1; i <= 7; i++) await page.setInputFiles(`#comp_file_${i}`, big);
    let posts = 0;
    const countPosts = (r) => { if (r.method() === 'POST') posts += 1; };
    page.on('request', countPosts);
    await page.click('#receive');
    assert.equal(posts, 0, 'too much to send is not sent');
    assert.match(await page.textContent('#comp_file_7-size-error'), /cộng lại lớn hơn 24 MB/);
    page.off('request', countPosts);
    for (let i = 1; i <= 7; i++) await page.setInputFiles(`#comp_file_${i}`, []);
    assert.equal(await page.locator('#comp_file_7-size-error').count(), 0, 'cleared with the files');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#receive')]);
    assert.equal(refused.status(), 400);
    await page.waitForLoadState();
    const summary = await page.textContent('.error-summary');
    assert.match(summary, /Mã số thuế gồm 10 chữ số/);
    assert.match(summary, /Văn bản ủy quyền/);
    await page.click('.error-summary a[href="#org_code"]');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'org_code');
    assert.equal(await page.inputValue('#org_name'), 'Công ty TNHH Nông sản Thuận Châu', 'kept');
    assert.equal(await page.isVisible('#rep_full_name'), true, 'the representative stays open');
    assert.match(await page.textContent('main'), /hãy chọn lại tệp/, 'the scan was not kept');
    await desk.shot('organisation-errors');

    await page.fill('#org_code', '5500123456');
    await page.fill('#rep_document_ref', 'Giấy ủy quyền số 12/2026/UQ');
    await page.setInputFiles('#comp_file_0', scan);
    await Promise.all([page.waitForURL('**/can-bo/ho-so/**'), page.click('#receive')]);
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    const main = await page.textContent('main');
    assert.ok(main.includes('Công ty TNHH Nông sản Thuận Châu'));
    assert.ok(main.includes('Cà Văn Dũng'));
    assert.ok(main.includes('1 bản sao có chứng thực'));
    await desk.shot('organisation-received');

    const [download] = await Promise.all([page.waitForEvent('download'),
      page.click('#print-receipt')]);
    const pdf = join(downloads, 'organisation-01.pdf');
    await download.saveAs(pdf);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().normalize('NFC');
    assert.ok(text.includes(code));
    assert.match(text, /Công ty TNHH Nông sản Thuận Châu/);
    assert.match(text, /5500123456/);
    assert.match(text, /Người được ủy quyền nộp hồ sơ: Cà Văn Dũng/);
    assert.match(text, /014088001234/);
    assert.match(text, /Văn bản ủy quyền: Giấy ủy quyền số 12\/2026\/UQ/);
    assert.match(text, /Giấy chứng nhận đăng ký doanh nghiệp \(bản sao có chứng thực\)/);
    assert.match(text, /Giấy ủy quyền \(bản chính\)/);

    // The scan, from the dossier page.
    const [scanDownload] = await Promise.all([page.waitForEvent('download'),
      page.click('a[download][href*="/files/"]')]);
    const got = join(downloads, 'scan-back.pdf');
    await scanDownload.saveAs(got);
    assert.equal(readFileSync(got, 'latin1'), scanBytes, 'the scan comes back as it was sent');
  } finally {
    await browser.close();
  }
});
