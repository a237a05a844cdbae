// Helpers for JSON handlers. Includes nlohmann: include only from api/*.cc.
#pragma once

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "http/message.h"

namespace motcua::api {

// Returns a JSON response.
http::Response JsonResponse(int status, const nlohmann::json& body);
// Parses a request body as a JSON object. InvalidArgument (for a 400 problem) when the body is
// empty, not JSON, not an object, or not sent as application/json.
Result<nlohmann::json> ParseJsonBody(const http::Request& request);

}  // namespace motcua::api
