#include "service/platform/site_service.h"

#include <nlohmann/json.hpp>

namespace motcua::service {

Site DemoSite() { return Site{"03721", "Xã Thuận Châu", "14", "Tỉnh Sơn La"}; }

Result<Site> SiteService::Get() {
  Site site;
  int found = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT key, value FROM site_settings", {}, [&](const store::Row& r) {
      std::string k = r.Text(0);
      ++found;
      if (k == "unit_code") site.unit_code = r.Text(1);
      if (k == "unit_name") site.unit_name = r.Text(1);
      if (k == "province_code") site.province_code = r.Text(1);
      if (k == "province_name") site.province_name = r.Text(1);
    });
  }));
  if (!found) return Status::NotFound("no site is configured; start with --demo or configure one");
  return site;
}

Status SiteService::Configure(const Site& site, const std::string& actor) {
  std::vector<FieldError> errors;
  if (site.unit_code.empty()) errors.push_back({"unit_code", "required"});
  if (site.province_code.empty()) errors.push_back({"province_code", "required"});
  if (!errors.empty()) return Status::InvalidArgument("the site is incomplete", errors);
  int64_t now = env_.NowMs();
  nlohmann::json body = {{"unit_code", site.unit_code},
                         {"unit_name", site.unit_name},
                         {"province_code", site.province_code},
                         {"province_name", site.province_name}};
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Append(NewEvent{site.province_code, "site", "site.configured", now,
                                              actor, body.dump()})
                               .status());
    for (const auto& [k, v] : body.items()) {
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO site_settings (key, value, updated_ms) VALUES (?, ?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                  "updated_ms = excluded.updated_ms",
                  {k, v.get<std::string>(), now})
              .status());
    }
    return Status::Ok();
  });
}

Status SiteService::EnsureDemo() {
  auto existing = Get();
  if (existing.ok()) return Status::Ok();
  if (existing.status().code() != Code::kNotFound) return existing.status();
  return Configure(DemoSite(), "system:demo");
}

}  // namespace motcua::service
