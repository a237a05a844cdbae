// The working calendar: /quan-tri/lich/{year} lists the year's days off and make-up working days
// (the national calendar: the official announcement when the year has one, else the computed
// Labour Code holidays) and takes the year's announcement, pasted or uploaded in the format of
// PUT /api/v1/calendars/{year}/announcement (docs/calendars.md). CalendarService validates it and
// stores nothing when any part is wrong.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "domain/calendar/work_calendar.h"
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
using nlohmann::json;

namespace {

constexpr const char* kWeekdays[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::string CalendarHref(int year) { return fmt::format("/quan-tri/lich/{}", year); }

// Returns the year of the path, or 0 when it is not one the calendar covers.
int PathYear(const Request& req) {
  const std::string y = req.Param("year");
  if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) return 0;
  const int year = std::stoi(y);
  return year >= calendar::kFirstYear && year <= calendar::kLastYear ? year : 0;
}

Response Render(const WebDeps& deps, Request& req, int year, const std::string& pasted,
                const FormErrors* errors, int status) {
  const service::Principal& p = PagePrincipal(req);
  PageContext ctx = BasePageContext(req, deps, "admin.calendar.title", {{"year", std::to_string(year)}});
  Data d{Data::type::object};
  d.set("year", std::to_string(year));
  d.set("prev_href", CalendarHref(year - 1));
  d.set("next_href", CalendarHref(year + 1));
  d.set("prev_label", T(ctx, "admin.calendar.prev", {{"year", std::to_string(year - 1)}}));
  d.set("next_label", T(ctx, "admin.calendar.next", {{"year", std::to_string(year + 1)}}));
  d.set("csrf", p.csrf);
  d.set("action", CalendarHref(year));
  d.set("announcement", pasted);
  if (req.Query("da-luu") == "1") d.set("notice", T(ctx, "admin.calendar.saved"));
  auto years = deps.calendar->AnnouncedYears();
  const bool announced = std::find(years.begin(), years.end(), year) != years.end();
  Data days{Data::type::list};
  std::string decision;
  if (auto cal = deps.calendar->Get(""); cal.ok()) {
    for (const auto& day : (*cal)->SpecialDays(year)) {
      const std::chrono::weekday wd{std::chrono::sys_days{day.date}};
      Data o{Data::type::object};
      o.set("date", FormatDateVn(day.date));
      o.set("weekday", T(ctx, std::string("admin.calendar.weekday.") + kWeekdays[wd.c_encoding()]));
      o.set("name", ctx.lang == "vi" ? day.name_vi : day.name_en);
      o.set("kind", T(ctx, day.working ? "admin.calendar.working" : "admin.calendar.off"));
      o.set("working", day.working);
      days.push_back(o);
      if (decision.empty()) decision = day.decision;
    }
  }
  d.set("days", days);
  d.set("source_line",
        announced ? T(ctx, "admin.calendar.announced", {{"decision", decision}})
                  : T(ctx, "admin.calendar.computed"));
  if (errors) errors->Into(d);
  return RenderPage(req, ctx, "admin_calendar", std::move(d), status);
}

Response CalendarPage(const WebDeps& deps, Request& req) {
  const int year = PathYear(req);
  if (year == 0) return AdminErrorPage(req, deps);
  return Render(deps, req, year, "", nullptr, 200);
}

// Sends /quan-tri/lich to this year's page (Vietnam's civil year).
Response CalendarThisYear(const WebDeps&, Request&) {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return Response::Redirect(CalendarHref(static_cast<int>(ToVietnam(now).date.year())));
}

// Returns the catalogued message for a field the announcement parser named.
std::string Explain(const PageContext& ctx, const FieldError& fe) {
  const std::map<std::string, std::string> args{{"field", fe.field}};
  if (fe.field == "body") return T(ctx, "admin.calendar.bad_json");
  if (fe.field == "year") return T(ctx, "admin.calendar.bad_year");
  if (fe.field == "decision") return T(ctx, "admin.calendar.bad_decision");
  if (fe.field.ends_with(".date") || fe.field == "decision_date") {
    return T(ctx, "admin.calendar.bad_date", args);
  }
  if (fe.field == "working_days") return T(ctx, "admin.calendar.bad_working_day");
  if (fe.field.ends_with(".name_vi")) return T(ctx, "admin.calendar.bad_name", args);
  return T(ctx, "admin.calendar.bad_field", args);
}

Response CalendarSubmit(const WebDeps& deps, Request& req) {
  const service::Principal& p = PagePrincipal(req);
  const int year = PathYear(req);
  if (year == 0) return AdminErrorPage(req, deps);
  const PageContext ctx = BasePageContext(req, deps);
  const PostedForm form = ReadPostedForm(req);
  std::string text = form.Get("announcement");
  if (const auto* file = form.File("file")) text = file->body;
  FormErrors errors;
  if (!form.ok || text.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.Add("announcement", T(ctx, "admin.calendar.empty"));
    return Render(deps, req, year, text, &errors, 400);
  }
  // As the API: the announcement must be for the year of the page.
  const json j = json::parse(text, nullptr, false);
  if (j.is_object() && !(j.contains("year") && j["year"].is_number_integer() &&
                         j["year"].get<int>() == year)) {
    errors.Add("announcement", T(ctx, "admin.calendar.wrong_year", {{"year", std::to_string(year)}}));
    return Render(deps, req, year, text, &errors, 400);
  }
  Status st = deps.calendar->PutAnnouncement(text, p.Id());
  if (st.ok()) return Response::Redirect(CalendarHref(year) + "?da-luu=1");
  if (st.code() != Code::kInvalidArgument) return AdminErrorPage(req, deps, 503);
  for (const auto& fe : st.fields()) errors.Add("announcement", Explain(ctx, fe));
  if (errors.empty()) errors.Add("announcement", T(ctx, "admin.calendar.bad_json"));
  return Render(deps, req, year, text, &errors, 400);
}

}  // namespace

std::vector<http::Route> AdminCalendarRoutes(const WebDeps& deps) {
  return {
      {Method::kGet, "/quan-tri/lich", "perm:national.calendar",
       [deps](Request& r) { return CalendarThisYear(deps, r); }},
      {Method::kGet, "/quan-tri/lich/{year}", "perm:national.calendar",
       [deps](Request& r) { return CalendarPage(deps, r); }},
      {Method::kPost, "/quan-tri/lich/{year}", "perm:national.calendar",
       [deps](Request& r) { return CalendarSubmit(deps, r); }},
  };
}

}  // namespace motcua::web
