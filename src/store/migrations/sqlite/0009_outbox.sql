-- The outbox: notifications written in the same transaction as the change that causes them and
-- delivered after commit by adapters (e-mail over SMTP; later SMS, the national portal, webhooks).
-- idempotency_key makes an enqueue safe to repeat and is sent along so receivers can de-duplicate.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,           -- 'email'
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  delivered_ms INTEGER,
  last_error TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_ms) WHERE delivered_ms IS NULL;
