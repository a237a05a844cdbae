// The API's contract: the OpenAPI 3.1 document served at GET /api/v1/openapi.json, built at
// start-up from the route table itself (each route's permission rule and RouteDoc, api/routes.cc),
// the problem types of the one Status→HTTP mapping (http/problem.h) and the dossier's action
// table, so that it cannot drift from what the server does. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "http/router.h"

namespace motcua::api {

// Returns the document (JSON text) for `routes`: every route, each once per method, and nothing
// else. InvalidArgument (a bug in routes.cc) when a route has no RouteDoc or names a schema the
// document does not define.
Result<std::string> BuildOpenApiDocument(const std::vector<http::Route>& routes,
                                         const std::string& version);

}  // namespace motcua::api
