// XLSX workbooks (libxlsxwriter): sheets of a header row and rows of text or number cells, for
// reports exported from pages. Pure apart from a temporary file libxlsxwriter needs; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace motcua::render {

struct Cell {
  bool number = false;
  std::string text;
  double value = 0;
  static Cell Text(std::string t) { return {false, std::move(t), 0}; }
  static Cell Number(double v) { return {true, {}, v}; }
};

struct Sheet {
  std::string name;                // at most 31 characters, no []:*?/\ (truncated, replaced)
  std::vector<std::string> header;  // bold, frozen
  std::vector<std::vector<Cell>> rows;
};

// Returns the bytes of an .xlsx workbook with `sheets` in order. Internal when the library fails.
Result<std::string> RenderXlsx(const std::vector<Sheet>& sheets);

}  // namespace motcua::render
