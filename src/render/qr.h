// QR codes for dossier lookup links, as module matrices and as SVG (drawn as vector squares).
// Pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace motcua::render {

struct QrMatrix {
  int size = 0;                 // modules per side
  std::vector<bool> dark;       // row-major, size*size
  bool At(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Encodes `text` (UTF-8, 8-bit mode) at error-correction level M. InvalidArgument when too long.
Result<QrMatrix> EncodeQr(const std::string& text);
// Returns an SVG document of the code with a 4-module quiet zone, `pixels` wide.
Result<std::string> QrSvg(const std::string& text, int pixels);

}  // namespace motcua::render
