// The commune police desk: /cong-an/luu-tru and its search, history, statistics and exports.
#include <fmt/format.h>

#include <cstdlib>
#include <map>

#include "base/civil_time.h"
#include "domain/lodging/notice.h"
#include "http/url.h"
#include "web/kit/form.h"
#include "web/kit/format.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/lodging/lodging_pages.h"
#include "web/lodging/lodging_view.h"

namespace motcua::web {

using http::Request;
using http::Response;
using service::Principal;

namespace {

constexpr char kDesk[] = "/cong-an/luu-tru";

// The unit the officer manages lodging in (their first lodging.manage grant), if any.
std::optional<authz::UnitRef> ManagedUnit(const Principal& who) {
  auto grants = authz::GrantsWith(who.grants, "lodging.manage");
  if (grants.empty()) return std::nullopt;
  return authz::UnitRef{grants[0].unit_code, grants[0].province_code};
}

Response Desk(const WebDeps& deps, Request& req, FormErrors errors, int status) {
  PageContext ctx = BasePageContext(req, deps, "lodging.desk.title");
  const Principal& who = PagePrincipal(req);
  const int64_t now = deps.lodging->NowMs();
  const std::string day = lodging::ParseDate(req.Query("ngay")) ? req.Query("ngay") : IsoDay(now);
  Data d{Data::type::object};
  d.set("csrf", who.csrf);
  d.set("arrivals", true);
  d.set("day", day);
  const std::string msg = req.Query("xong");
  if (!msg.empty() && msg.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos) {
    d.set("done", T(ctx, "lodging.done." + msg, {{"n", std::to_string(std::atoi(req.Query("so").c_str()))}}));
  }
  auto facilities = deps.lodging->Facilities(who);
  Data pending{Data::type::list}, all{Data::type::list};
  if (facilities.ok()) {
    for (const auto& f : *facilities) {
      Data o{Data::type::object};
      o.set("id", std::to_string(f.id));
      o.set("name", f.name);
      o.set("type", FacilityTypeText(ctx, f.type));
      o.set("address", f.address);
      o.set("host", f.host_name);
      o.set("status", FacilityStatusText(ctx, f.status));
      o.set("href", std::string(kDesk) + "/co-so/" + std::to_string(f.id));
      if (f.late > 0) {
        o.set("late", true);
        o.set("late_text", T(ctx, "lodging.late_count", {{"n", std::to_string(f.late)}}));
      }
      (f.status == "pending" ? pending : all).push_back(o);
    }
  }
  d.set("has_pending_facilities", !pending.is_empty_list());
  d.set("pending_facilities", pending);
  d.set("has_facilities", !all.is_empty_list());
  d.set("facilities", all);
  d.set("arrivals_title", T(ctx, "lodging.desk.arrivals", {{"date", lodging::FormatDate(*lodging::ParseDate(day))}}));
  auto stays = deps.lodging->Arrivals(who, day, {kDesk, req.request_id});
  Data groups{Data::type::list};
  if (stays.ok()) {
    std::map<int64_t, std::vector<service::LodgingStay>> by;
    std::vector<int64_t> order;
    for (const auto& s : *stays) {
      if (by.find(s.facility_id) == by.end()) order.push_back(s.facility_id);
      by[s.facility_id].push_back(s);
    }
    for (int64_t fid : order) {
      const auto& list = by[fid];
      Data g{Data::type::object};
      g.set("id", std::to_string(fid));
      g.set("name", list[0].facility_name);
      g.set("href", std::string(kDesk) + "/co-so/" + std::to_string(fid));
      g.set("count", T(ctx, "lodging.guest_count", {{"n", std::to_string(list.size())}}));
      bool unreceived = false;
      for (const auto& s : list) unreceived |= s.notified_ms && !s.received_ms;
      g.set("unreceived", unreceived);
      g.set("table", StaysTable(ctx, list, now, {}));
      groups.push_back(g);
    }
  } else {
    errors.Add("q", T(ctx, "lodging.err.busy"));
    status = 503;
  }
  d.set("groups", groups);
  if (auto unit = ManagedUnit(who)) {
    auto settings = deps.lodging->Settings(unit->unit_code);
    if (settings.ok()) {
      d.set("manage", true);
      d.set("foreign_hours", std::to_string(settings->foreign_hours));
      d.set("retention_days", std::to_string(settings->retention_days));
      Data types{Data::type::list};
      for (std::string_view code : lodging::kFacilityTypes) {
        Data o{Data::type::object};
        o.set("code", std::string(code));
        o.set("label", FacilityTypeText(ctx, std::string(code)));
        types.push_back(o);
      }
      d.set("types", types);
    }
  }
  Data summary{Data::type::object};
  errors.Into(summary);
  d.set("error_summary", RenderFragment(ctx, "lodging_errors", summary));
  Response r = RenderPage(req, ctx, "lodging_desk", std::move(d), status);
  r.SetHeader("Refresh", "60");  // live without JavaScript: the list reloads every minute
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response DeskGet(const WebDeps& deps, Request& req) { return Desk(deps, req, {}, 200); }

Response DeskPost(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps);
  const Principal& who = PagePrincipal(req);
  PostedForm form = ReadPostedForm(req);
  const std::string action = form.Get("action");
  const int64_t facility = std::atoll(form.Get("facility").c_str());
  FormErrors errors;
  auto done = [&](const std::string& what, int n) {
    return Response::Redirect(std::string(kDesk) + "?xong=" + what + "&so=" + std::to_string(n));
  };
  Status st = Status::Ok();
  if (action == "confirm_facility" || action == "refuse_facility") {
    st = deps.lodging->DecideFacility(who, facility, action == "confirm_facility");
    if (st.ok()) return done(action == "confirm_facility" ? "confirmed" : "refused", 1);
  } else if (action == "receive") {
    auto n = deps.lodging->ConfirmReceipt(who, facility, {});
    if (n.ok()) return done("received", *n);
    st = n.status();
  } else if (action == "register_facility") {
    // A host without VNeID: the police register the facility for them (confirmed at once); the
    // host is its first staff member by ID number.
    auto unit = ManagedUnit(who);
    if (!unit) return RefusalPage(req, deps, 403);
    service::LodgingFacilityInput in;
    in.name = form.Get("name");
    in.type = form.Get("type");
    in.address = form.Get("address");
    in.host_id_number = form.Get("host_id_number");
    in.host_name = form.Get("host_name");
    auto id = deps.lodging->RegisterFacility(who, *unit, in);
    if (id.ok()) return done("confirmed", 1);
    st = id.status();
  } else if (action == "settings") {
    auto unit = ManagedUnit(who);
    if (!unit) return RefusalPage(req, deps, 403);
    st = deps.lodging->SetSettings(who, *unit,
                                   {std::atoi(form.Get("foreign_hours").c_str()),
                                    std::atoi(form.Get("retention_days").c_str())});
    if (st.ok()) return done("settings", 1);
  } else {
    return NotFoundPage(req, deps);
  }
  if (st.code() == Code::kNotFound) return NotFoundPage(req, deps);
  if (st.code() == Code::kPermissionDenied) return RefusalPage(req, deps, 403);
  for (const FieldError& f : st.fields()) errors.Add(f.field, T(ctx, f.reason));
  if (errors.empty()) errors.Add("q", st.code() == Code::kFailedPrecondition
                                          ? T(ctx, "lodging.err.decided")
                                          : T(ctx, "lodging.err.busy"));
  return Desk(deps, req, errors, st.code() == Code::kInvalidArgument ? 422 : 409);
}

Response SearchPage(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps, "lodging.desk.title");
  const Principal& who = PagePrincipal(req);
  Data d{Data::type::object};
  d.set("csrf", who.csrf);
  d.set("q", req.Query("q"));
  d.set("reason", req.Query("reason"));
  FormErrors errors;
  int status = 200;
  auto found = deps.lodging->Search(who, req.Query("q"), req.Query("reason"),
                                    {"/cong-an/luu-tru/tim", req.request_id});
  if (found.ok()) {
    d.set("searched", true);
    d.set("has_stays", !found->empty());
    StaysTableOptions o;
    o.facility = true;
    d.set("stays_table", StaysTable(ctx, *found, deps.lodging->NowMs(), o));
  } else {
    for (const FieldError& f : found.status().fields()) errors.Add(f.field, T(ctx, f.reason));
    if (errors.empty()) errors.Add("q", T(ctx, "lodging.err.busy"));
    status = 422;
  }
  Data summary{Data::type::object};
  errors.Into(summary);
  d.set("error_summary", RenderFragment(ctx, "lodging_errors", summary));
  Response r = RenderPage(req, ctx, "lodging_desk", std::move(d), status);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response HistoryPage(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps);
  const Principal& who = PagePrincipal(req);
  const int64_t id = std::atoll(req.Param("id").c_str());
  auto facility = deps.lodging->Facility(who, id);
  if (!facility.ok()) return NotFoundPage(req, deps);
  auto stays = deps.lodging->History(who, id, {"/cong-an/luu-tru/co-so/{id}", req.request_id});
  if (!stays.ok()) return NotFoundPage(req, deps);
  ctx.title = facility->name;
  Data d{Data::type::object};
  d.set("facility_name", facility->name);
  d.set("type", FacilityTypeText(ctx, facility->type));
  d.set("address", facility->address);
  d.set("host", facility->host_name);
  d.set("status", FacilityStatusText(ctx, facility->status));
  d.set("has_stays", !stays->empty());
  d.set("stays_table", StaysTable(ctx, *stays, deps.lodging->NowMs(), {}));
  const std::string today = IsoDay(deps.lodging->NowMs());
  const std::string base = std::string(kDesk) + "/xuat?co_so=" + std::to_string(id) + "&from=" +
                           today.substr(0, 8) + "01&to=" + today + "&kind=";
  d.set("export_vn", base + "vn");
  d.set("export_foreign", base + "foreign");
  Response r = RenderPage(req, ctx, "lodging_history", std::move(d));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response StatsPage(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps, "lodging.stats.title");
  const Principal& who = PagePrincipal(req);
  std::string month = req.Query("month");
  if (month.size() != 7) month = IsoDay(deps.lodging->NowMs()).substr(0, 7);
  Data d{Data::type::object};
  d.set("month", month);
  auto stats = deps.lodging->MonthStats(who, month);
  Data rows{Data::type::list};
  if (stats.ok()) {
    for (const auto& m : *stats) {
      Data r{Data::type::object};
      r.set("name", m.facility_name);
      r.set("stays", std::to_string(m.stays));
      r.set("guests", std::to_string(m.guests));
      r.set("foreign", std::to_string(m.foreign));
      r.set("nights", std::to_string(m.nights));
      r.set("late", std::to_string(m.late));
      r.set("undeclared", std::to_string(m.undeclared));
      std::string nats;
      for (const auto& n : m.nationalities) {
        nats += (nats.empty() ? "" : ", ") + n.first + " " + std::to_string(n.second);
      }
      r.set("nationalities", nats);
      rows.push_back(r);
    }
  }
  d.set("has_rows", !rows.is_empty_list());
  d.set("rows", rows);
  return RenderPage(req, ctx, "lodging_stats", std::move(d), stats.ok() ? 200 : 422);
}

Response ExportPage(const WebDeps& deps, Request& req) {
  const Principal& who = PagePrincipal(req);
  const std::string kind = req.Query("kind");
  if (kind != "vn" && kind != "foreign") return NotFoundPage(req, deps);
  const int64_t facility = std::atoll(req.Query("co_so").c_str());
  auto body = deps.lodging->Export(who, facility, kind == "foreign", req.Query("from"),
                                   req.Query("to"), {"/cong-an/luu-tru/xuat", req.request_id});
  if (!body.ok()) {
    if (body.status().code() == Code::kNotFound) return NotFoundPage(req, deps);
    PageContext ctx = BasePageContext(req, deps);
    FormErrors errors;
    errors.Add("from", T(ctx, "lodging.err.period"));
    return Desk(deps, req, errors, 422);
  }
  return ExportResponse(std::move(*body), kind == "foreign",
                        fmt::format("luu-tru-{}-{}-{}", kind == "foreign" ? "nuoc-ngoai" : "viet-nam",
                                    req.Query("from"), req.Query("to")));
}

}  // namespace

Status RegisterLodgingHostRoutes(http::Router& router, const WebDeps& deps);

Status RegisterLodgingRoutes(http::Router& router, const WebDeps& deps) {
  if (!deps.lodging) return Status::Ok();
  MOTCUA_RETURN_IF_ERROR(RegisterLodgingHostRoutes(router, deps));
  // Officers with lodging.read somewhere; the service scopes every list to their communes.
  std::vector<http::Route> routes = {
      {http::Method::kGet, kDesk, "perm:lodging.read", [deps](Request& r) { return DeskGet(deps, r); }},
      {http::Method::kPost, kDesk, "perm:lodging.manage",
       [deps](Request& r) { return DeskPost(deps, r); }},
      {http::Method::kGet, std::string(kDesk) + "/tim", "perm:lodging.read",
       [deps](Request& r) { return SearchPage(deps, r); }},
      {http::Method::kGet, std::string(kDesk) + "/co-so/{id}", "perm:lodging.read",
       [deps](Request& r) { return HistoryPage(deps, r); }},
      {http::Method::kGet, std::string(kDesk) + "/thong-ke", "perm:lodging.read",
       [deps](Request& r) { return StatsPage(deps, r); }},
      {http::Method::kGet, std::string(kDesk) + "/xuat", "perm:lodging.read",
       [deps](Request& r) { return ExportPage(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
