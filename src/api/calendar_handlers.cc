#include "api/calendar_handlers.h"

#include <fmt/format.h>

#include "api/auth.h"
#include "api/json_util.h"
#include "base/civil_time.h"
#include "http/problem.h"

namespace motcua::api {

using nlohmann::json;

namespace {

http::Response Problem(const Status& st) { return http::ProblemFromStatus(st); }

Status Bad(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + " " + why, {{field, why}});
}

Result<int64_t> Instant(const json& body, const std::string& key, const std::string& field) {
  auto text = StringField(body, key, 100, field);
  if (!text.ok() || text->empty()) return Bad(field, "must be an RFC 3339 date-time");
  auto t = ParseRfc3339(*text);
  if (!t) return Bad(field, "must be an RFC 3339 date-time, e.g. 2026-11-23T09:30:00+07:00");
  return *t;
}

Result<int> Year(const http::Request& req, bool* ics) {
  std::string y = req.Param("year");
  *ics = y.size() > 4 && y.ends_with(".ics");
  if (*ics) y.resize(y.size() - 4);
  if (y.size() != 4 || !std::all_of(y.begin(), y.end(), ::isdigit))
    return Bad("year", "must be a year such as 2026");
  const int year = std::stoi(y);
  if (year < calendar::kFirstYear || year > calendar::kLastYear)
    return Bad("year", "must be between 1901 and 2100");
  return year;
}

std::string IsoDate(std::chrono::year_month_day d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

// Escapes TEXT per RFC 5545 §3.3.11 and folds at 75 octets (§3.1) without splitting a UTF-8 letter.
std::string IcsLine(const std::string& name, const std::string& value, bool text) {
  std::string v;
  for (char c : value) {
    if (text && (c == '\\' || c == ';' || c == ',')) v += '\\';
    if (text && c == '\n') {
      v += "\\n";
      continue;
    }
    v += c;
  }
  std::string line = name + ":" + v, out;
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = line[i];
    const bool starts_letter = (c & 0xC0) != 0x80;
    if (starts_letter && width >= 74) {
      out += "\r\n ";
      width = 1;
    }
    out += line[i];
    ++width;
  }
  return out + "\r\n";
}

}  // namespace

http::Response HandleDeadline(service::CalendarService* cal, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  const json& b = *body;
  auto start = Instant(b, "start", "start");
  if (!start.ok()) return Problem(start.status());
  auto amount = NumberField(b, "amount", -1);
  if (!amount.ok() || *amount < 0)
    return Problem(Bad("amount", "must be a number of zero or more"));
  auto unit_name = StringField(b, "unit", 100);
  if (!unit_name.ok())
    return Problem(Bad("unit", "must be working_days, working_hours, calendar_days, calendar_months or same_day"));
  auto unit = calendar::ParseTimeUnit(*unit_name);
  if (!unit) return Problem(Bad("unit", "must be working_days, working_hours, calendar_days, calendar_months or same_day"));
  std::vector<calendar::Pause> pauses;
  if (b.contains("pauses")) {
    if (!b["pauses"].is_array()) return Problem(Bad("pauses", "must be a list"));
    for (size_t i = 0; i < b["pauses"].size(); ++i) {
      const json& p = b["pauses"][i];
      const std::string f = "pauses[" + std::to_string(i) + "]";
      if (!p.is_object()) return Problem(Bad(f, "must be an object with from and to"));
      auto from = Instant(p, "from", f + ".from");
      if (!from.ok()) return Problem(from.status());
      calendar::Pause pause{*from, std::nullopt};
      if (p.contains("to") && !p["to"].is_null()) {
        auto to = Instant(p, "to", f + ".to");
        if (!to.ok()) return Problem(to.status());
        pause.to_ms = *to;
      }
      pauses.push_back(pause);
    }
  }
  auto profile = StringField(b, "profile", 100);
  if (!profile.ok()) return Problem(Bad("profile", "must be a profile name"));
  auto c = cal->Get(*profile);
  if (!c.ok()) return Problem(c.status());
  auto d = (*c)->Compute(*start, *amount, *unit, pauses);
  if (!d.ok()) return Problem(d.status());
  json out = {{"counted_from", FormatRfc3339Vietnam(d->counted_from_ms)},
              {"due", d->due_ms ? json(FormatRfc3339Vietnam(*d->due_ms)) : json(nullptr)},
              {"paused", d->paused},
              {"profile", (*c)->profile().name}};
  return JsonResponse(200, out);
}

std::string CalendarIcs(const calendar::WorkCalendar& cal, int year, const std::string& profile) {
  std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//motcua//working calendar//VI\r\n"
                    "CALSCALE:GREGORIAN\r\n";
  out += IcsLine("X-WR-CALNAME", fmt::format("Lịch làm việc {} ({})", year, profile), true);
  for (const auto& d : cal.SpecialDays(year)) {
    const std::string ymd = IsoDate(d.date);
    std::string compact = ymd.substr(0, 4) + ymd.substr(5, 2) + ymd.substr(8, 2);
    const auto next = std::chrono::year_month_day{std::chrono::sys_days{d.date} + std::chrono::days{1}};
    std::string end = IsoDate(next);
    end = end.substr(0, 4) + end.substr(5, 2) + end.substr(8, 2);
    out += "BEGIN:VEVENT\r\n";
    out += IcsLine("UID", compact + "-" + profile + "@motcua", false);
    out += IcsLine("DTSTAMP", fmt::format("{}0101T000000Z", year), false);
    out += IcsLine("DTSTART;VALUE=DATE", compact, false);
    out += IcsLine("DTEND;VALUE=DATE", end, false);
    out += IcsLine("SUMMARY", (d.working ? "Ngày làm việc: " : "Ngày nghỉ: ") + d.name_vi, true);
    std::string desc = d.name_en + (d.source == calendar::DaySource::kAnnounced
                                        ? "; announced: " + d.decision
                                        : "; computed (Labour Code 2019 Art. 111-112)");
    out += IcsLine("DESCRIPTION", desc, true);
    out += IcsLine("CATEGORIES", d.working ? "WORKING-DAY" : "DAY-OFF", false);
    out += IcsLine("TRANSP", d.working ? "OPAQUE" : "TRANSPARENT", false);
    out += "END:VEVENT\r\n";
  }
  return out + "END:VCALENDAR\r\n";
}

http::Response HandleCalendarYear(service::CalendarService* cal, http::Request& req) {
  bool ics = false;
  auto year = Year(req, &ics);
  if (!year.ok()) return Problem(year.status());
  const std::string profile = req.Query("profile");
  auto c = cal->Get(profile);
  if (!c.ok()) return Problem(c.status());
  const std::string name = (*c)->profile().name;
  if (ics) {
    http::Response r = http::Response::Text(200, CalendarIcs(**c, *year, name), "text/calendar; charset=utf-8");
    r.SetHeader("Content-Disposition", fmt::format("inline; filename=\"motcua-{}-{}.ics\"", name, *year));
    return r;
  }
  static const char* kWeekdays[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  json days = json::array();
  for (const auto& d : (*c)->SpecialDays(*year)) {
    json j = {{"date", IsoDate(d.date)},
              {"weekday", kWeekdays[std::chrono::weekday{std::chrono::sys_days{d.date}}.c_encoding()]},
              {"working", d.working},
              {"name_vi", d.name_vi},
              {"name_en", d.name_en},
              {"source", d.source == calendar::DaySource::kAnnounced ? "announced" : "computed"}};
    if (!d.decision.empty()) j["decision"] = d.decision;
    days.push_back(j);
  }
  auto years = cal->AnnouncedYears();
  const bool announced = std::find(years.begin(), years.end(), *year) != years.end();
  return JsonResponse(200, {{"year", *year}, {"profile", name}, {"announced", announced}, {"days", days}});
}

http::Response HandlePutAnnouncement(service::CalendarService* cal, http::Request& req) {
  bool ics = false;
  auto year = Year(req, &ics);
  if (!year.ok() || ics) return Problem(year.ok() ? Bad("year", "must be a year such as 2026") : year.status());
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  auto body_year = IntField(*body, "year", 0);
  if (!body_year.ok() || *body_year != *year)
    return Problem(Bad("year", "must equal the year in the path"));
  Status st = cal->PutAnnouncement(req.body, PrincipalOf(req).Id());
  if (!st.ok()) return Problem(st);
  return HandleCalendarYear(cal, req);
}

http::Response HandlePutCalendarProfile(service::CalendarService* cal, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Problem(body.status());
  const std::string code = req.Param("code");
  if ((code.size() != 2 && code.size() != 5) || !std::all_of(code.begin(), code.end(), ::isdigit))
    return Problem(Bad("code", "must be a province (2 digits) or commune (5 digits) code"));
  Status st = cal->PutProfile(code, req.body, PrincipalOf(req).Id());
  if (!st.ok()) return Problem(st);
  auto c = cal->Get(code);
  if (!c.ok()) return Problem(c.status());
  const auto& p = (*c)->profile();
  auto hm = [](int m) { return fmt::format("{:02d}:{:02d}", m / 60, m % 60); };
  return JsonResponse(200, {{"profile", code},
                            {"morning_open", hm(p.morning_open)},
                            {"morning_close", hm(p.morning_close)},
                            {"afternoon_open", hm(p.afternoon_open)},
                            {"afternoon_close", hm(p.afternoon_close)},
                            {"cutoff", hm(p.cutoff)},
                            {"day_count", calendar::DayCountName(p.day_count)}});
}

}  // namespace motcua::api
