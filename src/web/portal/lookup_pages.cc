#include "web/portal/lookup_pages.h"

#include <fmt/format.h>

#include "base/civil_time.h"
#include "base/env.h"
#include "http/url.h"
#include "service/platform/system_service.h"
#include "service/platform/principal.h"
#include "web/kit/form.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Request;
using http::Response;

namespace {

PageContext Context(const Request& req, const WebDeps& deps) {
  PageContext ctx = BasePageContext(req, deps);
  ctx.title = Catalog::Get().T(ctx.lang, "lookup.title");
  return ctx;
}

// "09:30 05/12/2026" in Vietnam time.
std::string When(const std::optional<int64_t>& ms) {
  if (!ms) return "";
  const LocalDateTime t = ToVietnam(*ms);
  return fmt::format("{:02d}:{:02d} {:02d}/{:02d}/{:04d}", t.minute_of_day / 60,
                     t.minute_of_day % 60, static_cast<unsigned>(t.date.day()),
                     static_cast<unsigned>(t.date.month()), static_cast<int>(t.date.year()));
}

Response Form(const Request& req, const PageContext& ctx, const std::string& code,
              const std::string& message, int status) {
  Data d{Data::type::object};
  d.set("code", code);
  if (!message.empty()) d.set("message", message);
  if (const auto* who = req.ContextAs<service::Principal>(); who && who->signed_in())
    d.set("csrf", who->csrf);
  return RenderPage(req, ctx, "lookup", std::move(d), status);
}

}  // namespace

Response LookupFormPage(const WebDeps& deps, Request& req) {
  const std::string code = req.Query("code");
  if (!code.empty()) {
    // The code as people type it ("h40.12-261202-0001 ", without dots and dashes) leads to the
    // page of the code itself; what cannot be a code is looked up as typed (and not found).
    auto canonical = deps.dossiers ? deps.dossiers->queries.CanonicalCode(code)
                                   : Result<std::string>(Status::NotFound("no dossiers"));
    return Response::Redirect("/tra-cuu/" + http::PercentEncode(canonical.ok() ? *canonical : code));
  }
  return Form(req, Context(req, deps), "", "", 200);
}

Response LookupByPersonSubmit(const WebDeps& deps, Request& req) {
  PageContext ctx = Context(req, deps);
  const auto& cat = Catalog::Get();
  const PostedForm f = ReadPostedForm(req);
  const std::string id_number = f.Get("id_number"), phone = f.Get("phone");
  Data d{Data::type::object};
  d.set("code", "");
  d.set("id_number", id_number);
  d.set("phone", phone);
  d.set("person_open", true);
  if (const auto* who = req.ContextAs<service::Principal>(); who && who->signed_in())
    d.set("csrf", who->csrf);
  if (deps.lookup_limiter && !deps.lookup_limiter->Allow(req.remote_ip, Env::Default().NowMs())) {
    d.set("person_message", cat.T(ctx.lang, "lookup.too_many"));
    Response r = RenderPage(req, ctx, "lookup", std::move(d), 429);
    r.SetHeader("Retry-After", "60");
    return r;
  }
  auto found = deps.dossiers ? deps.dossiers->queries.LookupByPerson(id_number, phone)
                             : Result<std::vector<service::PublicLookup>>(
                                   std::vector<service::PublicLookup>{});
  if (!found.ok()) {
    d.set("person_message", cat.T(ctx.lang, "lookup.unavailable"));
    return RenderPage(req, ctx, "lookup", std::move(d), 503);
  }
  if (found->empty()) {
    d.set("person_message", cat.T(ctx.lang, "lookup.person_none"));
    return RenderPage(req, ctx, "lookup", std::move(d), 404);
  }
  Data list{Data::type::list};
  for (const auto& p : *found) {
    Data o{Data::type::object};
    o.set("code", p.code);
    o.set("href", "/tra-cuu/" + http::PercentEncode(p.code));
    o.set("procedure", p.procedure_name);
    o.set("status", cat.T(ctx.lang, "status." + std::to_string(p.status)));
    o.set("received", When(p.received_ms));
    list.push_back(o);
  }
  d.set("person_results", list);
  d.set("has_person_results", true);
  d.set("person_count", cat.T(ctx.lang, found->size() == 1 ? "lookup.person_one" : "lookup.person_many",
                              {{"n", std::to_string(found->size())}}));
  return RenderPage(req, ctx, "lookup", std::move(d));
}

Response LookupPage(const WebDeps& deps, Request& req) {
  PageContext ctx = Context(req, deps);
  const std::string code = req.Param("code");
  const auto& cat = Catalog::Get();
  if (deps.lookup_limiter && !deps.lookup_limiter->Allow(req.remote_ip, Env::Default().NowMs())) {
    Response r = Form(req, ctx, code, cat.T(ctx.lang, "lookup.too_many"), 429);
    r.SetHeader("Retry-After", "60");
    return r;
  }
  auto p = deps.dossiers ? deps.dossiers->queries.Lookup(code) : Result<service::PublicLookup>(
                                                           Status::NotFound("no dossiers"));
  if (!p.ok()) return Form(req, ctx, code, cat.T(ctx.lang, "lookup.not_found"), 404);
  if (p->code != code) return Response::Redirect("/tra-cuu/" + http::PercentEncode(p->code));
  Data d{Data::type::object};
  d.set("code", p->code);
  d.set("found", true);
  d.set("procedure", p->procedure_name);
  d.set("procedure_href", "/procedures/" + p->procedure_code);
  d.set("status", cat.T(ctx.lang, "status." + std::to_string(p->status)));
  d.set("applicant", p->applicant_masked);
  d.set("received", When(p->received_ms));
  if (p->due_ms) d.set("due", When(p->due_ms));
  if (!p->due_ms && (p->status == 5 || p->status == 6)) {
    d.set("paused", true);
    // The working time left, frozen since the pause began.
    if (p->paused_remaining_minutes)
      d.set("paused_remaining",
            cat.T(ctx.lang, "lookup.paused_remaining",
                  {{"remaining", ctx.lang == "vi" ? p->paused_remaining_vi : p->paused_remaining_en}}));
  }
  if (p->returned_ms) d.set("returned", When(p->returned_ms));
  // Why it counts as late whatever its times (a supplementation exception); the public minimum:
  // the rule, not the officer's reason.
  if (!p->late_reason.empty()) d.set("late", cat.T(ctx.lang, "lookup.late." + p->late_reason));
  return RenderPage(req, ctx, "lookup", std::move(d));
}

}  // namespace motcua::web
