// The API document (GET /api/v1/openapi.json) is a valid OpenAPI 3.1 document, by a maintained
// validator (@seriousme/openapi-schema-validator, pinned in package.json). Route coverage and the
// replay of its examples are tests/integration/test_openapi.py.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Server } from './lib/server.mjs';

let server;
before(async () => { server = await new Server().start(); });
after(async () => { await server?.stop(); });

test('the served document is valid OpenAPI 3.1', async () => {
  const res = await fetch(`${server.base}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  assert.equal(validator.version, '3.1');
  // Every $ref resolves (the validator's dereferencing throws on a dangling one).
  assert.ok(validator.resolveRefs());
});

test('the validator refuses a broken document (it is not vacuous)', async () => {
  const doc = await (await fetch(`${server.base}/api/v1/openapi.json`)).json();
  delete doc.info;
  doc.paths['/api/v1/version'].get.responses = 'none';
  const result = await new Validator().validate(doc);
  assert.equal(result.valid, false);
});
