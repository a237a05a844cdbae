#include "http/problem.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace motcua::http {

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kNotFound: return 404;
    case Code::kAlreadyExists: return 409;
    case Code::kFailedPrecondition: return 409;
    case Code::kConflict: return 409;
    case Code::kPermissionDenied: return 403;
    case Code::kUnauthenticated: return 401;
    case Code::kResourceExhausted: return 429;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

Response Problem(int status, std::string title, std::string detail,
                 const std::vector<FieldError>& fields, std::string type) {
  nlohmann::json j;
  j["type"] = type.empty() ? "about:blank" : type;
  j["title"] = title.empty() ? std::string(ReasonPhrase(status)) : title;
  j["status"] = status;
  if (!detail.empty()) j["detail"] = detail;
  if (!fields.empty()) {
    auto& errors = j["errors"] = nlohmann::json::array();
    for (const auto& f : fields) errors.push_back({{"field", f.field}, {"message", f.message}});
  }
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/problem+json");
  return r;
}

Response ProblemFromStatus(const Status& s) {
  int status = HttpStatusFor(s.code());
  std::string title;
  switch (s.code()) {
    case Code::kInvalidArgument: title = "Invalid request"; break;
    case Code::kNotFound: title = "Not found"; break;
    case Code::kAlreadyExists: title = "Already exists"; break;
    case Code::kFailedPrecondition: title = "Action not allowed in the current state"; break;
    case Code::kConflict: title = "Conflicting change"; break;
    case Code::kPermissionDenied: title = "Forbidden"; break;
    case Code::kUnauthenticated: title = "Sign-in required"; break;
    case Code::kResourceExhausted: title = "Limit reached"; break;
    case Code::kUnavailable: title = "Temporarily unavailable"; break;
    default: title = "Internal error"; break;
  }
  if (s.code() == Code::kInternal) spdlog::error("internal error: {}", s.message());
  std::string detail = s.code() == Code::kInternal
                           ? "Something went wrong on our side; it has been logged. Try again, "
                             "and report the request id if it keeps happening."
                           : s.message();
  Response r = Problem(status, title, detail, s.fields(),
                       "https://motcua.dev/problems/" + std::string(CodeName(s.code())));
  if (s.code() == Code::kUnavailable) r.SetHeader("Retry-After", "5");
  return r;
}

}  // namespace motcua::http
