// Every page, in Vietnamese and English, on a desktop and on a 360×740 phone: no serious or
// critical accessibility violation (axe-core), no sideways scrolling, a screenshot kept as an
// artefact; then the transfer budget of a first and a repeat visit, printed as a table.
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ARTIFACTS, TransferMeter, VIEWPORTS, launch, screenshot, scrollWidth,
  seriousAxeViolations } from './lib/browser.mjs';
import { DEFAULT_BUDGET, LANGUAGES, open, walk, withLang } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const server = new Server();
before(async () => { await server.start(); });
after(async () => { await server.stop(); });

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`pages on a ${size} (${viewport.width}×${viewport.height})`, async (t) => {
    const browser = await launch({ viewport });
    try {
      const page = await browser.context.newPage();
      await walk(page, server, async (entry) => {
        for (const lang of LANGUAGES) {
          await t.test(`${entry.name} (${lang})`, async () => {
            const response = await open(page, server, entry, lang);
            assert.equal(response.status(), entry.status ?? 200, `${entry.path}: HTTP status`);
            assert.equal(await page.getAttribute('html', 'lang'), lang);
            await screenshot(page, `${entry.name}-${lang}-${size}`);
            assert.deepEqual(await seriousAxeViolations(page), [],
              `${entry.path} (${lang}, ${size}): axe`);
            const width = await scrollWidth(page);
            assert.ok(width <= viewport.width, `${entry.path} (${lang}, ${size}) scrolls ` +
              `sideways: ${width} px wide in a ${viewport.width} px viewport`);
          });
        }
      });
    } finally {
      await browser.close();
    }
  });
}

test('transfer budget: first and repeat visit of each page', async (t) => {
  const rows = [];
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const meter = await TransferMeter.attach(page);
    await walk(page, server, async (entry) => {
      if (entry.budget === false) return;
      for (const lang of LANGUAGES) {
        const url = server.base + withLang(entry.path, lang);
        await page.goto('about:blank');
        await meter.clearCache();
        const first = await meter.measure(() => page.goto(url));
        await page.goto('about:blank');
        const repeat = await meter.measure(() => page.goto(url));
        const budget = { ...DEFAULT_BUDGET, ...entry.budget };
        rows.push({ entry, lang, first, repeat, budget });
      }
    });
  } finally {
    await browser.close();
  }
  const kb = (n) => (n / 1024).toFixed(1);
  const lines = [
    '| page | lang | path | first visit KB (requests) | repeat visit KB (requests) |',
    '|---|---|---|---:|---:|',
    ...rows.map(({ entry, lang, first, repeat }) =>
      `| ${entry.name}${entry.public ? '' : ' (signed in)'} | ${lang} | ${entry.path} | ` +
      `${kb(first.bytes)} (${first.requests.length}) | ${kb(repeat.bytes)} (${repeat.requests.length}) |`),
    '',
    `Budget: first visit ≤ ${kb(DEFAULT_BUDGET.first)} KB, repeat visit ≤ ${kb(DEFAULT_BUDGET.repeat)} KB ` +
    '(bytes on the wire: headers and compressed bodies, from the DevTools protocol).',
  ];
  console.log('\n' + lines.join('\n') + '\n');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'transfer.md'), lines.join('\n') + '\n');
  for (const { entry, lang, first, repeat, budget } of rows) {
    const detail = (m) => m.requests.map((r) => `${r.url} ${r.bytes}`).join('; ');
    assert.ok(first.bytes <= budget.first,
      `${entry.path} (${lang}) first visit ${first.bytes} B > ${budget.first} B: ${detail(first)}`);
    assert.ok(repeat.bytes <= budget.repeat,
      `${entry.path} (${lang}) repeat visit ${repeat.bytes} B > ${budget.repeat} B: ${detail(repeat)}`);
    // Chromium fetches the icon on its own schedule (sometimes after the measurement, sometimes
    // again); its bytes count, but it is not one of the page's subresources.
    const refetched = repeat.requests.filter((r) => !/\/favicon\.svg/.test(r.url));
    assert.ok(refetched.length <= 1,
      `${entry.path} (${lang}) repeat visit asked for more than the page: ${detail(repeat)}`);
  }
});
