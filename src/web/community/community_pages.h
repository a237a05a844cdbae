// The community digital technology group member's tablet app (issue 22): one page that works
// offline once loaded (a service worker keeps it; IndexedDB holds the outbox, encrypted with a
// WebCrypto key that never leaves the browser), its service worker and its web app manifest.
// The page lists, server-side, the member's filings so far (provisional code → dossier code, or
// why refused), so the outcome is readable without JavaScript too.
#pragma once

#include "base/status.h"
#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds GET /to-cong-nghe-so (perm:community.record), /to-cong-nghe-so-sw.js and
// /to-cong-nghe-so.webmanifest (public).
Status RegisterCommunityRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
