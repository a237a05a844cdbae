// The web face's routes: every page, each with its permission rule.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "service/identity/identity_service.h"
#include "service/identity/audit_service.h"
#include "service/calendar/calendar_service.h"
#include "service/digitise/digitise_service.h"
#include "service/dossier/dossier_service.h"
#include "service/platform/file_service.h"
#include "service/catalogue/unit_service.h"
#include "service/catalogue/procedure_service.h"
#include "service/platform/site_service.h"
#include "service/dossier/worklist_watch.h"
#include "service/floor/floor_service.h"
#include "service/floor/floor_voice.h"
#include "service/floor/floor_watch.h"

namespace motcua::service {
class LodgingService;  // service/lodging/lodging_service.h; declared here to keep this header light
}  // namespace motcua::service
#include "service/community/community_service.h"

namespace motcua::web {

struct WebDeps {
  service::SiteService* site = nullptr;
  std::string default_lang = "vi";
  service::IdentityService* identity = nullptr;
  bool tls = false;
  service::ProcedureService* procedures = nullptr;
  service::DossierService* dossiers = nullptr;
  std::shared_ptr<http::RateLimiter> lookup_limiter;  // public lookups per client address
  service::FileService* files = nullptr;              // uploads (wizard, counter scans)
  service::AuditService* audit = nullptr;             // the access log page
  service::CalendarService* calendar = nullptr;       // admin: calendars
  service::UnitService* units = nullptr;              // admin: units
  service::WorklistWatch* worklist_watch = nullptr;   // desks' live work lists (events)
  service::DigitiseService* digitise = nullptr;       // verification page, e-data store
  service::LodgingService* lodging = nullptr;         // accommodation notices (null: no pages)
  int64_t max_body_bytes = 24 << 20;                  // largest form body (files.js checks it)
  service::FloorService* floor = nullptr;             // the queue floor (web/floor)
  service::FloorWatch* floor_watch = nullptr;         // display boards' live calls
  service::FloorVoice* floor_voice = nullptr;         // calls spoken on the server (espeak-ng)
  std::string public_url;                             // base of the ticket's QR link ("" = Host)
  service::CommunityService* community = nullptr;     // the community groups' tablet app
};

// Adds every page route to `router`.
Status RegisterWebRoutes(http::Router& router, const WebDeps& deps);
// Returns the HTML "page not found" response in the visitor's language (for unmatched paths that
// accept HTML).
http::Response NotFoundPage(const http::Request& req, const WebDeps& deps);
// Returns the HTML page, in the visitor's language, for a request to a page that authorisation
// refused with `status` (401: sign in again; 403: not allowed, or a form sent with an expired
// security token), instead of the problem+json an API client gets.
http::Response RefusalPage(const http::Request& req, const WebDeps& deps, int status);
// Returns the HTML page (status 413), in the visitor's language, for a form sent to a page with a
// body over `limit_bytes`: what limit was passed and what to do (send smaller scans, fewer at once).
http::Response TooLargePage(const http::Request& req, const WebDeps& deps, uint64_t limit_bytes);

}  // namespace motcua::web
