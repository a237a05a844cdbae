#include "api/unit_handlers.h"

#include "api/json_util.h"
#include "http/problem.h"

namespace motcua::api {

using nlohmann::json;

namespace {
json UnitJson(const service::Unit& u) {
  return {{"code", u.code}, {"era", u.era}, {"level", u.level}, {"name", u.name},
          {"province_code", u.province_code}, {"agency_id", u.agency_id}};
}

Result<std::string> Era(const http::Request& req) {
  std::string era = req.Query("era");
  if (era.empty()) return std::string("2025");
  if (era != "2025" && era != "pre2025") {
    return Status::InvalidArgument("era is 2025 or pre2025", {{"era", "2025 or pre2025"}});
  }
  return era;
}
}  // namespace

http::Response HandleListUnits(service::UnitService* units, http::Request& req) {
  auto era = Era(req);
  if (!era.ok()) return http::ProblemFromStatus(era.status());
  std::string province = req.Query("province");
  if (!province.empty() && (province.size() != 2 || !std::isdigit(province[0]) ||
                            !std::isdigit(province[1]))) {
    return http::ProblemFromStatus(Status::InvalidArgument(
        "province is a 2-digit code, e.g. 14 for Sơn La", {{"province", "2 digits"}}));
  }
  int limit = req.Query("limit").empty() ? 100 : std::atoi(req.Query("limit").c_str());
  auto list = units->Search(province, req.Query("q"), *era, limit);
  if (!list.ok()) return http::ProblemFromStatus(list.status());
  json items = json::array();
  for (const auto& u : *list) items.push_back(UnitJson(u));
  return JsonResponse(200, {{"units", items}, {"count", items.size()}});
}

http::Response HandleGetUnit(service::UnitService* units, http::Request& req) {
  auto era = Era(req);
  if (!era.ok()) return http::ProblemFromStatus(era.status());
  auto u = units->Get(req.Param("code"), *era);
  if (!u.ok()) return http::ProblemFromStatus(u.status());
  http::Response r = JsonResponse(200, UnitJson(*u));
  r.SetHeader("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace motcua::api
