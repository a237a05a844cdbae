// The journeys the browser tests walk: every page that exists, how to reach it, and its budget.
// To cover a new page, add an entry here; pages.test.mjs, pseudo_locale.test.mjs and the budget
// table pick it up.
//
//   name      short id, used in screenshot names and the table
//   path      what to open (the test adds ?lang=…)
//   signIn    demo role to sign in as first (the demo accounts of `motcua serve --demo`)
//   status    the HTTP status the page answers with (default 200)
//   public    whether anonymous visitors reach it (the transfer budget is stated for these)
//   prepare   optional async (page, server) => void run after sign-in, before each visit
//   visit     optional async (page, url) => Response, for a state reached by doing something
//             (a form sent); default: page.goto(url)
//   budget    optional {first, repeat} in bytes, overriding DEFAULT_BUDGET; false: not measured
//             (a state that a repeat visit cannot reach again)
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Officers } from './officers.mjs';

export const DEFAULT_BUDGET = { first: 60 * 1024, repeat: 15 * 1024 };

export const LANGUAGES = ['vi', 'en'];

let unknownUsers = 0;

export const PAGES = [
  { name: 'home', path: '/', public: true },
  { name: 'procedures', path: '/procedures', public: true },
  { name: 'procedures-search', path: '/procedures?q=khai+sinh', public: true },
  { name: 'procedures-none', path: '/procedures?q=zzqxw', public: true },
  { name: 'procedure', path: '/procedures/1.001193', public: true },
  { name: 'procedure-unknown', path: '/procedures/9.999999', public: true, status: 404 },
  { name: 'sign-in', path: '/dang-nhap', public: true },
  { name: 'resident-sign-in', path: '/dang-nhap-cong-dan', public: true },
  { name: 'lookup', path: '/tra-cuu', public: true },
  { name: 'lookup-unknown', path: '/tra-cuu/h14.03721 000000 0000 ', public: true, status: 404 },
  { name: 'procedures-synonym', path: '/procedures?q=doc+than', public: true },
  {
    name: 'sign-in-refused', path: '/dang-nhap', public: true, status: 401, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      // A new name each time, so the per-account lockout never answers instead.
      await page.fill('#username', `khong.co.ai.${++unknownUsers}`);
      await page.fill('#password', 'sai-mat-khau');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('form.form button[type=submit]'),
      ]);
      await page.waitForLoadState();
      return response;
    },
  },
  { name: 'not-found', path: '/khong-co-trang-nay', public: true, status: 404 },
  // Accommodation notices (issue 21): the host's start page (VNeID sign-in) and the police desk.
  { name: 'lodging-host', path: '/luu-tru', public: true },
  { name: 'lodging-desk', path: '/cong-an/luu-tru', signIn: 'police', public: false },
  { name: 'lodging-stats', path: '/cong-an/luu-tru/thong-ke', signIn: 'police', public: false },
  { name: 'desk', path: '/can-bo', signIn: 'reception', public: false },
  {
    // A sign-out form whose security token has gone stale (an old tab): refused, with a page.
    name: 'stale-form', path: '/can-bo', signIn: 'reception', public: false, status: 403,
    budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      await page.evaluate(() => { document.querySelector('input[name=_csrf]').value = 'stale'; });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('form[action="/dang-xuat"] button[type=submit]'),
      ]);
      await page.waitForLoadState();
      return response;
    },
  },
  // The officer desk: the work list, counter intake, a dossier with its action forms.
  { name: 'desk-all', path: '/can-bo?all=1', signIn: 'reception', public: false },
  { name: 'desk-overdue', path: '/can-bo?all=1&overdue=1', signIn: 'reception', public: false },
  { name: 'desk-intake', path: '/can-bo/tiep-nhan', signIn: 'reception', public: false },
  {
    // The intake form sent empty (the browser's own checks switched off): the error summary.
    name: 'desk-intake-errors', path: '/can-bo/tiep-nhan', signIn: 'reception', public: false,
    status: 400, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      await page.evaluate(() => { document.querySelector('form.intake').noValidate = true; });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('#receive'),
      ]);
      await page.waitForLoadState();
      return response;
    },
  },
  {
    // An organisation sent with a malformed tax code and a representative without details.
    name: 'desk-intake-organisation-errors', path: '/can-bo/tiep-nhan', signIn: 'reception',
    public: false, status: 400, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      await page.evaluate(() => { document.querySelector('form.intake').noValidate = true; });
      await page.check('#kind-organisation');
      await page.fill('#org_name', 'Hợp tác xã Chè Thuận Châu');
      await page.fill('#org_code', '12345');
      await page.check('#has_rep');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('#receive'),
      ]);
      await page.waitForLoadState();
      return response;
    },
  },
  {
    // A form too large for the server (over max_body_bytes, 24 MiB by default): a page, not JSON.
    name: 'too-large', path: '/can-bo/tiep-nhan', signIn: 'reception', public: false,
    status: 413, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      await page.evaluate(() => {
        document.querySelector('form.intake').noValidate = true;
        document.querySelector('#address').value = 'x'.repeat(25 * 1024 * 1024);
      });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('#receive'),
      ]);
      await page.waitForLoadState();
      return response;
    },
  },
  {
    // The first dossier of the unit's list, with the reception officer's action forms.
    name: 'desk-dossier', path: '/can-bo?all=1', signIn: 'reception', public: false,
    budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      const href = await page.getAttribute('.worklist li a >> nth=0', 'href');
      const lang = new URL(url).searchParams.get('lang');
      return page.goto(new URL(withLang(href, lang), url).toString());
    },
  },
  { name: 'desk-dossier-unknown', path: '/can-bo/ho-so/H14.03721-000000-0000', signIn: 'reception',
    public: false, status: 404 },
  { name: 'desk-signer', path: '/can-bo', signIn: 'signer', public: false },
  {
    name: 'desk-signer-dossier', path: '/can-bo', signIn: 'signer', public: false, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      const href = await page.getAttribute('.worklist li a >> nth=0', 'href');
      const lang = new URL(url).searchParams.get('lang');
      return page.goto(new URL(withLang(href, lang), url).toString());
    },
  },
  { name: 'desk-clerk', path: '/can-bo', signIn: 'clerk', public: false },
  // Administration.
  { name: 'admin', path: '/quan-tri', signIn: 'province_admin', public: false },
  { name: 'admin-accounts', path: '/quan-tri/don-vi/03721/tai-khoan', signIn: 'province_admin',
    public: false },
  { name: 'access-log', path: '/quan-tri/nhat-ky-truy-cap', signIn: 'auditor', public: false },
  // The catalogue and calendar administration, each with its form sent with one bad value.
  { name: 'admin-units', path: '/quan-tri/don-vi', signIn: 'province_admin', public: false },
  { name: 'admin-unit', path: '/quan-tri/don-vi/03721', signIn: 'province_admin', public: false },
  badForm('admin-unit-error', '/quan-tri/don-vi/03721', '#procedure', '9.999999', '#offer-submit'),
  // National data: the procedure records and the year's announcement (the national administrator).
  { name: 'desk-national', path: '/can-bo', signIn: 'national_admin', public: false },
  { name: 'admin-procedures', path: '/quan-tri/thu-tuc?q=khai+sinh', signIn: 'national_admin',
    public: false },
  { name: 'admin-procedure', path: '/quan-tri/thu-tuc/1.001193', signIn: 'national_admin',
    public: false },
  badForm('admin-procedure-error', '/quan-tri/thu-tuc/1.001193', '#fee_amount_0', 'x',
    '#save-procedure', 'national_admin'),
  { name: 'admin-workflow', path: '/quan-tri/don-vi/03721/thu-tuc/1.001193/quy-trinh',
    signIn: 'province_admin', public: false },
  badForm('admin-workflow-error', '/quan-tri/don-vi/03721/thu-tuc/1.001193/quy-trinh',
    '#budget_receive', '0', '#save-workflow'),
  { name: 'admin-calendar', path: '/quan-tri/lich/2026', signIn: 'national_admin', public: false },
  { name: 'admin-synonyms', path: '/quan-tri/tu-dong-nghia', signIn: 'national_admin', public: false },
  badForm('admin-synonyms-error', '/quan-tri/tu-dong-nghia', '#phrase', ' ', '#synonym-form button',
    'national_admin'),
  badForm('admin-calendar-error', '/quan-tri/lich/2026', '#announcement', '{"year": 2026}',
    '#load-announcement', 'national_admin'),
  // The resident portal. "resident" signs in through the test-only resident session (the real
  // VNeID sign-in is walked by portal.test.mjs).
  { name: 'submit-start', path: '/nop-ho-so?thu_tuc=1.001193', public: true },
  { name: 'wizard-applicant', path: '/nop-ho-so?thu_tuc=1.001193', signIn: 'resident', public: false },
  {
    name: 'wizard-error', path: '/nop-ho-so?thu_tuc=1.001193', signIn: 'resident', public: false,
    status: 422, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      await page.fill('#dia_chi', '');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('button[value=tiep]'),
      ]);
      await page.waitForLoadState();
      return response;
    },
  },
  {
    name: 'wizard-component', path: '/nop-ho-so?thu_tuc=1.001193', signIn: 'resident',
    public: false, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      await page.fill('#dia_chi', 'Bản Nà Lĩu');
      await Promise.all([page.waitForNavigation(), page.click('button[value=tiep]')]);
      await page.fill('#dien_thoai', '0912345678');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('button[value=tiep]'),
      ]);
      await page.waitForLoadState();
      return response;
    },
  },
  // The queue floor (issue 19): devices open their pages with the key the demo issued them.
  { name: 'floor-kiosk', path: '/quay/03721/kiosk', public: true, prepare: floorKeys,
    visit: (page, url) => page.goto(`${url}&k=${page.floorKeys.kiosk}`) },
  { name: 'floor-ticket', path: '/quay/ve/{id}', public: true, budget: false,
    prepare: async (page, server) => {
      await floorKeys(page, server);
      const r = await fetch(`${server.base}/api/v1/units/03721/floor/tickets`, {
        method: 'POST', body: JSON.stringify({ area: 'dat-dai' }),
        headers: { 'Content-Type': 'application/json', 'X-Floor-Device': page.floorKeys.kiosk } });
      page.floorTicket = (await r.json()).id;
    },
    visit: (page, url) => page.goto(url.replace('{id}', page.floorTicket)) },
  { name: 'floor-board', path: '/quay/03721/bang', public: true, budget: false, prepare: floorKeys,
    visit: (page, url) => page.goto(`${url}&k=${page.floorKeys.display}`) },
  { name: 'floor-rating', path: '/quay/03721/danh-gia', public: true, prepare: floorKeys,
    visit: (page, url) => page.goto(`${url}&k=${page.floorKeys.rating}`) },
  { name: 'floor-counter', path: '/can-bo/quay/03721/1', signIn: 'reception', public: false },
  { name: 'floor-stats', path: '/can-bo/quay/03721/thong-ke', signIn: 'centre_director', public: false },
  { name: 'floor-book', path: '/quay/03721/dat-lich', signIn: 'resident', public: false },
  { name: 'my-dossiers', path: '/ho-so-cua-toi', signIn: 'resident', public: false },
  // The community group member's tablet app (its offline part is community_offline.test.mjs).
  { name: 'community-app', path: '/to-cong-nghe-so', signIn: 'community_member', public: false },
  {
    name: 'my-dossier', path: '/ho-so-cua-toi/{code}', signIn: 'resident', public: false,
    budget: false,
    visit: async (page, url) => {
      const code = await residentDossier(page, new URL(url).origin);
      return page.goto(url.replace('{code}', encodeURIComponent(code)));
    },
  },
  {
    // A dossier of the resident refused at reception: the reason and the refusal form (Mẫu 03).
    name: 'my-dossier-refused', path: '/ho-so-cua-toi/{code}', signIn: 'resident', public: false,
    budget: false,
    prepare: (page, server) => residentOutcome(page, server, 'refused', [
      ['reception', 'refuse', { reason: 'Thủ tục không thuộc thẩm quyền của xã' }]]),
    visit: (page, url) => page.goto(url.replace('{code}', page.outcomes.refused)),
  },
  {
    // A dossier with an apology and a new date: the reason, both dates and Mẫu 04.
    name: 'my-dossier-apology', path: '/ho-so-cua-toi/{code}', signIn: 'resident', public: false,
    budget: false,
    prepare: (page, server) => residentOutcome(page, server, 'apology', [
      ['reception', 'accept'],
      ['unit_head', 'apologise', async () => ({ reason: 'Chờ kết quả xác minh',
        new_due: (await workingDayAfter(server.base, new Date().toISOString(), 25)).at1600 })]]),
    visit: (page, url) => page.goto(url.replace('{code}', page.outcomes.apology)),
  },
];

// An admin page whose form is sent with `value` in `field` (400, the error summary shown).
function badForm(name, path, field, value, button, signIn = 'province_admin') {
  return {
    name, path, signIn, public: false, status: 400, budget: false,
    visit: async (page, url) => {
      await page.goto(url);
      if (field === '#budget_receive') await page.check('#include_receive');
      await page.fill(field, value);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click(button),
      ]);
      await page.waitForLoadState();
      return response;
    },
  };
}

const RESIDENT = { subject: 'e2e-resident', id_number: '001099012345', name: 'Nguyễn Văn A', level2: true };

// Returns the code of a dossier the test resident filed online (filing one the first time).
async function residentDossier(page, origin) {
  if (page.residentDossier) return page.residentDossier;
  const mine = await (await page.request.get(origin + '/api/v1/me/dossiers')).json();
  if (mine.items && mine.items.length > 0) {
    page.residentDossier = mine.items[0].code;
    return page.residentDossier;
  }
  page.residentDossier = await fileAsResident(page, origin);
  return page.residentDossier;
}

// Files a new dossier online as the test resident and has the officers take `steps` on it
// ([role, action, args], through the JSON API), once per page: page.outcomes[key] is its code.
async function residentOutcome(page, server, key, steps) {
  page.outcomes ??= {};
  if (page.outcomes[key]) return;
  const code = await fileAsResident(page, server.base);
  server.officers ??= new Officers(server);
  for (const [role, action, args] of steps) {
    await server.officers.act(code, role, action, typeof args === 'function' ? await args() : args);
  }
  page.outcomes[key] = code;
}

// Files a dossier online as the test resident signed in on `page`; returns its code.
async function fileAsResident(page, origin) {
  const r = await page.request.post(origin + '/api/v1/dossiers', {
    headers: { 'X-CSRF-Token': page.residentCsrf },
    data: {
      unit: '03721', procedure_code: '1.001193', channel: 'online', result_delivery: 'online',
      applicant: { full_name: RESIDENT.name, id_number: RESIDENT.id_number, phone: '0912345678',
        address: 'Bản Nà Lĩu' },
      components: [{ name: 'Giấy chứng sinh', original: true }],
    },
  });
  if (r.status() !== 201) throw new Error(`filing the resident's dossier: ${await r.text()}`);
  return (await r.json()).code;
}

// Returns the working day `days` working days after the instant `start` (RFC 3339), as the server's
// calendar counts them (POST /api/v1/deadlines): an apology's new date must fall in working time,
// and skipping weekends alone would still land on a holiday now and then. Returns { iso:
// "2027-01-12", shown: "12/01/2027", at1600: "2027-01-12T16:00:00+07:00" }.
export async function workingDayAfter(origin, start, days) {
  const r = await fetch(origin + '/api/v1/deadlines', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ start, amount: days, unit: 'working_days' }),
  });
  if (!r.ok) throw new Error(`computing a working day: ${await r.text()}`);
  const iso = (await r.json()).due.slice(0, 10);
  return { iso, shown: iso.split('-').reverse().join('/'), at1600: `${iso}T16:00:00+07:00` };
}

// Keeps the demo floor's device keys (serve --demo writes them to demo-floor.json) on the page.
async function floorKeys(page, server) {
  page.floorKeys ??= JSON.parse(readFileSync(join(server.dataDir, 'demo-floor.json'), 'utf8'));
}

// Returns `path` with ?lang=<lang> added.
export function withLang(path, lang) {
  return path + (path.includes('?') ? '&' : '?') + 'lang=' + lang;
}

// Returns the current TOTP code (RFC 6238, SHA-1, 6 digits, 30 s) of a base-32 secret.
export function totp(secretB32, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretB32.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const o = mac[19] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// Signs in through the sign-in form as the demo account of `role`, in this page's context
// (with the second factor for the roles that have one; "resident": a resident session from
// the test endpoint, sharing the page's cookies).
export async function signIn(page, server, role) {
  if (role === 'resident') {  // the test-only resident session (server.mjs enables it)
    const r = await page.request.post(server.base + '/api/v1/_test/resident-session', { data: RESIDENT });
    if (r.status() !== 201) throw new Error(`resident session: ${await r.text()}`);
    page.residentCsrf = (await r.json()).csrf;
    return;
  }
  const a = server.account(role);
  // Leave any earlier officer's session (the sign-in page sends a signed-in officer to the desk).
  const context = page.context();
  const kept = (await context.cookies()).filter((c) => c.name !== 'motcua_session');
  await context.clearCookies();
  if (kept.length) await context.addCookies(kept);
  await page.goto(server.base + '/dang-nhap');
  await page.fill('#username', a.username);
  await page.fill('#password', a.password);
  if (a.totp_secret) await page.fill('#totp_code', totp(a.totp_secret));
  await Promise.all([page.waitForURL('**/can-bo'), page.click('form.form button[type=submit]')]);
}

// Opens a journey's page in `lang` and returns the main response.
export function open(page, server, entry, lang) {
  const url = server.base + withLang(entry.path, lang);
  return entry.visit ? entry.visit(page, url) : page.goto(url);
}

// Walks the journeys, anonymous ones first, then those behind a sign-in, and calls
// `each(entry)` after signing in (once per role) and running the entry's prepare step.
export async function walk(page, server, each, entries = PAGES) {
  const ordered = [...entries].sort((a, b) => (a.signIn ? 1 : 0) - (b.signIn ? 1 : 0));
  let signedInAs = null;
  for (const entry of ordered) {
    if (entry.signIn && entry.signIn !== signedInAs) {
      await signIn(page, server, entry.signIn);
      signedInAs = entry.signIn;
    }
    if (entry.prepare) await entry.prepare(page, server);
    await each(entry);
  }
}
