#include "service/identity/audit_service.h"

#include <nlohmann/json.hpp>

#include "base/civil_time.h"

namespace motcua::service {

using nlohmann::json;

Status AuditService::Record(const Principal& who, const std::string& record,
                            const authz::UnitRef& unit, const std::string& purpose,
                            const AccessContext& ctx) {
  int64_t now = env_.NowMs();
  auto or_null = [](const std::string& s) -> store::Value {
    if (s.empty()) return nullptr;
    return s;
  };
  return store_.Write([&](store::Tx& tx) {
    return tx
        .Exec(
            "INSERT INTO pii_access_log (at_ms, actor, record, purpose, route, request_id, "
            "unit, province) VALUES (?,?,?,?,?,?,?,?)",
            {now, who.Describe(), record, purpose, ctx.route, ctx.request_id,
             or_null(unit.unit_code), or_null(unit.province_code)})
        .status();
  });
}

Result<std::vector<AccessLogEntry>> AuditService::List(const Principal& who,
                                                       const std::string& record, int limit) {
  MOTCUA_RETURN_IF_ERROR(who.Check("audit.read", std::nullopt));
  // The caller's scope: whole provinces for province grants, single units otherwise.
  std::vector<store::Value> provinces, units;
  for (const authz::Grant& g : authz::GrantsWith(who.grants, "audit.read")) {
    if (g.IsProvinceWide()) {
      provinces.emplace_back(g.province_code);
    } else {
      units.emplace_back(g.unit_code);
    }
  }
  auto placeholders = [](size_t n) {
    std::string s = "''";  // IN () is not SQL; '' matches no stored unit
    for (size_t i = 0; i < n; ++i) s += ",?";
    return s;
  };
  const std::string sql =
      "SELECT id, at_ms, actor, record, purpose, route, request_id, COALESCE(unit, ''), "
      "COALESCE(province, '') FROM pii_access_log WHERE (province IN (" +
      placeholders(provinces.size()) + ") OR unit IN (" + placeholders(units.size()) +
      ")) AND (? = '' OR record = ?) ORDER BY id DESC LIMIT ?";
  std::vector<store::Value> params = provinces;
  params.insert(params.end(), units.begin(), units.end());
  params.insert(params.end(), {record, record, int64_t{std::clamp(limit, 1, 1000)}});
  std::vector<AccessLogEntry> out;
  Status st = store_.Read([&](store::ReadTx& tx) {
    return tx.Query(sql, params, [&](const store::Row& r) {
      out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6),
                     r.Text(7), r.Text(8)});
    });
  });
  if (!st.ok()) {
    return Status(st.code(), "store: cannot read the personal-data access log for " + who.Id() +
                                 ": " + st.message());
  }
  return out;
}

Result<std::string> AuditService::ExportResident(const Principal& p, const AccessContext& ctx) {
  if (p.kind != Principal::Kind::kResident) {
    return Status::PermissionDenied("only a signed-in resident can download their own data");
  }
  json doc;
  doc["generated_at"] = FormatRfc3339Vietnam(env_.NowMs());
  std::string who = p.Id();
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT id_number, name, level2, created_ms, updated_ms FROM residents WHERE id = ?",
        {p.resident_id}, [&](const store::Row& r) {
          doc["person"] = {{"id_number", r.Text(0)},
                           {"name", r.Text(1)},
                           {"identity_level2", r.Int(2) != 0},
                           {"first_seen", FormatRfc3339Vietnam(r.Int(3))},
                           {"last_updated", FormatRfc3339Vietnam(r.Int(4))}};
        }));
    doc["sessions"] = json::array();
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT created_ms, last_seen_ms, revoked FROM sessions WHERE principal = ? ORDER BY "
        "created_ms",
        {who}, [&](const store::Row& r) {
          doc["sessions"].push_back({{"opened", FormatRfc3339Vietnam(r.Int(0))},
                                     {"last_seen", FormatRfc3339Vietnam(r.Int(1))},
                                     {"ended", r.Int(2) != 0}});
        }));
    doc["authorisations"] = json::array();
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT id, agent, principal_id_number, principal_name, scope, document_ref, expires_ms, "
        "COALESCE(unit, ''), COALESCE(recorded_by, ''), revoked FROM authorisations "
        "WHERE agent = ? OR agent = ? OR principal_id_number = ? ORDER BY id",
        {who, "id:" + p.id_number, p.id_number}, [&](const store::Row& r) {
          doc["authorisations"].push_back({{"id", r.Int(0)},
                                           {"agent", r.Text(1)},
                                           {"for_id_number", r.Text(2)},
                                           {"for_name", r.Text(3)},
                                           {"scope", r.Text(4)},
                                           {"document_ref", r.Text(5)},
                                           {"expires", FormatRfc3339Vietnam(r.Int(6))},
                                           {"unit", r.Text(7)},
                                           {"recorded_by", r.Text(8)},
                                           {"revoked", r.Int(9) != 0}});
        }));
    doc["accesses_to_my_data"] = json::array();
    return tx.Query(
        "SELECT at_ms, actor, purpose FROM pii_access_log WHERE record = ? ORDER BY id", {who},
        [&](const store::Row& r) {
          doc["accesses_to_my_data"].push_back({{"at", FormatRfc3339Vietnam(r.Int(0))},
                                                {"by", r.Text(1)},
                                                {"purpose", r.Text(2)}});
        });
  }));
  // The export is of data this installation holds: logged under the unit it serves.
  authz::UnitRef unit;
  if (site_) {
    if (auto site = site_->Get(); site.ok()) unit = {site->unit_code, site->province_code};
  }
  MOTCUA_RETURN_IF_ERROR(Record(p, who, unit, "self export", ctx));
  return doc.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace motcua::service
