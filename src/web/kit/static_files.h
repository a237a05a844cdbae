// Serves the static assets compiled into the binary. A page links an asset by its fingerprinted
// URL (AssetUrl in view.h: /static/site.css?v=<first 12 hex of its SHA-256>), which browsers may
// keep for a year without asking again ("immutable"): a new build of the asset has a new URL. Any
// other URL of an asset (no ?v=, or a stale one) is cached for an hour and revalidated with its
// ETag. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace motcua::web {

// Handles GET /static/{path...}.
http::Response ServeStatic(const http::Request& req);
// Returns the fingerprint of static asset `file` ("site.css"), or "" when there is no such file.
std::string AssetVersion(std::string_view file);
// Returns true when an If-None-Match header value matches `etag` (weak comparison, lists, "*").
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace motcua::web
