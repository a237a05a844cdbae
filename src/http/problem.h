// RFC 9457 problem details (application/problem+json), and the one mapping from Status codes to
// HTTP statuses.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "http/message.h"

namespace motcua::http {

// Returns the HTTP status for a Status code (kNotFound → 404, kConflict → 409, …).
int HttpStatusFor(Code code);
// Returns a problem+json response. `type` is a URI reference ("about:blank" when empty is given
// as the default, per RFC 9457); `fields` become an "errors" array of {field, message}.
Response Problem(int status, std::string title, std::string detail,
                 const std::vector<FieldError>& fields = {}, std::string type = "");
// Returns the problem for a non-OK Status, with a stable type URI per code
// ("https://motcua.dev/problems/not_found").
Response ProblemFromStatus(const Status& status);

}  // namespace motcua::http
