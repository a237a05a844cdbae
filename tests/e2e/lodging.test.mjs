// The accommodation-notice journey (issue 21) on a 360×740 phone, against the real binary and the
// real OpenID Connect provider standing in for VNeID: a host signs in, registers a homestay; the
// commune police (demo.police) confirm it; the host adds a room and checks in two guests at once —
// one Vietnamese, one foreign — declaring them; the police desk shows both, confirms receipt and
// exports the two files the national systems take. The XLSX is read back with python3-openpyxl
// and the XML checked against the element list of domain.md §10.1. Every page is checked with axe
// and for sideways scrolling; the host's page stays within the 60 KB first-visit budget.
// Needs root (the provider runs as www-data) and nginx + lemonldap-ng, as test_oidc.py does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { TransferMeter, VIEWPORTS, launch, pageChecker } from './lib/browser.mjs';
import { signInAtProvider, startWithProvider } from './lib/oidc.mjs';
import { Officers } from './lib/officers.mjs';
import { DEFAULT_BUDGET } from './lib/pages.mjs';
import { Server } from './lib/server.mjs';

let provider;
const server = new Server();
const officers = new Officers(server);

before(async () => { provider = await startWithProvider(server); });
after(async () => { if (provider) await provider.stop(); });

// The Vietnam date `days` from today, yyyy-mm-dd.
function vnDay(days = 0) {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

// Debian's Python, where python3-openpyxl is installed (a python3 earlier in PATH may lack it).
const PYTHON = process.env.MOTCUA_PYTHON || '/usr/bin/python3';

function python(code, ...args) {
  const r = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const XML_ELEMENTS = ['so_thu_tu', 'ho_ten', 'ngay_sinh', 'ngay_sinh_dung_den', 'gioi_tinh',
  'ma_quoc_tich', 'so_ho_chieu', 'so_phong', 'ngay_den', 'ngay_di_du_kien', 'thoi_han_tam_tru'];

test('a host declares two guests from a phone; the police confirm and export them', async () => {
  const viewport = VIEWPORTS.phone;
  const lang = 'vi';
  const host = await launch({ viewport, args: provider.args });
  const police = await launch({ viewport });
  const page = await host.context.newPage();
  const desk = await police.context.newPage();
  const check = pageChecker(page, { lang, size: 'phone', prefix: 'lodging-host-' });
  const checkDesk = pageChecker(desk, { lang, size: 'phone', prefix: 'lodging-police-' });
  const click = async (p, selector) => {
    await Promise.all([p.waitForNavigation(), p.click(selector)]);
  };
  const { settings } = provider;
  try {
    // The host signs in with "VNeID" and registers a homestay.
    await page.goto(`${server.base}/luu-tru?lang=${lang}`);
    await check('sign-in');
    await signInAtProvider(page, settings, '/luu-tru');
    await check('home');
    await page.fill('#name', 'Homestay Bản Lác');
    await page.selectOption('#type', 'homestay');
    await page.fill('#address', 'Bản Lác, xã Thuận Châu');
    await page.fill('#phone', '0912345678');
    await click(page, 'form[action="/luu-tru"] button[type=submit]');
    assert.match(await page.textContent('.success'), /công an xã sẽ xác nhận/i);
    assert.match(await page.textContent('.worklist'), /chờ công an xác nhận/);
    await check('registered');

    // The police confirm it.
    await police.context.addCookies([await officers.cookie('police')]);
    await desk.goto(`${server.base}/cong-an/luu-tru?lang=${lang}`);
    assert.match(await desk.textContent('main'), /Homestay Bản Lác/);
    await checkDesk('pending');
    await click(desk, 'button[value=confirm_facility]');
    assert.match(await desk.textContent('.success'), /Đã xác nhận cơ sở/);

    // The host adds a room and checks in two guests in one form.
    await page.goto(`${server.base}/luu-tru?lang=${lang}`);
    await click(page, '.worklist a');
    const facilityPath = new URL(page.url()).pathname;
    await page.fill('#room', '101');
    await click(page, 'button[value=add_room]');
    const meter = await TransferMeter.attach(page);
    await meter.clearCache();
    const first = await meter.measure(() => page.goto(`${server.base}${facilityPath}?n=2&lang=${lang}`));
    assert.ok(first.bytes <= DEFAULT_BUDGET.first,
      `the host's check-in page took ${first.bytes} bytes on a first visit`);
    await check('check-in');
    await page.fill('#g0_name', 'Lê Thị Hoa');
    await page.fill('#g0_doc', '001090000111');
    await page.fill('#g0_birth', '1990-05-06');
    await page.selectOption('#g0_sex', 'F');
    await page.fill('#g0_depart', vnDay(2));
    await page.check('input[name=g1_kind][value=foreign]');
    await page.fill('#g1_name', 'John Smith');
    await page.fill('#g1_doc', 'c1234567');
    await page.fill('#g1_birth', '1985-01-31');
    await page.fill('#g1_depart', vnDay(2));
    await page.click('fieldset:nth-of-type(2) summary');
    await page.fill('#g1_nat', 'gbr');
    await page.fill('#g1_visa', 'EV123456');
    await page.fill('#g1_permit', vnDay(30));
    await click(page, 'button[value=checkin]');
    assert.match(await page.textContent('.success'), /Đã khai báo 2 khách/);
    const table = await page.textContent('#main .worklist');
    assert.match(table, /Lê Thị Hoa/);
    assert.match(table, /C1234567/);
    assert.match(table, /đúng hạn/);
    await check('declared');

    // The police desk shows both, confirms receipt, and exports the two files.
    await desk.goto(`${server.base}/cong-an/luu-tru?lang=${lang}`);
    const main = await desk.textContent('main');
    assert.match(main, /Lê Thị Hoa/);
    assert.match(main, /John Smith/);
    await checkDesk('arrivals');
    await click(desk, 'button[value=receive]');
    assert.match(await desk.textContent('.success'), /Đã xác nhận tiếp nhận 2 thông báo/);
    await checkDesk('received');
    const download = async (kind) => {
      const [d] = await Promise.all([desk.waitForEvent('download'),
        desk.click(`button[name=kind][value=${kind}]`)]);
      const name = d.suggestedFilename();
      assert.match(name, kind === 'vn' ? /\.xlsx$/ : /\.xml$/);
      const path = join(mkdtempSync(join(tmpdir(), 'motcua-lodging-')), name);
      await d.saveAs(path);
      return path;
    };
    const xlsx = await download('vn');
    const rows = python(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['DS_KHACH_VIET_NAM_LUU_TRU']
print(json.dumps([[c if c is not None else '' for c in row] for row in ws.iter_rows(min_row=3, values_only=True)]))
`, xlsx);
    assert.equal(rows[0][1], 'HỌ TÊN (*)');
    assert.equal(rows.length, 3, JSON.stringify(rows));  // headings, the example row, one guest
    const guest = rows[2];
    assert.equal(guest[1], 'Lê Thị Hoa');
    assert.equal(guest[2], '06/05/1990');
    assert.equal(guest[3], 'F - Nữ');
    assert.equal(guest[4], 'VNM - Viet Nam');
    assert.equal(guest[7], '001090000111');  // text: leading zeros kept
    assert.equal(guest[15], '101');
    assert.equal(guest[16], '1 - Du lịch');
    const xml = await download('foreign');
    const foreign = python(`
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(json.dumps({'root': root.tag, 'guests': [[(c.tag, c.text or '') for c in g] for g in root]}))
`, xml);
    assert.equal(foreign.root, 'KHAI_BAO_TAM_TRU');
    assert.equal(foreign.guests.length, 1);
    assert.deepEqual(foreign.guests[0].map(([tag]) => tag), XML_ELEMENTS);
    const fields = Object.fromEntries(foreign.guests[0]);
    assert.equal(fields.ho_ten, 'John Smith');
    assert.equal(fields.ma_quoc_tich, 'GBR');
    assert.equal(fields.so_ho_chieu, 'C1234567');
    assert.equal(fields.gioi_tinh, 'M');
    assert.equal(fields.ngay_sinh, '31/01/1985');

    // The statistics count them; another officer role has no desk.
    await desk.goto(`${server.base}/cong-an/luu-tru/thong-ke?lang=${lang}`);
    assert.match(await desk.textContent('table.data'), /GBR 1/);
    await checkDesk('stats');
  } finally {
    await host.close();
    await police.close();
  }
});
