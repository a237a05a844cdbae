// The service-centre floor's JSON API (service/floor): setup and device keys for the centre
// director, tickets for kiosks, counter actions for reception, the board for displays, ratings
// for terminals, appointments for residents, statistics for those who report on the unit.
//
// Devices (kiosk, display, rating terminal) send their key in the `X-Floor-Device` header; their
// routes are "public" in the route table and the handler refuses a missing key, a key of another
// kind or of another unit (403), through FloorService::DeviceFor.
#pragma once

#include <vector>

#include "http/router.h"
#include "service/floor/floor_service.h"

namespace motcua::api {

// Appends every floor route, with its permission rule and RouteDoc, to `routes`. With a null
// `floor` the handlers answer 503 (the route list is still complete for the API document).
void AddFloorRoutes(std::vector<http::Route>& routes, service::FloorService* floor);

// Returns the JSON of a ticket as the API shows it (no personal data).
std::string TicketJson(const service::TicketView& t);
// Returns the JSON of a board as the display boards receive it.
std::string BoardJson(const service::FloorBoard& b);

}  // namespace motcua::api
