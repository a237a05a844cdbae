#include "service/calendar/calendar_service.h"

#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "base/text.h"
#include "service/platform/json_fields.h"

namespace motcua::service {

using calendar::Announcement;
using calendar::CalendarProfile;
using calendar::WorkCalendar;
using nlohmann::json;

namespace {

std::optional<std::chrono::year_month_day> ParseIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  std::chrono::year_month_day d{std::chrono::year{std::stoi(s.substr(0, 4))},
                                std::chrono::month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                                std::chrono::day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  if (!d.ok()) return std::nullopt;
  return d;
}

// "07:30" → 450.
std::optional<int> ParseClock(const json& v) {
  if (!v.is_string()) return std::nullopt;
  const std::string s = v.get<std::string>();
  if (s.size() != 5 || s[2] != ':' || !std::isdigit(s[0]) || !std::isdigit(s[1]) ||
      !std::isdigit(s[3]) || !std::isdigit(s[4]))
    return std::nullopt;
  const int h = std::stoi(s.substr(0, 2)), m = std::stoi(s.substr(3, 2));
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

Status Bad(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + ": " + why, {{field, why}});
}

}  // namespace

Result<Announcement> CalendarService::ParseAnnouncement(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("body", "is not a JSON object");
  Announcement a;
  if (!j.contains("year") || !j["year"].is_number_integer()) return Bad("year", "must be a whole number");
  a.year = j["year"].get<int>();
  if (a.year < calendar::kFirstYear || a.year > calendar::kLastYear)
    return Bad("year", "must be between 1901 and 2100");
  if (!j.contains("decision") || !j["decision"].is_string() || j["decision"].get<std::string>().empty())
    return Bad("decision", "must name the decision or notice, e.g. \"Thông báo 9441/TB-BNV\"");
  MOTCUA_ASSIGN_OR_RETURN(const std::string decision, StringField(j, "decision", 500));
  a.decision = Nfc(decision);
  if (j.contains("decision_date")) {
    if (!j["decision_date"].is_string() || !ParseIsoDate(j["decision_date"].get<std::string>()))
      return Bad("decision_date", "must be a date YYYY-MM-DD");
    a.decision_date = j["decision_date"].get<std::string>();
  }
  for (const char* key : {"days_off", "working_days"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_array()) return Bad(key, "must be a list");
    for (size_t i = 0; i < j[key].size(); ++i) {
      const json& d = j[key][i];
      const std::string f = std::string(key) + "[" + std::to_string(i) + "]";
      if (!d.is_object() || !d.contains("date") || !d["date"].is_string())
        return Bad(f + ".date", "must be a date YYYY-MM-DD");
      auto date = ParseIsoDate(d["date"].get<std::string>());
      if (!date) return Bad(f + ".date", "must be a date YYYY-MM-DD");
      if (static_cast<int>(date->year()) != a.year) return Bad(f + ".date", "lies outside the year");
      MOTCUA_ASSIGN_OR_RETURN(std::string vi, StringField(d, "name_vi", 200, f + ".name_vi"));
      MOTCUA_ASSIGN_OR_RETURN(std::string en, StringField(d, "name_en", 200, f + ".name_en"));
      Announcement::Day day{*date, Nfc(vi), en};
      if (day.name_vi.empty()) return Bad(f + ".name_vi", "must name the day in Vietnamese");
      if (day.name_en.empty()) day.name_en = day.name_vi;
      (std::string_view(key) == "days_off" ? a.days_off : a.working_days).push_back(day);
    }
  }
  // Validate against the national profile now, so a bad file is refused before anything is stored.
  auto check = WorkCalendar::Build(CalendarProfile{}, {a});
  if (!check.ok()) return check.status();
  return a;
}

Result<CalendarProfile> CalendarService::ParseProfile(std::string_view text, const std::string& name) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("body", "is not a JSON object");
  CalendarProfile p;
  p.name = name;
  struct Clock {
    const char* key;
    int* slot;
  };
  for (Clock c : {Clock{"morning_open", &p.morning_open}, Clock{"morning_close", &p.morning_close},
                  Clock{"afternoon_open", &p.afternoon_open},
                  Clock{"afternoon_close", &p.afternoon_close}, Clock{"cutoff", &p.cutoff}}) {
    if (!j.contains(c.key)) continue;
    auto m = ParseClock(j[c.key]);
    if (!m) return Bad(c.key, "must be a time HH:MM");
    *c.slot = *m;
  }
  if (j.contains("rest_days")) {
    static const char* kDays[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    if (!j["rest_days"].is_array()) return Bad("rest_days", "must be a list such as [\"sat\", \"sun\"]");
    for (bool& r : p.rest_day) r = false;
    for (const json& d : j["rest_days"]) {
      int found = -1;
      for (int i = 0; i < 7; ++i)
        if (d.is_string() && d.get<std::string>() == kDays[i]) found = i;
      if (found < 0) return Bad("rest_days", "days are sun, mon, tue, wed, thu, fri, sat");
      p.rest_day[found] = true;
    }
  }
  if (j.contains("computed_holidays")) {
    if (!j["computed_holidays"].is_boolean()) return Bad("computed_holidays", "must be true or false");
    p.computed_holidays = j["computed_holidays"].get<bool>();
  }
  if (j.contains("day_count")) {
    auto d = j["day_count"].is_string() ? calendar::ParseDayCount(j["day_count"].get<std::string>())
                                        : std::nullopt;
    if (!d) return Bad("day_count", "must be civil_code or elapsed_24h");
    p.day_count = *d;
  }
  MOTCUA_RETURN_IF_ERROR(p.Validate());
  return p;
}

Status CalendarService::Rebuild(const std::vector<Announcement>& announcements,
                                const std::map<std::string, CalendarProfile>& profiles,
                                int64_t event_seq) {
  std::map<std::string, std::shared_ptr<const WorkCalendar>> built;
  MOTCUA_ASSIGN_OR_RETURN(WorkCalendar national, WorkCalendar::Build(CalendarProfile{}, announcements));
  built["national"] = std::make_shared<const WorkCalendar>(std::move(national));
  for (const auto& [code, p] : profiles) {
    auto c = WorkCalendar::Build(p, announcements);
    if (!c.ok()) return c.status().WithPrefix("calendar profile " + code);
    built[code] = std::make_shared<const WorkCalendar>(std::move(*c));
  }
  std::lock_guard<std::mutex> lock(mu_);
  calendars_ = std::move(built);
  announcements_ = announcements;
  profiles_ = profiles;
  loaded_seq_ = event_seq;
  return Status::Ok();
}

Status CalendarService::Load() {
  std::vector<std::string> bodies;
  std::vector<std::pair<std::string, std::string>> profile_bodies;
  int64_t event_seq = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    // The last calendar event of the same snapshot ("calendar/<year>", "calendar-profile/<code>";
    // a range of the stream index, so a few rows).
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT COALESCE(MAX(seq), 0) FROM events "
        "WHERE stream >= 'calendar' AND stream < 'calendas'",
        {}, [&](const store::Row& r) { event_seq = r.Int(0); }));
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT body FROM calendar_announcements ORDER BY year", {},
                                    [&](const store::Row& r) { bodies.push_back(r.Text(0)); }));
    return tx.Query("SELECT unit_code, body FROM calendar_profiles ORDER BY unit_code", {},
                    [&](const store::Row& r) { profile_bodies.emplace_back(r.Text(0), r.Text(1)); });
  }));
  std::vector<Announcement> announcements;
  for (const auto& b : bodies) {
    auto a = ParseAnnouncement(b);
    if (!a.ok()) return a.status().WithPrefix("calendar: a stored announcement is unreadable");
    announcements.push_back(std::move(*a));
  }
  std::map<std::string, CalendarProfile> profiles;
  for (const auto& [code, b] : profile_bodies) {
    auto p = ParseProfile(b, code);
    if (!p.ok()) return p.status().WithPrefix("calendar: the stored profile of " + code + " is unreadable");
    profiles[code] = *p;
  }
  return Rebuild(announcements, profiles, event_seq);
}

int64_t CalendarService::LoadedEventSeq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return loaded_seq_;
}

Result<std::shared_ptr<const WorkCalendar>> CalendarService::Get(const std::string& profile) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = calendars_.find(profile.empty() ? "national" : profile);
  if (it == calendars_.end()) {
    if (calendars_.empty()) return Status::Unavailable("calendar: not loaded");
    return Status::InvalidArgument("no calendar profile '" + profile + "'",
                  {{"profile", "unknown profile; use \"national\" or a unit code with a profile"}});
  }
  return it->second;
}

std::shared_ptr<const WorkCalendar> CalendarService::FindFirst(
    std::initializer_list<std::string_view> profiles) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (std::string_view p : profiles) {
    auto it = calendars_.find(std::string(p));
    if (it != calendars_.end()) return it->second;
  }
  return nullptr;
}

std::vector<int> CalendarService::AnnouncedYears() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<int> years;
  for (const auto& a : announcements_) years.push_back(a.year);
  return years;
}

Status CalendarService::PutAnnouncement(std::string_view text, const std::string& actor) {
  MOTCUA_ASSIGN_OR_RETURN(Announcement a, ParseAnnouncement(text));
  std::vector<Announcement> next;
  std::map<std::string, CalendarProfile> profiles;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& old : announcements_)
      if (old.year != a.year) next.push_back(old);
    profiles = profiles_;
  }
  next.push_back(a);
  // Check that every profile still compiles before storing anything.
  for (const auto& [code, p] : profiles) {
    auto c = WorkCalendar::Build(p, next);
    if (!c.ok()) return c.status().WithPrefix("calendar profile " + code);
  }
  const std::string body = json::parse(text).dump();
  const int64_t now = env_.NowMs();
  return Commit(
      [&](store::Tx& tx) {
        return tx
            .Exec("INSERT INTO calendar_announcements (year, decision, body, updated_at_ms, "
                  "updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET decision = "
                  "excluded.decision, body = excluded.body, updated_at_ms = "
                  "excluded.updated_at_ms, updated_by = excluded.updated_by",
                  {int64_t{a.year}, a.decision, body, now, actor})
            .status();
      },
      NewEvent{"00", "calendar/" + std::to_string(a.year), "calendar.announced", now, actor, body},
      CalendarChange{"", a.year});
}

Status CalendarService::PutProfile(const std::string& unit_code, std::string_view text,
                                   const std::string& actor) {
  MOTCUA_ASSIGN_OR_RETURN(CalendarProfile p, ParseProfile(text, unit_code));
  std::vector<Announcement> announcements;
  {
    std::lock_guard<std::mutex> lock(mu_);
    announcements = announcements_;
  }
  auto check = WorkCalendar::Build(p, announcements);
  if (!check.ok()) return check.status();
  const std::string body = json::parse(text).dump();
  const int64_t now = env_.NowMs();
  return Commit(
      [&](store::Tx& tx) {
        return tx
            .Exec("INSERT INTO calendar_profiles (unit_code, body, updated_at_ms, updated_by) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (unit_code) DO UPDATE SET body = "
                  "excluded.body, updated_at_ms = excluded.updated_at_ms, updated_by = "
                  "excluded.updated_by",
                  {unit_code, body, now, actor})
            .status();
      },
      NewEvent{"00", "calendar-profile/" + unit_code, "calendar.profile_set", now, actor, body},
      CalendarChange{unit_code, 0});
}

Status CalendarService::Commit(const std::function<Status(store::Tx&)>& upsert, NewEvent event,
                               CalendarChange change) {
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(upsert(tx));
    MOTCUA_ASSIGN_OR_RETURN(StoredEvent e, tx.Append(event));
    change.event_seq = e.seq;
    return observer_ ? observer_->OnCalendarChangeInTx(tx, change) : Status::Ok();
  }));
  MOTCUA_RETURN_IF_ERROR(Load());
  if (observer_) observer_->OnCalendarChanged(change);
  return Status::Ok();
}

}  // namespace motcua::service
