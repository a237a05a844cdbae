// The demo commune: the 2025 units, the site (Xã Thuận Châu, Sơn La) and one account per role,
// all written through the normal services. Idempotent: a second run reuses what is there.
#pragma once

#include "cli/app.h"

namespace motcua::cli {

// Loads the demo and prints the demo accounts (names and, in demo mode only, passwords) to stdout;
// also writes them to <data_dir>/demo-accounts.json (mode 0600).
Status LoadDemo(App& app);
// Seeds the demo commune with `per_plan` dossiers of each kind (every national status, sent back,
// due soon, overdue, apology) through the dossier write path, unless it has dossiers already.
Status SeedDemoDossiers(App& app, int per_plan = 3);

}  // namespace motcua::cli
