// LodgingService: accommodation notices (thông báo lưu trú, domain.md §10). Hosts register their
// facility, the commune police confirm it; the facility's staff check guests in (and out, and
// between rooms), declare them to the police, and see what is still to declare; the police of the
// commune see the arrivals, search, confirm receipt, read statistics and export the files the
// national systems take (police_formats.h). Owns the tables lodging_* (migration 0022); every
// change goes through Store::Write; reads are done before it.
//
// Who sees what (privacy): a guest's particulars are shown only to the staff of the facility the
// guest stayed at (residents signed in with VNeID whose ID number is on the facility's staff list)
// and to officers holding `lodging.read` over the facility's commune. Every view or export of
// guests' particulars is written to the personal-data access log (AuditService) with its purpose;
// a police search needs a reason, which the log keeps. A guest's particulars are erased a
// commune-configured number of days after check-out (EraseExpired), and the log says so.
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/authz/roles.h"
#include "domain/lodging/notice.h"
#include "service/identity/audit_service.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

struct LodgingOptions {
  // Hours within which a foreign guest's declaration is due, for communes that set none (12 by law).
  int foreign_hours = 12;
  // Days a guest's particulars are kept after check-out, for communes that set none.
  int retention_days = 365;
};

struct LodgingFacility {
  int64_t id = 0;
  std::string unit, province, name, type, address, phone, host_id_number, host_name;
  std::string status;  // pending | confirmed | refused
  int64_t registered_ms = 0;
  std::optional<int64_t> decided_ms;
  int pending = 0;  // stays still to declare (MyFacilities, Facilities)
  int late = 0;     // stays declared late or overdue and not declared
};

struct LodgingFacilityInput {
  std::string name, type, address, phone;
  std::string host_id_number, host_name;  // police registering for a host; a resident is the host
};

struct LodgingStaff {
  std::string id_number, name;
  bool is_host = false;
};

// One stay (a row of the register): the guest's particulars, the room, the times and the notice.
struct LodgingStay {
  int64_t id = 0;
  int64_t facility_id = 0;
  std::string facility_name;
  int64_t guest_id = 0;  // 0 once erased
  lodging::GuestKind kind = lodging::GuestKind::kVietnamese;
  std::string name, id_number, passport, nationality, visa, birth, sex, phone;
  std::string room, permitted_until, arrival_day, departure_day;
  int reason = 1;
  int64_t arrival_ms = 0, due_ms = 0;
  std::optional<int64_t> checked_out_ms, notified_ms, received_ms;
  bool on_time = false;  // meaningful once notified
  bool erased = false;
  // A household relative staying again: the stay whose notice covers this one (Residence Law
  // Art 30(4): relatives staying repeatedly need only one notice); 0 otherwise.
  int64_t covered_by = 0;
  // Not yet declared and already past due.
  bool Overdue(int64_t now_ms) const { return !notified_ms && now_ms >= due_ms; }
};

// One guest to check in: particulars, room, and the arrival instant.
struct LodgingCheckIn {
  lodging::GuestInput guest;
  std::string room;
  std::string phone;
  int64_t arrival_ms = 0;
  // A relative of the household's host (grandparent, parent, spouse, child, grandchild, sibling):
  // at a household facility, once one of their stays was declared, later stays are covered by
  // that notice and need none of their own.
  bool family = false;
};

struct LodgingMonthStats {
  int64_t facility_id = 0;
  std::string facility_name;
  int stays = 0, guests = 0, foreign = 0, nights = 0, late = 0, undeclared = 0;
  std::vector<std::pair<std::string, int>> nationalities;  // alpha-3 → stays
};

struct LodgingSettings {
  int foreign_hours = 12;
  int retention_days = 365;
};

struct LodgingImportReport {
  int added = 0;
  std::vector<std::string> problems;  // "row 7: id_number"
};

class LodgingService {
 public:
  LodgingService(Env& env, store::Store& store, AuditService& audit, LodgingOptions options)
      : env_(env), store_(store), audit_(audit), options_(options) {}

  // Returns the service's clock (pages label overdue notices and today's date by it).
  int64_t NowMs() const { return env_.NowMs(); }

  // ---- Facilities ----
  // Registers a facility in `unit`, pending the police's confirmation. A resident registers their
  // own (they become its host and first staff member); an officer with `lodging.manage` over the
  // unit registers one for a host named in the input, confirmed at once. Returns its id.
  Result<int64_t> RegisterFacility(const Principal& who, const authz::UnitRef& unit,
                                   const LodgingFacilityInput& in);
  // Returns the facilities where the resident is staff.
  Result<std::vector<LodgingFacility>> MyFacilities(const Principal& who);
  // Returns the facilities of the communes where the officer holds `lodging.read`.
  Result<std::vector<LodgingFacility>> Facilities(const Principal& who);
  // Returns a facility its staff or its commune's police may see; NotFound otherwise (a foreign
  // facility is not told apart from a missing one).
  Result<LodgingFacility> Facility(const Principal& who, int64_t facility_id);
  // Confirms or refuses a pending facility (`lodging.manage` over its commune).
  Status DecideFacility(const Principal& who, int64_t facility_id, bool confirm);
  Result<std::vector<std::string>> Rooms(const Principal& who, int64_t facility_id);
  Status AddRoom(const Principal& who, int64_t facility_id, const std::string& room);
  Result<std::vector<LodgingStaff>> Staff(const Principal& who, int64_t facility_id);
  // Adds a person who may declare for the facility (its host only).
  Status AddStaff(const Principal& who, int64_t facility_id, const std::string& id_number,
                  const std::string& name);

  // ---- The register (the facility's staff) ----
  // Records the guests' arrival, reusing a returning guest's row (same ID number or passport).
  // With `declare`, the notices are sent at once. A confirmed facility only; every guest is
  // validated first and nothing is stored when one fails (InvalidArgument with field errors
  // "guest<i>.<field>"). Returns the stays' ids.
  Result<std::vector<int64_t>> CheckIn(const Principal& who, int64_t facility_id,
                                       const std::vector<LodgingCheckIn>& guests, bool declare);
  // Declares the facility's stays still to declare (all when `stay_ids` is empty), stamping each
  // on time or late. Returns how many were declared.
  Result<int> Declare(const Principal& who, int64_t facility_id,
                      const std::vector<int64_t>& stay_ids);
  Status CheckOut(const Principal& who, int64_t facility_id, int64_t stay_id);
  Status ChangeRoom(const Principal& who, int64_t facility_id, int64_t stay_id,
                    const std::string& room);
  // Returns the facility's current stays (not checked out) or its whole register, newest first,
  // and logs the view.
  Result<std::vector<LodgingStay>> Register(const Principal& who, int64_t facility_id,
                                            bool current_only, const AccessContext& ctx);
  // Returns the particulars of a guest who stayed before, by ID number or passport, for a form to
  // fill in (logged); NotFound when there is none.
  Result<LodgingStay> ReturningGuest(const Principal& who, int64_t facility_id,
                                     const std::string& document, const AccessContext& ctx);
  // Checks in the guests of an XLSX (the police template, or a file exported from here) or a
  // foreigners' XML. Valid rows are checked in and declared; bad rows are reported, not stored.
  Result<LodgingImportReport> Import(const Principal& who, int64_t facility_id,
                                     std::string_view bytes);

  // ---- The police desk (officers with lodging.read / lodging.manage over the commune) ----
  // Returns the stays arriving on `day` (yyyy-mm-dd) in the officer's communes, plus those still
  // undeclared and overdue (logged).
  Result<std::vector<LodgingStay>> Arrivals(const Principal& who, const std::string& day,
                                            const AccessContext& ctx);
  // Searches by name (folded), ID number or passport. `reason` is required and logged.
  Result<std::vector<LodgingStay>> Search(const Principal& who, const std::string& query,
                                          const std::string& reason, const AccessContext& ctx);
  // Returns a facility's register, newest first (logged).
  Result<std::vector<LodgingStay>> History(const Principal& who, int64_t facility_id,
                                           const AccessContext& ctx);
  // Confirms receipt of declared notices (all of the facility's unreceived when empty).
  Result<int> ConfirmReceipt(const Principal& who, int64_t facility_id,
                             const std::vector<int64_t>& stay_ids);
  // Returns per-facility statistics of a month ("2026-06") in the officer's communes.
  Result<std::vector<LodgingMonthStats>> MonthStats(const Principal& who, const std::string& month);
  // Returns the export of the declared stays arriving from `from` to `to` (yyyy-mm-dd): the XLSX
  // of Vietnamese guests (`foreign` false) or the XML of foreign guests; one facility when
  // `facility_id` is not 0. Police of the commune, or the facility's staff for their own. Logged.
  Result<std::string> Export(const Principal& who, int64_t facility_id, bool foreign,
                             const std::string& from, const std::string& to,
                             const AccessContext& ctx);

  // ---- Settings and retention ----
  Result<LodgingSettings> Settings(const std::string& unit);
  Status SetSettings(const Principal& who, const authz::UnitRef& unit, const LodgingSettings& s);
  // Erases the particulars of guests checked out more than their commune's retention period ago:
  // their stays keep only what the statistics need, a guest with no stay left is deleted, and the
  // access log records each erasure. Returns how many stays were erased.
  Result<int> EraseExpired();

 private:
  struct Access;
  Result<Access> Authorize(const Principal& who, int64_t facility_id, bool staff_only);
  Status Log(const Principal& who, const std::string& record, const authz::UnitRef& unit,
             const std::string& purpose, const AccessContext& ctx);
  Result<std::vector<LodgingStay>> QueryStays(const std::string& where,
                                              const std::vector<store::Value>& params, int limit);

  Env& env_;
  store::Store& store_;
  AuditService& audit_;
  const LodgingOptions options_;
};

}  // namespace motcua::service
