#include "web/kit/view.h"

#include <map>
#include <memory>
#include <mutex>

#include "base/embedded.h"
#include "http/url.h"
#include "web/kit/i18n.h"
#include "web/kit/static_files.h"

namespace motcua::embedded::web_assets {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::web {

namespace {

// In the pseudo-locale, data printed by templates is wrapped in these two bytes (never produced by
// HTML escaping) and MarkData turns them into visible markers, or drops them inside tags.
constexpr char kDataOpen = '\x0e';
constexpr char kDataClose = '\x0f';

std::string_view TemplateSource(const std::string& name) {
  // Each feature keeps its templates beside its pages: "<feature>/templates/<name>.mustache";
  // names are unique across features.
  std::string suffix = "/templates/" + name + ".mustache";
  for (const auto& f : embedded::web_assets::Files()) {
    if (f.path.ends_with(suffix)) return f.bytes;
  }
  return {};
}

std::string PseudoEscape(const std::string& value) {
  std::string escaped = kainjow::mustache::html_escape<std::string>(value);
  if (escaped.empty() || escaped.find(kPseudoOpen) != std::string::npos) return escaped;
  return kDataOpen + escaped + kDataClose;
}

kainjow::mustache::mustache& Compiled(const std::string& name, bool pseudo) {
  thread_local std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> cache;
  auto& slot = cache[pseudo ? name + "#pseudo" : name];
  if (!slot) {
    slot = std::make_unique<kainjow::mustache::mustache>(std::string(TemplateSource(name)));
    if (pseudo) slot->set_custom_escape(PseudoEscape);
  }
  return *slot;
}

// Replaces the data bytes by ⟪ ⟫ in text and removes them inside tags (attribute values).
std::string MarkData(const std::string& html) {
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    if (c == '>') in_tag = false;
    if (c == kDataOpen) {
      if (!in_tag) out += "⟪";
    } else if (c == kDataClose) {
      if (!in_tag) out += "⟫";
    } else {
      out += c;
    }
  }
  return out;
}

// Returns {"t": every message of `lang`}, built once per language and kept for the process: the
// base of every page's context, beneath the page's own data, so a request neither copies the
// catalogue nor builds the object of its ~900 messages. Keys "nav.home" are reached in templates as
// {{t.nav_home}} (mustache reads dots as nesting). Thread-safe; entries are never removed.
const Data& Messages(const std::string& lang) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<const Data>> cache;  // GUARDED_BY(mu)
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[lang];
  if (!slot) {
    Data t{Data::type::object};
    for (const auto& [k, v] : Catalog::Get().All(lang)) {
      std::string key = k;
      for (char& c : key) c = c == '.' ? '_' : c;
      t.set(key, v);
    }
    auto base = std::make_unique<Data>(Data::type::object);
    base->set("t", t);
    slot = std::move(base);
  }
  return *slot;
}

// Renders template `name` with `data` over the messages of the page's language.
std::string Render(const std::string& name, bool pseudo, const Data& messages, const Data& data) {
  kainjow::mustache::context<std::string> stack(&messages);
  stack.push(&data);
  return Compiled(name, pseudo).render(stack);
}

// Returns the current URL with ?lang=<lang> in place of any lang parameter, other parameters kept.
std::string SwitchHref(const http::Request& req, const std::string& path, const std::string& lang) {
  std::string q;
  for (const auto& [k, v] : req.query) {
    if (k == "lang") continue;
    q += http::PercentEncode(k) + "=" + http::PercentEncode(v) + "&";
  }
  return path + "?" + q + "lang=" + lang;
}

}  // namespace

std::string ChooseLanguage(const http::Request& req, const std::string& fallback) {
  const Catalog& c = Catalog::Get();
  std::string q = req.Query("lang");
  if (!q.empty() && c.Has(q)) return q;
  auto cookie = req.Cookie(kLangCookie);
  if (cookie && c.Has(*cookie)) return *cookie;
  const auto* who = req.ContextAs<service::Principal>();
  if (who && !who->lang.empty() && c.Has(who->lang)) return who->lang;
  return fallback;
}

std::string AssetUrl(const std::string& file) {
  std::string v = AssetVersion(file);
  return "/static/" + file + (v.empty() ? "" : "?v=" + v);
}

std::string RenderFragment(const PageContext& ctx, const std::string& name, const Data& data) {
  return Render(name, ctx.lang == kPseudoLocale, Messages(ctx.lang), data);
}

http::Response RenderPage(const http::Request& req, const PageContext& ctx, const std::string& name,
                          Data data, int status) {
  const Catalog& catalog = Catalog::Get();
  const bool pseudo = ctx.lang == kPseudoLocale;
  const Data& messages = Messages(ctx.lang);
  data.set("lang", ctx.lang);
  std::string body = Render(name, pseudo, messages, data);

  Data layout{Data::type::object};
  layout.set("lang", ctx.lang);
  layout.set("title", ctx.title);
  layout.set("css", AssetUrl("site.css"));
  layout.set("icon", AssetUrl("favicon.svg"));
  layout.set("unit_name", ctx.unit_name);
  layout.set("version_line", catalog.T(ctx.lang, "footer.version", {{"version", ctx.version}}));
  std::string other = ctx.lang == "vi" ? "en" : "vi";  // named in its own language
  layout.set("other_lang", other);
  layout.set("other_lang_name", catalog.T(other, "lang.name"));
  layout.set("switch_href", SwitchHref(req, ctx.path, other));
  layout.set("content", body);
  Data scripts{Data::type::list};
  for (const auto& src : ctx.scripts) scripts.push_back(Data(src));
  layout.set("scripts", scripts);
  std::string html = Render("layout", pseudo, messages, layout);
  http::Response r = http::Response::Html(status, pseudo ? MarkData(html) : std::move(html));
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Content-Language", ctx.lang);
  if (req.Query("lang") == ctx.lang && req.Cookie(kLangCookie) != ctx.lang) {
    r.headers.emplace_back("Set-Cookie", service::LanguageCookie(ctx.lang, req.tls));
  }
  return r;
}

}  // namespace motcua::web
