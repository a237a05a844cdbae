// Helpers shared by the floor service's files (floor_service.cc, floor_reports.cc); not for use
// outside service/floor.
#pragma once

#include <string>
#include <vector>

#include "base/env.h"
#include "domain/floor/queue.h"
#include "service/floor/floor_service.h"
#include "store/store.h"

namespace motcua::service::floor_internal {

// Reads a ticket from a row of floor_sql::kTicketColumns.
floor::Ticket TicketFromRow(const store::Row& r);
// Returns the area codes of "a,b,c".
std::vector<std::string> SplitAreas(const std::string& text);
// Returns `bytes` random bytes as lower-case hex.
std::string RandomHex(Env& env, size_t bytes);
// Reads a unit's setup inside a read transaction.
Result<FloorSetup> ReadSetup(store::ReadTx& tx, const std::string& unit);
// Returns the area of `code`, or null.
const FloorArea* FindArea(const FloorSetup& s, const std::string& code);

}  // namespace motcua::service::floor_internal
