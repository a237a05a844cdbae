// JSON handlers for the procedure catalogue: public search and records, versions, and the
// catalogue administration (edits, per-unit offerings).
#pragma once

#include "http/message.h"
#include "service/catalogue/procedure_service.h"
#include "service/catalogue/unit_service.h"

namespace motcua::api {

struct ProcedureDeps {
  service::ProcedureService* procedures = nullptr;
  service::UnitService* units = nullptr;
};

// GET /api/v1/procedures?q=TEXT&unit=CODE&field=TEXT&online=full|partial|none&limit=N&offset=N
http::Response HandleSearchProcedures(const ProcedureDeps& d, http::Request& req);
// GET /api/v1/procedures/{code}[?unit=CODE]: the current record (with the unit's local settings).
http::Response HandleGetProcedure(const ProcedureDeps& d, http::Request& req);
// GET /api/v1/procedures/{code}/versions: the version history, oldest first.
http::Response HandleListProcedureVersions(const ProcedureDeps& d, http::Request& req);
// GET /api/v1/procedures/{code}/versions/{version}: one version as it was stored.
http::Response HandleGetProcedureVersion(const ProcedureDeps& d, http::Request& req);
// PUT /api/v1/procedures/{code}: a JSON merge patch of the record; stores the next version.
http::Response HandleEditProcedure(const ProcedureDeps& d, http::Request& req);
// GET /api/v1/units/{code}/procedures: what the unit offers, with local settings.
http::Response HandleListUnitProcedures(const ProcedureDeps& d, http::Request& req);
// PUT /api/v1/units/{code}/procedures/{proc}: {"local_days": N|null, "local_fee_note": "…"}.
http::Response HandlePutUnitProcedure(const ProcedureDeps& d, http::Request& req);
// DELETE /api/v1/units/{code}/procedures/{proc}: withdraw the procedure from the unit.
http::Response HandleDeleteUnitProcedure(const ProcedureDeps& d, http::Request& req);

}  // namespace motcua::api
