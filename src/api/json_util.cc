#include "api/json_util.h"

namespace motcua::api {

http::Response JsonResponse(int status, const nlohmann::json& body) {
  return http::Response::Json(status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<nlohmann::json> ParseJsonBody(const http::Request& request) {
  auto ct = request.Header("content-type");
  if (!ct || ct->find("json") == std::string_view::npos) {
    return Status::InvalidArgument("send the body as JSON with 'Content-Type: application/json'",
                                   {{"content-type", "must be application/json"}});
  }
  if (request.body.empty()) {
    return Status::InvalidArgument("the request body is empty; send a JSON object",
                                   {{"body", "required"}});
  }
  nlohmann::json j = nlohmann::json::parse(request.body, nullptr, false);
  if (j.is_discarded()) {
    return Status::InvalidArgument("the request body is not valid JSON", {{"body", "not JSON"}});
  }
  if (!j.is_object()) {
    return Status::InvalidArgument("the request body must be a JSON object",
                                   {{"body", "not an object"}});
  }
  return j;
}

}  // namespace motcua::api
