// Public JSON handlers for administrative units.
#pragma once

#include "http/message.h"
#include "service/catalogue/unit_service.h"

namespace motcua::api {

// GET /api/v1/units?province=CODE&q=TEXT&era=2025|pre2025&limit=N
http::Response HandleListUnits(service::UnitService* units, http::Request& req);
// GET /api/v1/units/{code}?era=…
http::Response HandleGetUnit(service::UnitService* units, http::Request& req);

}  // namespace motcua::api
