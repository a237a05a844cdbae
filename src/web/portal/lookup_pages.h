// The public lookup pages: a form asking for the dossier code (or the QR code on the receipt, which
// links straight to /tra-cuu/{code}), and the status of one dossier with the minimum a stranger
// may see — procedure, status, received and due times, the applicant's masked name. Unknown and
// malformed codes get the same answer; lookups are rate-limited per address. A second form finds
// one's dossiers by ID number plus phone (issue 23, point 5).
#pragma once

#include "http/message.h"
#include "web/pages.h"

namespace motcua::web {

// GET /tra-cuu?code=  (redirects to /tra-cuu/{code} when a code is given)
http::Response LookupFormPage(const WebDeps& deps, http::Request& req);
// GET /tra-cuu/{code} (a code written otherwise — lower case, spaces, no dots or dashes — is
// redirected to the code itself)
http::Response LookupPage(const WebDeps& deps, http::Request& req);
// POST /tra-cuu: the dossiers of the applicant with this ID number AND phone, the same public
// minimum as a code's page (code, procedure, status, when received), rate-limited like it. A POST,
// so the ID number stays out of addresses and access logs.
http::Response LookupByPersonSubmit(const WebDeps& deps, http::Request& req);

}  // namespace motcua::web
