// Authentication and authorisation around every route (the server's `before` hook).
//
// Route permission rules (the `permission` of each route in routes.cc / web pages.cc):
//   "public"        anyone; a signed-in principal is still resolved for the handler
//   "signed_in"     any signed-in officer or resident
//   "resident"      a resident signed in through OpenID Connect
//   "officer"       any officer (also one who must still set up the second factor)
//   "perm:X"        an officer holding permission X in some unit (the service checks the unit
//                   of the resource it loads)
//   "perm:X@p"      an officer holding X over the unit named by path parameter or query `p`
//   "metrics"       /metrics (its own bearer token when configured)
//   "test"          test endpoints (only registered when enabled)
// Anything else is refused (fail closed). Sessions come from the `motcua_session` cookie, API
// tokens from "Authorization: Bearer". A state-changing request authenticated by cookie must
// carry the session's CSRF token (X-CSRF-Token header or `_csrf` form field).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "http/router.h"
#include "service/identity/identity_service.h"
#include "service/platform/principal.h"

namespace motcua::api {

inline constexpr char kSessionCookie[] = "motcua_session";

struct AuthDeps {
  service::IdentityService* identity = nullptr;
  bool tls = false;  // cookies get `Secure`
  bool test_endpoints = false;
};

// Returns a response to send instead of the handler (401/403 problem), or nullopt to go on.
std::optional<http::Response> Authorize(const AuthDeps& deps, http::Request& req,
                                        const http::Route& route);
// Returns the principal the hook attached to the request (anonymous when none).
const service::Principal& PrincipalOf(const http::Request& req);
// Returns the Set-Cookie value for a session (or, with an empty token, one that clears it).
std::string SessionCookie(const std::string& token, bool tls, int64_t max_age_s);
// Returns the unit a "perm:X@p" rule names, resolved (for handlers that need it again).
Result<authz::UnitRef> TargetUnit(const AuthDeps& deps, const http::Request& req,
                                  const std::string& param);

}  // namespace motcua::api
