// The resident's side of the browser journeys: the real OpenID Connect provider (LemonLDAP::NG,
// started by oidc_provider.py with the set-up of tests/integration/test_oidc.py) and motcua
// configured to use it, and the sign-in through the provider's own form.
// Needs root (the provider runs as www-data) and nginx + lemonldap-ng, as test_oidc.py does.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { freePort } from './server.mjs';

// Starts the provider, then `server` (a Server) signing residents in through it, with the extra
// environment `env`. Returns {settings, args, stop}: the provider's settings (issuer, host, port,
// user, password, name, id_number), the Chromium flags that reach it by name, and stop(), which
// stops the server and the provider.
export async function startWithProvider(server, env = {}) {
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/auth/callback`;
  const helper = new URL('./oidc_provider.py', import.meta.url).pathname;
  const provider = spawn('python3', [helper, redirect], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise((ok, fail) => {
    const rl = createInterface({ input: provider.stdout });
    rl.once('line', ok);
    provider.once('exit', (code) => fail(new Error(`the OIDC provider helper exited (${code})`)));
  });
  const settings = JSON.parse(line);
  const stop = async () => {
    await server.stop();
    if (provider.exitCode === null) {
      const exited = new Promise((ok) => provider.once('exit', ok));
      provider.stdin.end();  // the helper stops the provider and exits
      await exited;
    }
  };
  try {
    await server.start({
      port,
      env: {
        MOTCUA_OIDC_ISSUER: settings.issuer,
        MOTCUA_OIDC_CLIENT_ID: 'motcua',
        MOTCUA_OIDC_CLIENT_SECRET: 'motcua-secret',
        MOTCUA_OIDC_REDIRECT_URI: redirect,
        MOTCUA_OIDC_ID_CLAIM: 'cccd',
        MOTCUA_OIDC_RESOLVE: `${settings.host}:${settings.port}:127.0.0.1`,
        ...env,
      },
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { settings, args: [`--host-resolver-rules=MAP ${settings.host} 127.0.0.1`], stop };
}

// On a page that offers "sign in with VNeID", follows it, signs in at the provider (its own
// pages, not ours) and waits until the provider sends the browser back to `returnPath`.
export async function signInAtProvider(page, settings, returnPath) {
  await Promise.all([page.waitForNavigation(), page.click('a.button[href^="/auth/oidc/start"]')]);
  if (!page.url().startsWith(`http://${settings.host}:${settings.port}/`)) {
    throw new Error(`not at the provider: ${page.url()}`);
  }
  await page.fill('#userfield', settings.user);
  await page.fill('#passwordfield', settings.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === returnPath, { timeout: 30_000 }),
    page.click('button[type=submit]'),
  ]);
}
