-- 0019 (issue 16, forms): the numbers a unit gives the documents it issues and the dossiers it
-- logs, gapless per (unit, Vietnam calendar year), from 1 again each 1 January.
--   series 'document': the number "Số: 07/PTN-TTPVHCC" of the forms issued (Mẫu 01 receipt, 02
--     supplementation request, 03 refusal, 04 apology, 05 stop notice, and the counter's slips):
--     one sequence of the documents an agency issues in a year (Decree 30/2020/NĐ-CP Art 15(1)).
--   series 'log': the serial ("Số thứ tự") of a received dossier in the unit's dossier log of the
--     year (Sổ theo dõi hồ sơ, Mẫu 07), printed on its receipt.
-- A number is taken in the transaction that records the event issuing the document and stored in
-- that event, so a failed write gives it back and a form reprinted later shows the same number.
CREATE TABLE form_number_counters (
  unit      TEXT    NOT NULL,  -- the issuing unit's code ("03721")
  year      BIGINT NOT NULL,  -- Vietnam calendar year of issue
  series    TEXT    NOT NULL,  -- 'document' | 'log'
  next_seq  BIGINT NOT NULL,  -- the number the next one gets
  PRIMARY KEY (unit, year, series)
);
