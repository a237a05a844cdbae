// The web face's routes: every page, each with its permission rule.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "service/identity_service.h"
#include "service/dossier_service.h"
#include "service/procedure_service.h"
#include "service/site_service.h"

namespace motcua::web {

struct WebDeps {
  service::SiteService* site = nullptr;
  std::string default_lang = "vi";
  service::IdentityService* identity = nullptr;
  bool tls = false;
  service::ProcedureService* procedures = nullptr;
  service::DossierService* dossiers = nullptr;
  std::shared_ptr<http::RateLimiter> lookup_limiter;  // public lookups per client address
};

// Adds every page route to `router`.
Status RegisterWebRoutes(http::Router& router, const WebDeps& deps);
// Returns the HTML "page not found" response in the visitor's language (for unmatched paths that
// accept HTML).
http::Response NotFoundPage(const http::Request& req, const WebDeps& deps);

}  // namespace motcua::web
