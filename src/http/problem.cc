#include "http/problem.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace motcua::http {

namespace {

constexpr char kTypeBase[] = "https://motcua.dev/problems/";

// The reasons that name their own problem type, with its title.
struct ReasonType {
  Code code;
  const char* reason;
  const char* title;
};
constexpr ReasonType kReasonTypes[] = {
    {Code::kUnauthenticated, "totp_required", "Authenticator code required"},
};

const char* TitleFor(Code code, int status) {
  switch (code) {
    case Code::kInvalidArgument:
      return status == 422 ? "The request has invalid fields" : "Invalid request";
    case Code::kNotFound: return "Not found";
    case Code::kAlreadyExists: return "Already exists";
    case Code::kFailedPrecondition: return "Action not allowed in the current state";
    case Code::kConflict: return "Conflicting change";
    case Code::kPreconditionFailed: return "Precondition failed";
    case Code::kUnsupportedMediaType: return "Unsupported file type";
    case Code::kPermissionDenied: return "Forbidden";
    case Code::kUnauthenticated: return "Sign-in required";
    case Code::kResourceExhausted: return "Limit reached";
    case Code::kUnavailable: return "Temporarily unavailable";
    case Code::kOk:
    case Code::kInternal: break;
  }
  return "Internal error";
}

const ReasonType* FindReason(Code code, const std::string& reason) {
  for (const auto& r : kReasonTypes) {
    if (r.code == code && reason == r.reason) return &r;
  }
  return nullptr;
}

}  // namespace

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 400;
    case Code::kNotFound: return 404;
    case Code::kAlreadyExists: return 409;
    case Code::kFailedPrecondition: return 409;
    case Code::kConflict: return 409;
    case Code::kPreconditionFailed: return 412;
    case Code::kUnsupportedMediaType: return 415;
    case Code::kPermissionDenied: return 403;
    case Code::kUnauthenticated: return 401;
    case Code::kResourceExhausted: return 429;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

int HttpStatusFor(const Status& s, FieldErrors field_errors) {
  if (s.code() == Code::kInvalidArgument && !s.fields().empty() &&
      field_errors == FieldErrors::kUnprocessable) {
    return 422;
  }
  return HttpStatusFor(s.code());
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
    for (const auto& f : fields) {
      nlohmann::json e = {{"field", f.field}, {"message", f.message}};
      if (!f.reason.empty()) e["reason"] = f.reason;
      if (!f.args.empty()) e["args"] = f.args;
      errors.push_back(std::move(e));
    }
  }
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/problem+json");
  return r;
}

Response ProblemFromStatus(const Status& s, FieldErrors field_errors) {
  const int status = HttpStatusFor(s, field_errors);
  std::string title = TitleFor(s.code(), status);
  std::string type = kTypeBase + std::string(CodeName(s.code()));
  if (const ReasonType* r = FindReason(s.code(), s.reason())) {
    title = r->title;
    type = kTypeBase + std::string(r->reason);
  }
  if (s.code() == Code::kInternal) spdlog::error("internal error: {}", s.message());
  std::string detail = s.code() == Code::kInternal
                           ? "Something went wrong on our side; it has been logged. Try again, "
                             "and report the request id if it keeps happening."
                           : s.message();
  Response r = Problem(status, title, detail, s.fields(), type);
  if (s.code() == Code::kUnavailable) r.SetHeader("Retry-After", "5");
  return r;
}

std::vector<ProblemType> ProblemTypes() {
  std::vector<ProblemType> out;
  for (int c = static_cast<int>(Code::kInvalidArgument); c <= static_cast<int>(Code::kInternal);
       ++c) {
    const Code code = static_cast<Code>(c);
    const int status = HttpStatusFor(code);
    out.push_back({status, kTypeBase + std::string(CodeName(code)), TitleFor(code, status)});
    if (code == Code::kInvalidArgument) {
      out.push_back({422, kTypeBase + std::string(CodeName(code)), TitleFor(code, 422)});
    }
    for (const auto& r : kReasonTypes) {
      if (r.code == code) out.push_back({status, kTypeBase + std::string(r.reason), r.title});
    }
  }
  return out;
}

std::string ProblemTypeBase() { return kTypeBase; }

}  // namespace motcua::http
