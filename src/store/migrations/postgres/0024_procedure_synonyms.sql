-- 0024: the names people use for procedures (issue 23, point 6). Search reads a phrase of the
-- query ("độc thân", folded "doc than") as the words it stands for ("xác nhận tình trạng hôn
-- nhân") besides the words themselves. Administrators edit the list (/quan-tri/tu-dong-nghia);
-- every change bumps procedure_catalogue_state.generation so search indexes rebuild.
CREATE TABLE procedure_synonyms (
  phrase_folded TEXT    NOT NULL PRIMARY KEY,  -- FoldForSearch(phrase): "doc than"
  phrase        TEXT    NOT NULL,              -- as written: "độc thân"
  means         TEXT    NOT NULL,              -- the catalogue's words: "xác nhận tình trạng hôn nhân"
  means_folded  TEXT    NOT NULL,              -- FoldForSearch(means)
  updated_ms    BIGINT NOT NULL,
  actor         TEXT    NOT NULL               -- "system:migration", "user:12"
);
INSERT INTO procedure_synonyms (phrase_folded, phrase, means, means_folded, updated_ms, actor) VALUES
  ('doc than', 'độc thân', 'xác nhận tình trạng hôn nhân', 'xac nhan tinh trang hon nhan', 0, 'system:migration'),
  ('giay xac nhan doc than', 'giấy xác nhận độc thân', 'xác nhận tình trạng hôn nhân', 'xac nhan tinh trang hon nhan', 0, 'system:migration'),
  ('giay khai sinh', 'giấy khai sinh', 'đăng ký khai sinh', 'dang ky khai sinh', 0, 'system:migration'),
  ('lam giay khai sinh', 'làm giấy khai sinh', 'đăng ký khai sinh', 'dang ky khai sinh', 0, 'system:migration'),
  ('giay chung tu', 'giấy chứng tử', 'đăng ký khai tử', 'dang ky khai tu', 0, 'system:migration'),
  ('bao tu', 'báo tử', 'đăng ký khai tử', 'dang ky khai tu', 0, 'system:migration'),
  ('giay ket hon', 'giấy kết hôn', 'đăng ký kết hôn', 'dang ky ket hon', 0, 'system:migration'),
  ('dang ky cuoi', 'đăng ký cưới', 'đăng ký kết hôn', 'dang ky ket hon', 0, 'system:migration'),
  ('sao y', 'sao y', 'chứng thực bản sao từ bản chính', 'chung thuc ban sao tu ban chinh', 0, 'system:migration'),
  ('cong chung', 'công chứng', 'chứng thực', 'chung thuc', 0, 'system:migration'),
  ('nhap ho khau', 'nhập hộ khẩu', 'đăng ký thường trú', 'dang ky thuong tru', 0, 'system:migration'),
  ('ho khau', 'hộ khẩu', 'đăng ký thường trú', 'dang ky thuong tru', 0, 'system:migration'),
  ('khai bao tam tru', 'khai báo tạm trú', 'đăng ký tạm trú', 'dang ky tam tru', 0, 'system:migration');
UPDATE procedure_catalogue_state SET generation = generation + 1 WHERE id = 1;
