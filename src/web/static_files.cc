#include "web/static_files.h"

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
  std::string etag;
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
      if (!f.path.starts_with("static/")) continue;
      (*out)[std::string(f.path.substr(7))] =
          Asset{f.bytes, "\"" + Sha256Hex(f.bytes).substr(0, 16) + "\"", TypeOf(f.path)};
    }
    return out;
  }();
  return *m;
}
}  // namespace

http::Response ServeStatic(const http::Request& req) {
  auto it = Assets().find(req.Param("path"));
  if (it == Assets().end()) {
    return http::Problem(404, "Not found", "There is no static file " + req.Param("path") + ".");
  }
  const Asset& a = it->second;
  http::Response r;
  if (req.Header("if-none-match") == std::string_view(a.etag)) {
    r.status = 304;
  } else {
    r = http::Response::Text(200, std::string(a.bytes), a.type);
  }
  r.SetHeader("ETag", a.etag);
  r.SetHeader("Cache-Control", req.Query("v").empty() ? "public, max-age=3600"
                                                      : "public, max-age=31536000, immutable");
  return r;
}

}  // namespace motcua::web
