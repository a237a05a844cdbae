// The administration pages: accounts and roles of a unit, the personal-data access log (auditor).
#pragma once

#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds the admin routes (/quan-tri…), each with its permission rule.
Status RegisterAdminRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
