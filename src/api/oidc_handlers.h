// Resident sign-in through OpenID Connect: GET /auth/oidc/start redirects to the provider;
// GET /auth/callback completes the sign-in, records the resident and opens a session.
#pragma once

#include "api/auth.h"
#include "http/message.h"
#include "service/identity/oidc.h"

namespace motcua::api {

struct OidcDeps {
  service::OidcClient* oidc = nullptr;
  AuthDeps auth;
};

http::Response HandleOidcStart(const OidcDeps& d, http::Request& req);
http::Response HandleOidcCallback(const OidcDeps& d, http::Request& req);

}  // namespace motcua::api
