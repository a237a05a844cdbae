// FloorService: ratings, appointments and the statistics.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "render/xlsx.h"
#include "service/floor/floor_internal.h"
#include "service/floor/floor_service.h"
#include "service/floor/floor_sql.h"

namespace motcua::service {

using nlohmann::json;
using namespace floor_internal;

namespace {

Status Bad(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + ": " + why, {{field, why}});
}

// Returns the instant 00:00 Vietnam time of "2026-12-08", or nullopt.
std::optional<int64_t> DayStart(const std::string& day) {
  auto t = ParseRfc3339(day + "T00:00:00+07:00");
  if (!t || day.size() != 10) return std::nullopt;
  return t;
}

constexpr int kOpenMinute = 7 * 60 + 30;  // slots from 07:30
constexpr int kCloseMinute = 17 * 60;     // to 17:00

}  // namespace

// ---- Ratings ------------------------------------------------------------------------------

Result<TicketView> FloorService::Rateable(const FloorDevice& terminal) {
  if (terminal.kind != "rating") return Status::PermissionDenied("only a rating terminal rates");
  const int64_t now = env_.NowMs();
  std::string id;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT t.id FROM floor_tickets t WHERE t.unit = ? AND t.day = ? AND t.counter = ? "
        "AND t.state = 'done' AND t.ended_ms >= ? "
        "AND NOT EXISTS (SELECT 1 FROM floor_ratings r WHERE r.ticket_id = t.id) "
        "ORDER BY t.ended_ms DESC LIMIT 1",
        {terminal.unit, floor::DayOf(now), int64_t{terminal.counter}, now - 15 * 60000},
        [&](const store::Row& r) { id = r.Text(0); });
  }));
  if (id.empty()) return Status::NotFound("no service to rate at this counter now");
  return Ticket(id);
}

Status FloorService::Rate(const FloorDevice& terminal, const std::string& ticket_id, int score,
                          const std::string& comment) {
  if (terminal.kind != "rating") return Status::PermissionDenied("only a rating terminal rates");
  if (score < 1 || score > 4) return Bad("score", "1 to 4");
  if (comment.size() > 2000) return Bad("comment", "at most 500 characters");
  std::optional<floor::Ticket> t;
  std::string officer, dossier;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(fmt::format("SELECT {} FROM floor_tickets WHERE id = ? AND unit = ?",
                                floor_sql::kTicketColumns),
                    {ticket_id, terminal.unit}, [&](const store::Row& r) {
                      t = TicketFromRow(r);
                      dossier = r.Text(18);
                      officer = r.Text(19);
                    });
  }));
  if (!t || t->counter != terminal.counter || t->state != floor::State::kDone)
    return Status::NotFound("no finished service of this counter with that ticket");
  const int64_t now = env_.NowMs();
  json body = {{"ticket", t->id}, {"label", t->label}, {"counter", t->counter},
               {"officer", officer}, {"score", score}, {"comment", comment}};
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec(floor_sql::kInsertRating,
                           {terminal.unit, terminal.province, t->id, int64_t{t->counter},
                            officer.empty() ? store::Value(nullptr) : store::Value(officer),
                            int64_t{score}, comment,
                            dossier.empty() ? store::Value(nullptr) : store::Value(dossier), now}));
    if (n != 1) return Status::AlreadyExists("ticket " + t->label + " was rated already");
    return tx.Append({terminal.province, "floor/" + terminal.unit + "/ticket/" + t->id,
                      "floor.rated", now, "device:rating", body.dump()})
        .status();
  });
  return st;
}

Result<std::vector<FloorRating>> FloorService::Ratings(const std::string& unit, int64_t from_ms,
                                                       int64_t to_ms) {
  std::vector<FloorRating> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(floor_sql::kSelectRatings, {unit, from_ms, to_ms}, [&](const store::Row& r) {
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                     static_cast<int>(r.Int(5)), static_cast<int>(r.Int(6)), r.Int(7)});
    });
  }));
  return out;
}

// ---- Appointments -------------------------------------------------------------------------

Result<std::vector<FloorSlot>> FloorService::Slots(const std::string& unit,
                                                   const std::string& area,
                                                   const std::string& day) {
  auto start = DayStart(day);
  if (!start) return Bad("day", "a date such as 2026-12-08");
  MOTCUA_ASSIGN_OR_RETURN(FloorSetup setup, Setup(unit));
  const FloorArea* a = FindArea(setup, area);
  if (!a) return Status::NotFound("no such service area here");
  std::map<int64_t, int> booked;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(floor_sql::kBookedInSlot, {unit, area, *start, *start + kMsPerDay},
                    [&](const store::Row& r) { booked[r.Int(0)] = static_cast<int>(r.Int(1)); });
  }));
  std::vector<FloorSlot> out;
  for (int m = kOpenMinute; m + setup.slot_minutes <= kCloseMinute; m += setup.slot_minutes) {
    const int64_t t = *start + int64_t{m} * kMsPerMinute;
    out.push_back({t, a->slot_capacity, booked.count(t) ? booked[t] : 0});
  }
  return out;
}

Result<FloorAppointment> FloorService::Book(const Principal& who, const std::string& unit,
                                            const std::string& area, int64_t slot_ms,
                                            const std::string& procedure_code) {
  if (who.kind != Principal::Kind::kResident)
    return Status::PermissionDenied("appointments are booked by residents signed in with VNeID");
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  const int64_t now = env_.NowMs();
  if (slot_ms <= now) return Bad("slot", "a slot still to come");
  MOTCUA_ASSIGN_OR_RETURN(std::vector<FloorSlot> slots, Slots(unit, area, floor::DayOf(slot_ms)));
  auto it = std::find_if(slots.begin(), slots.end(),
                         [&](const FloorSlot& s) { return s.start_ms == slot_ms; });
  if (it == slots.end()) return Bad("slot", "not a slot of this area");
  if (it->booked >= it->capacity) return Status::ResourceExhausted("this slot is full");
  if (procedure_code.size() > 60) return Bad("procedure_code", "at most 60 characters");
  // A short code, easy to type at the kiosk: 8 digits.
  std::string raw(8, '\0');
  env_.RandomBytes(raw.data(), raw.size());
  std::string code;
  for (char c : raw) code += static_cast<char>('0' + static_cast<unsigned char>(c) % 10);
  json body = {{"code", code}, {"area", area}, {"slot_ms", slot_ms}, {"procedure", procedure_code}};
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    int64_t taken = 0;
    MOTCUA_RETURN_IF_ERROR(tx.Query(floor_sql::kCountSlot, {unit, area, slot_ms},
                                    [&](const store::Row& r) { taken = r.Int(0); }));
    if (taken >= it->capacity) return Status::ResourceExhausted("this slot is full");
    MOTCUA_RETURN_IF_ERROR(tx.Exec(floor_sql::kInsertAppointment,
                                   {code, unit, area, slot_ms, procedure_code, who.Id(), now})
                               .status());
    return tx.Append({ref.province_code, "floor/" + unit + "/appointment/" + code, "floor.booked",
                      now, who.Id(), body.dump()})
        .status();
  });
  if (!st.ok()) return st;
  return FloorAppointment{code, unit, area, "booked", "", slot_ms};
}

// ---- Statistics -----------------------------------------------------------------------------

Result<FloorStats> FloorService::Statistics(const Principal& who, const std::string& unit,
                                            const std::string& from_day,
                                            const std::string& to_day) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, UnitOf(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("report.read", ref));
  if (!DayStart(from_day)) return Bad("from", "a date such as 2026-12-08");
  if (!DayStart(to_day)) return Bad("to", "a date such as 2026-12-08");
  struct Acc {
    int issued = 0, served = 0, no_shows = 0, waited = 0, ratings = 0;
    int64_t wait_ms = 0, service_ms = 0, score = 0;
  };
  std::map<std::string, Acc> area, counter, officer, hour;
  Acc total;
  auto add = [](Acc& a, const std::string& state, int64_t wait, int64_t service, int score) {
    ++a.issued;
    if (state == "done") {
      ++a.served;
      a.service_ms += service;
    }
    if (state == "no_show") ++a.no_shows;
    if (wait >= 0) {
      ++a.waited;
      a.wait_ms += wait;
    }
    if (score > 0) {
      ++a.ratings;
      a.score += score;
    }
  };
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT t.area, t.counter, COALESCE(t.officer, ''), t.issued_ms, t.state, "
        "t.first_called_ms, t.started_ms, t.ended_ms, COALESCE(r.score, 0) "
        "FROM floor_tickets t LEFT JOIN floor_ratings r ON r.ticket_id = t.id "
        "WHERE t.unit = ? AND t.day >= ? AND t.day <= ?",
        {unit, from_day, to_day}, [&](const store::Row& r) {
          const std::string state = r.Text(4);
          const int64_t wait = r.Int(5) > 0 ? r.Int(5) - r.Int(3) : -1;
          const int64_t service = r.Int(6) > 0 && r.Int(7) > 0 ? r.Int(7) - r.Int(6) : 0;
          const int score = static_cast<int>(r.Int(8));
          add(area[r.Text(0)], state, wait, service, score);
          if (r.Int(1) > 0) add(counter[fmt::format("{:02d}", r.Int(1))], state, wait, service, score);
          if (!r.Text(2).empty()) add(officer[r.Text(2)], state, wait, service, score);
          add(hour[fmt::format("{:02d}", ToVietnam(r.Int(3)).minute_of_day / 60)], state, wait,
              service, score);
          add(total, state, wait, service, score);
        });
  }));
  auto row = [](const std::string& key, const Acc& a) {
    FloorStatsRow r;
    r.key = key;
    r.issued = a.issued;
    r.served = a.served;
    r.no_shows = a.no_shows;
    r.avg_wait_min = a.waited ? a.wait_ms / 60000.0 / a.waited : 0;
    r.avg_service_min = a.served ? a.service_ms / 60000.0 / a.served : 0;
    r.ratings = a.ratings;
    r.avg_rating = a.ratings ? static_cast<double>(a.score) / a.ratings : 0;
    return r;
  };
  FloorStats s;
  s.from_day = from_day;
  s.to_day = to_day;
  for (const auto& kv : area) s.by_area.push_back(row(kv.first, kv.second));
  for (const auto& kv : counter) s.by_counter.push_back(row(kv.first, kv.second));
  for (const auto& kv : officer) s.by_officer.push_back(row(kv.first, kv.second));
  for (const auto& kv : hour) s.by_hour.push_back(row(kv.first, kv.second));
  s.total = row("", total);
  return s;
}

Result<std::string> FloorService::StatisticsXlsx(const FloorStats& stats, const std::string& lang) {
  const bool en = lang == "en";
  const std::vector<std::string> header =
      en ? std::vector<std::string>{"", "Tickets", "Served", "Not present", "Average wait (min)",
                                    "Average service (min)", "Ratings", "Average rating (1-4)"}
         : std::vector<std::string>{"", "Số vé", "Đã phục vụ", "Vắng mặt", "Chờ trung bình (phút)",
                                    "Phục vụ trung bình (phút)", "Lượt đánh giá",
                                    "Điểm đánh giá trung bình (1-4)"};
  auto sheet = [&](const std::string& name, const std::string& first,
                   const std::vector<FloorStatsRow>& rows) {
    render::Sheet s;
    s.name = name;
    s.header = header;
    s.header[0] = first;
    for (const auto& r : rows)
      s.rows.push_back({render::Cell::Text(r.key), render::Cell::Number(r.issued),
                        render::Cell::Number(r.served), render::Cell::Number(r.no_shows),
                        render::Cell::Number(r.avg_wait_min), render::Cell::Number(r.avg_service_min),
                        render::Cell::Number(r.ratings), render::Cell::Number(r.avg_rating)});
    return s;
  };
  std::vector<render::Sheet> sheets = {
      sheet(en ? "Areas" : "Khu vực", en ? "Area" : "Khu vực", stats.by_area),
      sheet(en ? "Counters" : "Quầy", en ? "Counter" : "Quầy", stats.by_counter),
      sheet(en ? "Officers" : "Cán bộ", en ? "Officer" : "Cán bộ", stats.by_officer),
      sheet(en ? "Hours" : "Giờ", en ? "Hour" : "Giờ", stats.by_hour),
  };
  return render::RenderXlsx(sheets);
}

}  // namespace motcua::service
