// The resident portal: the online submission wizard (/nop-ho-so), "my dossiers" (/ho-so-cua-toi)
// with each dossier's status, supplementation, results, forms and rating. Every page works
// without JavaScript; state-changing forms carry the session's CSRF token.
#pragma once

#include "base/status.h"
#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds the portal's routes (each with its permission rule) to `router`.
Status RegisterPortalRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
