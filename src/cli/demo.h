// The demo commune: the 2025 units, the site (Xã Thuận Châu, Sơn La) and one account per role,
// all written through the normal services. Idempotent: a second run reuses what is there.
#pragma once

#include "cli/app.h"

namespace motcua::cli {

// Loads the demo and prints the demo accounts (names and, in demo mode only, passwords) to stdout;
// also writes them to <data_dir>/demo-accounts.json (mode 0600).
Status LoadDemo(App& app);

}  // namespace motcua::cli
