// Starts the real motcua binary for a test file, the way tests/integration/harness.py does: a free
// port on 127.0.0.1, a temporary data directory, the demo commune (--demo), the test-only
// pseudo-locale enabled. Stop() sends SIGTERM to that one process and removes the directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
export const BIN = process.env.MOTCUA_BIN || resolve(here, '../../../build/motcua');

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

export class Server {
  async start({ env = {}, args = [], port, dataDir } = {}) {
    this.startedWith = { env, args };
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'motcua-e2e-'));
    this.port = port ?? await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.logPath = join(this.dataDir, 'server.log');
    const log = openSync(this.logPath, 'a');
    this.proc = spawn(BIN, ['serve', '--demo', '--data-dir', this.dataDir,
                            '--listen', `127.0.0.1:${this.port}`, ...args], {
      stdio: ['ignore', log, log],
      // Test endpoints: the resident journeys sign in through /api/v1/_test/resident-session.
      env: { ...process.env, MOTCUA_PASSWORD_HASH_MIB: '8', MOTCUA_PSEUDO_LOCALE: 'true',
             MOTCUA_TEST_ENDPOINTS: 'true', ...env },
    });
    this.exited = new Promise((ok) => this.proc.once('exit', (code, sig) => ok(code ?? sig)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`motcua exited: ${this.output()}`);
      try {
        if ((await fetch(`${this.base}/healthz`)).status === 200) break;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (Date.now() >= deadline) throw new Error(`motcua did not become healthy: ${this.output()}`);
    this.accounts = JSON.parse(readFileSync(join(this.dataDir, 'demo-accounts.json'), 'utf8'));
    return this;
  }

  // Returns the demo account of a role ({username, password, totp_secret?}).
  account(role) {
    const a = this.accounts.find((x) => x.role === role);
    if (!a) throw new Error(`no demo account for role ${role}`);
    return a;
  }

  output() {
    try { return readFileSync(this.logPath, 'utf8'); } catch { return ''; }
  }

  // Stops the process (SIGTERM) and starts it again on the same port with the same data.
  async restart() {
    this.proc.kill('SIGTERM');
    await this.exited;
    return this.start({ ...this.startedWith, port: this.port, dataDir: this.dataDir });
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 30_000);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
