// The digitisation API (issue 17): signing a dossier's electronic result, its versions and files,
// the public verification of a code, the resident's e-data store and reuse of stored documents.
// Includes no heavy headers.
#pragma once

#include "http/message.h"
#include "service/digitise/digitise_service.h"

namespace motcua::api {

struct DigitiseApiDeps {
  service::DigitiseService* digitise = nullptr;
};

// POST /api/v1/dossiers/{id}/signed-results
http::Response HandleSignResult(const DigitiseApiDeps& d, http::Request& req);
// GET /api/v1/dossiers/{id}/signed-results
http::Response HandleListSignedResults(const DigitiseApiDeps& d, http::Request& req);
// GET /api/v1/signed-results/{code}/{part}   (part: pdf | p7s)
http::Response HandleSignedResultFile(const DigitiseApiDeps& d, http::Request& req);
// GET /api/v1/verify/{code}   (public)
http::Response HandleVerify(const DigitiseApiDeps& d, http::Request& req);
// GET /api/v1/me/store
http::Response HandleMyStore(const DigitiseApiDeps& d, http::Request& req);
// GET /api/v1/me/store/{entry}/file
http::Response HandleMyStoreFile(const DigitiseApiDeps& d, http::Request& req);
// POST /api/v1/dossiers/{id}/reuse
http::Response HandleReuse(const DigitiseApiDeps& d, http::Request& req);
// GET /api/v1/dossiers/{id}/reuse
http::Response HandleListReuse(const DigitiseApiDeps& d, http::Request& req);

// POST /api/v1/dossiers/{id}/digitised-components
http::Response HandleDigitiseComponent(const DigitiseApiDeps& d, http::Request& req);
// GET /api/v1/dossiers/{id}/digitisation
http::Response HandleDigitisation(const DigitiseApiDeps& d, http::Request& req);

}  // namespace motcua::api
