// The public lookup pages: a form asking for the dossier code (or the QR code on the receipt, which
// links straight to /tra-cuu/{code}), and the status of one dossier with the minimum a stranger
// may see — procedure, status, received and due times, the applicant's masked name. Unknown and
// malformed codes get the same answer; lookups are rate-limited per address.
#pragma once

#include "http/message.h"
#include "web/pages.h"

namespace motcua::web {

// GET /tra-cuu?code=  (redirects to /tra-cuu/{code} when a code is given)
http::Response LookupFormPage(const WebDeps& deps, http::Request& req);
// GET /tra-cuu/{code}
http::Response LookupPage(const WebDeps& deps, http::Request& req);

}  // namespace motcua::web
