// Public catalogue pages: search with field and online-level filters, and one procedure's page
// (what to bring, how long it takes, what it costs, where to go, submit online).
#pragma once

#include "http/message.h"
#include "web/pages.h"

namespace motcua::web {

// GET /procedures?q=&field=&online=  (also /thu-tuc)
http::Response ProcedureSearchPage(const WebDeps& deps, http::Request& req);
// GET /procedures/{code}  (also /thu-tuc/{code})
http::Response ProcedurePage(const WebDeps& deps, http::Request& req);

}  // namespace motcua::web
