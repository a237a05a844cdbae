// Every API route, with its permission rule. Adding a route here without a rule fails at start-up
// (Router::Add) and in the route-table test.
#include "api/routes.h"

#include "api/calendar_handlers.h"
#include "api/dossier_handlers.h"
#include "api/oidc_handlers.h"
#include "api/procedure_handlers.h"
#include "api/system_handlers.h"
#include "api/unit_handlers.h"

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
  service::UnitService* units = deps.units;
  routes.push_back({Method::kGet, "/api/v1/units", "public",
                    [units](Request& r) { return HandleListUnits(units, r); }});
  routes.push_back({Method::kGet, "/api/v1/units/{code}", "public",
                    [units](Request& r) { return HandleGetUnit(units, r); }});
  service::CalendarService* cal = deps.calendar;
  routes.push_back({Method::kPost, "/api/v1/deadlines", "public",
                    [cal](Request& r) { return HandleDeadline(cal, r); }});
  routes.push_back({Method::kGet, "/api/v1/calendars/{year}", "public",
                    [cal](Request& r) { return HandleCalendarYear(cal, r); }});
  // National data (the announcement, the procedure records) is changed by the national
  // administrator only; a province administrator changes its units' profiles and offerings.
  routes.push_back({Method::kPut, "/api/v1/calendars/{year}/announcement", "perm:national.calendar",
                    [cal](Request& r) { return HandlePutAnnouncement(cal, r); }});
  routes.push_back({Method::kPut, "/api/v1/calendar-profiles/{code}", "perm:admin.calendar@code",
                    [cal](Request& r) { return HandlePutCalendarProfile(cal, r); }});
  const OidcDeps oidc{deps.oidc, deps.identity.auth};
  routes.push_back({Method::kGet, "/auth/oidc/start", "public",
                    [oidc](Request& r) { return HandleOidcStart(oidc, r); }});
  routes.push_back({Method::kGet, "/auth/callback", "public",
                    [oidc](Request& r) { return HandleOidcCallback(oidc, r); }});
  ProcedureDeps pd{deps.procedures, deps.units};
  auto addp = [&](Method m, const char* pattern, const char* rule,
                  http::Response (*fn)(const ProcedureDeps&, Request&)) {
    routes.push_back({m, pattern, rule, [pd, fn](Request& r) { return fn(pd, r); }});
  };
  addp(Method::kGet, "/api/v1/procedures", "public", HandleSearchProcedures);
  addp(Method::kGet, "/api/v1/procedures/{code}", "public", HandleGetProcedure);
  addp(Method::kGet, "/api/v1/procedures/{code}/versions", "public", HandleListProcedureVersions);
  addp(Method::kGet, "/api/v1/procedures/{code}/versions/{version}", "public",
       HandleGetProcedureVersion);
  addp(Method::kPut, "/api/v1/procedures/{code}", "perm:national.catalogue", HandleEditProcedure);
  addp(Method::kGet, "/api/v1/units/{code}/procedures", "public", HandleListUnitProcedures);
  addp(Method::kPut, "/api/v1/units/{code}/procedures/{proc}", "perm:admin.catalogue@code",
       HandlePutUnitProcedure);
  addp(Method::kDelete, "/api/v1/units/{code}/procedures/{proc}", "perm:admin.catalogue@code",
       HandleDeleteUnitProcedure);
  // Dossiers. Rules at the route say who may call at all; the service decides per dossier (its
  // unit against the officer's grants, its applicant against the resident), so a foreign unit's
  // officer or another resident is refused with 403 there.
  DossierApiDeps dd{deps.dossiers,
                    std::make_shared<http::RateLimiter>(deps.lookup_per_minute,
                                                        std::max(10, deps.lookup_per_minute / 4)),
                    deps.files};
  auto addd = [&](Method m, const char* pattern, const char* rule,
                  http::Response (*fn)(const DossierApiDeps&, Request&)) {
    routes.push_back({m, pattern, rule, [dd, fn](Request& r) { return fn(dd, r); }});
  };
  addd(Method::kPost, "/api/v1/dossiers", "signed_in", HandleCreateDossier);
  addd(Method::kGet, "/api/v1/dossiers/{id}", "signed_in", HandleGetDossier);
  addd(Method::kGet, "/api/v1/dossiers/{id}/events", "signed_in", HandleDossierEvents);
  addd(Method::kPost, "/api/v1/dossiers/{id}/actions/{action}", "signed_in", HandleDossierAction);
  addd(Method::kGet, "/api/v1/dossiers/{id}/forms/{form}.pdf", "signed_in", HandleDossierForm);
  addd(Method::kGet, "/api/v1/me/dossiers", "signed_in", HandleMyDossiers);
  addd(Method::kGet, "/api/v1/dossiers/{id}/files/{file}", "signed_in", HandleDossierFile);
  addd(Method::kPost, "/api/v1/files", "signed_in", HandleUploadFile);
  addd(Method::kGet, "/api/v1/worklist", "perm:dossier.read", HandleWorklist);
  addd(Method::kGet, "/api/v1/lookup/{code}", "public", HandleLookup);
  routes.back().quick = true;  // one indexed read; no commit to wait for
  addd(Method::kGet, "/api/v1/units/{code}/dossier-log.pdf", "perm:dossier.read@code",
       HandleDossierLog);
  addd(Method::kGet, "/api/v1/units/{code}/procedures/{proc}/workflow", "perm:dossier.read@code",
       HandleGetWorkflow);
  addd(Method::kPut, "/api/v1/units/{code}/procedures/{proc}/workflow", "perm:admin.catalogue@code",
       HandlePutWorkflow);
  const IdentityDeps& id = deps.identity;
  auto add = [&](Method m, const char* pattern, const char* rule,
                 http::Response (*fn)(const IdentityDeps&, Request&)) {
    routes.push_back({m, pattern, rule, [id, fn](Request& r) { return fn(id, r); }});
  };
  add(Method::kPost, "/api/v1/sessions", "public", HandleLogin);
  add(Method::kDelete, "/api/v1/sessions/current", "signed_in", HandleLogout);
  add(Method::kGet, "/api/v1/me", "signed_in", HandleMe);
  add(Method::kPost, "/api/v1/me/sessions/revoke", "signed_in", HandleRevokeMySessions);
  add(Method::kPost, "/api/v1/me/totp", "officer", HandleBeginTotp);
  add(Method::kPost, "/api/v1/me/totp/confirm", "officer", HandleConfirmTotp);
  add(Method::kGet, "/api/v1/me/data", "resident", HandleMyData);
  // Who may record or revoke one (the principal, or reception of the unit) is decided by the
  // service against the body and the stored authorisation.
  add(Method::kPost, "/api/v1/authorisations", "signed_in", HandleCreateAuthorisation);
  add(Method::kDelete, "/api/v1/authorisations/{id}", "signed_in", HandleRevokeAuthorisation);
  add(Method::kPost, "/api/v1/users", "perm:admin.accounts", HandleCreateUser);
  add(Method::kGet, "/api/v1/units/{code}/users", "perm:admin.accounts@code", HandleListUnitUsers);
  add(Method::kPost, "/api/v1/users/{username}/sessions/revoke", "perm:admin.accounts",
      HandleRevokeUserSessions);
  add(Method::kPost, "/api/v1/tokens", "perm:admin.accounts", HandleCreateToken);
  add(Method::kGet, "/api/v1/audit/access-log", "perm:audit.read", HandleAccessLog);
  if (deps.test_endpoints) {
    routes.push_back({Method::kPost, "/api/v1/_test/probes", "test",
                      [deps](Request& r) { return HandleTestProbe(deps, r); }});
    // Echoes ?value= as the X-Echo header: proves the HTTP layer refuses a header with CR/LF.
    routes.push_back({Method::kGet, "/api/v1/_test/echo-header", "test", [](Request& r) {
                        http::Response resp = http::Response::Json(200, "{}");
                        resp.SetHeader("X-Echo", r.Query("value"));
                        return resp;
                      }});
    routes.push_back({Method::kPost, "/api/v1/_test/sleep", "test",
                      [](Request& r) { return HandleTestSleep(r); }});
    routes.push_back({Method::kPost, "/api/v1/_test/resident-session", "test",
                      [deps](Request& r) { return HandleTestResidentSession(deps, r); }});
    if (deps.test_clock) {
      routes.push_back({Method::kPost, "/api/v1/_test/clock", "test",
                        [deps](Request& r) { return HandleTestClock(deps, r); }});
    }
  }
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::api
