// The administration pages: accounts and roles of a unit, the personal-data access log (auditor),
// and the catalogue and calendar pages of admin_catalogue_pages.h.
#pragma once

#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds every admin route (/quan-tri…), each with its permission rule.
Status RegisterAdminRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
