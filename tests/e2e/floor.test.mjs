// The service-centre floor in Chromium (issue 19): a ticket taken at the kiosk is called at a
// counter and appears, live and spoken, on a display page that stays open; the counter's rating
// terminal records a rating; the display reconnects by itself after the server restarts and shows
// the calls made since.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launch, screenshot } from './lib/browser.mjs';
import { signIn } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const UNIT = '03721';
const server = new Server();
let keys;
before(async () => {
  await server.start();
  keys = JSON.parse(readFileSync(join(server.dataDir, 'demo-floor.json'), 'utf8'));
});
after(async () => { await server.stop(); });

test('kiosk → counter → display board (live, spoken) → rating; the board survives a restart', async () => {
  const browser = await launch();
  try {
    // The display board, open for the whole journey.
    const board = await browser.context.newPage();
    const scriptErrors = [];
    board.on('pageerror', (e) => scriptErrors.push(e.message));
    await board.goto(`${server.base}/quay/${UNIT}/bang?k=${keys.display}`);
    await board.evaluate(() => { window.sameDocument = true; });

    // The kiosk: touch an area; the ticket page prints itself (window.print is recorded here).
    const kiosk = await browser.context.newPage();
    await kiosk.addInitScript(() => { window.print = () => { window.printed = true; }; });
    await kiosk.goto(`${server.base}/quay/${UNIT}/kiosk?k=${keys.kiosk}`);
    await Promise.all([kiosk.waitForURL('**/quay/ve/**'), kiosk.click('button.floor-take[data-area="ho-tich"]')]);
    const label = (await kiosk.locator('#ticket-label').textContent()).trim();
    assert.match(label, /^A-\d{3}$/);
    await kiosk.waitForFunction(() => window.printed === true);
    await screenshot(kiosk, 'floor-ticket');

    // The counter calls the next number.
    const counter = await browser.context.newPage();
    await signIn(counter, server, 'reception');
    await counter.goto(`${server.base}/can-bo/quay/${UNIT}/1`);
    await Promise.all([counter.waitForURL(`**/can-bo/quay/${UNIT}/1`), counter.click('#call-next')]);
    assert.equal((await counter.locator('#current-label').textContent()).trim(), label);

    // The board shows it without a reload, and says it.
    await board.locator('#now-label', { hasText: label }).waitFor({ timeout: 30_000 });
    assert.equal(await board.evaluate(() => window.sameDocument), true, 'the board was not reloaded');
    await board.waitForFunction((l) => window.floorBoard.spoken.some((s) => s.text.includes(l.replace('-', ' '))), label);
    const spoken = await board.evaluate(() => window.floorBoard.spoken.at(-1));
    assert.match(spoken.text, /^Mời số A \d{3} đến quầy số 1$/);
    await screenshot(board, 'floor-board');

    // Service, then the rating terminal of counter 1.
    await Promise.all([counter.waitForLoadState(), counter.click('button[value="start"]')]);
    await Promise.all([counter.waitForLoadState(), counter.click('button[value="end"]')]);
    const terminal = await browser.context.newPage();
    await terminal.goto(`${server.base}/quay/${UNIT}/danh-gia?k=${keys.rating}`);
    assert.match(await terminal.locator('form').textContent(), new RegExp(label));
    await terminal.fill('#comment', 'Cán bộ hướng dẫn tận tình');
    await Promise.all([terminal.waitForLoadState(), terminal.click('button.floor-score-4')]);
    await terminal.locator('.notice[role=status]').waitFor();
    assert.equal(await terminal.locator('button.floor-score-4').count(), 0, 'rated once');
    const director = await browser.context.newPage();
    await signIn(director, server, 'centre_director');
    const ratings = await (await director.request.get(`${server.base}/api/v1/units/${UNIT}/floor/ratings`)).json();
    assert.ok(ratings.ratings.some((r) => r.score === 4 && r.counter === 1 && r.comment === 'Cán bộ hướng dẫn tận tình'));

    // The server restarts; the board page stays open and catches up by itself.
    await server.restart();
    const issued = await fetch(`${server.base}/api/v1/units/${UNIT}/floor/tickets`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Floor-Device': keys.kiosk },
      body: JSON.stringify({ area: 'ho-tich' }) });
    assert.equal(issued.status, 201);
    const second = (await issued.json()).label;
    await signIn(counter, server, 'reception');  // the browser's session was the director's since
    await counter.goto(`${server.base}/can-bo/quay/${UNIT}/1`);
    await Promise.all([counter.waitForURL(`**/can-bo/quay/${UNIT}/1`), counter.click('#call-next')]);
    await board.locator('#now-label', { hasText: second }).waitFor({ timeout: 30_000 });
    assert.equal(await board.evaluate(() => window.sameDocument), true, 'the board reconnected by itself');
    assert.match(await board.locator('#recent').textContent(), new RegExp(label));
    assert.deepEqual(scriptErrors, []);
  } finally {
    await browser.close();
  }
});
