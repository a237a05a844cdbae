// XLSX workbooks (libxlsxwriter): sheets of rows of text or numbers, for report exports. An empty
// cell stays empty (a missing figure is not 0). Thread-safe (each call writes its own workbook).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "base/status.h"

namespace motcua::render {

using XlsxCell = std::variant<std::monostate, std::string, double>;

struct XlsxSheet {
  std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rule)
  std::vector<std::vector<XlsxCell>> rows;  // the first row is written bold (the header)
};

// Returns the bytes of a workbook holding `sheets` in order. Internal when the library fails
// (it writes through a temporary file, removed before returning).
Result<std::string> RenderXlsx(const std::vector<XlsxSheet>& sheets);

}  // namespace motcua::render
