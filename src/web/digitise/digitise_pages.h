// The digitisation pages (issue 17):
//   /xac-thuc, /xac-thuc/{code}  public: a signed result's verification — the issuing unit, the
//                                document's number and date, the signer's title, the SHA-256 of
//                                the file and whether the signature is valid and not revoked;
//                                nothing personal beyond the masked name
//   /kho-du-lieu                 the signed-in resident's e-data store (Kho quản lý dữ liệu điện
//                                tử): their results with source, date and validity, to download
//   /kho-du-lieu/{entry}/tai-ve  one of their documents
// Work without JavaScript.
#pragma once

#include "base/status.h"
#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds the pages above to `router`.
Status RegisterDigitiseRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
