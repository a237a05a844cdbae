#include "web/admin_pages.h"

namespace motcua::web {

Status RegisterAdminRoutes(http::Router&, const WebDeps&) { return Status::Ok(); }

}  // namespace motcua::web
