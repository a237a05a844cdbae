// The administration pages of the catalogue: the units an administrator manages (with search for
// a province administrator), a unit's details and the procedures it offers (offer, set local
// settings, withdraw), a procedure's edit form with its version history, and the workflow of a
// procedure at a unit. They call ProcedureService, UnitService and DossierService exactly as the
// JSON API does, under the same permission (admin.catalogue, scoped to the unit where there is one).
#pragma once

#include <vector>

#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Each returns its routes, with their permission rules, for RegisterAdminRoutes to add.
// The units and their offerings (/quan-tri/don-vi…).
std::vector<http::Route> AdminUnitRoutes(const WebDeps& deps);
// The procedure edits (/quan-tri/thu-tuc…).
std::vector<http::Route> AdminProcedureRoutes(const WebDeps& deps);
// The synonym list of procedure search (/quan-tri/tu-dong-nghia; national.catalogue).
std::vector<http::Route> AdminSynonymRoutes(const WebDeps& deps);
// The workflows (/quan-tri/don-vi/{code}/thu-tuc/{proc}/quy-trinh).
std::vector<http::Route> AdminWorkflowRoutes(const WebDeps& deps);
// The working calendar (/quan-tri/lich…): a year's days off, and loading the year's official
// announcement (admin.calendar).
std::vector<http::Route> AdminCalendarRoutes(const WebDeps& deps);

}  // namespace motcua::web
