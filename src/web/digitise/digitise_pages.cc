#include "web/digitise/digitise_pages.h"

#include <fmt/format.h>

#include "base/civil_time.h"
#include "http/url.h"
#include "service/identity/audit_service.h"
#include "web/kit/form.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr char kVerifyPath[] = "/xac-thuc";
constexpr char kStorePath[] = "/kho-du-lieu";

// "09:30 05/12/2026" in Vietnam time.
std::string When(int64_t ms) {
  const LocalDateTime t = ToVietnam(ms);
  return fmt::format("{:02d}:{:02d} {:02d}/{:02d}/{:04d}", t.minute_of_day / 60,
                     t.minute_of_day % 60, static_cast<unsigned>(t.date.day()),
                     static_cast<unsigned>(t.date.month()), static_cast<int>(t.date.year()));
}

Response VerifyForm(const Request& req, const PageContext& ctx, const std::string& code,
                    const std::string& message, int status) {
  Data d{Data::type::object};
  d.set("code", code);
  if (!message.empty()) d.set("message", message);
  return RenderPage(req, ctx, "verify", std::move(d), status);
}

Response VerifyFormPage(const WebDeps& deps, Request& req) {
  const std::string code = req.Query("code");
  if (!code.empty()) return Response::Redirect(std::string(kVerifyPath) + "/" + http::PercentEncode(code));
  return VerifyForm(req, BasePageContext(req, deps, "verify.title"), "", "", 200);
}

Response VerifyPage(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps, "verify.title");
  const std::string code = req.Param("code");
  if (deps.lookup_limiter && !deps.lookup_limiter->Allow(req.remote_ip, Env::Default().NowMs())) {
    Response r = VerifyForm(req, ctx, code, T(ctx, "lookup.too_many"), 429);
    r.SetHeader("Retry-After", "60");
    return r;
  }
  auto v = deps.digitise ? deps.digitise->Verify(code)
                         : Result<service::Verification>(Status::NotFound("off"));
  if (!v.ok()) return VerifyForm(req, ctx, code, T(ctx, "verify.not_found"), 404);
  Data d{Data::type::object};
  d.set("code", v->verify_code);
  d.set("found", true);
  d.set("state", v->state);
  d.set("state_text", T(ctx, "verify.state." + v->state));
  if (v->state == "valid") d.set("valid", true);
  d.set("unit", v->unit_name);
  d.set("document_title", v->title);
  d.set("number", v->document_number);
  d.set("issued", When(v->issued_ms));
  d.set("signer_title", v->signer_title);
  d.set("sha256", v->sha256);
  d.set("applicant", v->applicant_masked);
  d.set("dossier", v->dossier_code);
  d.set("version", std::to_string(v->version));
  if (v->revoked_ms) d.set("revoked", When(*v->revoked_ms));
  if (!v->corrects_code.empty()) {
    d.set("corrects", v->corrects_code);
    d.set("corrects_href", std::string(kVerifyPath) + "/" + v->corrects_code);
  }
  if (!v->superseded_by.empty()) {
    d.set("superseded_by", v->superseded_by);
    d.set("superseded_href", std::string(kVerifyPath) + "/" + v->superseded_by);
  }
  Response r = RenderPage(req, ctx, "verify", std::move(d));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response StorePage(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps, "store.title");
  const service::Principal& who = PagePrincipal(req);
  auto list = deps.digitise ? deps.digitise->MyStore(who)
                            : Result<std::vector<service::StoreEntry>>(Status::NotFound("off"));
  Data d{Data::type::object};
  if (!list.ok()) {
    d.set("message", T(ctx, "store.unavailable"));
    return RenderPage(req, ctx, "store", std::move(d), 403);
  }
  Data items{Data::type::list};
  for (const auto& e : *list) {
    Data row{Data::type::object};
    row.set("id", std::to_string(e.id));
    row.set("title", e.title);
    row.set("kind", T(ctx, "store.kind." + e.kind));
    row.set("source", e.source);
    row.set("dossier", e.dossier_code);
    row.set("added", When(e.added_ms));
    row.set("validity", T(ctx, "store.validity." + e.validity));
    row.set("validity_class", e.validity);
    row.set("synced", T(ctx, e.synced ? "store.synced.yes" : "store.synced.no"));
    row.set("href", std::string(kStorePath) + "/" + std::to_string(e.id) + "/tai-ve");
    if (!e.verify_code.empty()) {
      row.set("verify_href", std::string(kVerifyPath) + "/" + e.verify_code);
      row.set("verify_code", e.verify_code);
    }
    items.push_back(row);
  }
  d.set("entries", items);
  if (list->empty()) d.set("empty", true);
  // The resident's dossiers still open to papers: a stored document may stand for a component.
  Data mine{Data::type::list};
  if (deps.dossiers) {
    if (auto ds = deps.dossiers->queries.MyDossiers(who); ds.ok()) {
      for (const auto& x : *ds) {
        if (x.status >= 8) continue;  // stopped, ready, returned: nothing left to file
        Data o{Data::type::object};
        o.set("code", x.code);
        o.set("procedure", x.procedure_name);
        mine.push_back(o);
      }
    }
  }
  if (!mine.is_empty_list()) {
    d.set("dossiers", mine);
    d.set("can_reuse", true);
  }
  if (req.Query("da_dung_lai") == "1") d.set("reused_message", T(ctx, "store.reused"));
  return RenderPage(req, ctx, "store", std::move(d));
}

Response StoreDownload(const WebDeps& deps, Request& req) {
  const int64_t id = std::atoll(req.Param("entry").c_str());
  auto f = deps.digitise ? deps.digitise->StoreFile(PagePrincipal(req), id)
                         : Result<std::pair<std::string, std::string>>(Status::NotFound("off"));
  if (!f.ok()) return NotFoundPage(req, deps);
  Response r = Response::Text(200, std::move(f->second), "application/pdf");
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + f->first + "\"");
  r.SetHeader("Cache-Control", "private, no-store");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

// GET /kho-du-lieu/{entry}/dung-lai?ho_so=CODE: the dossier's components, to choose the one the
// stored document stands for.
Response ReusePage(const WebDeps& deps, Request& req, const std::string& message = "",
                   int status = 200) {
  PageContext ctx = BasePageContext(req, deps, "store.reuse.title");
  const service::Principal& who = PagePrincipal(req);
  const std::string code = req.Query("ho_so").empty() ? ReadPostedForm(req).Get("ho_so")
                                                      : req.Query("ho_so");
  const int64_t entry = std::atoll(req.Param("entry").c_str());
  auto mine = deps.digitise->MyStore(who);
  const service::StoreEntry* e = nullptr;
  if (mine.ok()) {
    for (const auto& x : *mine) {
      if (x.id == entry) e = &x;
    }
  }
  auto names = deps.digitise->ReusableComponents(
      who, code, service::AccessContext{req.route, req.request_id});
  if (!e || !names.ok()) return NotFoundPage(req, deps);
  Data d{Data::type::object};
  d.set("title", e->title);
  d.set("source", e->source);
  d.set("code", code);
  d.set("action", std::string(kStorePath) + "/" + std::to_string(entry) + "/dung-lai");
  d.set("csrf", who.csrf);
  if (!message.empty()) d.set("message", message);
  Data comps{Data::type::list};
  int i = 0;
  for (const auto& name : *names) {
    Data o{Data::type::object};
    o.set("name", name);
    o.set("id", "tp" + std::to_string(i++));
    comps.push_back(o);
  }
  d.set("components", comps);
  return RenderPage(req, ctx, "store_reuse", std::move(d), status);
}

// POST /kho-du-lieu/{entry}/dung-lai: records the reuse, back to the store with a message.
Response ReuseSubmit(const WebDeps& deps, Request& req) {
  const PostedForm form = ReadPostedForm(req);
  service::ReuseRequest in;
  in.component = form.Get("thanh_phan");
  in.entry_id = std::atoll(req.Param("entry").c_str());
  auto r = deps.digitise->Reuse(PagePrincipal(req), form.Get("ho_so"), in,
                                service::AccessContext{req.route, req.request_id});
  if (!r.ok()) {
    PageContext ctx = BasePageContext(req, deps);
    const std::string why = r.status().code() == Code::kAlreadyExists
                                ? T(ctx, "store.reuse.already")
                                : T(ctx, "store.reuse.refused");
    return ReusePage(deps, req, why, 422);
  }
  return Response::Redirect(std::string(kStorePath) + "?da_dung_lai=1");
}

}  // namespace

Status RegisterDigitiseRoutes(http::Router& router, const WebDeps& deps) {
  std::vector<http::Route> routes = {
      {Method::kGet, kVerifyPath, "public", [deps](Request& r) { return VerifyFormPage(deps, r); }},
      {Method::kGet, std::string(kVerifyPath) + "/{code}", "public",
       [deps](Request& r) { return VerifyPage(deps, r); }},
      {Method::kGet, kStorePath, "resident", [deps](Request& r) { return StorePage(deps, r); }},
      {Method::kGet, std::string(kStorePath) + "/{entry}/tai-ve", "resident",
       [deps](Request& r) { return StoreDownload(deps, r); }},
      {Method::kGet, std::string(kStorePath) + "/{entry}/dung-lai", "resident",
       [deps](Request& r) { return ReusePage(deps, r); }},
      {Method::kPost, std::string(kStorePath) + "/{entry}/dung-lai", "resident",
       [deps](Request& r) { return ReuseSubmit(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
