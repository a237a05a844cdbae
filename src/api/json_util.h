// Helpers for JSON handlers. Includes nlohmann: include only from api/*.cc.
//
// Handlers read the fields of a body only through the typed readers of service/json_fields.h
// (StringField, BoolField, IntField, NumberField, StringListField, TakeField), never with a raw
// get<T>() or value(): a field of the wrong type or text that is not UTF-8 is a 4xx problem naming
// the field, not an exception and a 500.
#pragma once

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "http/message.h"
#include "service/platform/json_fields.h"

namespace motcua::api {

using service::BoolField;
using service::IntField;
using service::NumberField;
using service::RequiredStringField;
using service::StringField;
using service::StringListField;
using service::TakeField;

// Returns a JSON response.
http::Response JsonResponse(int status, const nlohmann::json& body);
// Parses a request body as a JSON object. InvalidArgument (for a 400 problem) when the body is
// empty, not JSON, not an object, or not sent as application/json.
Result<nlohmann::json> ParseJsonBody(const http::Request& request);

}  // namespace motcua::api
