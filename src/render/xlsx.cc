#include "render/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace motcua::render {

namespace {

std::string SheetName(const std::string& name) {
  std::string out;
  for (char c : name) out += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  // 31 characters at most; cut at a UTF-8 letter boundary (bytes are a safe upper bound).
  while (out.size() > 31) {
    out.pop_back();
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  }
  return out.empty() ? "Sheet" : out;
}

}  // namespace

Result<std::string> RenderXlsx(const std::vector<Sheet>& sheets) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/motcua-xlsx-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) return Status::Internal("render: cannot make a temporary file for a workbook");
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) {
    unlink(path.c_str());
    return Status::Internal("render: cannot start a workbook");
  }
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (const Sheet& s : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, SheetName(s.name).c_str());
    if (!ws) continue;
    for (size_t c = 0; c < s.header.size(); ++c)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), s.header[c].c_str(), bold);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_column(ws, 0, static_cast<lxw_col_t>(s.header.empty() ? 0 : s.header.size() - 1),
                         18, nullptr);
    for (size_t r = 0; r < s.rows.size(); ++r) {
      for (size_t c = 0; c < s.rows[r].size(); ++c) {
        const Cell& cell = s.rows[r][c];
        const auto row = static_cast<lxw_row_t>(r + 1);
        const auto col = static_cast<lxw_col_t>(c);
        if (cell.empty) {
          continue;
        } else if (cell.number) {
          worksheet_write_number(ws, row, col, cell.value, nullptr);
        } else {
          worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
        }
      }
    }
  }
  lxw_error err = workbook_close(wb);
  std::string bytes;
  if (err == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  unlink(path.c_str());
  if (err != LXW_NO_ERROR || bytes.empty())
    return Status::Internal(std::string("render: cannot write the workbook: ") +
                            lxw_strerror(err));
  return bytes;
}

Result<std::string> RenderXlsx(const std::vector<XlsxSheet>& sheets) {
  std::vector<Sheet> out;
  for (const XlsxSheet& s : sheets) {
    Sheet t;
    t.name = s.name;
    for (size_t r = 0; r < s.rows.size(); ++r) {
      std::vector<Cell> row;
      for (const XlsxCell& c : s.rows[r]) {
        if (const auto* text = std::get_if<std::string>(&c)) {
          row.push_back(Cell::Text(*text));
        } else if (const auto* n = std::get_if<double>(&c)) {
          row.push_back(Cell::Number(*n));
        } else {
          row.push_back(Cell::Empty());
        }
      }
      if (r == 0) {
        for (const Cell& c : row) {
          t.header.push_back(c.number ? std::to_string(c.value) : c.text);
        }
      } else {
        t.rows.push_back(std::move(row));
      }
    }
    out.push_back(std::move(t));
  }
  return RenderXlsx(out);
}

}  // namespace motcua::render
