// XLSX workbooks (libxlsxwriter): sheets of a header row and rows of text or number cells, for
// reports exported from pages and the API. An empty cell stays empty (a missing figure is not 0).
// Pure apart from a temporary file libxlsxwriter needs; thread-safe (each call its own workbook).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "base/status.h"

namespace motcua::render {

struct Cell {
  bool number = false;
  std::string text;
  double value = 0;
  bool empty = false;
  static Cell Text(std::string t) { return {false, std::move(t), 0, false}; }
  static Cell Number(double v) { return {true, {}, v, false}; }
  static Cell Empty() { return {false, {}, 0, true}; }
};

struct Sheet {
  std::string name;  // at most 31 characters, none of []:*?/\ (cut at a letter, replaced by _)
  std::vector<std::string> header;  // bold, frozen
  std::vector<std::vector<Cell>> rows;
};

// Returns the bytes of an .xlsx workbook with `sheets` in order. Internal when the library fails.
Result<std::string> RenderXlsx(const std::vector<Sheet>& sheets);

// The same workbook described row by row: the first row is the header; a cell is empty, text or a
// number.
using XlsxCell = std::variant<std::monostate, std::string, double>;
struct XlsxSheet {
  std::string name;
  std::vector<std::vector<XlsxCell>> rows;
};
Result<std::string> RenderXlsx(const std::vector<XlsxSheet>& sheets);

}  // namespace motcua::render
