// Serves the static assets compiled into the binary, with strong caching: a fingerprinted URL
// (?v=hash) is cached for a year as immutable; otherwise an hour with an ETag. Thread-safe.
#pragma once

#include "http/message.h"

namespace motcua::web {

// Handles GET /static/{path...}.
http::Response ServeStatic(const http::Request& req);

}  // namespace motcua::web
