// LodgingService: the facility's register — check-in, notices, check-out, room changes, import.
#include <fmt/format.h>

#include <algorithm>

#include "base/civil_time.h"
#include "base/text.h"
#include "service/lodging/lodging_internal.h"
#include "service/lodging/lodging_service.h"
#include "service/lodging/police_formats.h"

namespace motcua::service {

namespace {

std::string DocKey(const lodging::GuestInput& g) {
  return g.kind == lodging::GuestKind::kVietnamese ? "id:" + g.id_number
                                                   : "pp:" + g.nationality + ":" + g.passport;
}

std::string IdList(const std::vector<int64_t>& ids, std::vector<store::Value>* params) {
  for (int64_t id : ids) params->emplace_back(id);
  return LodgingPlaceholders(ids.size());
}

}  // namespace

Result<std::vector<int64_t>> LodgingService::CheckIn(const Principal& who, int64_t facility_id,
                                                     const std::vector<LodgingCheckIn>& raw,
                                                     bool declare) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  if (a.facility.status != "confirmed") {
    return Status::FailedPrecondition(
        "the commune police have not confirmed this facility yet; guests can be declared once "
        "they have");
  }
  if (raw.empty()) return Status::InvalidArgument("no guest to check in");
  MOTCUA_ASSIGN_OR_RETURN(LodgingSettings settings, Settings(a.facility.unit));
  MOTCUA_ASSIGN_OR_RETURN(std::vector<std::string> rooms, Rooms(who, facility_id));
  std::vector<LodgingCheckIn> guests = raw;
  std::vector<FieldError> errors;
  for (size_t i = 0; i < guests.size(); ++i) {
    LodgingCheckIn& c = guests[i];
    if (c.guest.kind == lodging::GuestKind::kVietnamese) c.guest.nationality = "VNM";
    c.guest.arrival_date = ToVietnam(c.arrival_ms).date;
    for (const lodging::FieldProblem& p : lodging::Validate(c.guest)) {
      errors.push_back(LodgingBad(fmt::format("guest{}.{}", i, p.field), p.key));
    }
    if (!c.room.empty() && !rooms.empty() &&
        std::find(rooms.begin(), rooms.end(), c.room) == rooms.end()) {
      errors.push_back(LodgingBad(fmt::format("guest{}.room", i), "lodging.err.room"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (DocKey(guests[j].guest) == DocKey(c.guest)) {
        errors.push_back(LodgingBad(fmt::format("guest{}.id_number", i), "lodging.err.duplicate"));
      }
    }
  }
  if (!errors.empty()) {
    return Status::InvalidArgument("some guests' details are not valid", std::move(errors));
  }
  const int64_t now = env_.NowMs();
  lodging::DeadlineRules rules;
  rules.foreign_hours = settings.foreign_hours;
  std::vector<int64_t> ids;
  Status st = store_.Write([&](store::Tx& tx) {
    ids.clear();
    for (size_t i = 0; i < guests.size(); ++i) {
      const LodgingCheckIn& c = guests[i];
      const lodging::GuestInput& g = c.guest;
      const bool vn = g.kind == lodging::GuestKind::kVietnamese;
      const std::string key = DocKey(g);
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO lodging_guests (facility_id, doc_key, kind, name, name_folded, "
                  "id_number, passport, nationality, visa, birth, sex, phone, family, "
                  "updated_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (facility_id, "
                  "doc_key) DO UPDATE SET name = excluded.name, name_folded = "
                  "excluded.name_folded, visa = excluded.visa, birth = excluded.birth, sex = "
                  "excluded.sex, phone = excluded.phone, family = excluded.family, updated_ms = "
                  "excluded.updated_ms",
                  {facility_id, key, std::string(vn ? "vn" : "foreign"), g.name,
                   FoldForSearch(g.name), vn ? g.id_number : std::string(),
                   vn ? std::string() : g.passport, g.nationality, g.visa,
                   lodging::IsoDate(g.birth), std::string(1, g.sex), c.phone,
                   int64_t{c.family ? 1 : 0}, now})
              .status());
      int64_t guest_id = 0;
      MOTCUA_RETURN_IF_ERROR(
          tx.Query("SELECT id FROM lodging_guests WHERE facility_id = ? AND doc_key = ?",
                   {facility_id, key}, [&](const store::Row& r) { guest_id = r.Int(0); }));
      bool staying = false;
      MOTCUA_RETURN_IF_ERROR(tx.Query(
          "SELECT 1 FROM lodging_stays WHERE guest_id = ? AND checked_out_ms IS NULL LIMIT 1",
          {guest_id}, [&](const store::Row&) { staying = true; }));
      if (staying) {
        return Status(Code::kConflict, "the guest is already staying here; check them out first",
                                {LodgingBad(fmt::format("guest{}.id_number", i), "lodging.err.staying")});
      }
      const int64_t due = lodging::NoticeDue(c.arrival_ms, g.kind, rules);
      // A household's relative staying again: covered by their first declared stay here.
      int64_t covered_by = 0;
      if (c.family && a.facility.type == "household") {
        MOTCUA_RETURN_IF_ERROR(tx.Query(
            "SELECT MIN(id) FROM lodging_stays WHERE guest_id = ? AND notified_ms IS NOT NULL "
            "AND covered_by IS NULL AND erased_ms IS NULL",
            {guest_id}, [&](const store::Row& r) {
              if (!r.IsNull(0)) covered_by = r.Int(0);
            }));
      }
      const bool notified = declare || covered_by != 0;
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO lodging_stays (facility_id, unit, guest_id, nationality, room, "
                  "reason, permitted_until, arrival_ms, arrival_day, departure_day, due_ms, "
                  "notified_ms, on_time, recorded_by, covered_by) VALUES "
                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  {facility_id, a.facility.unit, guest_id, g.nationality, c.room,
                   int64_t{g.reason},
                   g.permitted_until ? lodging::IsoDate(*g.permitted_until) : std::string(),
                   c.arrival_ms, lodging::IsoDate(g.arrival_date),
                   lodging::IsoDate(g.departure_date), due,
                   notified ? store::Value(now) : store::Value(nullptr),
                   notified ? store::Value(int64_t{covered_by != 0 || lodging::OnTime(now, due)
                                                       ? 1 : 0})
                            : store::Value(nullptr),
                   who.Id(), covered_by ? store::Value(covered_by) : store::Value(nullptr)})
              .status());
      MOTCUA_RETURN_IF_ERROR(tx.Query(
          "SELECT MAX(id) FROM lodging_stays WHERE guest_id = ?", {guest_id},
          [&](const store::Row& r) { ids.push_back(r.Int(0)); }));
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    if (st.code() == Code::kConflict) return st;
    return Status(st.code(), fmt::format("store: cannot check in {} guest(s) at facility {}: {}",
                                         guests.size(), facility_id, st.message()));
  }
  return ids;
}

Result<int> LodgingService::Declare(const Principal& who, int64_t facility_id,
                                    const std::vector<int64_t>& stay_ids) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  if (a.facility.status != "confirmed") {
    return Status::FailedPrecondition("the commune police have not confirmed this facility yet");
  }
  const int64_t now = env_.NowMs();
  std::vector<store::Value> params = {now, now, facility_id};
  std::string sql =
      "UPDATE lodging_stays SET notified_ms = ?, on_time = CASE WHEN ? < due_ms THEN 1 ELSE 0 "
      "END WHERE facility_id = ? AND notified_ms IS NULL AND erased_ms IS NULL";
  if (!stay_ids.empty()) sql += " AND id IN (" + IdList(stay_ids, &params) + ")";
  int64_t n = 0;
  Status st = store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(n, tx.Exec(sql, params));
    return Status::Ok();
  });
  if (!st.ok()) {
    return Status(st.code(), fmt::format("store: cannot declare the guests of facility {}: {}",
                                         facility_id, st.message()));
  }
  return static_cast<int>(n);
}

Status LodgingService::CheckOut(const Principal& who, int64_t facility_id, int64_t stay_id) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  (void)a;
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE lodging_stays SET checked_out_ms = ? WHERE id = ? AND "
                           "facility_id = ? AND checked_out_ms IS NULL AND erased_ms IS NULL",
                           {env_.NowMs(), stay_id, facility_id}));
    if (n != 1) return Status::NotFound(fmt::format("no current stay {} here", stay_id));
    return Status::Ok();
  });
}

Status LodgingService::ChangeRoom(const Principal& who, int64_t facility_id, int64_t stay_id,
                                  const std::string& room) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  (void)a;
  MOTCUA_ASSIGN_OR_RETURN(std::vector<std::string> rooms, Rooms(who, facility_id));
  if (room.empty() || (!rooms.empty() && std::find(rooms.begin(), rooms.end(), room) == rooms.end())) {
    return Status::InvalidArgument("choose one of the facility's rooms", {LodgingBad("room", "lodging.err.room")});
  }
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE lodging_stays SET room = ? WHERE id = ? AND facility_id = ? "
                           "AND checked_out_ms IS NULL AND erased_ms IS NULL",
                           {room, stay_id, facility_id}));
    if (n != 1) return Status::NotFound(fmt::format("no current stay {} here", stay_id));
    return Status::Ok();
  });
}

Result<std::vector<LodgingStay>> LodgingService::Register(const Principal& who,
                                                          int64_t facility_id, bool current_only,
                                                          const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  std::string where = "s.facility_id = ? AND s.erased_ms IS NULL";
  if (current_only) where += " AND s.checked_out_ms IS NULL";
  MOTCUA_ASSIGN_OR_RETURN(std::vector<LodgingStay> out, QueryStays(where, {facility_id}, 500));
  if (!out.empty()) {
    MOTCUA_RETURN_IF_ERROR(Log(who, fmt::format("lodging-facility:{}", facility_id), a.unit,
                               current_only ? "lodging register: current guests"
                                            : "lodging register",
                               ctx));
  }
  return out;
}

Result<LodgingStay> LodgingService::ReturningGuest(const Principal& who, int64_t facility_id,
                                                   const std::string& document,
                                                   const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  MOTCUA_ASSIGN_OR_RETURN(
      std::vector<LodgingStay> found,
      QueryStays("s.facility_id = ? AND s.erased_ms IS NULL AND (g.id_number = ? OR "
                 "g.passport = ?)",
                 {facility_id, document, document}, 1));
  if (found.empty() || document.empty()) return Status::NotFound("no earlier guest with it");
  MOTCUA_RETURN_IF_ERROR(Log(who, fmt::format("lodging-guest:{}", found[0].guest_id), a.unit,
                             "lodging: returning guest's details", ctx));
  return found[0];
}

Result<LodgingImportReport> LodgingService::Import(const Principal& who, int64_t facility_id,
                                                   std::string_view bytes) {
  const bool xlsx = bytes.starts_with("PK");
  Result<std::vector<PoliceRow>> rows =
      xlsx ? ReadVietnameseXlsx(bytes) : ReadForeignXml(bytes);
  if (!rows.ok()) return rows.status();
  const int64_t now = env_.NowMs();
  const auto today = ToVietnam(now).date;
  LodgingImportReport report;
  std::vector<LodgingCheckIn> valid;
  const int first = xlsx ? kVietnameseFirstRow : 1;
  for (size_t i = 0; i < rows->size(); ++i) {
    const PoliceRow& r = (*rows)[i];
    LodgingCheckIn c;
    lodging::GuestInput& g = c.guest;
    const bool vn = xlsx && (r.nationality.empty() || r.nationality == "VNM");
    g.kind = vn ? lodging::GuestKind::kVietnamese : lodging::GuestKind::kForeign;
    g.name = r.name;
    if (vn) g.id_number = r.doc_number;
    else g.passport = r.doc_number;
    g.nationality = vn ? "VNM" : r.nationality;
    g.birth = lodging::ParseDate(r.birth).value_or(std::chrono::year_month_day{});
    g.sex = r.sex.size() == 1 ? r.sex[0] : 0;
    g.reason = r.reason == 0 ? 1 : r.reason;
    g.permitted_until = lodging::ParseDate(r.permitted_until);
    const auto arrival = lodging::ParseDate(r.arrival);
    g.departure_date = lodging::ParseDate(r.departure).value_or(std::chrono::year_month_day{});
    c.room = r.room;
    c.phone = r.phone;
    // Arrived today: now; an earlier day: its noon (the row has no time).
    c.arrival_ms = !arrival || *arrival == today ? now : FromVietnam(*arrival, 12 * 60);
    g.arrival_date = arrival.value_or(std::chrono::year_month_day{});
    std::vector<lodging::FieldProblem> problems = lodging::Validate(g);
    if (!arrival) problems.push_back({"arrival", "lodging.err.arrival"});
    if (!problems.empty()) {
      std::string fields;
      for (const auto& p : problems) fields += (fields.empty() ? "" : ", ") + p.field;
      report.problems.push_back(fmt::format("{} {}: {}", xlsx ? "row" : "guest",
                                            first + static_cast<int>(i), fields));
      continue;
    }
    valid.push_back(std::move(c));
  }
  if (!valid.empty()) {
    Result<std::vector<int64_t>> ids = CheckIn(who, facility_id, valid, true);
    if (!ids.ok()) return ids.status();
    report.added = static_cast<int>(ids->size());
  }
  return report;
}

}  // namespace motcua::service
