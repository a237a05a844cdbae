#include "render/qr.h"

#include <fmt/format.h>
#include <qrencode.h>

namespace motcua::render {

Result<QrMatrix> EncodeQr(const std::string& text) {
  if (text.empty() || text.size() > 2000) {
    return Status::InvalidArgument("a QR code holds 1 to 2000 bytes of text");
  }
  QRcode* code = QRcode_encodeData(static_cast<int>(text.size()),
                                   reinterpret_cast<const unsigned char*>(text.data()), 0,
                                   QR_ECLEVEL_M);
  if (!code) return Status::Internal("render: cannot encode a QR code");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

Result<std::string> QrSvg(const std::string& text, int pixels) {
  MOTCUA_ASSIGN_OR_RETURN(QrMatrix m, EncodeQr(text));
  int total = m.size + 8;
  std::string path;
  for (int y = 0; y < m.size; ++y) {
    for (int x = 0; x < m.size; ++x) {
      if (m.At(x, y)) path += fmt::format("M{} {}h1v1h-1z", x + 4, y + 4);
    }
  }
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}" width="{1}" height="{1}" shape-rendering="crispEdges" role="img"><rect width="{0}" height="{0}" fill="#fff"/><path d="{2}" fill="#000"/></svg>)",
      total, pixels, path);
}

}  // namespace motcua::render
