#!/usr/bin/env node
// bench/queue_fanout: display boards and phones following one centre's calls (issue 19).
//
// Starts `motcua serve --demo` on a free port with a fresh data directory, connects --clients
// display-board clients to the board's event stream (/quay/{unit}/bang/su-kien, Server-Sent
// Events, one event per request: each client asks again at once with the version it saw, as
// EventSource does), then makes --rate calls per second for --duration seconds through the
// counter API (call the next ticket, then mark it not present so the counter is free again).
// For every call and every client it records the time from sending the call to the event that
// carries it arriving at that client. Prints a table: calls, deliveries, missed, p50/p90/p99/max
// latency, the server's RSS before and with the clients connected (memory per client) and its
// CPU time.
//
// Usage: node bench/queue_fanout/queue_fanout.mjs [--bin build/motcua] [--clients 500]
//                                                 [--rate 10] [--duration 20]
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) =>
  (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const here = new URL('.', import.meta.url).pathname;
const BIN = args.bin || process.env.MOTCUA_BIN || resolve(here, '../../build/motcua');
const CLIENTS = Number(args.clients || 500);
const RATE = Number(args.rate || 10);
const DURATION = Number(args.duration || 20);
const UNIT = '03721';

function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

function totp(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function statusOf(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(text.match(new RegExp(`${k}:\\s+(\\d+)`))[1]);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rss: kb('VmRSS'), cpu: (Number(stat[11]) + Number(stat[12])) / 100 };
}

const dir = mkdtempSync(join(tmpdir(), 'motcua-fanout-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(BIN, ['serve', '--demo', '--data-dir', dir, '--listen', `127.0.0.1:${port}`],
  { stdio: 'ignore', env: { ...process.env, MOTCUA_PASSWORD_HASH_MIB: '8' } });
const cleanup = () => { try { server.kill('SIGTERM'); } catch { /* gone */ } };
process.on('exit', () => { cleanup(); rmSync(dir, { recursive: true, force: true }); });
for (let i = 0; i < 600; i++) {
  try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not yet */ }
  await new Promise((r) => setTimeout(r, 100));
}
const keys = JSON.parse(readFileSync(join(dir, 'demo-floor.json'), 'utf8'));
const reception = JSON.parse(readFileSync(join(dir, 'demo-accounts.json'), 'utf8'))
  .find((a) => a.role === 'reception');
const signin = await fetch(base + '/api/v1/sessions', {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: reception.username, password: reception.password,
                         ...(reception.totp_secret ? { totp_code: totp(reception.totp_secret) } : {}) }) });
const session = { Cookie: signin.headers.get('set-cookie').split(';')[0],
                  'X-CSRF-Token': (await signin.json()).csrf, 'Content-Type': 'application/json' };

// Tickets to call: all in one area, issued through the kiosk API before the clock starts.
const calls = Math.ceil(RATE * DURATION);
for (let i = 0; i < calls; i++) {
  const r = await fetch(`${base}/api/v1/units/${UNIT}/floor/tickets`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Floor-Device': keys.kiosk },
    body: JSON.stringify({ area: 'ho-tich' }) });
  if (r.status !== 201) throw new Error(`ticket: ${r.status} ${await r.text()}`);
}

const idle = statusOf(server.pid);
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 16 });
const sentAt = new Map();   // label → time the call was sent (ms, performance.now)
const latencies = [];
const arrivals = [];        // [label, time it reached a client]
let connected = 0;
let stopping = false;
let errors = 0;

function follow(client) {
  if (stopping) return;
  const req = http.get(`${base}/quay/${UNIT}/bang/su-kien?k=${keys.display}&since=${client.version}`,
    { agent, headers: { Accept: 'text/event-stream' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        const now = performance.now();
        const data = body.split('\n').find((l) => l.startsWith('data: '));
        if (res.statusCode !== 200) errors++;
        if (data) {
          const b = JSON.parse(data.slice(6));
          for (const c of b.calls) {
            if (c.id <= client.version) continue;
            arrivals.push([c.label, now]);  // matched with the call's send time at the end
          }
          client.version = Math.max(client.version, b.version);
        }
        if (!client.counted) { client.counted = true; connected++; }
        setImmediate(() => follow(client));
      });
    });
  req.on('error', () => { errors++; setTimeout(() => follow(client), 100); });
}

// Every client starts from the current board (answered at once), then waits.
const board = await (await fetch(`${base}/api/v1/units/${UNIT}/floor/board`,
  { headers: { 'X-Floor-Device': keys.display } })).json();
const clients = Array.from({ length: CLIENTS }, () => ({ version: board.version - 1, counted: false }));
clients.forEach(follow);
while (connected < CLIENTS) await new Promise((r) => setTimeout(r, 50));
await new Promise((r) => setTimeout(r, 1000));
const waiting = statusOf(server.pid);
arrivals.length = 0;

// The calls, at a steady rate, from two counters in turn.
const t0 = performance.now();
const cpu0 = statusOf(server.pid).cpu;
let made = 0;
for (let i = 0; i < calls; i++) {
  const due = t0 + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const counter = 1 + (i % 2);
  const sent = performance.now();
  const r = await fetch(`${base}/api/v1/units/${UNIT}/floor/counters/${counter}/call`,
    { method: 'POST', headers: session, body: '{}' });
  if (r.status !== 200) { errors++; continue; }
  const t = await r.json();
  sentAt.set(t.label, sent);
  made++;
  await fetch(`${base}/api/v1/units/${UNIT}/floor/counters/${counter}/no-show`,
    { method: 'POST', headers: session, body: '{}' });
}
await new Promise((r) => setTimeout(r, 2000));
const cpu1 = statusOf(server.pid).cpu;
const wall = (performance.now() - t0) / 1000;
stopping = true;

for (const [label, at] of arrivals) {
  const sent = sentAt.get(label);
  if (sent !== undefined) latencies.push(at - sent);
}
latencies.sort((a, b) => a - b);
const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
const expected = made * CLIENTS;
const row = (k, v) => console.log(`| ${k.padEnd(40)} | ${String(v).padStart(14)} |`);
console.log(`\nbench/queue_fanout: ${CLIENTS} clients, ${RATE} calls/s for ${DURATION} s, one unit\n`);
console.log(`| ${'measure'.padEnd(40)} | ${'value'.padStart(14)} |`);
console.log(`|${'-'.repeat(42)}|${'-'.repeat(16)}|`);
row('calls made', made);
row('deliveries (call × client)', latencies.length);
row('missed deliveries', expected - latencies.length);
row('errors', errors);
row('call → arrival p50 (ms)', q(0.5).toFixed(1));
row('call → arrival p90 (ms)', q(0.9).toFixed(1));
row('call → arrival p99 (ms)', q(0.99).toFixed(1));
row('call → arrival max (ms)', q(1).toFixed(1));
row('server RSS, no board (MiB)', (idle.rss / 1024).toFixed(1));
row(`server RSS, ${CLIENTS} boards waiting (MiB)`, (waiting.rss / 1024).toFixed(1));
row('memory per connected client (KiB)', ((waiting.rss - idle.rss) / CLIENTS).toFixed(1));
row('server CPU during the calls (% of a core)', ((100 * (cpu1 - cpu0)) / wall).toFixed(0));
cleanup();
process.exit(0);
