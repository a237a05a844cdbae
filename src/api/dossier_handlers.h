// The dossier API: intake and online submission, one dossier, its history and forms, actions
// with optimistic concurrency (ETag / If-Match) and idempotency keys, the officer's work list,
// the public lookup, the unit's dossier log and workflows. Includes no heavy headers.
#pragma once

#include <memory>

#include "http/message.h"
#include "http/rate_limit.h"
#include "service/dossier/dossier_service.h"
#include "service/platform/file_service.h"

namespace motcua::api {

struct DossierApiDeps {
  service::DossierService* dossiers = nullptr;
  std::shared_ptr<http::RateLimiter> lookup_limiter;  // per client address
  service::FileService* files = nullptr;
};

http::Response HandleCreateDossier(const DossierApiDeps& d, http::Request& req);
http::Response HandleGetDossier(const DossierApiDeps& d, http::Request& req);
http::Response HandleDossierEvents(const DossierApiDeps& d, http::Request& req);
http::Response HandleDossierAction(const DossierApiDeps& d, http::Request& req);
http::Response HandleDossierForm(const DossierApiDeps& d, http::Request& req);
http::Response HandleWorklist(const DossierApiDeps& d, http::Request& req);
http::Response HandleMyDossiers(const DossierApiDeps& d, http::Request& req);
http::Response HandleLookup(const DossierApiDeps& d, http::Request& req);
http::Response HandleDossierLog(const DossierApiDeps& d, http::Request& req);
// POST /api/v1/files: the raw bytes of one file; its name in X-File-Name (percent-encoded).
http::Response HandleUploadFile(const DossierApiDeps& d, http::Request& req);
// GET /api/v1/dossiers/{id}/files/{file}
http::Response HandleDossierFile(const DossierApiDeps& d, http::Request& req);
http::Response HandleGetWorkflow(const DossierApiDeps& d, http::Request& req);
http::Response HandlePutWorkflow(const DossierApiDeps& d, http::Request& req);

}  // namespace motcua::api
