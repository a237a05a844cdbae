// RFC 9457 problem details (application/problem+json), and the one mapping from Status codes to
// HTTP statuses.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "http/message.h"

namespace motcua::http {

// How a resource answers kInvalidArgument with field errors. The dossier resources answer 422 (the
// body was read; a field's content is refused, RFC 9110 §15.5.21) and keep 400 for a body that
// cannot be read at all (which carries no field of the body); the other resources answer 400.
enum class FieldErrors { kBadRequest, kUnprocessable };

// Returns the HTTP status for a Status code (kNotFound → 404, kPreconditionFailed → 412, …).
int HttpStatusFor(Code code);
// Returns the HTTP status for `status`: HttpStatusFor(code), except 422 for kInvalidArgument with
// field errors under FieldErrors::kUnprocessable.
int HttpStatusFor(const Status& status, FieldErrors field_errors);
// Returns a problem+json response. `type` is a URI reference ("about:blank" when empty is given
// as the default, per RFC 9457); `fields` become an "errors" array of {field, message} (with
// "reason" and "args" when the field error has them).
Response Problem(int status, std::string title, std::string detail,
                 const std::vector<FieldError>& fields = {}, std::string type = "");
// Returns the problem for a non-OK Status, with a stable type URI per code or, when the status
// has a reason, per reason ("https://motcua.dev/problems/not_found",
// "https://motcua.dev/problems/totp_required").
Response ProblemFromStatus(const Status& status,
                           FieldErrors field_errors = FieldErrors::kBadRequest);

// One problem type the mapping produces: the API document lists them all.
struct ProblemType {
  int status = 0;
  std::string type;   // the URI
  std::string title;  // the same for every occurrence
};
// Returns every problem type ProblemFromStatus can produce, in code order.
std::vector<ProblemType> ProblemTypes();
// Returns the base of the problem type URIs ("https://motcua.dev/problems/").
std::string ProblemTypeBase();

}  // namespace motcua::http
