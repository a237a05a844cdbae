// Every API route, with its permission rule. Adding a route here without a rule fails at start-up
// (Router::Add) and in the route-table test.
#include "api/routes.h"

#include "api/system_handlers.h"

namespace motcua::api {

using http::Method;
using http::Request;
using http::Route;

Status RegisterApiRoutes(http::Router& router, const ApiDeps& deps) {
  // Permission rules: "public" (anyone), "metrics" (the metrics token when configured),
  // "test" (only when test endpoints are on).
  std::vector<Route> routes = {
      {Method::kGet, "/healthz", "public", [](Request& r) { return HandleHealthz(r); }},
      {Method::kGet, "/readyz", "public", [deps](Request& r) { return HandleReadyz(deps, r); }},
      {Method::kGet, "/metrics", "metrics", [deps](Request& r) { return HandleMetrics(deps, r); }},
      {Method::kGet, "/api/v1/version", "public",
       [deps](Request& r) { return HandleVersion(deps, r); }},
  };
  if (deps.test_endpoints) {
    routes.push_back({Method::kPost, "/api/v1/_test/probes", "test",
                      [deps](Request& r) { return HandleTestProbe(deps, r); }});
    routes.push_back({Method::kPost, "/api/v1/_test/sleep", "test",
                      [](Request& r) { return HandleTestSleep(r); }});
  }
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::api
