// The resident portal: the online submission wizard (/nop-ho-so), "my dossiers" (/ho-so-cua-toi)
// with each dossier's status, supplementation, results, forms and rating. Every page works
// without JavaScript; state-changing forms carry the session's CSRF token.
#pragma once

#include <map>
#include <string>

#include "base/status.h"
#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// The words the dossier page posts as `hanh_dong` and the actions of the domain's table
// (dossier::Actions()) they take: "supplement", "resubmit", "rate", and "withdraw" for
// "request-withdrawal".
const std::map<std::string, std::string>& PortalActionWords();

// Adds the portal's routes (each with its permission rule) to `router`.
Status RegisterPortalRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
