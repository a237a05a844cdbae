// LodgingService: the commune police desk — arrivals, search, history, receipt, statistics,
// exports.
#include <fmt/format.h>

#include <map>
#include <set>

#include "base/civil_time.h"
#include "base/text.h"
#include "service/lodging/lodging_internal.h"
#include "service/lodging/lodging_service.h"
#include "service/lodging/police_formats.h"

namespace motcua::service {

namespace {

// Logs one entry per facility whose guests a list shows.
template <typename LogFn>
Status LogFacilities(const std::vector<LodgingStay>& stays, LogFn&& log) {
  std::set<int64_t> seen;
  for (const LodgingStay& s : stays) {
    if (seen.insert(s.facility_id).second) MOTCUA_RETURN_IF_ERROR(log(s.facility_id));
  }
  return Status::Ok();
}

std::string Dmy(const std::string& iso) {
  auto d = lodging::ParseDate(iso);
  return d ? lodging::FormatDate(*d) : "";
}

PoliceRow ToRow(const LodgingStay& s) {
  PoliceRow r;
  r.name = s.name;
  r.birth = Dmy(s.birth);
  r.sex = s.sex;
  r.nationality = s.nationality;
  const bool vn = s.kind == lodging::GuestKind::kVietnamese;
  r.doc_type = vn ? 8 : 0;
  r.doc_number = vn ? s.id_number : s.passport;
  r.phone = s.phone;
  r.arrival = Dmy(s.arrival_day);
  r.departure = Dmy(s.departure_day);
  if (s.checked_out_ms) r.checked_out = lodging::FormatDate(ToVietnam(*s.checked_out_ms).date);
  r.room = s.room;
  r.reason = s.reason;
  r.permitted_until = Dmy(s.permitted_until);
  return r;
}

}  // namespace

Result<std::vector<LodgingStay>> LodgingService::Arrivals(const Principal& who,
                                                          const std::string& day,
                                                          const AccessContext& ctx) {
  MOTCUA_RETURN_IF_ERROR(who.Check("lodging.read", std::nullopt));
  if (!lodging::ParseDate(day)) return Status::InvalidArgument("the day is yyyy-mm-dd");
  const LodgingScope scope = LodgingScopeOf(who, "lodging.read");
  std::vector<store::Value> params;
  const std::string where = scope.Where("f.unit", "f.province", &params) +
                            " AND s.erased_ms IS NULL AND (s.arrival_day = ? OR "
                            "(s.notified_ms IS NULL AND s.checked_out_ms IS NULL AND "
                            "s.due_ms <= ?))";
  params.emplace_back(day);
  params.emplace_back(env_.NowMs());
  MOTCUA_ASSIGN_OR_RETURN(std::vector<LodgingStay> out, QueryStays(where, params, 1000));
  std::map<int64_t, authz::UnitRef> units;
  MOTCUA_RETURN_IF_ERROR(LogFacilities(out, [&](int64_t facility) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility, false));
    return Log(who, fmt::format("lodging-facility:{}", facility), a.unit,
               "lodging desk: arrivals of " + day, ctx);
  }));
  return out;
}

Result<std::vector<LodgingStay>> LodgingService::Search(const Principal& who,
                                                        const std::string& raw_query,
                                                        const std::string& raw_reason,
                                                        const AccessContext& ctx) {
  MOTCUA_RETURN_IF_ERROR(who.Check("lodging.read", std::nullopt));
  std::string query = raw_query, reason = raw_reason;
  query.erase(0, query.find_first_not_of(' '));
  while (!query.empty() && query.back() == ' ') query.pop_back();
  std::vector<FieldError> errors;
  if (query.size() < 3) errors.push_back(LodgingBad("q", "lodging.err.query"));
  if (reason.find_first_not_of(' ') == std::string::npos)
    errors.push_back(LodgingBad("reason", "lodging.err.reason_required"));
  if (!errors.empty()) return Status::InvalidArgument("say what and why", std::move(errors));
  const LodgingScope scope = LodgingScopeOf(who, "lodging.read");
  std::vector<store::Value> params;
  std::string upper = query;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string where = scope.Where("f.unit", "f.province", &params) +
                            " AND s.erased_ms IS NULL AND (g.id_number = ? OR g.passport = ? OR "
                            "g.name_folded LIKE ?)";
  params.emplace_back(query);
  params.emplace_back(upper);
  params.emplace_back("%" + FoldForSearch(query) + "%");
  MOTCUA_ASSIGN_OR_RETURN(std::vector<LodgingStay> out, QueryStays(where, params, 200));
  // The search itself is logged with its reason, then every guest it shows.
  const std::string purpose = "lodging search: " + reason;
  if (out.empty()) {
    const authz::Grant g = authz::GrantsWith(who.grants, "lodging.read").front();
    MOTCUA_RETURN_IF_ERROR(
        Log(who, "lodging-search", {g.unit_code, g.province_code}, purpose, ctx));
  }
  std::set<int64_t> guests;
  for (const LodgingStay& s : out) {
    if (!guests.insert(s.guest_id).second) continue;
    MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, s.facility_id, false));
    MOTCUA_RETURN_IF_ERROR(Log(who, fmt::format("lodging-guest:{}", s.guest_id), a.unit, purpose, ctx));
  }
  return out;
}

Result<std::vector<LodgingStay>> LodgingService::History(const Principal& who, int64_t facility_id,
                                                         const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, false));
  if (!a.police) return Status::NotFound(fmt::format("no lodging facility {}", facility_id));
  MOTCUA_ASSIGN_OR_RETURN(std::vector<LodgingStay> out,
                          QueryStays("s.facility_id = ?", {facility_id}, 1000));
  MOTCUA_RETURN_IF_ERROR(Log(who, fmt::format("lodging-facility:{}", facility_id), a.unit,
                             "lodging desk: facility history", ctx));
  return out;
}

Result<int> LodgingService::ConfirmReceipt(const Principal& who, int64_t facility_id,
                                           const std::vector<int64_t>& stay_ids) {
  MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, false));
  if (!a.manage) return Status::PermissionDenied("confirming receipt needs lodging.manage");
  std::vector<store::Value> params = {env_.NowMs(), who.Describe(), facility_id};
  std::string sql =
      "UPDATE lodging_stays SET received_ms = ?, received_by = ? WHERE facility_id = ? AND "
      "notified_ms IS NOT NULL AND received_ms IS NULL AND erased_ms IS NULL";
  if (!stay_ids.empty()) {
    for (int64_t id : stay_ids) params.emplace_back(id);
    sql += " AND id IN (" + LodgingPlaceholders(stay_ids.size()) + ")";
  }
  int64_t n = 0;
  Status st = store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(n, tx.Exec(sql, params));
    return Status::Ok();
  });
  if (!st.ok()) {
    return Status(st.code(), fmt::format("store: cannot confirm receipt at facility {}: {}",
                                         facility_id, st.message()));
  }
  return static_cast<int>(n);
}

Result<std::vector<LodgingMonthStats>> LodgingService::MonthStats(const Principal& who,
                                                                  const std::string& month) {
  MOTCUA_RETURN_IF_ERROR(who.Check("lodging.read", std::nullopt));
  if (month.size() != 7 || !lodging::ParseDate(month + "-01")) {
    return Status::InvalidArgument("the month is yyyy-mm");
  }
  const LodgingScope scope = LodgingScopeOf(who, "lodging.read");
  std::vector<store::Value> params;
  const std::string sql =
      "SELECT f.id, f.name, s.nationality, COALESCE(s.guest_id, -s.id), "
      "CAST(julianday(s.departure_day) - julianday(s.arrival_day) AS INTEGER), "
      "s.notified_ms IS NULL, COALESCE(s.on_time, 1) FROM lodging_stays s JOIN "
      "lodging_facilities f ON f.id = s.facility_id WHERE " +
      scope.Where("f.unit", "f.province", &params) +
      " AND substr(s.arrival_day, 1, 7) = ? ORDER BY f.name, f.id";
  params.emplace_back(month);
  std::vector<LodgingMonthStats> out;
  std::map<int64_t, size_t> index;
  std::map<int64_t, std::set<int64_t>> guests;
  std::map<int64_t, std::map<std::string, int>> nats;
  const int64_t now = env_.NowMs();
  (void)now;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(sql, params, [&](const store::Row& r) {
      const int64_t fid = r.Int(0);
      auto it = index.find(fid);
      if (it == index.end()) {
        it = index.emplace(fid, out.size()).first;
        out.push_back({});
        out.back().facility_id = fid;
        out.back().facility_name = r.Text(1);
      }
      LodgingMonthStats& m = out[it->second];
      const std::string nat = r.Text(2);
      ++m.stays;
      if (nat != "VNM") ++m.foreign;
      guests[fid].insert(r.Int(3));
      ++nats[fid][nat];
      m.nights += static_cast<int>(std::max<int64_t>(1, r.Int(4)));
      if (r.Int(5) != 0) ++m.undeclared;
      else if (r.Int(6) == 0) ++m.late;
    });
  }));
  for (LodgingMonthStats& m : out) {
    m.guests = static_cast<int>(guests[m.facility_id].size());
    for (const auto& n : nats[m.facility_id]) m.nationalities.emplace_back(n.first, n.second);
  }
  return out;
}

Result<std::string> LodgingService::Export(const Principal& who, int64_t facility_id, bool foreign,
                                           const std::string& from, const std::string& to,
                                           const AccessContext& ctx) {
  if (!lodging::ParseDate(from) || !lodging::ParseDate(to)) {
    return Status::InvalidArgument("the period is yyyy-mm-dd to yyyy-mm-dd");
  }
  std::vector<store::Value> params;
  std::string where;
  if (facility_id != 0) {
    MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility_id, false));
    (void)a;
    where = "s.facility_id = ?";
    params.emplace_back(facility_id);
  } else {
    MOTCUA_RETURN_IF_ERROR(who.Check("lodging.read", std::nullopt));
    where = LodgingScopeOf(who, "lodging.read").Where("f.unit", "f.province", &params);
  }
  where += std::string(" AND s.erased_ms IS NULL AND s.notified_ms IS NOT NULL AND s.nationality ") +
           (foreign ? "<>" : "=") + " 'VNM' AND s.arrival_day >= ? AND s.arrival_day <= ?";
  params.emplace_back(from);
  params.emplace_back(to);
  MOTCUA_ASSIGN_OR_RETURN(std::vector<LodgingStay> stays, QueryStays(where, params, 100000));
  std::vector<PoliceRow> rows;
  for (auto it = stays.rbegin(); it != stays.rend(); ++it) rows.push_back(ToRow(*it));  // oldest first
  const std::string what = foreign ? "XML of foreign guests" : "XLSX of Vietnamese guests";
  MOTCUA_RETURN_IF_ERROR(LogFacilities(stays, [&](int64_t facility) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(Access a, Authorize(who, facility, false));
    return Log(who, fmt::format("lodging-facility:{}", facility), a.unit,
               fmt::format("lodging export: {} {}..{}", what, from, to), ctx);
  }));
  if (foreign) return WriteForeignXml(rows);
  return WriteVietnameseXlsx(rows);
}

}  // namespace motcua::service
