// The host's pages: /luu-tru and /luu-tru/{id}.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

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

constexpr int kMaxGuestsPerForm = 10;

service::AccessContext Access(const Request& req, const std::string& route) {
  return {route, req.request_id};
}

bool IsResident(const Request& req) {
  const auto* p = req.ContextAs<Principal>();
  return p && p->kind == Principal::Kind::kResident;
}

// The message of a field error (its reason is a catalogue key).
std::string ErrorText(const PageContext& ctx, const FieldError& f) {
  return f.reason.starts_with("lodging.") ? T(ctx, f.reason) : f.message;
}

Response HostHome(const WebDeps& deps, Request& req, const PostedForm* posted, FormErrors errors,
                  int status, const std::string& done) {
  PageContext ctx = BasePageContext(req, deps, "lodging.host.title");
  Data d{Data::type::object};
  if (!IsResident(req)) {
    d.set("sign_in_href", "/auth/oidc/start?return_to=" + http::PercentEncode("/luu-tru"));
    return RenderPage(req, ctx, "lodging_host", std::move(d));
  }
  const Principal& who = PagePrincipal(req);
  d.set("resident", true);
  d.set("csrf", who.csrf);
  if (!done.empty()) d.set("done", done);
  auto mine = deps.lodging->MyFacilities(who);
  Data list{Data::type::list};
  if (mine.ok()) {
    for (const auto& f : *mine) {
      Data o{Data::type::object};
      o.set("name", f.name);
      o.set("href", "/luu-tru/" + std::to_string(f.id));
      o.set("type", FacilityTypeText(ctx, f.type));
      o.set("status", FacilityStatusText(ctx, f.status));
      if (f.pending > 0) {
        o.set("pending", true);
        o.set("pending_text", T(ctx, "lodging.pending_count", {{"n", std::to_string(f.pending)}}));
      }
      o.set("late", f.late > 0);
      list.push_back(o);
    }
  }
  d.set("has_facilities", !list.is_empty_list());
  d.set("facilities", list);
  const std::string type = posted ? posted->Get("type") : "homestay";
  Data types{Data::type::list};
  for (std::string_view code : lodging::kFacilityTypes) {
    Data o{Data::type::object};
    o.set("code", std::string(code));
    o.set("label", FacilityTypeText(ctx, std::string(code)));
    o.set("selected", code == type);
    types.push_back(o);
  }
  d.set("types", types);
  if (posted) {
    for (const char* f : {"name", "address", "phone"}) d.set(std::string("v_") + f, posted->Get(f));
  }
  Data summary{Data::type::object};
  errors.Into(summary);
  errors.Into(d);
  d.set("error_summary", RenderFragment(ctx, "lodging_errors", summary));
  return RenderPage(req, ctx, "lodging_host", std::move(d), status);
}

Response HostHomeGet(const WebDeps& deps, Request& req) {
  const std::string done = req.Query("xong") == "1" ? T(BasePageContext(req, deps),
                                                        "lodging.done.registered")
                                                    : "";
  return HostHome(deps, req, nullptr, {}, 200, done);
}

Response HostRegister(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps);
  PostedForm form = ReadPostedForm(req);
  FormErrors errors;
  RefuseUnreadableText(form.not_utf8, ctx, &errors);
  if (!errors.empty()) return HostHome(deps, req, &form, errors, 422, "");
  auto site = deps.site->Get();
  if (!site.ok()) return HostHome(deps, req, &form, errors, 503, "");
  auto unit = deps.identity->ResolveUnit(site->unit_code);
  if (!unit.ok()) {
    errors.Add("name", T(ctx, "lodging.err.busy"));
    return HostHome(deps, req, &form, errors, 503, "");
  }
  service::LodgingFacilityInput in;
  in.name = form.Get("name");
  in.type = form.Get("type");
  in.address = form.Get("address");
  in.phone = form.Get("phone");
  auto id = deps.lodging->RegisterFacility(PagePrincipal(req), *unit, in);
  if (id.ok()) return Response::Redirect("/luu-tru?xong=1");
  for (const FieldError& f : id.status().fields()) errors.Add(f.field, ErrorText(ctx, f));
  if (errors.empty()) errors.Add("name", T(ctx, "lodging.err.busy"));
  return HostHome(deps, req, &form, errors, 422, "");
}

int64_t FacilityId(const Request& req) { return std::atoll(req.Param("id").c_str()); }

// One guest block of the check-in form.
struct GuestForm {
  std::string kind = "vn", name, doc, birth, sex = "M", room, depart, reason = "1", nat = "VNM",
              visa, permit;
  bool family = false;
  std::map<std::string, std::string> errors;  // field → message
};

Response FacilityPage(const WebDeps& deps, Request& req, std::vector<GuestForm> guests,
                      FormErrors errors, int status, const std::string& done,
                      const std::string& arrival = "") {
  PageContext ctx = BasePageContext(req, deps);
  const Principal& who = PagePrincipal(req);
  const int64_t id = FacilityId(req);
  auto facility = deps.lodging->Facility(who, id);
  if (!facility.ok() || who.kind != Principal::Kind::kResident) return NotFoundPage(req, deps);
  ctx.title = facility->name;
  const std::string post = "/luu-tru/" + std::to_string(id);
  const int64_t now = deps.lodging->NowMs();
  Data d{Data::type::object};
  d.set("facility_name", facility->name);
  d.set("type", FacilityTypeText(ctx, facility->type));
  d.set("address", facility->address);
  d.set("status", FacilityStatusText(ctx, facility->status));
  d.set("post", post);
  d.set("csrf", who.csrf);
  if (!done.empty()) d.set("done", done);
  const bool confirmed = facility->status == "confirmed";
  d.set("confirmed", confirmed);
  d.set("not_confirmed", !confirmed);
  auto rooms = deps.lodging->Rooms(who, id);
  auto staff = deps.lodging->Staff(who, id);
  std::vector<std::string> room_list = rooms.ok() ? *rooms : std::vector<std::string>{};
  std::string rooms_text, staff_text;
  for (const auto& r : room_list) rooms_text += (rooms_text.empty() ? "" : ", ") + r;
  bool host = false;
  if (staff.ok()) {
    for (const auto& s : *staff) {
      staff_text += (staff_text.empty() ? "" : ", ") + s.name;
      if (s.is_host && s.id_number == who.id_number) host = true;
    }
  }
  d.set("rooms_text", rooms_text.empty() ? "—" : rooms_text);
  d.set("staff_text", staff_text);
  d.set("host", host);
  // The register: current guests, and what is left to declare.
  auto stays = deps.lodging->Register(who, id, true, {post, req.request_id});
  int pending = 0;
  if (stays.ok()) {
    for (const auto& s : *stays) pending += s.notified_ms ? 0 : 1;
    StaysTableOptions o;
    o.actions = true;
    o.post = post;
    o.csrf = who.csrf;
    o.rooms = room_list;
    d.set("has_stays", !stays->empty());
    d.set("stays_table", StaysTable(ctx, *stays, now, o));
  }
  d.set("has_pending", pending > 0);
  d.set("pending_text", T(ctx, "lodging.pending_count", {{"n", std::to_string(pending)}}));
  // The check-in form: n guest blocks, the first filled from a returning guest when asked.
  int n = std::clamp(std::atoi(req.Query("n").c_str()), 1, kMaxGuestsPerForm);
  if (static_cast<int>(guests.size()) > n) n = static_cast<int>(guests.size());
  guests.resize(n);
  const std::string returning = req.Query("lai");
  if (!returning.empty()) {
    d.set("returning", returning);
    auto back = deps.lodging->ReturningGuest(who, id, returning, {post, req.request_id});
    if (back.ok()) {
      GuestForm& g = guests[0];
      g.kind = back->kind == lodging::GuestKind::kForeign ? "foreign" : "vn";
      g.name = back->name;
      g.doc = g.kind == "vn" ? back->id_number : back->passport;
      g.birth = back->birth;
      g.sex = back->sex;
      g.nat = back->nationality;
      g.visa = back->visa;
      g.room = back->room;
    } else {
      d.set("returning_none", true);
    }
  }
  const std::string today = IsoDay(now);
  Data gl{Data::type::list};
  for (int i = 0; i < n; ++i) {
    const GuestForm& g = guests[i];
    Data o{Data::type::object};
    o.set("p", fmt::format("g{}_", i));
    o.set("legend", T(ctx, "lodging.guest_n", {{"n", std::to_string(i + 1)}}));
    o.set("foreign", g.kind == "foreign");
    o.set("name", g.name);
    o.set("doc", g.doc);
    o.set("birth", g.birth);
    o.set("male", g.sex == "M");
    o.set("female", g.sex == "F");
    o.set("depart", g.depart.empty() ? today : g.depart);
    o.set("nat", g.nat);
    o.set("visa", g.visa);
    o.set("permit", g.permit);
    o.set("household", facility->type == "household");
    o.set("family", g.family);
    Data rl{Data::type::list};
    for (const auto& r : room_list) {
      Data ro{Data::type::object};
      ro.set("name", r);
      ro.set("selected", r == g.room);
      rl.push_back(ro);
    }
    o.set("rooms", rl);
    o.set("reasons", ReasonOptions(ctx, std::atoi(g.reason.c_str())));
    for (const auto& e : g.errors) o.set("e_" + e.first, e.second);
    gl.push_back(o);
  }
  d.set("guests", gl);
  d.set("arrival", arrival.empty() ? FormatTime(now) : arrival);
  d.set("n", std::to_string(n));
  d.set("more_href", post + "?n=" + std::to_string(std::min(n + 1, kMaxGuestsPerForm)) +
                         "#nhan-khach");
  d.set("export_vn", post + "/xuat/vn?from=" + today + "&to=" + today);
  d.set("export_foreign", post + "/xuat/foreign?from=" + today + "&to=" + today);
  Data summary{Data::type::object};
  errors.Into(summary);
  d.set("error_summary", RenderFragment(ctx, "lodging_errors", summary));
  return RenderPage(req, ctx, "lodging_facility", std::move(d), status);
}

Response FacilityGet(const WebDeps& deps, Request& req) {
  std::string done;
  const std::string msg = req.Query("xong");
  if (!msg.empty() && msg.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos) {
    done = T(BasePageContext(req, deps), "lodging.done." + msg,
             {{"n", std::to_string(std::atoi(req.Query("so").c_str()))}});
  }
  return FacilityPage(deps, req, {}, {}, 200, done);
}

// The arrival instant from the form's "HH:MM" (Vietnam time): today's, or yesterday's when that
// time is still to come today (a guest who arrived at 23:40 declared after midnight). Empty: now.
std::optional<int64_t> ArrivalFromTime(const std::string& hhmm, int64_t now) {
  if (hhmm.empty()) return now;
  int h = -1, m = -1;
  char tail = 0;
  if (hhmm.size() != 5 || std::sscanf(hhmm.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 ||
      h > 23 || m < 0 || m > 59) {
    return std::nullopt;
  }
  const LocalDateTime t = ToVietnam(now);
  int64_t at = FromVietnam(t.date, h * 60 + m);
  if (at > now + 60'000) at -= 24LL * 3600 * 1000;
  return at;
}

std::vector<service::LodgingCheckIn> ReadGuests(const PostedForm& form, int64_t now,
                                               std::vector<GuestForm>* forms) {
  std::vector<service::LodgingCheckIn> out;
  const int n = std::clamp(std::atoi(form.Get("n").c_str()), 1, kMaxGuestsPerForm);
  for (int i = 0; i < n; ++i) {
    const std::string p = fmt::format("g{}_", i);
    GuestForm g;
    g.kind = form.Get(p + "kind") == "foreign" ? "foreign" : "vn";
    g.name = Trimmed(form.Get(p + "name"));
    g.doc = Trimmed(form.Get(p + "doc"));
    for (char& c : g.doc) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    g.birth = form.Get(p + "birth");
    g.sex = form.Get(p + "sex");
    g.room = form.Get(p + "room");
    g.depart = form.Get(p + "depart");
    g.reason = form.Get(p + "reason");
    g.nat = Trimmed(form.Get(p + "nat"));
    for (char& c : g.nat) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    g.visa = Trimmed(form.Get(p + "visa"));
    g.permit = form.Get(p + "permit");
    g.family = form.Get(p + "family") == "1";
    forms->push_back(g);
    if (g.name.empty() && g.doc.empty() && i > 0) continue;  // an extra block left empty
    service::LodgingCheckIn c;
    c.guest.kind = g.kind == "foreign" ? lodging::GuestKind::kForeign : lodging::GuestKind::kVietnamese;
    c.guest.name = g.name;
    if (g.kind == "foreign") {
      c.guest.passport = g.doc;
      c.guest.nationality = g.nat;
      c.guest.visa = g.visa;
      c.guest.permitted_until = lodging::ParseDate(g.permit);
    } else {
      c.guest.id_number = g.doc;
    }
    c.guest.birth = lodging::ParseDate(g.birth).value_or(std::chrono::year_month_day{});
    c.guest.sex = g.sex.size() == 1 ? g.sex[0] : 0;
    c.guest.reason = std::atoi(g.reason.c_str());
    c.guest.departure_date = lodging::ParseDate(g.depart).value_or(std::chrono::year_month_day{});
    c.room = g.room;
    c.family = g.family;
    c.arrival_ms = now;
    out.push_back(std::move(c));
  }
  return out;
}

Response FacilityPost(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps);
  const Principal& who = PagePrincipal(req);
  const int64_t id = FacilityId(req);
  const std::string back = "/luu-tru/" + std::to_string(id);
  PostedForm form = ReadPostedForm(req);
  FormErrors errors;
  RefuseUnreadableText(form.not_utf8, ctx, &errors);
  if (!form.ok) errors.Add("file", T(ctx, "lodging.err.file"));
  if (!errors.empty()) return FacilityPage(deps, req, {}, errors, 422, "");
  const std::string action = form.Get("action");
  auto redirect = [&](const std::string& what, int n) {
    return Response::Redirect(back + "?xong=" + what + "&so=" + std::to_string(n));
  };
  auto refuse = [&](const Status& st, const std::string& field) {
    if (st.code() == Code::kNotFound) return NotFoundPage(req, deps);
    for (const FieldError& f : st.fields()) errors.Add(field.empty() ? f.field : field, ErrorText(ctx, f));
    if (errors.empty()) {
      errors.Add(field.empty() ? "nhan-khach" : field,
                 st.code() == Code::kFailedPrecondition ? T(ctx, "lodging.wait_police")
                                                        : T(ctx, "lodging.err.busy"));
    }
    return FacilityPage(deps, req, {}, errors, st.code() == Code::kInvalidArgument ? 422 : 409, "");
  };
  if (action == "checkin") {
    std::vector<GuestForm> forms;
    const int64_t now = deps.lodging->NowMs();
    auto arrival = ArrivalFromTime(form.Get("arrival"), now);
    if (!arrival) {
      errors.Add("arrival", T(ctx, "lodging.err.arrival"));
      ReadGuests(form, now, &forms);
      return FacilityPage(deps, req, forms, errors, 422, "", form.Get("arrival"));
    }
    auto guests = ReadGuests(form, *arrival, &forms);
    auto ids = deps.lodging->CheckIn(who, id, guests, form.Get("declare") == "1");
    if (ids.ok()) {
      return redirect(form.Get("declare") == "1" ? "declared" : "checked_in",
                      static_cast<int>(ids->size()));
    }
    for (const FieldError& f : ids.status().fields()) {
      // "guest1.id_number" → block 1, field id_number (shown beside the field).
      const size_t dot = f.field.find('.');
      const int i = std::atoi(f.field.c_str() + 5);
      std::string field = dot == std::string::npos ? "" : f.field.substr(dot + 1);
      if (field == "id_number" || field == "passport") field = "doc";
      const std::string msg = ErrorText(ctx, f);
      if (i >= 0 && i < static_cast<int>(forms.size()) && !field.empty()) {
        forms[i].errors[field] = msg;
        const std::string input = field == "departure" ? "depart"
                                  : field == "nationality" ? "nat"
                                  : field == "permitted_until" ? "permit" : field;
        errors.Add(fmt::format("g{}_{}", i, input),
                   T(ctx, "lodging.guest_n", {{"n", std::to_string(i + 1)}}) + ": " + msg);
      }
    }
    if (errors.empty()) return refuse(ids.status(), "");
    return FacilityPage(deps, req, forms, errors, 422, "", form.Get("arrival"));
  }
  if (action == "declare") {
    auto n = deps.lodging->Declare(who, id, {});
    return n.ok() ? redirect("declared", *n) : refuse(n.status(), "");
  }
  if (action == "checkout" || action == "room") {
    const int64_t stay = std::atoll(form.Get("stay").c_str());
    Status st = action == "checkout" ? deps.lodging->CheckOut(who, id, stay)
                                     : deps.lodging->ChangeRoom(who, id, stay, form.Get("room"));
    return st.ok() ? redirect(action == "checkout" ? "checked_out" : "room", 1) : refuse(st, "");
  }
  if (action == "add_room") {
    Status st = deps.lodging->AddRoom(who, id, form.Get("room"));
    return st.ok() ? redirect("room_added", 1) : refuse(st, "room");
  }
  if (action == "add_staff") {
    Status st = deps.lodging->AddStaff(who, id, form.Get("staff_id"), form.Get("staff_name"));
    return st.ok() ? redirect("staff_added", 1) : refuse(st, "");
  }
  if (action == "import") {
    const http::MultipartPart* file = form.File("file");
    if (!file) {
      errors.Add("file", T(ctx, "lodging.err.file"));
      return FacilityPage(deps, req, {}, errors, 422, "");
    }
    auto report = deps.lodging->Import(who, id, file->body);
    if (!report.ok()) {
      if (report.status().code() == Code::kInvalidArgument && report.status().fields().empty()) {
        errors.Add("file", T(ctx, "lodging.err.file"));
        return FacilityPage(deps, req, {}, errors, 422, "");
      }
      return refuse(report.status(), "file");
    }
    for (const std::string& p : report->problems) {
      errors.Add("file", T(ctx, "lodging.err.import_row", {{"row", p}}));
    }
    if (!errors.empty()) {
      return FacilityPage(deps, req, {}, errors, 422,
                          T(ctx, "lodging.done.imported", {{"n", std::to_string(report->added)}}));
    }
    return redirect("imported", report->added);
  }
  return NotFoundPage(req, deps);
}

Response FacilityExport(const WebDeps& deps, Request& req) {
  const Principal& who = PagePrincipal(req);
  const int64_t id = FacilityId(req);
  const bool foreign = req.Param("kind") == "foreign";
  if (!foreign && req.Param("kind") != "vn") return NotFoundPage(req, deps);
  auto facility = deps.lodging->Facility(who, id);
  if (!facility.ok() || who.kind != Principal::Kind::kResident) return NotFoundPage(req, deps);
  auto body = deps.lodging->Export(who, id, foreign, req.Query("from"), req.Query("to"),
                                   Access(req, "/luu-tru/{id}/xuat/{kind}"));
  if (!body.ok()) {
    PageContext ctx = BasePageContext(req, deps);
    FormErrors errors;
    errors.Add("nhan-khach", T(ctx, "lodging.err.period"));
    return FacilityPage(deps, req, {}, errors, 422, "");
  }
  return ExportResponse(std::move(*body), foreign,
                        fmt::format("luu-tru-{}-{}-{}", id, foreign ? "nuoc-ngoai" : "viet-nam",
                                    req.Query("from")));
}

}  // namespace

Status RegisterLodgingHostRoutes(http::Router& router, const WebDeps& deps) {
  // /luu-tru explains the VNeID sign-in to anyone who is not a resident; the rest needs a
  // resident, and the service checks that they are on the facility's staff.
  std::vector<http::Route> routes = {
      {http::Method::kGet, "/luu-tru", "public", [deps](Request& r) { return HostHomeGet(deps, r); }},
      {http::Method::kPost, "/luu-tru", "resident",
       [deps](Request& r) { return HostRegister(deps, r); }},
      {http::Method::kGet, "/luu-tru/{id}", "resident",
       [deps](Request& r) { return FacilityGet(deps, r); }},
      {http::Method::kPost, "/luu-tru/{id}", "resident",
       [deps](Request& r) { return FacilityPost(deps, r); }},
      {http::Method::kGet, "/luu-tru/{id}/xuat/{kind}", "resident",
       [deps](Request& r) { return FacilityExport(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
