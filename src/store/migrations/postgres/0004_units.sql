-- 0004: administrative units. A code alone is ambiguous across the 2025 reorganisation, so every
-- unit carries its era ("2025" or "pre2025"); the mapping keeps old records meaningful.
CREATE TABLE units (
  code          TEXT    NOT NULL,
  era           TEXT    NOT NULL,          -- "2025" | "pre2025"
  level         TEXT    NOT NULL,          -- "province" | "commune" | "ward" | "special_zone" | "district"
  name          TEXT    NOT NULL,
  name_folded   TEXT    NOT NULL,          -- FoldForSearch(name)
  province_code TEXT    NOT NULL,
  agency_id     TEXT    NOT NULL DEFAULT '',  -- mã định danh điện tử (Decision 20/2020)
  PRIMARY KEY (code, era)
);
CREATE INDEX units_by_province ON units (era, province_code);
CREATE TABLE unit_mappings (
  old_code      TEXT    NOT NULL,          -- pre-2025 unit
  new_code      TEXT    NOT NULL,          -- 2025 unit
  PRIMARY KEY (old_code, new_code)
);
