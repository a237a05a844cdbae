#include "web/community/community_pages.h"

#include <algorithm>

#include "base/embedded.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::embedded::web_assets {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;

namespace {

// Returns an embedded asset of the kit by name, with no fingerprint: the service worker must
// keep one URL (a new build is picked up by the browser's byte comparison of the script).
Response Embedded(std::string_view file, const char* type) {
  for (const auto& f : embedded::web_assets::Files()) {
    if (f.path == "kit/static/" + std::string(file)) {
      Response r;
      r.status = 200;
      r.body = std::string(f.bytes);
      r.SetHeader("Content-Type", type);
      r.SetHeader("Cache-Control", "no-cache");
      return r;
    }
  }
  Response r;
  r.status = 404;
  return r;
}

Response AppPage(const WebDeps& deps, Request& req) {
  const auto* who = req.ContextAs<service::Principal>();
  PageContext ctx = BasePageContext(req, deps, "community.app.title");
  ctx.scripts.push_back(AssetUrl("community_app.js"));
  Data d{Data::type::object};
  d.set("signed_in_as", T(ctx, "community.app.signed_in_as",
                          {{"name", who->display_name + " (" + who->username + ")"}}));
  d.set("csrf", who->csrf);
  d.set("member", who->Id());
  d.set("lang", ctx.lang);
  auto groups = deps.community->MyGroups(*who);
  if (groups.ok() && !groups->empty()) {
    const service::CommunityGroup& g = groups->front();
    d.set("unit", g.unit);
    d.set("village", T(ctx, "community.app.village", {{"village", g.village}}));
    service::ProcedureQuery q;
    q.unit = g.unit;
    q.limit = 300;
    Data procs{Data::type::list};
    for (const char* level : {"full", "partial"}) {
      q.online = level;
      auto found = deps.procedures->Search(q);
      if (!found.ok()) continue;
      for (const auto& s : found->items) {
        Data o{Data::type::object};
        o.set("code", s.code);
        o.set("name", s.name);
        procs.push_back(std::move(o));
      }
    }
    d.set("procedures", std::move(procs));
  }
  // What the server kept of the member's filings: readable without JavaScript.
  Data filings{Data::type::list};
  auto mine = deps.community->MyFilings(*who, 50);
  if (mine.ok()) {
    for (const auto& f : *mine) {
      Data o{Data::type::object};
      o.set("provisional", f.provisional_code.empty() ? f.client_key : f.provisional_code);
      if (f.outcome == "filed") {
        o.set("line", T(ctx, "community.app.filed_as", {{"code", f.dossier_code}}));
      } else {
        o.set("refused", true);
        o.set("line", ctx.lang == "vi" ? f.refusal.vi : f.refusal.en);
      }
      filings.push_back(std::move(o));
    }
  }
  d.set("has_filings", mine.ok() && !mine->empty());
  d.set("filings", std::move(filings));
  return RenderPage(req, ctx, "community_app", std::move(d));
}

Response Manifest(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps, "community.app.title");
  // Plain JSON with the catalogue's title (no user data in it).
  std::string name;
  for (char c : ctx.title) {
    if (c == '"' || c == '\\') name += '\\';
    name += c;
  }
  Response r;
  r.status = 200;
  r.body = "{\"name\":\"" + name + "\",\"short_name\":\"motcua CNS\",\"start_url\":\"/to-cong-nghe-so\","
           "\"scope\":\"/to-cong-nghe-so\",\"display\":\"standalone\",\"lang\":\"" + ctx.lang +
           "\",\"background_color\":\"#ffffff\",\"theme_color\":\"#a31515\",\"icons\":[{\"src\":\"" +
           AssetUrl("favicon.svg") + "\",\"sizes\":\"any\",\"type\":\"image/svg+xml\"}]}";
  r.SetHeader("Content-Type", "application/manifest+json");
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

}  // namespace

Status RegisterCommunityRoutes(http::Router& router, const WebDeps& deps) {
  std::vector<http::Route> routes = {
      {Method::kGet, "/to-cong-nghe-so", "perm:community.record",
       [deps](Request& r) { return AppPage(deps, r); }},
      {Method::kGet, "/to-cong-nghe-so-sw.js", "public",
       [](Request&) { return Embedded("community_sw.js", "text/javascript; charset=utf-8"); }},
      {Method::kGet, "/to-cong-nghe-so.webmanifest", "public",
       [deps](Request& r) { return Manifest(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
