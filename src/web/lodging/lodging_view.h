// What the host's and the police's lodging pages share: labels and the table of stays.
#pragma once

#include <string>
#include <vector>

#include "service/lodging/lodging_service.h"
#include "web/kit/view.h"

namespace motcua::web {

// How the table of stays is drawn.
struct StaysTableOptions {
  bool facility = false;  // show each stay's facility (the police's lists)
  bool actions = false;   // check-out and room change (the host's current guests)
  std::string post, csrf;
  std::vector<std::string> rooms;
};

// Returns the notice's state in words: "on time 21:05", "late 23:10", "to declare before 23:00",
// "overdue since 23:00". Sets *ok when nothing is wrong.
std::string NoticeText(const PageContext& ctx, const service::LodgingStay& s, int64_t now,
                       bool* ok);
// Returns the rendered table.
std::string StaysTable(const PageContext& ctx, const std::vector<service::LodgingStay>& stays,
                       int64_t now, const StaysTableOptions& o);
// Returns the label of a facility type / status in the page's language.
std::string FacilityTypeText(const PageContext& ctx, const std::string& type);
std::string FacilityStatusText(const PageContext& ctx, const std::string& status);
// The options of the reason-of-stay select.
Data ReasonOptions(const PageContext& ctx, int selected);
// Returns a yyyy-mm-dd date of the Vietnam day of an instant.
std::string IsoDay(int64_t instant_ms);
// Returns the Content-Disposition attachment response of an export.
http::Response ExportResponse(std::string body, bool foreign, const std::string& name);

}  // namespace motcua::web
