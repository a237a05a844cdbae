// Forms sent by pages: their fields and files (urlencoded or multipart), the errors shown beside
// each field and in the summary at the top, and the uploads they carry (scans, photos), checked and
// stored through FileService. Shared by the portal (the resident's wizard) and the desk (counter
// intake). Pure helpers over a request; thread-safe.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"
#include "http/multipart.h"
#include "service/principal.h"
#include "web/pages.h"
#include "web/view.h"

namespace motcua::web {

// The fields of a form sent as application/x-www-form-urlencoded or multipart/form-data, and the
// files chosen in its file inputs (a file input left empty is dropped).
struct FormData {
  std::map<std::string, std::string> fields;
  std::vector<http::MultipartPart> files;
  bool ok = true;  // false when a multipart body could not be parsed

  // Returns the field `k`, or "" when absent.
  std::string Get(const std::string& k) const;
  // Returns the file chosen in input `name`, or nullptr.
  const http::MultipartPart* File(const std::string& name) const;
};

// Returns the form a request carries (its body as multipart or urlencoded).
FormData ReadForm(const http::Request& req);

// Errors shown in the summary at the top of a page (each links to its field) and beside the field.
struct Errors {
  std::vector<std::pair<std::string, std::string>> items;  // field id, message
  void Add(std::string field, std::string message) {
    items.emplace_back(std::move(field), std::move(message));
  }
  bool empty() const { return items.empty(); }
  // Sets `errors` (href, message), `has_errors` and `err_<field>` on `d` when there are errors.
  void Into(Data& d) const;
};

// Returns the plain message (for the file `part.filename`) when FileService would refuse the
// upload (empty, over the size limit, a type it does not accept), or "" when it would take it.
// Reads the bytes only; stores nothing.
std::string UploadProblem(const WebDeps& deps, const PageContext& ctx,
                          const http::MultipartPart& part);

// Stores an uploaded file through FileService (the type sniffed from the bytes with libmagic, the
// size limited) as uploaded by `who`; returns its id and sets *name_out to its stored name. On
// failure adds a plain message for field `field` to `errors` and returns "".
std::string StoreUpload(const WebDeps& deps, const PageContext& ctx, const service::Principal& who,
                        const http::MultipartPart& part, const std::string& field, Errors* errors,
                        std::string* name_out);

// Returns "PDF, JPEG, PNG or WebP, up to 4 MB." in the page's language.
std::string FileLimits(const WebDeps& deps, const PageContext& ctx);

}  // namespace motcua::web
