// The language switch on every page, and the choice remembered for the visitor (motcua_lang
// cookie) across pages, sign-in and a new visit, without asking again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch } from './lib/browser.mjs';
import { PAGES, signIn } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const server = new Server();
before(async () => { await server.start(); });
after(async () => { await server.stop(); });

const lang = (page) => page.getAttribute('html', 'lang');
const langCookie = async (context) =>
  (await context.cookies(server.base)).find((c) => c.name === 'motcua_lang');

test('every page offers the other language, and the link keeps the page', async () => {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    for (const entry of PAGES.filter((p) => !p.signIn && !p.visit)) {
      await page.goto(server.base + entry.path);
      assert.equal(await lang(page), 'vi', entry.path);
      const link = page.locator('a.lang');
      assert.equal(await link.getAttribute('hreflang'), 'en', entry.path);
      assert.equal(await link.textContent(), 'English');
      await link.click();
      await page.waitForLoadState();
      assert.equal(await lang(page), 'en', entry.path);
      const url = new URL(page.url());
      assert.equal(url.pathname, new URL(server.base + entry.path).pathname);
      for (const [k, v] of new URL(server.base + entry.path).searchParams) {
        assert.equal(url.searchParams.get(k), v, `${entry.path} keeps ${k}`);
      }
      await page.locator('a.lang').click();  // and back, for the next page
      await page.waitForLoadState();
      assert.equal(await lang(page), 'vi', entry.path);
    }
  } finally {
    await browser.close();
  }
});

test('the chosen language is remembered across pages, sign-in and visits', async () => {
  const browser = await launch();
  try {
    const { context } = browser;
    const page = await context.newPage();
    await page.goto(server.base + '/');
    assert.equal(await lang(page), 'vi', 'Vietnamese by default');
    assert.equal(await langCookie(context), undefined, 'nothing remembered before a choice');

    await page.click('a.lang');
    await page.waitForURL('**/?lang=en');
    assert.equal(await lang(page), 'en');
    const cookie = await langCookie(context);
    assert.equal(cookie.value, 'en');
    assert.ok(cookie.expires > Date.now() / 1000 + 300 * 24 * 3600, 'kept for about a year');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');

    // Plain links, no ?lang=: still English.
    await page.click('nav a[href="/thu-tuc"]');
    await page.waitForLoadState();
    assert.equal(await lang(page), 'en');
    assert.match(await page.textContent('h1'), /Administrative procedures/);
    await page.click('ul.results li a >> nth=0');
    await page.waitForLoadState();
    assert.equal(await lang(page), 'en');

    // Through sign-in to the desk, and on the desk.
    await signIn(page, server, 'reception');
    assert.equal(await lang(page), 'en');
    assert.match(await page.textContent('h1'), /Desk/);

    // Switching back on the desk is remembered the same way.
    await page.click('a.lang');
    await page.waitForLoadState();
    assert.equal(await lang(page), 'vi');
    assert.equal((await langCookie(context)).value, 'vi');
    await page.goto(server.base + '/dang-nhap');  // signed in: on to the desk
    assert.equal(await lang(page), 'vi');
    await page.click('a.lang');
    await page.waitForLoadState();
    assert.equal((await langCookie(context)).value, 'en');

    // A new visit in the same browser (new tab, no ?lang=) is in English at once.
    const later = await context.newPage();
    await later.goto(server.base + '/procedures');
    assert.equal(await lang(later), 'en');
  } finally {
    await browser.close();
  }

  // Another visitor is not affected.
  const other = await launch();
  try {
    const page = await other.context.newPage();
    await page.goto(server.base + '/');
    assert.equal(await lang(page), 'vi');
  } finally {
    await other.close();
  }
});
