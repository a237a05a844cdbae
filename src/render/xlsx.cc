#include "render/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace motcua::render {

Result<std::string> RenderXlsx(const std::vector<XlsxSheet>& sheets) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/motcua-xlsx-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return Status::Internal("xlsx: cannot create a temporary file");
  ::close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) {
    std::remove(path.c_str());
    return Status::Internal("xlsx: cannot start a workbook");
  }
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (const auto& s : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
    if (!ws) {
      workbook_close(wb);
      std::remove(path.c_str());
      return Status::Internal("xlsx: bad sheet name '" + s.name + "'");
    }
    for (size_t r = 0; r < s.rows.size(); ++r) {
      for (size_t c = 0; c < s.rows[r].size(); ++c) {
        const XlsxCell& cell = s.rows[r][c];
        lxw_format* f = r == 0 ? bold : nullptr;
        if (const auto* text = std::get_if<std::string>(&cell)) {
          worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                 text->c_str(), f);
        } else if (const auto* n = std::get_if<double>(&cell)) {
          worksheet_write_number(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), *n, f);
        }
      }
    }
    worksheet_set_column(ws, 0, 0, 28, nullptr);
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::remove(path.c_str());
    return Status::Internal(std::string("xlsx: ") + lxw_strerror(err));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::remove(path.c_str());
  return bytes.str();
}

}  // namespace motcua::render
