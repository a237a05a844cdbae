// A refusal and a late apology, seen by the resident (issue 7), in Chromium against the real binary
// and the real OpenID Connect provider (LemonLDAP::NG, lib/oidc.mjs). A resident signed in with
// "VNeID" files three dossiers online through the wizard; the officers (JSON API, and the desk in
// the browser where the page is the point) then:
//   - refuse the first at reception (Mẫu 03);
//   - refuse the second after appraisal, review and the signer's decision (Mẫu 03);
//   - let the third run late: the test clock (motcua serve --test-clock, test only) moves the
//     dossiers' clock past its due time, the signer's work list shows it overdue, the signer
//     apologises with a new date (Mẫu 04), flagged as a late apology, and once the result is ready
//     the dossier still counts as late against its original due time.
// The resident sees each outcome in "my dossiers" and on the dossier's page, with the reason,
// the new date and the form to download. Every journey runs in Vietnamese and English on a
// desktop and in Vietnamese on a 360×740 phone; each page is checked with axe and for sideways
// scrolling and kept as a screenshot. Needs root and nginx + lemonldap-ng, as portal.test.mjs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { VIEWPORTS, launch, pageChecker, screenshot } from './lib/browser.mjs';
import { signInAtProvider, startWithProvider } from './lib/oidc.mjs';
import { Officers } from './lib/officers.mjs';
import { workingDayAfter } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const PROC = '1.001193';  // đăng ký khai sinh, offered online at the demo commune
const HOUR = 3600e3;

let provider;
const server = new Server();
const officers = new Officers(server);

before(async () => { provider = await startWithProvider(server, { MOTCUA_TEST_CLOCK: 'true' }); });
after(async () => { if (provider) await provider.stop(); });

const TEXT = {
  vi: { refused: 'Không được tiếp nhận', due: 'Hẹn trả kết quả', late: 'Xin lỗi muộn',
        onTimeNo: 'Trễ hạn', overdue: /quá hạn/i },
  en: { refused: 'Not accepted', due: 'Result due', late: 'Late apology', onTimeNo: 'Late',
        overdue: /overdue/i },
};

// Moves the dossiers' clock `offsetMs` ahead of the real one; returns the server's new "now".
async function moveClock(offsetMs) {
  const r = await fetch(`${server.base}/api/v1/_test/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ offset_ms: Math.round(offsetMs) }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return body.now;
}

// An RFC 3339 instant → "HH:MM dd/mm/yyyy" in Vietnam time, as the pages show it.
function shown(rfc3339) {
  const d = new Date(new Date(rfc3339).getTime() + 7 * HOUR);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ` +
         `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

// A weekday at least `days` days after the RFC 3339 instant, as "yyyy-mm-dd" (Vietnam date).
// The text of a PDF the resident's browser session downloads from `href`.
async function pdfText(page, href) {
  const r = await page.request.get(server.base + href);
  assert.equal(r.status(), 200, href);
  assert.equal(r.headers()['content-type'], 'application/pdf');
  const body = await r.body();
  assert.ok(body.subarray(0, 5).toString() === '%PDF-', `${href} is a PDF`);
  const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: body });
  return text.toString().normalize('NFC');
}

const RUNS = [
  { lang: 'vi', size: 'desktop' },
  { lang: 'en', size: 'desktop' },
  { lang: 'vi', size: 'phone' },
];

for (const { lang, size } of RUNS) {
  test(`refusal and late apology seen by the resident (${lang}, ${size})`, async () => {
    const browser = await launch({ viewport: VIEWPORTS[size], args: provider.args });
    const page = await browser.context.newPage();
    const check = pageChecker(page, { lang, size, prefix: `outcomes-${lang}-${size}-` });
    const t = TEXT[lang];
    const click = (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);
    // The browser switches between the resident's session and an officer's (the API session of
    // `officers`), keeping the resident's cookie aside meanwhile.
    let resident = [];
    const asOfficer = async (role) => {
      const mine = (await browser.context.cookies(server.base))
        .filter((c) => c.name === 'motcua_session');
      if (mine.length && !resident.length) resident = mine;
      await browser.context.clearCookies({ name: 'motcua_session' });
      await browser.context.addCookies([await officers.cookie(role)]);
    };
    const asResident = async () => {
      await browser.context.clearCookies({ name: 'motcua_session' });
      await browser.context.addCookies(resident);
    };
    // Files a dossier online through the wizard (papers skipped, result online); returns its code.
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
      const atReception = await fileOnline();
      const afterAppraisal = await fileOnline();
      const late = await fileOnline();

      // (a) Refused at reception, and refused by the signer after appraisal.
      const reasonReception = 'Thủ tục không thuộc thẩm quyền của xã';
      await officers.act(atReception, 'reception', 'refuse', { reason: reasonReception });
      const reasonSigner = 'Người yêu cầu không đủ điều kiện đăng ký';
      await officers.act(afterAppraisal, 'reception', 'accept');
      await officers.act(afterAppraisal, 'signer', 'assign',
        { handler: server.account('specialist').username });
      await officers.act(afterAppraisal, 'specialist', 'appraise',
        { opinion: 'Không đủ điều kiện' });
      await officers.act(afterAppraisal, 'unit_head', 'review', { opinion: 'Đồng ý từ chối' });
      await officers.act(afterAppraisal, 'signer', 'refuse', { reason: reasonSigner });

      await page.goto(`${server.base}/ho-so-cua-toi`);
      for (const code of [atReception, afterAppraisal]) {
        const row = page.locator('ul.results li', { hasText: code });
        assert.equal(await row.count(), 1, `${code} is among my dossiers`);
        assert.ok((await row.textContent()).includes(t.refused), `${code} shows the refusal`);
      }
      await check('my-dossiers-refused');
      for (const [code, reason, name] of [[atReception, reasonReception, 'reception'],
                                          [afterAppraisal, reasonSigner, 'after-appraisal']]) {
        await click(`ul.results a[href="/ho-so-cua-toi/${code}"]`);
        assert.ok(!(await page.textContent('dl.facts')).includes(t.due),
          'no due time for a refused dossier');
        const panel = await page.textContent('#refusal');
        assert.ok(panel.includes(reason), `the reason of ${code}'s refusal is shown`);
        const href = `/ho-so-cua-toi/${code}/mau/03.pdf`;
        assert.ok(await page.locator(`#refusal a[href="${href}"]`).count() === 1, 'Mẫu 03 offered');
        await check(`refused-${name}`);
        const form = await pdfText(page, href);
        assert.ok(form.includes(code), `Mẫu 03 names ${code}`);
        assert.ok(form.includes(reason), 'Mẫu 03 gives the reason');
        await page.goto(`${server.base}/ho-so-cua-toi`);
      }

      // (b) The third runs late: accepted now, then the dossiers' clock moves past its due time.
      await officers.act(late, 'reception', 'accept');
      const accepted = await officers.get(late, 'signer');
      const originalDue = accepted.due_at;
      const now = await moveClock(new Date(originalDue).getTime() - Date.now() + 26 * HOUR);
      assert.ok(new Date(now) > new Date(originalDue), `${now} is past the due ${originalDue}`);
      await asOfficer('signer');
      await page.goto(`${server.base}/can-bo?lang=${lang}`);
      const row = page.locator('.worklist li', { hasText: late });
      assert.equal(await row.count(), 1, 'the signer has the late dossier in the work list');
      assert.equal(await row.getAttribute('class'), 'overdue', 'marked overdue');
      assert.match(await row.locator('[data-remaining]').textContent(), t.overdue);
      await check('worklist-overdue');
      // The signer apologises with a new date, in the desk; the apology is flagged late.
      const newDate = (await workingDayAfter(server.base, now, 5)).iso;
      await click(`.worklist a[href="/can-bo/ho-so/${encodeURIComponent(late)}"]`);
      await page.click('#action-apologise > summary');
      const reasonLate = 'Chờ kết quả xác minh của Công an xã';
      await page.fill('#act-apologise-reason', reasonLate);
      await page.fill('#act-apologise-new_due_date', newDate);
      await page.fill('#act-apologise-new_due_time', '16:00');
      await Promise.all([page.waitForURL('**xong=apologise'), page.click('#do-apologise')]);
      const flag = page.locator('.timeline .late');
      assert.equal(await flag.count(), 1, 'the apology after the due time is flagged');
      assert.ok((await flag.textContent()).includes(t.late));
      await check('apology-late-flagged');
      const apologised = await officers.get(late, 'signer');
      assert.equal(apologised.original_due_at, originalDue, 'the legal due does not move');
      const newDue = shown(apologised.due_at);
      assert.ok(newDue.startsWith(`16:00 ${newDate.split('-').reverse().join('/')}`), newDue);

      // The resident sees the apology, its reason and both dates, and downloads Mẫu 04.
      await asResident();
      await page.goto(`${server.base}/ho-so-cua-toi?lang=${lang}`);
      const mine = page.locator('ul.results li', { hasText: late });
      assert.ok((await mine.textContent()).includes(newDue), 'my dossiers show the new date');
      await click(`ul.results a[href="/ho-so-cua-toi/${late}"]`);
      const panel = await page.textContent('#apology');
      assert.ok(panel.includes(reasonLate), 'the apology gives its reason');
      assert.ok(panel.includes(newDue), 'and the new date');
      assert.ok(panel.includes(shown(originalDue)), 'and the date first given');
      await check('apology-seen');
      const href = `/ho-so-cua-toi/${late}/mau/04.pdf`;
      assert.equal(await page.locator(`#apology a[href="${href}"]`).count(), 1, 'Mẫu 04 offered');
      const form = await pdfText(page, href);
      assert.ok(form.includes(late), `Mẫu 04 names ${late}`);
      assert.ok(form.includes(reasonLate), 'Mẫu 04 gives the reason');

      // Once the result is ready, the dossier still counts as late against its original due.
      await officers.act(late, 'signer', 'assign',
        { handler: server.account('specialist').username });
      await officers.act(late, 'specialist', 'appraise', { opinion: 'Đủ điều kiện' });
      await officers.act(late, 'unit_head', 'review', { opinion: 'Đồng ý' });
      await officers.act(late, 'signer', 'sign');
      await officers.act(late, 'clerk', 'number', { document_number: '21/TLKS' });
      await officers.act(late, 'clerk', 'mark-ready');
      assert.equal((await officers.get(late, 'signer')).on_time, false, 'late by the legal due');
      await asOfficer('signer');
      await page.goto(`${server.base}/can-bo/ho-so/${encodeURIComponent(late)}?lang=${lang}`);
      assert.ok((await page.textContent('dl.facts')).includes(t.onTimeNo), 'the desk says late');
      await check('finished-late');
    } catch (e) {
      await screenshot(page, `outcomes-${lang}-${size}-failure`).catch(() => {});
      throw e;
    } finally {
      await moveClock(0).catch(() => {});
      await browser.close();
    }
  });
}
