#include "http/compress.h"

#include <zlib.h>

namespace motcua::http {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool Textual(std::string_view type) {
  type = type.substr(0, type.find(';'));
  return type.starts_with("text/") || type == "application/json" ||
         type == "application/problem+json" || type == "application/javascript" ||
         type == "image/svg+xml" || type.ends_with("+json") || type.ends_with("+xml");
}

}  // namespace

std::optional<std::string> Gzip(std::string_view data, int level) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

bool AcceptsGzip(std::string_view header) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    size_t semi = item.find(';');
    std::string_view coding = Trim(item.substr(0, semi));
    if (coding.size() == 4 && (coding == "gzip" || coding == "GZIP" || coding == "Gzip")) {
      if (semi == std::string_view::npos) return true;
      std::string_view param = Trim(item.substr(semi + 1));
      if (!param.starts_with("q=") && !param.starts_with("Q=")) return true;
      // q=0, q=0.0, q=0.000 refuse; anything else accepts.
      std::string_view q = param.substr(2);
      return q.find_first_not_of("0.") != std::string_view::npos;
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

void CompressResponse(const Request& request, Response& response) {
  auto type = response.Header("Content-Type");
  if (!type || !Textual(*type)) return;
  if (!response.Header("Vary")) response.SetHeader("Vary", "Accept-Encoding");
  if (response.body.size() < kMinCompressBytes || response.Header("Content-Encoding")) return;
  auto accept = request.Header("accept-encoding");
  if (!accept || !AcceptsGzip(*accept)) return;
  auto gz = Gzip(response.body, kResponseGzipLevel);
  if (!gz || gz->size() >= response.body.size()) return;
  response.body = std::move(*gz);
  response.SetHeader("Content-Encoding", "gzip");
  if (auto etag = response.Header("ETag"); etag && etag->starts_with("\"")) {
    response.SetHeader("ETag", "W/" + std::string(*etag));
  }
}

}  // namespace motcua::http
