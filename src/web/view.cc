#include "web/view.h"

#include <map>
#include <memory>

#include "base/embedded.h"
#include "base/hash.h"
#include "web/i18n.h"

namespace motcua::embedded::web_assets {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::web {

namespace {

std::string_view TemplateSource(const std::string& name) {
  std::string path = "templates/" + name + ".mustache";
  for (const auto& f : embedded::web_assets::Files()) {
    if (f.path == path) return f.bytes;
  }
  return {};
}

kainjow::mustache::mustache& Compiled(const std::string& name) {
  thread_local std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> cache;
  auto& slot = cache[name];
  if (!slot) slot = std::make_unique<kainjow::mustache::mustache>(std::string(TemplateSource(name)));
  return *slot;
}

}  // namespace

std::string ChooseLanguage(const http::Request& req, const std::string& fallback) {
  const Catalog& c = Catalog::Get();
  std::string q = req.Query("lang");
  if (!q.empty() && c.Has(q)) return q;
  auto cookie = req.Cookie("lang");
  if (cookie && c.Has(*cookie)) return *cookie;
  return fallback;
}

std::string AssetUrl(const std::string& file) {
  static const std::map<std::string, std::string>* versions = [] {
    auto* m = new std::map<std::string, std::string>();
    for (const auto& f : embedded::web_assets::Files()) {
      if (f.path.starts_with("static/")) {
        (*m)[std::string(f.path.substr(7))] = Sha256Hex(f.bytes).substr(0, 12);
      }
    }
    return m;
  }();
  auto it = versions->find(file);
  return "/static/" + file + (it == versions->end() ? "" : "?v=" + it->second);
}

http::Response RenderPage(const http::Request& req, const PageContext& ctx,
                          const std::string& name, Data data, int status) {
  const Catalog& catalog = Catalog::Get();
  Data t{Data::type::object};
  // Keys "nav.home" are reached in templates as {{t.nav_home}} (mustache reads dots as nesting).
  for (const auto& [k, v] : catalog.All(ctx.lang)) {
    std::string key = k;
    for (char& c : key) c = c == '.' ? '_' : c;
    t.set(key, v);
  }
  data.set("t", t);
  data.set("lang", ctx.lang);
  std::string body = Compiled(name).render(data);

  Data layout{Data::type::object};
  layout.set("t", t);
  layout.set("lang", ctx.lang);
  layout.set("title", ctx.title);
  layout.set("css", AssetUrl("site.css"));
  layout.set("unit_name", ctx.unit_name);
  layout.set("version_line", catalog.T(ctx.lang, "footer.version", {{"version", ctx.version}}));
  std::string other = ctx.lang == "vi" ? "en" : "vi";
  layout.set("other_lang", other);
  layout.set("other_lang_name", catalog.T(other, "lang.name"));
  layout.set("switch_href", ctx.path + "?lang=" + other);
  layout.set("content", body);
  http::Response r = http::Response::Html(status, Compiled("layout").render(layout));
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Content-Language", ctx.lang);
  if (req.Query("lang") == ctx.lang && req.Cookie("lang") != ctx.lang) {
    r.SetHeader("Set-Cookie",
                "lang=" + ctx.lang + "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
  }
  return r;
}

}  // namespace motcua::web
