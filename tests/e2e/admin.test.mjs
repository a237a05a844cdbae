// The administration pages in Chromium: as the demo province administrator, a unit's offered
// procedures (withdraw one, offer it again with a local time limit) and a procedure's workflow at
// the commune; as the demo national administrator (national data), a procedure edit saved as a
// new version with its history, and a year's official announcement of days off. Each task also sends one invalid form and checks the error summary
// (its link moves the focus to the field) and that nothing was stored. Every journey runs in
// Vietnamese and English, on a desktop and on a 360×740 phone; each page is kept as a screenshot.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { VIEWPORTS, launch, screenshot, scrollWidth } from './lib/browser.mjs';
import { signIn } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const server = new Server();
before(async () => { await server.start(); });
after(async () => { await server.stop(); });

const TEXT = {
  vi: { withdrawn: 'Đã gỡ thủ tục 1.010038', offered: 'Đã lưu thủ tục 1.010038',
        unknown: 'Không có thủ tục mã 9.999999', saved: /Đã lưu phiên bản \d+/,
        badFee: 'Số tiền là số nguyên không âm', badBudget: 'Thẩm định: thời gian phải là số ngày',
        workflowSaved: 'Đã lưu quy trình', ownWorkflow: 'Đơn vị đã có quy trình riêng',
        badWorkingDay: 'Ngày làm bù phải là ngày nghỉ hằng tuần', loaded: 'Đã nạp thông báo',
        computed: 'Chưa có thông báo chính thức', dayOff: 'Nghỉ', days: 'ngày làm việc' },
  en: { withdrawn: 'Procedure 1.010038 withdrawn', offered: 'Procedure 1.010038 saved',
        unknown: 'There is no procedure 9.999999', saved: /Version \d+ saved/,
        badFee: 'An amount is a whole number', badBudget: 'Appraised: the time must be',
        workflowSaved: 'Workflow saved', ownWorkflow: 'This unit has its own workflow',
        badWorkingDay: 'A make-up working day must fall on a weekly rest day',
        loaded: 'Announcement loaded', computed: 'No official announcement', dayOff: 'Day off',
        days: 'working days' },
};

// One run's browser tab, signed in as an administrator in `lang`.
class Admin {
  constructor(page, lang, tag) {
    Object.assign(this, { page, lang, tag, shots: 0 });
  }

  async shot(name) {
    assert.equal(await this.page.getAttribute('html', 'lang'), this.lang);
    assert.ok(await scrollWidth(this.page) <= this.page.viewportSize().width,
      `${name}: no sideways scrolling`);
    await screenshot(this.page, `admin-${this.tag}-${String(++this.shots).padStart(2, '0')}-${name}`);
  }

  async submit(selector) {
    await Promise.all([this.page.waitForResponse((r) => r.request().method() === 'POST'),
      this.page.click(selector)]);
    await this.page.waitForLoadState();
  }

  // Follows the first link of the error summary and returns the id of the focused element.
  async followError() {
    await this.page.click('.error-summary a >> nth=0');
    return this.page.evaluate(() => document.activeElement.id);
  }

  main() { return this.page.textContent('main'); }
}

let run = 0;
for (const lang of ['vi', 'en']) {
  for (const size of ['desktop', 'phone']) {
    test(`admin tasks (${lang}, ${size})`, async () => {
      const n = ++run;
      const t = TEXT[lang];
      const browser = await launch({ viewport: VIEWPORTS[size] });
      try {
        await browser.context.addCookies([{ name: 'motcua_lang', value: lang, url: server.base }]);
        const page = await browser.context.newPage();
        const a = new Admin(page, lang, `${lang}-${size}`);
        // 1. National data, as the national administrator, from the desk. Procedures: edit
        // 1.001193; a bad fee is refused, then a new time limit is saved (the workflow below
        // fits in it).
        await signIn(page, server, 'national_admin');
        await a.shot('desk-national');
        await page.click('#admin-procedures');
        await page.fill('#q', 'khai sinh');
        await Promise.all([page.waitForURL('**/quan-tri/thu-tuc?q=*'), page.click('form.search button')]);
        await Promise.all([page.waitForURL('**/quan-tri/thu-tuc/1.001193'),
          page.click('#procedures a[href="/quan-tri/thu-tuc/1.001193"]')]);
        const versionsBefore = await page.locator('#versions tr').count();
        await a.shot('procedure');
        await page.fill('#fee_amount_0', 'tám nghìn');
        await a.submit('#save-procedure');
        assert.ok((await a.main()).includes(t.badFee));
        assert.equal(await a.followError(), 'fee_amount_0');
        await a.shot('procedure-error');
        await page.goto(`${server.base}/quan-tri/thu-tuc/1.001193`);
        assert.equal(await page.locator('#versions tr').count(), versionsBefore, 'nothing stored');
        const days = String(10 + n);
        await page.fill('#time_amount', days);
        await page.selectOption('#time_unit', 'working_days');
        await a.submit('#save-procedure');
        assert.match(await page.textContent('.notice.success'), t.saved);
        assert.equal(await page.locator('#versions tr').count(), versionsBefore + 1);
        assert.equal(await page.inputValue('#time_amount'), days);
        await a.shot('procedure-saved');
        await page.goto(`${server.base}/thu-tuc/1.001193`);
        assert.ok((await a.main()).includes(`${days} Ngày làm việc`), 'the public page shows it');

        // 2. Calendar: a year without an announcement; a bad one refused, a good one loaded.
        const year = 2027 + n;
        await page.goto(`${server.base}/can-bo`);
        await Promise.all([page.waitForURL('**/quan-tri/lich/*'), page.click('#admin-calendar')]);
        await page.goto(`${server.base}/quan-tri/lich/${year}`);
        assert.ok((await page.textContent('#source')).includes(t.computed));
        await a.shot('calendar');
        // Days of a week in `month`: the first weekday and the first Saturday.
        const week = (month) => [1, 2, 3, 4, 5, 6, 7].map((d) => `${year}-${month}-0${d}`);
        const dow = (d) => new Date(`${d}T00:00:00Z`).getUTCDay();
        const weekday = week('06').find((d) => dow(d) !== 0 && dow(d) !== 6);
        const saturday = week('06').find((d) => dow(d) === 6);
        const testDayOff = week('03').find((d) => dow(d) !== 0 && dow(d) !== 6);
        const announcement = (workingDay) => JSON.stringify({
          year, decision: `Thông báo ${n}/TB-BNV`,
          days_off: [{ date: `${year}-01-01`, name_vi: 'Tết Dương lịch', name_en: "New Year's Day" },
            { date: testDayOff, name_vi: 'Ngày nghỉ thử nghiệm', name_en: 'Test day off' }],
          working_days: [{ date: workingDay, name_vi: 'Làm bù', name_en: 'Make-up day' }],
        }, null, 1);
        // A make-up working day on a weekday is refused whole.
        await page.fill('#announcement', announcement(weekday));
        await a.submit('#load-announcement');
        assert.ok((await a.main()).includes(t.badWorkingDay));
        assert.equal(await a.followError(), 'announcement');
        await a.shot('calendar-error');
        await page.goto(`${server.base}/quan-tri/lich/${year}`);
        assert.ok((await page.textContent('#source')).includes(t.computed), 'nothing stored');
        await page.fill('#announcement', announcement(saturday));
        await a.submit('#load-announcement');
        assert.ok((await a.main()).includes(t.loaded));
        assert.ok((await page.textContent('#source')).includes(`Thông báo ${n}/TB-BNV`));
        const testDay = lang === 'vi' ? 'Ngày nghỉ thử nghiệm' : 'Test day off';
        const row = page.locator('#days tr', { hasText: testDay });
        assert.equal(await row.count(), 1);
        assert.ok((await row.textContent()).includes(t.dayOff));
        await a.shot('calendar-loaded');

        await signIn(page, server, 'province_admin');
        await page.goto(`${server.base}/quan-tri`);
        await a.shot('index');

        // 3. As the province administrator. Units: find the commune, withdraw a procedure, offer
        // it again with a local limit.
        await page.click('#admin-units');
        await page.fill('#q', 'Thuận Châu');
        await Promise.all([page.waitForURL('**/quan-tri/don-vi?q=*'), page.click('form.search button')]);
        await a.shot('units-search');
        await Promise.all([page.waitForURL('**/quan-tri/don-vi/03721'),
          page.click('#units a[href="/quan-tri/don-vi/03721"]')]);
        await a.shot('unit');
        await page.fill('#procedure', '9.999999');
        await a.submit('#offer-submit');
        assert.ok((await a.main()).includes(t.unknown));
        assert.equal(await a.followError(), 'procedure');
        await a.shot('unit-error');
        await page.goto(`${server.base}/quan-tri/don-vi/03721?q=1.010038`);
        await a.submit('#offerings button[value=withdraw]');
        assert.ok((await a.main()).includes(t.withdrawn));
        await page.goto(`${server.base}/quan-tri/don-vi/03721?q=1.010038`);
        assert.equal(await page.locator('#offerings li').count(), 0, 'no longer offered');
        await page.fill('#procedure', '1.010038');
        await page.fill('#local_days', '4');
        await a.submit('#offer-submit');
        assert.ok((await a.main()).includes(t.offered));
        await page.goto(`${server.base}/quan-tri/don-vi/03721?q=1.010038`);
        assert.ok((await page.textContent('#offerings')).includes(`4 ${t.days}`));
        await a.shot('unit-offered');

        // 4. Workflow of 1.001193 at the commune: a zero budget is refused, then saved.
        await page.goto(`${server.base}/quan-tri/don-vi/03721?q=1.001193`);
        await Promise.all([page.waitForURL('**/quy-trinh'),
          page.click('#offerings a[href$="/quy-trinh"]')]);
        await a.shot('workflow');
        await page.check('#include_appraise');
        await page.fill('#budget_appraise', '0');
        await a.submit('#save-workflow');
        assert.ok((await a.main()).includes(t.badBudget));
        assert.equal(await a.followError(), 'budget_appraise');
        await a.shot('workflow-error');
        await page.fill('#budget_appraise', '2');
        await page.uncheck('#include_review');
        // The apology setting flips and stays (the runs share one server, so from what it is).
        const shifts = await page.isChecked('#pauses_shift_apology_due');
        await page.setChecked('#pauses_shift_apology_due', !shifts);
        await a.submit('#save-workflow');
        const saved = await a.main();
        assert.ok(saved.includes(t.workflowSaved) && saved.includes(t.ownWorkflow), saved);
        assert.equal(await page.inputValue('#budget_appraise'), '2');
        assert.equal(await page.isChecked('#include_review'), false);
        assert.equal(await page.isChecked('#pauses_shift_apology_due'), !shifts, 'saved');
        await a.shot('workflow-saved');

      } finally {
        await browser.close();
      }
    });
  }
}
