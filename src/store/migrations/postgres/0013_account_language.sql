-- 0013: the language each officer and resident last chose for pages ("vi", "en"; NULL: never
-- chose), so that signing in on another browser brings it back.
ALTER TABLE users ADD COLUMN lang TEXT;
ALTER TABLE residents ADD COLUMN lang TEXT;
