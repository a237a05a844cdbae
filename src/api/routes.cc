// Every API route, with its permission rule and what the API document says about it. Adding a
// route here without a rule or a RouteDoc fails at start-up (Router::Add, BuildOpenApiDocument)
// and in the route-table tests.
#include "api/routes.h"

#include <memory>

#include "api/calendar_handlers.h"
#include "api/digitise_handlers.h"
#include "api/community_handlers.h"
#include "api/dossier_handlers.h"
#include "api/floor_handlers.h"
#include "api/oidc_handlers.h"
#include "api/openapi.h"
#include "api/procedure_handlers.h"
#include "api/system_handlers.h"
#include "api/unit_handlers.h"

namespace motcua::api {

using http::ExampleDoc;
using http::Method;
using http::QueryDoc;
using http::Request;
using http::Route;
using http::RouteDoc;

namespace {

std::shared_ptr<const RouteDoc> Doc(RouteDoc d) {
  return std::make_shared<const RouteDoc>(std::move(d));
}

// The intake the document shows (and the replay test files at the demo commune).
constexpr char kIntakeExample[] =
    R"({"unit":"03721","procedure_code":"1.001193","channel":"counter",)"
    R"("applicant":{"full_name":"Lò Thị Mai","id_number":"014190001234","phone":"0912345678",)"
    R"("address":"Bản Nà Lĩu"},"components":[{"name":"Tờ khai","original":true}]})";

}  // namespace

Status RegisterApiRoutes(http::Router& router, const ApiDeps& deps) {
  // Permission rules: "public" (anyone), "metrics" (the metrics token when configured),
  // "test" (only when test endpoints are on); the others are described in api/auth.h.
  std::vector<Route> routes;
  auto add = [&](Method m, const char* pattern, const char* rule, http::Handler h, RouteDoc d) {
    routes.push_back({m, pattern, rule, std::move(h), false, Doc(std::move(d))});
  };
  add(Method::kGet, "/healthz", "public", [](Request& r) { return HandleHealthz(r); },
      {.tag = "system", .summary = "Liveness: the process answers", .response = "Status"});
  add(Method::kGet, "/readyz", "public", [deps](Request& r) { return HandleReadyz(deps, r); },
      {.tag = "system",
       .summary = "Readiness: the database answers and the schema is known",
       .response = "Status",
       .problems = {503}});
  add(Method::kGet, "/metrics", "metrics", [deps](Request& r) { return HandleMetrics(deps, r); },
      {.tag = "system",
       .summary = "Prometheus metrics (text format)",
       .description = "Requires `Authorization: Bearer <metrics token>` when a metrics token is "
                      "configured.",
       .response = "Text",
       .response_type = "text/plain",
       .problems = {401}});
  add(Method::kGet, "/api/v1/version", "public",
      [deps](Request& r) { return HandleVersion(deps, r); },
      {.tag = "system", .summary = "The server's name, version and schema version",
       .response = "Version",
       .examples = {{.name = "version", .summary = "Which server is this?",
                     .path = "/api/v1/version", .status = 200}}});
  service::UnitService* units = deps.units;
  add(Method::kGet, "/api/v1/units", "public",
      [units](Request& r) { return HandleListUnits(units, r); },
      {.tag = "units",
       .summary = "Search administrative units (provinces, communes)",
       .query = {{"province", "a province code (2 digits): its communes"},
                 {"q", "words of the name, diacritics optional"},
                 {"era", "\"2025\" (after the 2025 reorganisation, the default) or \"pre2025\""},
                 {"limit", "at most this many (1–1000, default 100)", "integer"}},
       .response = "UnitList",
       .problems = {400},
       .examples = {{.name = "search", .summary = "Communes whose name has “Mường”",
                     .path = "/api/v1/units?q=muong&limit=5", .status = 200}}});
  add(Method::kGet, "/api/v1/units/{code}", "public",
      [units](Request& r) { return HandleGetUnit(units, r); },
      {.tag = "units", .summary = "One administrative unit", .response = "Unit",
       .problems = {404},
       .examples = {{.name = "commune", .summary = "The demo commune",
                     .path = "/api/v1/units/03721", .status = 200}}});
  service::CalendarService* cal = deps.calendar;
  add(Method::kPost, "/api/v1/deadlines", "public",
      [cal](Request& r) { return HandleDeadline(cal, r); },
      {.tag = "calendar",
       .summary = "Compute a due time in working time",
       .body = "DeadlineRequest",
       .response = "Deadline",
       .problems = {404},
       .examples = {{.name = "three-working-days",
                     .summary = "Three working days from a Friday afternoon",
                     .path = "/api/v1/deadlines",
                     .body = R"({"start":"2026-12-04T15:00:00+07:00","amount":3,)"
                             R"("unit":"working_days"})",
                     .status = 200}}});
  add(Method::kGet, "/api/v1/calendars/{year}", "public",
      [cal](Request& r) { return HandleCalendarYear(cal, r); },
      {.tag = "calendar",
       .summary = "A year's working calendar (JSON, or iCalendar as {year}.ics)",
       .query = {{"profile", "a calendar profile (a unit code); the national one by default"}},
       .response = "CalendarYear",
       .problems = {400, 404},
       .examples = {{.name = "year", .summary = "The national calendar of 2026",
                     .path = "/api/v1/calendars/2026", .status = 200}}});
  // National data (the announcement, the procedure records) is changed by the national
  // administrator only; a province administrator changes its units' profiles and offerings.
  add(Method::kPut, "/api/v1/calendars/{year}/announcement", "perm:national.calendar",
      [cal](Request& r) { return HandlePutAnnouncement(cal, r); },
      {.tag = "calendar",
       .summary = "Record the year's official announcement of days off and make-up days",
       .body = "Announcement",
       .response = "Object"});
  add(Method::kPut, "/api/v1/calendar-profiles/{code}", "perm:admin.calendar@code",
      [cal](Request& r) { return HandlePutCalendarProfile(cal, r); },
      {.tag = "calendar",
       .summary = "Set a unit's calendar profile (office hours, weekly rest days)",
       .body = "Object",
       .response = "Object"});
  const OidcDeps oidc{deps.oidc, deps.identity.auth};
  add(Method::kGet, "/auth/oidc/start", "public",
      [oidc](Request& r) { return HandleOidcStart(oidc, r); },
      {.tag = "sessions",
       .summary = "Start a resident's sign-in with VNeID (OpenID Connect): redirects there",
       .query = {{"return_to", "a local path to come back to"}},
       .status = 302,
       .problems = {503}});
  add(Method::kGet, "/auth/callback", "public",
      [oidc](Request& r) { return HandleOidcCallback(oidc, r); },
      {.tag = "sessions",
       .summary = "Where VNeID returns the resident: opens a session and redirects",
       .query = {{"state", "the state sent at the start", "string", true},
                 {"code", "the authorisation code", "string", true},
                 {"error", "the provider's error, when it did not sign the resident in"}},
       .status = 302,
       .problems = {400, 401, 503}});
  ProcedureDeps pd{deps.procedures, deps.units};
  auto addp = [&](Method m, const char* pattern, const char* rule,
                  http::Response (*fn)(const ProcedureDeps&, Request&), RouteDoc d) {
    add(m, pattern, rule, [pd, fn](Request& r) { return fn(pd, r); }, std::move(d));
  };
  addp(Method::kGet, "/api/v1/procedures", "public", HandleSearchProcedures,
       {.tag = "procedures",
        .summary = "Search the national catalogue of administrative procedures",
        .query = {{"q", "words of the name or the code, diacritics optional"},
                  {"unit", "only those this unit offers"},
                  {"field", "a field (lĩnh vực) code"},
                  {"online", "\"full\" or \"partial\": the online level"},
                  {"limit", "at most this many (default 20)", "integer"},
                  {"offset", "skip this many", "integer"}},
        .response = "ProcedureList",
        .problems = {400},
        .examples = {{.name = "search", .summary = "Birth registration (đăng ký khai sinh)",
                      .path = "/api/v1/procedures?q=khai%20sinh&limit=3", .status = 200}}});
  addp(Method::kGet, "/api/v1/procedures/{code}", "public", HandleGetProcedure,
       {.tag = "procedures", .summary = "A procedure's current record",
        .query = {{"unit", "add this unit's offering of it"}}, .response = "Procedure",
        .problems = {404},
        .examples = {{.name = "procedure", .summary = "The demo procedure",
                      .path = "/api/v1/procedures/1.001193", .status = 200}}});
  addp(Method::kGet, "/api/v1/procedures/{code}/versions", "public", HandleListProcedureVersions,
       {.tag = "procedures", .summary = "Every version of a procedure's record",
        .response = "Object", .problems = {404}});
  addp(Method::kGet, "/api/v1/procedures/{code}/versions/{version}", "public",
       HandleGetProcedureVersion,
       {.tag = "procedures", .summary = "One version of a procedure's record",
        .response = "Procedure", .problems = {404}});
  addp(Method::kPut, "/api/v1/procedures/{code}", "perm:national.catalogue", HandleEditProcedure,
       {.tag = "procedures",
        .summary = "Edit a procedure's record (a new version)",
        .body = "Object",
        .response = "Procedure",
        .problems = {404}});
  addp(Method::kGet, "/api/v1/units/{code}/procedures", "public", HandleListUnitProcedures,
       {.tag = "procedures", .summary = "The procedures a unit offers", .response = "Object",
        .problems = {404}});
  addp(Method::kPut, "/api/v1/units/{code}/procedures/{proc}", "perm:admin.catalogue@code",
       HandlePutUnitProcedure,
       {.tag = "procedures", .summary = "Offer a procedure at a unit (or change the offering)",
        .body = "Object", .response = "Object", .problems = {404}});
  addp(Method::kDelete, "/api/v1/units/{code}/procedures/{proc}", "perm:admin.catalogue@code",
       HandleDeleteUnitProcedure,
       {.tag = "procedures", .summary = "Stop offering a procedure at a unit", .status = 204,
        .problems = {404}});
  // Dossiers. Rules at the route say who may call at all; the service decides per dossier (its
  // unit against the officer's grants, its applicant against the resident), so a foreign unit's
  // officer or another resident is refused with 403 there.
  DossierApiDeps dd{deps.dossiers,
                    std::make_shared<http::RateLimiter>(deps.lookup_per_minute,
                                                        std::max(10, deps.lookup_per_minute / 4)),
                    deps.files};
  auto addd = [&](Method m, const char* pattern, const char* rule,
                  http::Response (*fn)(const DossierApiDeps&, Request&), RouteDoc d) {
    add(m, pattern, rule, [dd, fn](Request& r) { return fn(dd, r); }, std::move(d));
  };
  addd(Method::kPost, "/api/v1/dossiers", "signed_in", HandleCreateDossier,
       {.tag = "dossiers",
        .summary = "File a dossier (at the counter, or online by the applicant)",
        .description = "Answers 201 with the dossier, its ETag (the version, for If-Match) and its "
                       "Location. With an `Idempotency-Key` header a retry answers the first "
                       "response again (`Idempotent-Replayed: true`).",
        .headers = {{"Idempotency-Key", "a key of your choice: a retry with the same key and body answers the first response again"}},
        .body = "SubmitRequest",
        .status = 201,
        .response = "Dossier",
        .problems = {404, 409, 422},
        .examples = {{.name = "counter-intake",
                      .summary = "Reception files a birth registration at the counter",
                      .path = "/api/v1/dossiers", .body = kIntakeExample, .actor = "reception",
                      .status = 201},
                     {.name = "missing-applicant",
                      .summary = "A dossier without its applicant is refused field by field",
                      .path = "/api/v1/dossiers",
                      .body = R"({"unit":"03721","procedure_code":"1.001193"})",
                      .actor = "reception", .status = 422}}});
  addd(Method::kGet, "/api/v1/dossiers/{id}", "signed_in", HandleGetDossier,
       {.tag = "dossiers",
        .summary = "A dossier as the caller may see it, with the actions they may take now",
        .description = "Sends the ETag (the dossier's version); `If-None-Match` with it answers 304.",
        .headers = {{"If-None-Match", "the ETag you hold: 304 when it is still current"}},
        .response = "Dossier",
        .problems = {404},
        .examples = {{.name = "dossier", .summary = "The dossier just filed",
                      .path = "/api/v1/dossiers/{dossier}", .actor = "reception",
                      .status = 200}}});
  addd(Method::kGet, "/api/v1/dossiers/{id}/events", "signed_in", HandleDossierEvents,
       {.tag = "dossiers", .summary = "A dossier's history (its events, oldest first)",
        .response = "DossierEvents", .problems = {404},
        .examples = {{.name = "history", .summary = "The history of the dossier just filed",
                      .path = "/api/v1/dossiers/{dossier}/events", .actor = "reception",
                      .status = 200}}});
  addd(Method::kPost, "/api/v1/dossiers/{id}/actions/{action}", "signed_in", HandleDossierAction,
       {.tag = "dossiers",
        .summary = "Take an action on a dossier (accept, assign, sign, return, …)",
        .description =
            "The body's fields depend on the action (the domain's action table; see the schema "
            "named `Action-<name>` for each). `If-Match` must carry the dossier's ETag: without "
            "it 428, with a version someone has already moved past 412; an action the state "
            "does not allow is 409. With an `Idempotency-Key` header a retry answers the first "
            "response again.",
        .headers = {{"If-Match", "the dossier's ETag, e.g. \"3\"", "string", true}, {"Idempotency-Key", "a key of your choice: a retry with the same key and body answers the first response again"}},
        .body = "ActionBody",
        .response = "Dossier",
        .problems = {404, 409, 412, 422, 428},
        .examples = {{.name = "assign",
                      .summary = "The signer assigns the dossier to a specialist",
                      .path = "/api/v1/dossiers/{dossier}/actions/assign",
                      .body = R"({"handler":"demo.specialist"})", .actor = "signer",
                      .if_match = "\"{version}\"", .status = 200},
                     {.name = "stale-version",
                      .summary = "The same action on the version before: 412",
                      .path = "/api/v1/dossiers/{dossier}/actions/assign",
                      .body = R"({"handler":"demo.specialist"})", .actor = "signer",
                      .if_match = "\"1\"", .status = 412}}});
  addd(Method::kGet, "/api/v1/dossiers/{id}/forms/{form}.pdf", "signed_in", HandleDossierForm,
       {.tag = "dossiers",
        .summary = "A legal form of the dossier as PDF (Mẫu 01–06)",
        .response = "Binary",
        .response_type = "application/pdf",
        .problems = {404},
        .examples = {{.name = "receipt", .summary = "The receipt (Mẫu 01) of the dossier",
                      .path = "/api/v1/dossiers/{dossier}/forms/01.pdf", .actor = "reception",
                      .status = 200}}});
  addd(Method::kGet, "/api/v1/me/dossiers", "signed_in", HandleMyDossiers,
       {.tag = "dossiers", .summary = "The dossiers of the signed-in resident",
        .response = "Worklist"});
  addd(Method::kGet, "/api/v1/dossiers/{id}/files/{file}", "signed_in", HandleDossierFile,
       {.tag = "dossiers", .summary = "A file of the dossier (a scan, the result)",
        .response = "Binary", .response_type = "application/octet-stream",
        .problems = {404}});
  addd(Method::kPost, "/api/v1/files", "signed_in", HandleUploadFile,
       {.tag = "dossiers",
        .summary = "Upload a file (a scan or a result) to cite in a dossier or an action",
        .description = "The body is the file's bytes; its type is sniffed, not trusted. The "
                       "name may be given percent-encoded in `X-File-Name`.",
        .headers = {{"X-File-Name", "the file's name, percent-encoded"}},
        .body = "Binary",
        .body_type = "application/octet-stream",
        .status = 201,
        .response = "FileInfo",
        .problems = {415, 422, 503}});
  addd(Method::kGet, "/api/v1/worklist", "perm:dossier.read", HandleWorklist,
       {.tag = "dossiers",
        .summary = "The officer's work list (their units' open dossiers)",
        .query = {{"state", "a national status code 1..10", "integer"},
                  {"procedure", "a procedure code"},
                  {"due_soon", "only those due soon", "boolean"},
                  {"overdue", "only those overdue", "boolean"},
                  {"all", "everyone's, not only mine", "boolean"},
                  {"limit", "at most this many (1–1000)", "integer"}},
        .response = "Worklist",
        .problems = {422},
        .examples = {{.name = "mine", .summary = "Reception's work list",
                      .path = "/api/v1/worklist?all=1", .actor = "reception",
                      .status = 200}}});
  addd(Method::kGet, "/api/v1/lookup/{code}", "public", HandleLookup,
       {.tag = "dossiers",
        .summary = "Public lookup of a dossier's progress by the code on its receipt",
        .response = "Lookup",
        .problems = {404, 429},
        .examples = {{.name = "lookup", .summary = "Look up the dossier just filed",
                      .path = "/api/v1/lookup/{dossier}", .status = 200}}});
  routes.back().quick = true;  // one indexed read; no commit to wait for
  addd(Method::kGet, "/api/v1/units/{code}/dossier-log.pdf", "perm:dossier.read@code",
       HandleDossierLog,
       {.tag = "dossiers",
        .summary = "The unit's dossier log (Mẫu 07) for a period, as PDF",
        .query = {{"from", "the first day, yyyy-mm-dd", "string", true},
                  {"to", "the last day, yyyy-mm-dd", "string", true}},
        .response = "Binary",
        .response_type = "application/pdf",
        .problems = {422}});
  addd(Method::kGet, "/api/v1/units/{code}/procedures/{proc}/workflow", "perm:dossier.read@code",
       HandleGetWorkflow,
       {.tag = "dossiers", .summary = "The workflow a unit follows for a procedure",
        .response = "Object", .problems = {404}});
  addd(Method::kPut, "/api/v1/units/{code}/procedures/{proc}/workflow", "perm:admin.catalogue@code",
       HandlePutWorkflow,
       {.tag = "dossiers", .summary = "Set the workflow a unit follows for a procedure",
        .body = "Object", .response = "Object", .problems = {404, 422}});
  const IdentityDeps& id = deps.identity;
  auto addi = [&](Method m, const char* pattern, const char* rule,
                  http::Response (*fn)(const IdentityDeps&, Request&), RouteDoc d) {
    add(m, pattern, rule, [id, fn](Request& r) { return fn(id, r); }, std::move(d));
  };
  addi(Method::kPost, "/api/v1/sessions", "public", HandleLogin,
       {.tag = "sessions",
        .summary = "Sign an officer in: sets the session cookie, answers the CSRF token",
        .description = "Send the cookie back, and the `csrf` value as `X-CSRF-Token` on every "
                       "POST, PUT and DELETE. An account with an authenticator needs "
                       "`totp_code`; without it the answer is 401 of type totp_required.",
        .body = "SignIn",
        .status = 201,
        .response = "Session",
        .problems = {401, 429},
        .examples = {{.name = "sign-in",
                      .summary = "Reception signs in (the replay uses the demo password)",
                      .path = "/api/v1/sessions",
                      .body = R"({"username":"demo.reception","password":"demo-0123456789ab"})",
                      .status = 201},
                     {.name = "wrong-password", .summary = "A wrong password: 401",
                      .path = "/api/v1/sessions",
                      .body = R"({"username":"demo.reception","password":"not the password"})",
                      .status = 401}}});
  addi(Method::kDelete, "/api/v1/sessions/current", "signed_in", HandleLogout,
       {.tag = "sessions", .summary = "Sign out (ends this session)", .status = 204});
  addi(Method::kGet, "/api/v1/me", "signed_in", HandleMe,
       {.tag = "sessions", .summary = "Who is signed in (and the session's CSRF token)",
        .response = "Me",
        .examples = {{.name = "me", .summary = "Reception asks who they are",
                      .path = "/api/v1/me", .actor = "reception", .status = 200},
                     {.name = "anonymous", .summary = "Nobody signed in: 401",
                      .path = "/api/v1/me", .status = 401}}});
  addi(Method::kPost, "/api/v1/me/sessions/revoke", "signed_in", HandleRevokeMySessions,
       {.tag = "sessions", .summary = "End every session of the caller", .status = 204});
  addi(Method::kPost, "/api/v1/me/totp", "officer", HandleBeginTotp,
       {.tag = "sessions", .summary = "Begin enrolling an authenticator (answers its otpauth URI)",
        .status = 201, .response = "Object"});
  addi(Method::kPost, "/api/v1/me/totp/confirm", "officer", HandleConfirmTotp,
       {.tag = "sessions", .summary = "Confirm the authenticator with its current code",
        .body = "TotpConfirm", .status = 204, .problems = {409}});
  addi(Method::kGet, "/api/v1/me/data", "resident", HandleMyData,
       {.tag = "sessions", .summary = "Everything held about the signed-in resident (a download)",
        .response = "Object"});
  // Who may record or revoke one (the principal, or reception of the unit) is decided by the
  // service against the body and the stored authorisation.
  addi(Method::kPost, "/api/v1/authorisations", "signed_in", HandleCreateAuthorisation,
       {.tag = "authorisations",
        .summary = "Record an authorisation (giấy ủy quyền) for an agent to act for a resident",
        .body = "AuthorisationRequest", .status = 201, .response = "Object",
        .problems = {404}});
  addi(Method::kDelete, "/api/v1/authorisations/{id}", "signed_in", HandleRevokeAuthorisation,
       {.tag = "authorisations", .summary = "Revoke an authorisation", .status = 204,
        .problems = {404, 409}});
  addi(Method::kPost, "/api/v1/users", "perm:admin.accounts", HandleCreateUser,
       {.tag = "accounts", .summary = "Create an officer's account", .body = "NewUser",
        .status = 201, .response = "Object", .problems = {409}});
  addi(Method::kGet, "/api/v1/units/{code}/users", "perm:admin.accounts@code", HandleListUnitUsers,
       {.tag = "accounts", .summary = "The officers' accounts of a unit", .response = "Object"});
  addi(Method::kPost, "/api/v1/users/{username}/sessions/revoke", "perm:admin.accounts",
       HandleRevokeUserSessions,
       {.tag = "accounts", .summary = "End every session of an officer", .status = 204,
        .problems = {404}});
  addi(Method::kPost, "/api/v1/tokens", "perm:admin.accounts", HandleCreateToken,
       {.tag = "accounts",
        .summary = "Issue an API token for an integration (sent as `Authorization: Bearer`)",
        .body = "NewToken", .status = 201, .response = "Object", .problems = {404}});
  addi(Method::kGet, "/api/v1/audit/access-log", "perm:audit.read", HandleAccessLog,
       {.tag = "accounts", .summary = "Who read which personal record, and why",
        .query = {{"record", "only this record (\"dossier/<code>\")"}}, .response = "Object"});
  // Digitisation (issue 17): signed electronic results, verification, the e-data store, reuse.
  // The service checks the dossier's unit (dossier.sign to sign, dossier.receive or the applicant
  // to reuse) and the dossier's access rule; the e-data store is the resident's own.
  {
    DigitiseApiDeps dg{deps.digitise};
    auto addg = [&](Method m, const char* pattern, const char* rule,
                    http::Response (*fn)(const DigitiseApiDeps&, Request&), RouteDoc d) {
      add(m, pattern, rule, [dg, fn](Request& r) { return fn(dg, r); }, std::move(d));
    };
    addg(Method::kPost, "/api/v1/dossiers/{id}/signed-results", "perm:dossier.sign",
         HandleSignResult,
         {.tag = "digitisation",
          .summary = "Sign the dossier's electronic result (PDF + detached CMS signature)",
          .description = "Once the sign step is done, renders the result as PDF with a "
                         "verification code and QR code, signs it with the unit's key and "
                         "stores it. A dossier that already has one needs `correction_reason`: "
                         "the new version links to the one it corrects.",
          .body = "Object", .status = 201, .response = "Object",
          .problems = {404, 409, 422}});
    addg(Method::kGet, "/api/v1/dossiers/{id}/signed-results", "signed_in",
         HandleListSignedResults,
         {.tag = "digitisation", .summary = "The signed results of a dossier, every version",
          .response = "Object", .problems = {404}});
    addg(Method::kGet, "/api/v1/signed-results/{code}/{part}", "signed_in",
         HandleSignedResultFile,
         {.tag = "digitisation",
          .summary = "A signed result's PDF (`pdf`) or detached signature (`p7s`)",
          .response = "Binary", .response_type = "application/octet-stream",
          .problems = {404}});
    addg(Method::kGet, "/api/v1/verify/{code}", "public", HandleVerify,
         {.tag = "digitisation",
          .summary = "Verify a result's code: unit, number, date, signer's title, SHA-256, state",
          .response = "Object", .problems = {404}});
    addg(Method::kGet, "/api/v1/me/store", "resident", HandleMyStore,
         {.tag = "digitisation", .summary = "The signed-in resident's e-data store",
          .response = "Object"});
    addg(Method::kGet, "/api/v1/me/store/{entry}/file", "resident", HandleMyStoreFile,
         {.tag = "digitisation", .summary = "Download a document of one's e-data store",
          .response = "Binary", .response_type = "application/octet-stream",
          .problems = {404}});
    addg(Method::kPost, "/api/v1/dossiers/{id}/reuse", "signed_in", HandleReuse,
         {.tag = "digitisation",
          .summary = "Satisfy a component with a document of the applicant's e-data store",
          .body = "Object", .status = 201, .response = "Object",
          .problems = {404, 409, 422}});
    addg(Method::kPost, "/api/v1/dossiers/{id}/digitised-components", "perm:dossier.receive",
         HandleDigitiseComponent,
         {.tag = "digitisation",
          .summary = "Mark a scanned component digitised (and, with `certify`, a certified copy)",
          .description = "Records who digitised it and when. `certify: true` needs "
                         "dossier.certify: the scan is an electronic copy certified from the "
                         "original, signed by the unit's key.",
          .body = "Object", .status = 201, .response = "Object",
          .problems = {404, 409, 422}});
    addg(Method::kGet, "/api/v1/dossiers/{id}/digitisation", "signed_in", HandleDigitisation,
         {.tag = "digitisation",
          .summary = "Whether the dossier is digitised: its components' files and its e-result",
          .response = "Object", .problems = {404}});
    addg(Method::kGet, "/api/v1/dossiers/{id}/reuse", "signed_in", HandleListReuse,
         {.tag = "digitisation", .summary = "The components of a dossier that reuse stored documents",
          .response = "Object", .problems = {404}});
  }
  // Community digital technology groups (domain.md §13a). A member's village scope is checked by
  // the service (a household of another village is refused); the commune by the rule.
  if (deps.community) {
    const CommunityApiDeps cd{deps.community};
    auto addc = [&](Method m, const char* pattern, const char* rule,
                    http::Response (*fn)(const CommunityApiDeps&, Request&), RouteDoc d) {
      d.tag = "community";
      add(m, pattern, rule, [cd, fn](Request& r) { return fn(cd, r); }, std::move(d));
    };
    addc(Method::kPost, "/api/v1/units/{code}/community/groups", "perm:community.manage@code",
         HandleCreateCommunityGroup,
         {.summary = "Set up the community digital technology group of a village",
          .body = "Object", .status = 201, .response = "Object", .problems = {409, 422}});
    addc(Method::kGet, "/api/v1/units/{code}/community/groups", "perm:officer@code",
         HandleListCommunityGroups,
         {.summary = "The commune's groups and their members", .response = "Object",
          .problems = {404}});
    addc(Method::kPost, "/api/v1/units/{code}/community/groups/{group}/members",
         "perm:community.manage@code", HandleAddCommunityMember,
         {.summary = "Add an account with the community_member role to a village's group",
          .body = "Object", .response = "Object", .problems = {404, 422}});
    addc(Method::kPost, "/api/v1/units/{code}/community/members/{username}/revoke",
         "perm:community.manage@code", HandleRevokeCommunityMember,
         {.summary = "A lost tablet: end every session of a member's account", .status = 204,
          .problems = {404}});
    addc(Method::kGet, "/api/v1/units/{code}/community/help-kinds", "perm:officer@code",
         HandleGetHelpKinds,
         {.summary = "The kinds of help the commune's groups record", .response = "Object"});
    addc(Method::kPut, "/api/v1/units/{code}/community/help-kinds", "perm:community.manage@code",
         HandlePutHelpKinds,
         {.summary = "Replace the commune's list of help kinds", .body = "Object",
          .response = "Object", .problems = {422}});
    addc(Method::kPut, "/api/v1/units/{code}/community/targets", "perm:community.manage@code",
         HandlePutCommunityTargets,
         {.summary = "Replace the commune's digital-transformation targets", .body = "Object",
          .response = "Object", .problems = {422}});
    addc(Method::kPost, "/api/v1/units/{code}/community/households", "perm:community.record@code",
         HandleCreateHousehold,
         {.summary = "Record a household of the member's village", .body = "Object",
          .status = 201, .response = "Object", .problems = {404, 422}});
    addc(Method::kGet, "/api/v1/units/{code}/community/groups/{group}/households",
         "perm:community.record@code", HandleListHouseholds,
         {.summary = "The households of the member's village", .response = "Object",
          .problems = {404}});
    addc(Method::kGet, "/api/v1/units/{code}/community/households/{id}",
         "perm:community.record@code", HandleGetHousehold,
         {.summary = "A household with its persons (logged as a personal-data view)",
          .response = "Object", .problems = {404}});
    addc(Method::kPost, "/api/v1/units/{code}/community/households/{id}/visits",
         "perm:community.record@code", HandleRecordVisit,
         {.summary = "Record a visit and the help given per person", .body = "Object",
          .status = 201, .response = "Object", .problems = {404, 422}});
    addc(Method::kPost, "/api/v1/units/{code}/community/consents", "perm:community.record@code",
         HandleCreateConsent,
         {.summary = "Capture a resident's consent to assisted filing (a drawn signature, or a "
                     "one-time code sent to their phone)",
          .body = "Object", .status = 201, .response = "Object", .problems = {404, 422}});
    addc(Method::kPost, "/api/v1/units/{code}/community/consents/{id}/confirm",
         "perm:community.record@code", HandleConfirmConsent,
         {.summary = "Confirm a one-time-code consent with the code the resident read out",
          .body = "Object", .response = "Object", .problems = {404, 409, 422}});
    addc(Method::kPost, "/api/v1/units/{code}/community/dossiers", "perm:community.record@code",
         HandleAssistedDossier,
         {.summary = "File a dossier for a resident, with their consent (assisted filing)",
          .description = "The dossier is filed online with the member as the agent acting on "
                         "the resident's behalf. `client_key` makes a resend file once (200 "
                         "with `replayed`). A refusal is 422 with `reason`, `message_vi` and "
                         "`message_en` in plain words.",
          .body = "Object", .status = 201, .response = "Object", .problems = {404, 422}});
    addc(Method::kPost, "/api/v1/units/{code}/community/sync", "perm:community.record@code",
         HandleCommunitySync,
         {.summary = "Sync an offline tablet's batch of dossiers (each item idempotent)",
          .description = "Each item carries its `client_key`, `provisional_code`, the "
                         "applicant, the consent (a drawn signature as base64) and photos "
                         "(base64, compressed on the device). The answer has one result per "
                         "item: `filed` with the real `dossier_code`, `refused` with plain "
                         "words, or `retry`. A resent item is answered from what was kept.",
          .body = "Object", .response = "Object", .problems = {404, 422}});
    addc(Method::kGet, "/api/v1/me/community/filings", "perm:community.record",
         HandleMyCommunityFilings,
         {.summary = "The member's filings: provisional code → dossier code, or why refused",
          .response = "Object"});
    addc(Method::kGet, "/api/v1/units/{code}/community/dashboard", "perm:report.read@code",
         HandleCommunityDashboard,
         {.summary = "Households reached, persons helped by kind, VNeID level-2 rate, assisted "
                     "and offline dossiers, targets and trend, per village and commune",
          .query = {{"from", "the period's start (RFC 3339); default a year ago"},
                    {"to", "the period's end (RFC 3339); default now"}},
          .response = "Object", .problems = {404, 422}});
    addc(Method::kGet, "/api/v1/units/{code}/community/dashboard.xlsx", "perm:report.read@code",
         HandleCommunityDashboardXlsx,
         {.summary = "The same dashboard as an XLSX workbook",
          .query = {{"from", "the period's start (RFC 3339)"},
                    {"to", "the period's end (RFC 3339)"},
                    {"lang", "\"vi\" (default) or \"en\": the labels' language"}},
          .response = "Binary",
          .response_type =
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          .problems = {404, 422}});
  }
  if (deps.test_endpoints) {
    const RouteDoc test{.tag = "test", .summary = "", .description =
                            "Registered only with test endpoints on (never in production)."};
    auto test_doc = [&](const char* summary) {
      RouteDoc d = test;
      d.summary = summary;
      return d;
    };
    add(Method::kPost, "/api/v1/_test/probes", "test",
        [deps](Request& r) { return HandleTestProbe(deps, r); },
        [&] {
          RouteDoc d = test_doc("Record a probe event (crash tests)");
          d.body = "Object";
          d.status = 201;
          d.response = "Object";
          return d;
        }());
    // Echoes ?value= as the X-Echo header: proves the HTTP layer refuses a header with CR/LF.
    add(Method::kGet, "/api/v1/_test/echo-header", "test",
        [](Request& r) {
          http::Response resp = http::Response::Json(200, "{}");
          resp.SetHeader("X-Echo", r.Query("value"));
          return resp;
        },
        test_doc("Echo ?value= as a header (the header-injection test)"));
    add(Method::kPost, "/api/v1/_test/sleep", "test",
        [](Request& r) { return HandleTestSleep(r); }, test_doc("Sleep ?ms= (timeout tests)"));
    add(Method::kPost, "/api/v1/_test/resident-session", "test",
        [deps](Request& r) { return HandleTestResidentSession(deps, r); },
        [&] {
          RouteDoc d = test_doc("Open a resident's session without VNeID");
          d.body = "Object";
          d.status = 201;
          d.response = "Object";
          return d;
        }());
    if (deps.test_clock) {
      add(Method::kPost, "/api/v1/_test/clock", "test",
          [deps](Request& r) { return HandleTestClock(deps, r); },
          test_doc("Move the test clock"));
    }
  }
  // The service-centre floor (issue 19): its routes and their rules are in floor_handlers.cc.
  AddFloorRoutes(routes, deps.floor);
  // The document itself, built from the list above (and its own entry) once, at start-up.
  auto document = std::make_shared<std::string>();
  add(Method::kGet, "/api/v1/openapi.json", "public",
      [document](Request&) {
        http::Response r = http::Response::Json(200, *document);
        r.SetHeader("Cache-Control", "public, max-age=300");
        return r;
      },
      {.tag = "system", .summary = "This document: the API's contract (OpenAPI 3.1)",
       .response = "Object",
       .examples = {{.name = "document", .summary = "The document",
                     .path = "/api/v1/openapi.json", .status = 200}}});
  MOTCUA_ASSIGN_OR_RETURN(*document, BuildOpenApiDocument(routes, service::BinaryVersion()));
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::api
