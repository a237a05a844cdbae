// JSON handlers for sign-in, sessions, the caller's own account, accounts administration,
// API tokens, authorisations (ủy quyền) and the personal-data access log.
#pragma once

#include "api/auth.h"
#include "http/message.h"
#include "service/identity/audit_service.h"

namespace motcua::api {

struct IdentityDeps {
  AuthDeps auth;
  service::AuditService* audit = nullptr;
};

http::Response HandleLogin(const IdentityDeps& d, http::Request& req);
http::Response HandleLogout(const IdentityDeps& d, http::Request& req);
http::Response HandleMe(const IdentityDeps& d, http::Request& req);
http::Response HandleRevokeMySessions(const IdentityDeps& d, http::Request& req);
http::Response HandleBeginTotp(const IdentityDeps& d, http::Request& req);
http::Response HandleConfirmTotp(const IdentityDeps& d, http::Request& req);
http::Response HandleMyData(const IdentityDeps& d, http::Request& req);
http::Response HandleCreateUser(const IdentityDeps& d, http::Request& req);
http::Response HandleListUnitUsers(const IdentityDeps& d, http::Request& req);
http::Response HandleRevokeUserSessions(const IdentityDeps& d, http::Request& req);
http::Response HandleCreateToken(const IdentityDeps& d, http::Request& req);
http::Response HandleAccessLog(const IdentityDeps& d, http::Request& req);
http::Response HandleCreateAuthorisation(const IdentityDeps& d, http::Request& req);
http::Response HandleRevokeAuthorisation(const IdentityDeps& d, http::Request& req);

}  // namespace motcua::api
