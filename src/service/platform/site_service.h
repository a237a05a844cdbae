// SiteService: which administrative unit this installation serves (its commune or province), as
// recorded by 'site.configured' events and projected into site_settings. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "store/store.h"

namespace motcua::service {

struct Site {
  std::string unit_code;      // 2025-era commune code, "03721"
  std::string unit_name;      // "Xã Thuận Châu"
  std::string province_code;  // "14"
  std::string province_name;  // "Tỉnh Sơn La"
};

// The demo commune: Xã Thuận Châu (03721), Tỉnh Sơn La (14) — real codes from the 2025 list in
// data/units (units-2025-official).
Site DemoSite();

class SiteService {
 public:
  SiteService(Env& env, store::Store& store) : env_(env), store_(store) {}
  // Returns the configured site, or NotFound when none has been configured yet.
  Result<Site> Get();
  // Records `site` (event + projection) in one transaction. InvalidArgument for empty codes.
  Status Configure(const Site& site, const std::string& actor);
  // Configures the demo site unless a site is already configured (a second run reuses it).
  Status EnsureDemo();

 private:
  Env& env_;
  store::Store& store_;
};

}  // namespace motcua::service
