// The JSON API's routes. Every route of /api, /healthz, /readyz and /metrics is registered by
// RegisterApiRoutes from the single list in routes.cc, each with its permission rule.
#pragma once

#include <string>

#include "base/env.h"
#include "base/status.h"
#include "http/router.h"
#include "api/identity_handlers.h"
#include "service/identity/oidc.h"
#include "service/platform/site_service.h"
#include "service/platform/system_service.h"
#include "service/catalogue/procedure_service.h"
#include "service/catalogue/unit_service.h"
#include "service/calendar/calendar_service.h"
#include "service/digitise/digitise_service.h"
#include "service/dossier/dossier_service.h"
#include "service/floor/floor_service.h"
#include "service/community/community_service.h"

namespace motcua::api {

struct ApiDeps {
  service::SystemService* system = nullptr;
  service::SiteService* site = nullptr;
  std::string metrics_token;    // when set, /metrics requires "Authorization: Bearer <token>"
  bool test_endpoints = false;  // register /api/v1/_test/* (crash tests)
  IdentityDeps identity;
  service::UnitService* units = nullptr;
  service::CalendarService* calendar = nullptr;
  service::OidcClient* oidc = nullptr;
  service::ProcedureService* procedures = nullptr;
  service::DossierService* dossiers = nullptr;
  int lookup_per_minute = 60;
  service::FileService* files = nullptr;
  ShiftedClockEnv* test_clock = nullptr;  // with test_endpoints: register /api/v1/_test/clock
  service::DigitiseService* digitise = nullptr;  // issue 17 (null: its routes are not served)
  service::FloorService* floor = nullptr;  // the queue floor (null: its routes answer 503)
  service::CommunityService* community = nullptr;  // community digital technology groups
};

// Adds every API route to `router`. Fails on a route-table error (a bug).
Status RegisterApiRoutes(http::Router& router, const ApiDeps& deps);

}  // namespace motcua::api
