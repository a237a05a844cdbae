// Status and Result<T>: the error model of motcua.
//
// Expected failures (bad input, missing rows, conflicts) are values of these types; bugs are
// assertions. A Status carries a code, a message meant for the person who will read it (what
// happened and what to do next), and for validation failures a list of field errors. No exception
// crosses a layer boundary; one function in http/ maps codes to HTTP statuses.
//
// Both types are cheap to move and are not thread-safe to mutate concurrently (like std::string).
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <map>
#include <utility>
#include <variant>
#include <vector>

namespace motcua {

enum class Code {
  kOk = 0,
  kInvalidArgument,     // bad input; fields say which
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,  // the action is not allowed in the current state
  kConflict,            // a concurrent change won while this one was being recorded
  kPreconditionFailed,  // the caller's condition no longer holds (If-Match: a stale version)
  kUnsupportedMediaType,  // content of a kind that is not accepted (a file's sniffed type)
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,   // a limit was hit (size, rate)
  kUnavailable,         // try again later (shutting down, database busy)
  kInternal,
};

// Returns a stable lower-case name for the code ("not_found").
std::string_view CodeName(Code code);

struct FieldError {
  std::string field;    // JSON pointer-ish path: "applicant.id_number"
  std::string message;  // what is wrong with it (English, for the person reading the API)
  // Optional, for callers that word the error themselves (the pages, in the reader's language):
  // a stable snake_case name of what is wrong ("not_after_due") and the values the message cites
  // ({"due": "08:00 21/12/2026"}). Callers branch on these, never on `message`.
  std::string reason = {};
  std::map<std::string, std::string> args = {};
  bool operator==(const FieldError&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message, std::vector<FieldError> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m, std::vector<FieldError> f = {}) {
    return Status(Code::kInvalidArgument, std::move(m), std::move(f));
  }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status AlreadyExists(std::string m) { return Status(Code::kAlreadyExists, std::move(m)); }
  static Status FailedPrecondition(std::string m) {
    return Status(Code::kFailedPrecondition, std::move(m));
  }
  static Status Conflict(std::string m) { return Status(Code::kConflict, std::move(m)); }
  static Status PreconditionFailed(std::string m) {
    return Status(Code::kPreconditionFailed, std::move(m));
  }
  static Status UnsupportedMediaType(std::string m, std::vector<FieldError> f = {}) {
    return Status(Code::kUnsupportedMediaType, std::move(m), std::move(f));
  }
  static Status PermissionDenied(std::string m) {
    return Status(Code::kPermissionDenied, std::move(m));
  }
  static Status Unauthenticated(std::string m) {
    return Status(Code::kUnauthenticated, std::move(m));
  }
  static Status ResourceExhausted(std::string m) {
    return Status(Code::kResourceExhausted, std::move(m));
  }
  static Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // The accessors hand out references only from an lvalue. On a temporary Status they return the
  // value itself (moved out), so `for (auto& f : Make().fields())` never iterates freed memory.
  const std::string& message() const& { return message_; }
  std::string message() && { return std::move(message_); }
  const std::vector<FieldError>& fields() const& { return fields_; }
  std::vector<FieldError> fields() && { return std::move(fields_); }

  // Returns the reason: a stable snake_case name refining the code for one kind of failure
  // ("totp_required"), "" when none was given. Callers branch on it instead of the message; the
  // API shows it as the problem type (the code alone decides the HTTP status).
  const std::string& reason() const { return reason_; }
  // Returns a copy carrying `reason`.
  Status WithReason(std::string reason) const;

  // Returns a copy whose message is "<prefix>: <message>" (for adding context on the way up).
  Status WithPrefix(std::string_view prefix) const;
  // Returns "not_found: message" (or "ok").
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::vector<FieldError> fields_;
  std::string reason_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // Returns the status: OK when a value is present. From an lvalue Result this is a reference into
  // it (valid while the Result lives); from a temporary it is a value, never a reference into the
  // temporary (issue 14: `for (auto e : Parse().status().fields())` read freed memory).
  const Status& status() const& { return ok() ? OkStatus() : std::get<Status>(v_); }
  Status status() && { return ok() ? Status::Ok() : std::get<Status>(std::move(v_)); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  // From a temporary the value is moved out, not referenced.
  T value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T operator*() && { return std::get<T>(std::move(v_)); }
  // Member access through a temporary Result is refused at compile time: bind the Result first.
  const T* operator->() const& { return &value(); }
  T* operator->() & { return &value(); }
  const T* operator->() const&& = delete;

 private:
  static const Status& OkStatus() {
    static const Status ok;
    return ok;
  }

  std::variant<T, Status> v_;
};

}  // namespace motcua

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define MOTCUA_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::motcua::Status motcua_st_ = (expr);       \
    if (!motcua_st_.ok()) return motcua_st_;    \
  } while (0)

#define MOTCUA_CONCAT_INNER(a, b) a##b
#define MOTCUA_CONCAT(a, b) MOTCUA_CONCAT_INNER(a, b)
// Declares `lhs` from a Result expression, returning its status early on error.
#define MOTCUA_ASSIGN_OR_RETURN(lhs, expr) \
  MOTCUA_ASSIGN_OR_RETURN_IMPL(MOTCUA_CONCAT(motcua_r_, __LINE__), lhs, expr)
#define MOTCUA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
