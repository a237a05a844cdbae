// The queue ticket printed by a kiosk: an 80 mm roll slip (PDF, cairo + pango) with the ticket
// number, the service area, the time, the people ahead and the estimated wait, and a QR code of
// the link that follows the ticket from a phone. Pure and thread-safe.
#pragma once

#include <string>

#include "base/status.h"

namespace motcua::render {

struct TicketSlip {
  std::string centre;        // "Trung tâm Phục vụ hành chính công xã …"
  std::string label;         // "B-027"
  std::string area;          // the service area's name
  std::string issued;        // "09:12 08/12/2026"
  std::string ahead_line;    // "3 người đang chờ trước bạn — khoảng 15 phút"
  std::string follow_url;    // absolute or site-relative link for the QR
  std::string follow_line;   // "Quét mã để theo dõi lượt của bạn"
};

// Returns the PDF bytes of the slip, 80 mm wide. Internal when cairo fails.
Result<std::string> RenderTicketPdf(const TicketSlip& slip);

}  // namespace motcua::render
