// The service-centre floor's pages (service/floor):
//   /quay/{unit}/kiosk          the touch-screen kiosk: choose an area → a ticket (kiosk key)
//   /quay/ve/{id}               a ticket: number, people ahead, wait, QR; printable 80 mm (+ ve.pdf)
//   /quay/{unit}/bang           the display board: last calls, live, spoken (display key)
//   /quay/{unit}/bang/su-kien   its event stream (Server-Sent Events, one event per request)
//   /quay/{unit}/loa/{call}.wav the call spoken by espeak-ng (display key), cached per phrase
//   /quay/{unit}/danh-gia       the rating terminal of a counter (rating key)
//   /can-bo/quay/{unit}/{n}     the counter page for reception (floor.serve over the unit)
//   /can-bo/quay/{unit}/thong-ke statistics with the XLSX export (report.read over the unit)
//   /quay/{unit}/dat-lich       booking an appointment (a resident signed in with VNeID)
// Devices are bound to a unit by the key they carry in `?k=` (and their forms' hidden `k`); a key
// of another kind or unit is refused (403) like no key. Pages without JavaScript work; the board
// and the kiosk's ticket use static/floor.js for live calls, voice and printing.
#pragma once

#include "base/status.h"
#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds every floor page route to `router`.
Status RegisterFloorRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
