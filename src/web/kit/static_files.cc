#include "web/kit/static_files.h"

#include <map>

#include "base/embedded.h"
#include "base/hash.h"
#include "http/problem.h"

namespace motcua::embedded::web_assets {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::web {

namespace {
struct Asset {
  std::string_view bytes;
  std::string version;  // the ?v= fingerprint
  std::string etag;     // quoted, strong
  std::string type;
};

std::string TypeOf(std::string_view p) {
  if (p.ends_with(".css")) return "text/css; charset=utf-8";
  if (p.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (p.ends_with(".svg")) return "image/svg+xml";
  if (p.ends_with(".png")) return "image/png";
  if (p.ends_with(".json")) return "application/json";
  if (p.ends_with(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

const std::map<std::string, Asset, std::less<>>& Assets() {
  static const auto* m = [] {
    auto* out = new std::map<std::string, Asset, std::less<>>();
    for (const auto& f : embedded::web_assets::Files()) {
      if (!f.path.starts_with("kit/static/")) continue;
      std::string hash = Sha256Hex(f.bytes);
      (*out)[std::string(f.path.substr(11))] =
          Asset{f.bytes, hash.substr(0, 12), "\"" + hash.substr(0, 16) + "\"", TypeOf(f.path)};
    }
    return out;
  }();
  return *m;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view Opaque(std::string_view etag) {
  etag = Trim(etag);
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  return etag;
}
}  // namespace

bool EtagMatches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view one = Trim(header.substr(0, comma));
    if (one == "*" || (!one.empty() && Opaque(one) == Opaque(etag))) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

std::string AssetVersion(std::string_view file) {
  auto it = Assets().find(file);
  return it == Assets().end() ? "" : it->second.version;
}

http::Response ServeStatic(const http::Request& req) {
  auto it = Assets().find(req.Param("path"));
  if (it == Assets().end()) {
    return http::Problem(404, "Not found", "There is no static file " + req.Param("path") + ".");
  }
  const Asset& a = it->second;
  http::Response r;
  auto inm = req.Header("if-none-match");
  if (inm && EtagMatches(*inm, a.etag)) {
    r.status = 304;
  } else {
    r = http::Response::Text(200, std::string(a.bytes), a.type);
  }
  r.SetHeader("ETag", a.etag);
  r.SetHeader("Cache-Control", req.Query("v") == a.version ? "public, max-age=31536000, immutable"
                                                           : "public, max-age=3600");
  return r;
}

}  // namespace motcua::web
