-- 0002: the site's own settings, a projection of 'site.configured' events.
CREATE TABLE site_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);
