// The officers' side of the resident journeys, through the JSON API: each demo role signs in
// once per server (with its second factor where the role has one) and acts on a dossier with
// the version it just read (If-Match), as a real client does.
import assert from 'node:assert/strict';

import { totp } from './pages.mjs';

export class Officers {
  constructor(server) {
    this.server = server;
    this.sessions = new Map();
  }

  // Returns the headers of `role`'s session ({Cookie, X-CSRF-Token}), signing in the first time.
  async headers(role) {
    if (this.sessions.has(role)) return this.sessions.get(role);
    const a = this.server.account(role);
    const body = { username: a.username, password: a.password };
    if (a.totp_secret) body.totp_code = totp(a.totp_secret);
    const r = await fetch(`${this.server.base}/api/v1/sessions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await r.json();
    assert.equal(r.status, 201, `sign-in of ${role}: ${JSON.stringify(answer)}`);
    const h = { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': answer.csrf };
    this.sessions.set(role, h);
    return h;
  }

  // Returns the session cookie of `role` as a Playwright cookie, to open the desk in a browser.
  async cookie(role) {
    const [name, value] = (await this.headers(role)).Cookie.split('=');
    return { name, value, url: this.server.base };
  }

  // Returns the dossier as the API shows it to `role`.
  async get(code, role) {
    const r = await fetch(`${this.server.base}/api/v1/dossiers/${code}`,
      { headers: await this.headers(role) });
    const body = await r.json();
    assert.equal(r.status, 200, `GET ${code}: ${JSON.stringify(body)}`);
    return body;
  }

  // Does `action` on the dossier as `role` with `args`; fails the test unless it is recorded.
  async act(code, role, action, args = {}) {
    const { version } = await this.get(code, role);
    const r = await fetch(`${this.server.base}/api/v1/dossiers/${code}/actions/${action}`, {
      method: 'POST', body: JSON.stringify(args),
      headers: { ...(await this.headers(role)), 'Content-Type': 'application/json',
                 'If-Match': `"${version}"` },
    });
    const body = await r.json();
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(body)}`);
    return body;
  }

  // Uploads `bytes` as `role` and returns the file id.
  async upload(role, bytes, name) {
    const r = await fetch(`${this.server.base}/api/v1/files`, {
      method: 'POST', body: bytes,
      headers: { ...(await this.headers(role)), 'Content-Type': 'application/octet-stream',
                 'X-File-Name': name },
    });
    assert.equal(r.status, 201);
    return (await r.json()).id;
  }
}
