// Units and their offerings: /quan-tri/don-vi (the units an administrator manages),
// /quan-tri/don-vi/{code} (details and offered procedures), POST …/thu-tuc (offer or withdraw).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "http/url.h"
#include "service/platform/principal.h"
#include "web/admin/admin_catalogue_pages.h"
#include "web/kit/form.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr char kEra[] = "2025";
constexpr int kListLimit = 100;
constexpr int kOfferingsPerPage = 20;

std::string UnitHref(const std::string& code) {
  return "/quan-tri/don-vi/" + http::PercentEncode(code);
}

// Returns "Xã Thuận Châu (03721)".
std::string UnitLabel(const service::Unit& u) { return u.name + " (" + u.code + ")"; }

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The units whose catalogue `p` manages that match `q`: for a province grant, the province and
// its communes found by name (or a code); for a commune grant, that commune.
std::vector<service::Unit> ManagedUnits(const WebDeps& deps, const service::Principal& p,
                                        const std::string& q) {
  std::vector<service::Unit> out;
  auto add = [&](const service::Unit& u) {
    for (const auto& o : out) {
      if (o.code == u.code) return;
    }
    out.push_back(u);
  };
  if (AllDigits(q)) {  // a code: the one unit, when the grants cover it
    auto u = deps.units->Get(q, kEra);
    if (u.ok() && p.Check("admin.catalogue", authz::UnitRef{u->code, u->province_code}).ok()) {
      add(*u);
    }
    return out;
  }
  for (const auto& g : authz::GrantsWith(p.grants, "admin.catalogue")) {
    if (g.IsProvinceWide()) {
      auto list = deps.units->Search(g.province_code, q, kEra, kListLimit);
      if (list.ok()) {
        for (const auto& u : *list) add(u);
      }
    } else if (auto u = deps.units->Get(g.unit_code, kEra); u.ok()) {
      add(*u);
    }
  }
  return out;
}

Response UnitListPage(const WebDeps& deps, Request& req) {
  const service::Principal& p = PagePrincipal(req);
  PageContext ctx = BasePageContext(req, deps, "admin.units.title");
  const std::string q = req.Query("q");
  Data d{Data::type::object};
  d.set("q", q);
  bool province_wide = false;
  for (const auto& g : authz::GrantsWith(p.grants, "admin.catalogue")) {
    province_wide = province_wide || g.IsProvinceWide();
  }
  d.set("can_search", province_wide);
  Data list{Data::type::list};
  for (const auto& u : ManagedUnits(deps, p, q)) {
    Data o{Data::type::object};
    o.set("href", UnitHref(u.code));
    o.set("label", UnitLabel(u));
    o.set("level", T(ctx, "admin.unit.level." + u.level));
    list.push_back(o);
  }
  d.set("none", list.is_empty_list());
  d.set("units", list);
  return RenderPage(req, ctx, "admin_units", std::move(d));
}

std::string Days(double days) { return fmt::format("{:g}", days); }

// What the add-offering form was sent with, to show again beside its errors.
struct OfferingInput {
  std::string procedure, local_days, local_fee_note;
};

Response RenderUnit(const WebDeps& deps, Request& req, const FormErrors* errors,
                    const OfferingInput& input, int status) {
  const service::Principal& p = PagePrincipal(req);
  auto unit = deps.units->Get(req.Param("code"), kEra);
  if (!unit.ok()) return AdminErrorPage(req, deps);
  PageContext ctx = BasePageContext(req, deps, "admin.unit.title", {{"unit", unit->name}});
  Data d{Data::type::object};
  d.set("name", unit->name);
  d.set("code", unit->code);
  d.set("level", T(ctx, "admin.unit.level." + unit->level));
  d.set("province", unit->province_code);
  d.set("agency_id", unit->agency_id);
  d.set("csrf", p.csrf);
  d.set("action", UnitHref(unit->code) + "/thu-tuc");
  if (p.Check("admin.accounts", authz::UnitRef{unit->code, unit->province_code}).ok()) {
    d.set("accounts_href", UnitHref(unit->code) + "/tai-khoan");
  }
  if (std::string added = req.Query("da-them"); !added.empty()) {
    d.set("notice", T(ctx, "admin.unit.offered", {{"code", added}}));
  } else if (std::string removed = req.Query("da-go"); !removed.empty()) {
    d.set("notice", T(ctx, "admin.unit.withdrawn", {{"code", removed}}));
  }
  // The offered procedures, a page at a time, with the text filter of the public search.
  service::ProcedureQuery q;
  q.unit = unit->code;
  q.q = req.Query("q");
  q.limit = kOfferingsPerPage;
  q.offset = std::max(0, std::atoi(req.Query("offset").c_str()));
  d.set("q", q.q);
  Data rows{Data::type::list};
  auto found = deps.procedures->Search(q);
  // The procedure record is national data: only a national administrator edits it.
  const bool may_edit = p.Check("national.catalogue", std::nullopt).ok();
  if (found.ok()) {
    for (const auto& s : found->items) {
      Data o{Data::type::object};
      o.set("proc", s.code);
      o.set("name", s.name);
      if (may_edit) o.set("edit_href", "/quan-tri/thu-tuc/" + http::PercentEncode(s.code));
      o.set("workflow_href", UnitHref(unit->code) + "/thu-tuc/" + http::PercentEncode(s.code) +
                                 "/quy-trinh");
      o.set("time", s.time_raw);
      auto off = deps.procedures->Offerings(unit->code, s.code);
      if (off.ok() && !off->empty()) {
        const service::Offering& f = off->front();
        if (f.local_days) o.set("local_days", T(ctx, "admin.unit.local_days_value",
                                                {{"days", Days(*f.local_days)}}));
        if (!f.local_fee_note.empty()) o.set("local_fee_note", f.local_fee_note);
      }
      o.set("remove_label", T(ctx, "admin.unit.withdraw_one", {{"code", s.code}}));
      rows.push_back(o);
    }
    d.set("count_line", T(ctx, "admin.unit.count", {{"count", std::to_string(found->total)}}));
    if (found->total > q.offset + static_cast<int64_t>(found->items.size())) {
      d.set("next_href", fmt::format("{}?q={}&offset={}", UnitHref(unit->code),
                                     http::PercentEncode(q.q),
                                     q.offset + static_cast<int>(found->items.size())));
    }
  }
  d.set("offerings", rows);
  d.set("has_offerings", !rows.is_empty_list());
  d.set("procedure", input.procedure);
  d.set("local_days", input.local_days);
  d.set("local_fee_note", input.local_fee_note);
  if (errors) errors->Into(d);
  return RenderPage(req, ctx, "admin_unit", std::move(d), status);
}

Response UnitPage(const WebDeps& deps, Request& req) {
  return RenderUnit(deps, req, nullptr, {}, 200);
}

// Offers a procedure at the unit (or updates its local settings), or withdraws it
// (action=withdraw), the way PUT/DELETE /api/v1/units/{code}/procedures/{proc} do.
Response OfferingSubmit(const WebDeps& deps, Request& req) {
  const service::Principal& p = PagePrincipal(req);
  auto unit = deps.units->Get(req.Param("code"), kEra);
  if (!unit.ok()) return AdminErrorPage(req, deps);
  const PageContext ctx = BasePageContext(req, deps);
  const PostedForm form = ReadPostedForm(req);
  OfferingInput in{form.Get("procedure"), form.Get("local_days"), form.Get("local_fee_note")};
  const std::string back = UnitHref(unit->code);
  FormErrors errors;
  RefuseUnreadableText(form.not_utf8, ctx, &errors);
  if (!errors.empty()) return RenderUnit(deps, req, &errors, in, 400);
  if (in.procedure.empty()) {
    errors.Add("procedure", T(ctx, "desk.error.required",
                              {{"field", T(ctx, "admin.unit.procedure")}}));
    return RenderUnit(deps, req, &errors, in, 400);
  }
  if (form.Get("action") == "withdraw") {
    Status st = deps.procedures->RemoveOffering(unit->code, in.procedure, unit->province_code,
                                                p.Id());
    if (st.ok()) return Response::Redirect(back + "?da-go=" + http::PercentEncode(in.procedure));
    errors.Add("procedure", T(ctx, "admin.unit.not_offered", {{"code", in.procedure}}));
    return RenderUnit(deps, req, &errors, {}, st.code() == Code::kNotFound ? 404 : 400);
  }
  service::Offering o{unit->code, in.procedure, std::nullopt, in.local_fee_note};
  if (!in.local_days.empty()) {
    char* end = nullptr;
    const double days = std::strtod(in.local_days.c_str(), &end);
    if (end == in.local_days.c_str() || *end != '\0') {
      errors.Add("local_days", T(ctx, "admin.unit.bad_days"));
    } else {
      o.local_days = days;
    }
  }
  if (errors.empty()) {
    Status st = deps.procedures->SetOffering(o, unit->province_code, p.Id());
    if (st.ok()) return Response::Redirect(back + "?da-them=" + http::PercentEncode(in.procedure));
    if (st.code() == Code::kNotFound) {
      errors.Add("procedure", T(ctx, "admin.unit.unknown_procedure", {{"code", in.procedure}}));
    } else if (st.code() == Code::kInvalidArgument) {
      errors.Add("local_days", T(ctx, "admin.unit.bad_days"));
    } else {
      return AdminErrorPage(req, deps, 503);
    }
  }
  return RenderUnit(deps, req, &errors, in, 400);
}

}  // namespace

std::vector<http::Route> AdminUnitRoutes(const WebDeps& deps) {
  return {
      {Method::kGet, "/quan-tri/don-vi", "perm:admin.catalogue",
       [deps](Request& r) { return UnitListPage(deps, r); }},
      {Method::kGet, "/quan-tri/don-vi/{code}", "perm:admin.catalogue@code",
       [deps](Request& r) { return UnitPage(deps, r); }},
      {Method::kPost, "/quan-tri/don-vi/{code}/thu-tuc", "perm:admin.catalogue@code",
       [deps](Request& r) { return OfferingSubmit(deps, r); }},
  };
}

}  // namespace motcua::web
