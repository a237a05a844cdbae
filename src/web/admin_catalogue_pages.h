// The administration pages of the catalogue: the units an administrator manages (with search for
// a province administrator), a unit's details and the procedures it offers (offer, set local
// settings, withdraw), a procedure's edit form with its version history, and the workflow of a
// procedure at a unit. They call ProcedureService, UnitService and DossierService exactly as the
// JSON API does, under the same permission (admin.catalogue, scoped to the unit where there is one).
#pragma once

#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds the unit and offering routes (/quan-tri/don-vi…).
Status RegisterAdminUnitRoutes(http::Router& router, const WebDeps& deps);
// Adds the procedure edit routes (/quan-tri/thu-tuc…).
Status RegisterAdminProcedureRoutes(http::Router& router, const WebDeps& deps);
// Adds the workflow routes (/quan-tri/don-vi/{code}/thu-tuc/{proc}/quy-trinh).
Status RegisterAdminWorkflowRoutes(http::Router& router, const WebDeps& deps);
// Adds the working-calendar routes (/quan-tri/lich…): a year's days off, and loading the year's
// official announcement (admin.calendar).
Status RegisterAdminCalendarRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
