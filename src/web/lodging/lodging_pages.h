// The accommodation-notice pages (issue 21). The host's, phone-first and without JavaScript:
// /luu-tru (their facilities, registering one) and /luu-tru/{id} (check-in of one or more guests,
// what is left to declare, current guests with check-out and room change, XLSX/XML import and
// export, rooms and staff). The commune police desk: /cong-an/luu-tru (today's arrivals by
// facility, refreshed every minute, overdue notices, facilities to confirm, receipt, exports,
// settings), its search (a reason is required and logged), a facility's history and the month's
// statistics. LodgingService decides who sees what; a page it refuses answers "not found".
#pragma once

#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

Status RegisterLodgingRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
