// Every page in the test-only pseudo-locale qps (option pseudo_locale): each catalogued message
// shows between ⟦ ⟧ and each piece of data (a name, a code) between ⟪ ⟫ (web/kit/view.h). A text with
// letters outside both kinds of markers did not come from the catalogue: the test names it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, screenshot } from './lib/browser.mjs';
import { open, walk } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

const server = new Server();
before(async () => { await server.start(); });
after(async () => { await server.stop(); });

// Runs in the page: returns every visible text (text nodes, the title, and the attributes people
// see or hear) with letters left once the marked parts are removed. Text inside an element whose
// lang differs from the page's (the language switch, named in its own language) is left out.
function uncatalogued() {
  const strip = (s) => s.replace(/⟦[^⟧]*⟧/g, '').replace(/⟪[^⟫]*⟫/g, '');
  const hasLetters = (s) => /\p{L}/u.test(strip(s));
  const pageLang = document.documentElement.lang;
  const foreign = (el) => {
    const owner = el && el.closest('[lang]');
    return owner && owner.lang !== pageLang;
  };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.classList.length ? '.' + [...e.classList].join('.') : ''));
    }
    return parts.join(' > ');
  };
  const found = [];
  if (hasLetters(document.title)) found.push(`<title>: ${JSON.stringify(document.title)}`);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName) || foreign(el)) continue;
    if (hasLetters(n.data)) found.push(`${where(el)}: ${JSON.stringify(n.data.trim())}`);
  }
  const attrs = ['placeholder', 'title', 'alt', 'aria-label', 'aria-description', 'aria-placeholder'];
  for (const el of document.body.querySelectorAll('*')) {
    if (foreign(el)) continue;
    for (const a of attrs) {
      const v = el.getAttribute(a);
      if (v && hasLetters(v)) found.push(`${where(el)} [${a}]: ${JSON.stringify(v)}`);
    }
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(type) && hasLetters(el.value)) {
      found.push(`${where(el)} [value]: ${JSON.stringify(el.value)}`);
    }
  }
  return found;
}

test('every page shows only catalogued text in the pseudo-locale', async (t) => {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await walk(page, server, async (entry) => {
      await t.test(entry.name, async () => {
        const response = await open(page, server, entry, 'qps');
        assert.equal(response.status(), entry.status ?? 200);
        assert.equal(await page.getAttribute('html', 'lang'), 'qps', 'the pseudo-locale is served');
        assert.match(await page.textContent('body'), /⟦/, 'catalogued text is marked');
        await screenshot(page, `${entry.name}-qps`);
        assert.deepEqual(await page.evaluate(uncatalogued), [],
          `${entry.path}: text that is not in the message catalogue`);
      });
    });
  } finally {
    await browser.close();
  }
});

test('the check finds a text that bypassed the catalogue', async () => {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.goto(server.base + '/?lang=qps');
    assert.deepEqual(await page.evaluate(uncatalogued), []);
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Giờ làm việc: 7:30';
      document.querySelector('main').append(p);
      document.querySelector('input, a').setAttribute('aria-label', 'Menu');
    });
    const found = await page.evaluate(uncatalogued);
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found[0], /Giờ làm việc/);
  } finally {
    await browser.close();
  }
});

test('the pseudo-locale is off unless the option enables it', async () => {
  const plain = new Server();
  await plain.start({ env: { MOTCUA_PSEUDO_LOCALE: 'false' } });
  try {
    const html = await (await fetch(plain.base + '/?lang=qps')).text();
    assert.match(html, /<html lang="vi">/);
    assert.doesNotMatch(html, /⟦|⟪/);
  } finally {
    await plain.stop();
  }
});
