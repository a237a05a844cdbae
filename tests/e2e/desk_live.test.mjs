// The officer's work list, live: while one officer keeps /can-bo open, what other officers do
// shows up in it without a reload — the page's event stream (/can-bo/su-kien, Server-Sent Events)
// says the list changed and desk.js swaps in the list rendered again by the server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, screenshot } from './lib/browser.mjs';
import { signIn } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const server = new Server();
before(async () => { await server.start(); });
after(async () => { await server.stop(); });

test('the work list follows other officers without a reload', async () => {
  const watching = await launch();
  const acting = await launch();
  try {
    const page = await watching.context.newPage();
    await signIn(page, server, 'signer');  // lands on the signer's queue, /can-bo
    await page.evaluate(() => { window.sameDocument = true; });

    // The receptionist, in another browser, receives a dossier at the counter: it is the
    // signer's to assign, so it enters the signer's list.
    const other = await acting.context.newPage();
    await signIn(other, server, 'reception');
    await other.goto(`${server.base}/can-bo/tiep-nhan`);
    await other.selectOption('#procedure_code', '1.001193');
    await other.fill('#full_name', 'Cầm Thị Lan');
    await other.fill('#id_number', '001099012345');
    await other.fill('#comp_name_0', 'Tờ khai');
    await other.selectOption('#comp_kind_0', 'original');
    await Promise.all([other.waitForURL('**/can-bo/ho-so/**'), other.click('#receive')]);
    const code = decodeURIComponent(new URL(other.url()).pathname.split('/').pop());
    const row = page.locator('#worklist-items li', { hasText: code });
    await row.waitFor({ state: 'attached', timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
    assert.notEqual((await row.locator('[data-remaining]').textContent()).trim(), '');
    await screenshot(page, 'desk-live-entered');

    // Another signer assigns it to a specialist: it leaves this signer's list.
    await signIn(other, server, 'signer');
    await other.goto(`${server.base}/can-bo/ho-so/${encodeURIComponent(code)}`);
    await other.click('#action-assign > summary');
    await other.selectOption('#act-assign-handler', 'demo.specialist');
    await Promise.all([other.waitForURL('**xong=assign'), other.click('#do-assign')]);
    await row.waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
  } finally {
    await watching.close();
    await acting.close();
  }
});
