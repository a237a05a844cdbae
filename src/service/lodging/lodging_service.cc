// LodgingService: facilities, who may see them, settings, retention, and the stays' query.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/civil_time.h"
#include "base/text.h"
#include "service/lodging/lodging_internal.h"
#include "service/lodging/lodging_service.h"

namespace motcua::service {

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

const char kFacilityColumns[] =
    "id, unit, province, name, type, address, phone, host_id_number, host_name, status, "
    "registered_ms, decided_ms";

LodgingFacility FacilityFromRow(const store::Row& r) {
  LodgingFacility f;
  f.id = r.Int(0);
  f.unit = r.Text(1);
  f.province = r.Text(2);
  f.name = r.Text(3);
  f.type = r.Text(4);
  f.address = r.Text(5);
  f.phone = r.Text(6);
  f.host_id_number = r.Text(7);
  f.host_name = r.Text(8);
  f.status = r.Text(9);
  f.registered_ms = r.Int(10);
  if (!r.IsNull(11)) f.decided_ms = r.Int(11);
  return f;
}

std::string Trimmed(const std::string& s) {
  const char* ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

}  // namespace

std::string LodgingPlaceholders(size_t n) {
  std::string s = "''";  // IN () is not SQL; '' matches no stored value
  for (size_t i = 0; i < n; ++i) s += ",?";
  return s;
}

LodgingScope LodgingScopeOf(const Principal& who, std::string_view permission) {
  LodgingScope s;
  if (who.kind != Principal::Kind::kUser) return s;
  for (const authz::Grant& g : authz::GrantsWith(who.grants, permission)) {
    if (g.IsProvinceWide()) s.provinces.emplace_back(g.province_code);
    else s.units.emplace_back(g.unit_code);
  }
  return s;
}

std::string LodgingScope::Where(const std::string& unit_col, const std::string& province_col,
                                std::vector<store::Value>* params) const {
  params->insert(params->end(), units.begin(), units.end());
  params->insert(params->end(), provinces.begin(), provinces.end());
  return "(" + unit_col + " IN (" + LodgingPlaceholders(units.size()) + ") OR " + province_col +
         " IN (" + LodgingPlaceholders(provinces.size()) + "))";
}

Status LodgingService::Log(const Principal& who, const std::string& record,
                           const authz::UnitRef& unit, const std::string& purpose,
                           const AccessContext& ctx) {
  Status st = audit_.Record(who, record, unit, purpose, ctx);
  if (!st.ok()) {
    // Personal data is not shown when its viewing cannot be logged.
    return Status(st.code(), "lodging: cannot log the view of " + record + ": " + st.message());
  }
  return Status::Ok();
}

Result<LodgingService::Access> LodgingService::Authorize(const Principal& who, int64_t facility_id,
                                                         bool staff_only) {
  Access a;
  bool found = false;
  Status st = store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        std::string("SELECT ") + kFacilityColumns + " FROM lodging_facilities WHERE id = ?",
        {facility_id}, [&](const store::Row& r) {
          a.facility = FacilityFromRow(r);
          found = true;
        }));
    if (found && who.kind == Principal::Kind::kResident && !who.id_number.empty()) {
      MOTCUA_RETURN_IF_ERROR(tx.Query(
          "SELECT is_host FROM lodging_staff WHERE facility_id = ? AND id_number = ?",
          {facility_id, who.id_number}, [&](const store::Row& r) {
            a.staff = true;
            a.host = r.Int(0) != 0;
          }));
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    return Status(st.code(), fmt::format("store: cannot read lodging facility {} for {}: {}",
                                         facility_id, who.Id(), st.message()));
  }
  const Status not_found = Status::NotFound(fmt::format("no lodging facility {}", facility_id));
  if (!found) return not_found;
  a.unit = authz::UnitRef{a.facility.unit, a.facility.province};
  if (a.staff) return a;
  if (!staff_only && who.kind == Principal::Kind::kUser &&
      who.Check("lodging.read", a.unit).ok()) {
    a.police = true;
    a.manage = who.Check("lodging.manage", a.unit).ok();
    return a;
  }
  return not_found;  // another facility's staff, another commune's police: nothing to see
}

Result<int64_t> LodgingService::RegisterFacility(const Principal& who, const authz::UnitRef& unit,
                                                 const LodgingFacilityInput& raw) {
  LodgingFacilityInput in = raw;
  in.name = Trimmed(in.name);
  in.address = Trimmed(in.address);
  in.phone = Trimmed(in.phone);
  in.host_id_number = Trimmed(in.host_id_number);
  in.host_name = Trimmed(in.host_name);
  bool by_police = false;
  if (who.kind == Principal::Kind::kResident) {
    in.host_id_number = who.id_number;
    in.host_name = who.name;
  } else {
    MOTCUA_RETURN_IF_ERROR(who.Check("lodging.manage", unit));
    by_police = true;
  }
  std::vector<FieldError> errors;
  if (in.name.empty() || in.name.size() > 200) errors.push_back(LodgingBad("name", "lodging.err.name"));
  if (!lodging::IsFacilityType(in.type)) errors.push_back(LodgingBad("type", "lodging.err.type"));
  if (in.address.empty() || in.address.size() > 400)
    errors.push_back(LodgingBad("address", "lodging.err.address"));
  if (!lodging::IsPersonalIdNumber(in.host_id_number))
    errors.push_back(LodgingBad("host_id_number", "lodging.err.id_number"));
  if (in.host_name.empty()) errors.push_back(LodgingBad("host_name", "lodging.err.name"));
  if (!errors.empty()) {
    return Status::InvalidArgument("the facility's details are not complete", std::move(errors));
  }
  const int64_t now = env_.NowMs();
  int64_t id = 0;
  Status st = store_.Write([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO lodging_facilities (unit, province, name, type, address, phone, "
                "host_id_number, host_name, registered_by, status, registered_ms, decided_ms, "
                "decided_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                {unit.unit_code, unit.province_code, in.name, in.type, in.address, in.phone,
                 in.host_id_number, in.host_name, who.Describe(),
                 std::string(by_police ? "confirmed" : "pending"), now,
                 by_police ? store::Value(now) : store::Value(nullptr),
                 by_police ? store::Value(who.Describe()) : store::Value(nullptr)})
            .status());
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT MAX(id) FROM lodging_facilities WHERE host_id_number = ? AND registered_ms = ?",
        {in.host_id_number, now}, [&](const store::Row& r) { id = r.Int(0); }));
    return tx
        .Exec("INSERT INTO lodging_staff (facility_id, id_number, name, is_host, added_ms) "
              "VALUES (?,?,?,1,?)",
              {id, in.host_id_number, in.host_name, now})
        .status();
  });
  if (!st.ok()) {
    return Status(st.code(), "store: cannot register lodging facility '" + in.name + "' for " +
                                 who.Id() + ": " + st.message());
  }
  return id;
}

namespace {

// Adds the counts of stays still to declare and late to each facility.
Status AddCounts(store::ReadTx& tx, int64_t now, std::vector<LodgingFacility>* list) {
  for (LodgingFacility& f : *list) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT COALESCE(SUM(CASE WHEN notified_ms IS NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN on_time = 0 OR (notified_ms IS NULL AND due_ms <= ?) "
        "THEN 1 ELSE 0 END), 0) FROM lodging_stays WHERE facility_id = ? AND erased_ms IS NULL",
        {now, f.id}, [&](const store::Row& r) {
          f.pending = static_cast<int>(r.Int(0));
          f.late = static_cast<int>(r.Int(1));
        }));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<LodgingFacility>> LodgingService::MyFacilities(const Principal& who) {
  if (who.kind != Principal::Kind::kResident) {
    return Status::PermissionDenied("this is for hosts signed in with VNeID");
  }
  std::vector<LodgingFacility> out;
  const int64_t now = env_.NowMs();
  Status st = store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT f.id, f.unit, f.province, f.name, f.type, f.address, f.phone, "
        "f.host_id_number, f.host_name, f.status, f.registered_ms, f.decided_ms "
        "FROM lodging_facilities f JOIN lodging_staff s ON s.facility_id = f.id "
        "WHERE s.id_number = ? ORDER BY f.id",
        {who.id_number}, [&](const store::Row& r) { out.push_back(FacilityFromRow(r)); }));
    return AddCounts(tx, now, &out);
  });
  if (!st.ok()) {
    return Status(st.code(), "store: cannot list the lodging facilities of " + who.Id() + ": " +
                                 st.message());
  }
  return out;
}

Result<std::vector<LodgingFacility>> LodgingService::Facilities(const Principal& who) {
  MOTCUA_RETURN_IF_ERROR(who.Check("lodging.read", std::nullopt));
  const LodgingScope scope = LodgingScopeOf(who, "lodging.read");
  std::vector<store::Value> params;
  const std::string sql = std::string("SELECT ") + kFacilityColumns +
                          " FROM lodging_facilities WHERE " +
                          scope.Where("unit", "province", &params) +
                          " ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, name";
  std::vector<LodgingFacility> out;
  const int64_t now = env_.NowMs();
  Status st = store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(sql, params, [&](const store::Row& r) {
      out.push_back(FacilityFromRow(r));
    }));
    return AddCounts(tx, now, &out);
  });
  if (!st.ok()) {
    return Status(st.code(),
                  "store: cannot list lodging facilities for " + who.Id() + ": " + st.message());
  }
  return out;
}

Result<LodgingFacility> LodgingService::Facility(const Principal& who, int64_t facility_id) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, false));
  return a.facility;
}

Status LodgingService::DecideFacility(const Principal& who, int64_t facility_id, bool confirm) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, false));
  if (!a.manage) return Status::PermissionDenied("confirming a facility needs lodging.manage");
  if (a.facility.status != "pending") {
    return Status::FailedPrecondition("the facility was already " + a.facility.status);
  }
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE lodging_facilities SET status = ?, decided_ms = ?, "
                           "decided_by = ? WHERE id = ? AND status = 'pending'",
                           {std::string(confirm ? "confirmed" : "refused"), env_.NowMs(),
                            who.Describe(), facility_id}));
    if (n != 1) return Status::Conflict("the facility was decided meanwhile");
    return Status::Ok();
  });
}

Result<std::vector<std::string>> LodgingService::Rooms(const Principal& who, int64_t facility_id) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, false));
  (void)a;
  std::vector<std::string> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT name FROM lodging_rooms WHERE facility_id = ? ORDER BY name",
                    {facility_id}, [&](const store::Row& r) { out.push_back(r.Text(0)); });
  }));
  return out;
}

Status LodgingService::AddRoom(const Principal& who, int64_t facility_id, const std::string& raw) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  (void)a;
  const std::string room = Trimmed(raw);
  if (room.empty() || room.size() > 40) {
    return Status::InvalidArgument("name the room", {LodgingBad("room", "lodging.err.room")});
  }
  return store_.Write([&](store::Tx& tx) {
    return tx
        .Exec("INSERT INTO lodging_rooms (facility_id, name) VALUES (?, ?) "
              "ON CONFLICT (facility_id, name) DO NOTHING",
              {facility_id, room})
        .status();
  });
}

Result<std::vector<LodgingStaff>> LodgingService::Staff(const Principal& who,
                                                        int64_t facility_id) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, false));
  (void)a;
  std::vector<LodgingStaff> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT id_number, name, is_host FROM lodging_staff WHERE facility_id = ? "
        "ORDER BY is_host DESC, name",
        {facility_id},
        [&](const store::Row& r) { out.push_back({r.Text(0), r.Text(1), r.Int(2) != 0}); });
  }));
  return out;
}

Status LodgingService::AddStaff(const Principal& who, int64_t facility_id,
                                const std::string& raw_id, const std::string& raw_name) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, true));
  if (!a.host) return Status::PermissionDenied("only the facility's host adds staff");
  const std::string id = Trimmed(raw_id), name = Trimmed(raw_name);
  std::vector<FieldError> errors;
  if (!lodging::IsPersonalIdNumber(id)) errors.push_back(LodgingBad("staff_id", "lodging.err.id_number"));
  if (name.empty()) errors.push_back(LodgingBad("staff_name", "lodging.err.name"));
  if (!errors.empty()) return Status::InvalidArgument("staff details", std::move(errors));
  return store_.Write([&](store::Tx& tx) {
    return tx
        .Exec("INSERT INTO lodging_staff (facility_id, id_number, name, is_host, added_ms) "
              "VALUES (?,?,?,0,?) ON CONFLICT (facility_id, id_number) DO UPDATE SET name = "
              "excluded.name",
              {facility_id, id, name, env_.NowMs()})
        .status();
  });
}

Result<LodgingSettings> LodgingService::Settings(const std::string& unit) {
  LodgingSettings s{options_.foreign_hours, options_.retention_days};
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT foreign_hours, retention_days FROM lodging_settings WHERE unit = ?",
                    {unit}, [&](const store::Row& r) {
                      s.foreign_hours = static_cast<int>(r.Int(0));
                      s.retention_days = static_cast<int>(r.Int(1));
                    });
  }));
  return s;
}

Status LodgingService::SetSettings(const Principal& who, const authz::UnitRef& unit,
                                   const LodgingSettings& s) {
  MOTCUA_RETURN_IF_ERROR(who.Check("lodging.manage", unit));
  std::vector<FieldError> errors;
  if (s.foreign_hours < 1 || s.foreign_hours > 48)
    errors.push_back(LodgingBad("foreign_hours", "lodging.err.foreign_hours"));
  if (s.retention_days < 1 || s.retention_days > 3650)
    errors.push_back(LodgingBad("retention_days", "lodging.err.retention_days"));
  if (!errors.empty()) return Status::InvalidArgument("settings", std::move(errors));
  return store_.Write([&](store::Tx& tx) {
    return tx
        .Exec("INSERT INTO lodging_settings (unit, foreign_hours, retention_days, updated_ms, "
              "updated_by) VALUES (?,?,?,?,?) ON CONFLICT (unit) DO UPDATE SET foreign_hours = "
              "excluded.foreign_hours, retention_days = excluded.retention_days, updated_ms = "
              "excluded.updated_ms, updated_by = excluded.updated_by",
              {unit.unit_code, int64_t{s.foreign_hours}, int64_t{s.retention_days},
               env_.NowMs(), who.Describe()})
        .status();
  });
}

Result<int> LodgingService::EraseExpired() {
  const int64_t now = env_.NowMs();
  struct Due {
    int64_t stay, guest;
    std::string unit, province;
    int days;
  };
  std::vector<Due> due;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT s.id, COALESCE(s.guest_id, 0), s.unit, f.province, s.checked_out_ms, "
        "COALESCE(c.retention_days, ?) FROM lodging_stays s "
        "JOIN lodging_facilities f ON f.id = s.facility_id "
        "LEFT JOIN lodging_settings c ON c.unit = s.unit "
        "WHERE s.erased_ms IS NULL AND s.checked_out_ms IS NOT NULL",
        {int64_t{options_.retention_days}}, [&](const store::Row& r) {
          const int days = static_cast<int>(r.Int(5));
          if (r.Int(4) + days * kDayMs <= now) {
            due.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), days});
          }
        });
  }));
  if (due.empty()) return 0;
  std::set<int64_t> guests;
  for (const Due& d : due) guests.insert(d.guest);
  std::vector<int64_t> erased_guests;
  Status st = store_.Write([&](store::Tx& tx) {
    erased_guests.clear();
    for (const Due& d : due) {
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("UPDATE lodging_stays SET guest_id = NULL, room = '', permitted_until = '', "
                  "recorded_by = '', received_by = NULL, erased_ms = ? WHERE id = ?",
                  {now, d.stay})
              .status());
    }
    for (int64_t g : guests) {
      // A guest with a stay still within the period (or not checked out) keeps their row.
      MOTCUA_ASSIGN_OR_RETURN(
          int64_t n, tx.Exec("DELETE FROM lodging_guests WHERE id = ? AND NOT EXISTS (SELECT 1 "
                             "FROM lodging_stays WHERE guest_id = ?)",
                             {g, g}));
      if (n > 0) erased_guests.push_back(g);
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    return Status(st.code(), "store: cannot erase lodging guests past retention: " + st.message());
  }
  // The log says what was erased: each stay, with its commune's period.
  const Principal system;  // the retention job acts for nobody
  for (const Due& d : due) {
    MOTCUA_RETURN_IF_ERROR(audit_.Record(
        system, fmt::format("lodging-stay:{}", d.stay), authz::UnitRef{d.unit, d.province},
        fmt::format("lodging retention: guest's particulars erased {} days after check-out{}",
                    d.days,
                    std::find(erased_guests.begin(), erased_guests.end(), d.guest) !=
                            erased_guests.end()
                        ? fmt::format(" (guest {} deleted)", d.guest)
                        : ""),
        AccessContext{"job:lodging-retention", ""}));
  }
  return static_cast<int>(due.size());
}

const char kStayColumns[] =
    "s.id, s.facility_id, f.name, COALESCE(s.guest_id, 0), COALESCE(g.kind, ''), "
    "COALESCE(g.name, ''), COALESCE(g.id_number, ''), COALESCE(g.passport, ''), s.nationality, "
    "COALESCE(g.visa, ''), COALESCE(g.birth, ''), COALESCE(g.sex, ''), COALESCE(g.phone, ''), "
    "s.room, s.permitted_until, s.arrival_day, s.departure_day, s.reason, s.arrival_ms, "
    "s.due_ms, s.checked_out_ms, s.notified_ms, s.received_ms, COALESCE(s.on_time, 0), "
    "s.erased_ms, COALESCE(s.covered_by, 0)";

Result<std::vector<LodgingStay>> LodgingService::QueryStays(
    const std::string& where, const std::vector<store::Value>& params, int limit) {
  std::vector<LodgingStay> out;
  const std::string sql = std::string("SELECT ") + kStayColumns +
                          " FROM lodging_stays s JOIN lodging_facilities f ON f.id = "
                          "s.facility_id LEFT JOIN lodging_guests g ON g.id = s.guest_id WHERE " +
                          where + " ORDER BY s.arrival_ms DESC, s.id DESC LIMIT " +
                          std::to_string(limit);
  Status st = store_.Read([&](store::ReadTx& tx) {
    return tx.Query(sql, params, [&](const store::Row& r) {
      LodgingStay s;
      s.id = r.Int(0);
      s.facility_id = r.Int(1);
      s.facility_name = r.Text(2);
      s.guest_id = r.Int(3);
      s.nationality = r.Text(8);
      const std::string kind = r.Text(4);
      s.kind = kind == "foreign" || (kind.empty() && s.nationality != "VNM")
                   ? lodging::GuestKind::kForeign
                   : lodging::GuestKind::kVietnamese;
      s.name = r.Text(5);
      s.id_number = r.Text(6);
      s.passport = r.Text(7);
      s.visa = r.Text(9);
      s.birth = r.Text(10);
      s.sex = r.Text(11);
      s.phone = r.Text(12);
      s.room = r.Text(13);
      s.permitted_until = r.Text(14);
      s.arrival_day = r.Text(15);
      s.departure_day = r.Text(16);
      s.reason = static_cast<int>(r.Int(17));
      s.arrival_ms = r.Int(18);
      s.due_ms = r.Int(19);
      if (!r.IsNull(20)) s.checked_out_ms = r.Int(20);
      if (!r.IsNull(21)) s.notified_ms = r.Int(21);
      if (!r.IsNull(22)) s.received_ms = r.Int(22);
      s.on_time = r.Int(23) != 0;
      s.erased = !r.IsNull(24);
      s.covered_by = r.Int(25);
      out.push_back(std::move(s));
    });
  });
  if (!st.ok()) {
    return Status(st.code(), "store: cannot read lodging stays: " + st.message());
  }
  return out;
}

}  // namespace motcua::service
