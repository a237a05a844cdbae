// What form pages share: who is asking, the fields of a posted form (urlencoded or multipart),
// the lines of a text area, the error summary with a message beside each bad field, and the error
// page. Plain helpers over one request; thread-compatible.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"
#include "http/multipart.h"
#include "service/platform/principal.h"
#include "web/pages.h"
#include "web/kit/view.h"

namespace motcua::web {

// Returns the signed-in principal of a request (an anonymous one when there is none; the route's
// rule has refused those already).
const service::Principal& PagePrincipal(const http::Request& req);

// The fields of a form sent as application/x-www-form-urlencoded or multipart/form-data, in the
// order sent (a repeated name keeps every value), and the files chosen in its file inputs.
struct PostedForm {
  std::multimap<std::string, std::string> fields;
  std::vector<http::MultipartPart> files;  // a file input left empty is dropped
  bool ok = true;                          // false: a multipart body that could not be read
  // The names of the fields whose value was not valid UTF-8. Their value in `fields` has each
  // ill-formed sequence replaced by U+FFFD, so showing the form again is safe; a page refuses them
  // with RefuseUnreadableText before anything is stored.
  std::vector<std::string> not_utf8;

  // Returns the first value of `name`, or "".
  std::string Get(const std::string& name) const;
  // Returns every value of `name`, in the order sent.
  std::vector<std::string> All(const std::string& name) const;
  // Replaces every value of `name` with `value` (a form shown again carries what was stored).
  void Set(const std::string& name, std::string value);
  // Returns the file chosen in the input `name`, or nullptr.
  const http::MultipartPart* File(const std::string& name) const;
};

// Returns the posted fields of `req`. Every name and value in the result is valid UTF-8 (see
// PostedForm::not_utf8).
PostedForm ReadPostedForm(const http::Request& req);
// Returns the fields of an application/x-www-form-urlencoded body, each value valid UTF-8; adds
// the names of the fields that were not to *not_utf8 (as ReadPostedForm).
std::multimap<std::string, std::string> ReadUrlEncodedForm(std::string_view body,
                                                           std::vector<std::string>* not_utf8);

// Returns the non-empty lines of a text area, trimmed.
std::string Trimmed(std::string s);  // without leading and trailing white space
std::vector<std::string> Lines(const std::string& text);

// Errors shown in a summary at the top of a page, each linking to its field (#id), and beside the
// field (the template reads {{e.err_<id>}}).
class FormErrors {
 public:
  // Adds `message` for the field whose element id is `id`.
  void Add(std::string id, std::string message);
  bool empty() const { return items_.empty(); }
  // Returns the first message for `id`, or "".
  std::string Find(const std::string& id) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  // Sets errors, has_errors, err_<id> and e.err_<id> in `d` (nothing when there are no errors).
  void Into(Data& d) const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;  // element id, message
};

// Adds the page's error "cannot be read, type it again" (in the page's language) to `errors` for
// each field named in `not_utf8`; the error's id is the field's name.
void RefuseUnreadableText(const std::vector<std::string>& not_utf8, const PageContext& ctx,
                          FormErrors* errors);

// Uploads carried by page forms (scans, photos), checked and stored through FileService; shared by
// the portal (the resident's wizard) and the desk (counter intake).
// Returns the kind of file a sniffed MIME type is, in the page's language, as people say it
// ("tệp văn bản (.txt)", "a Word document (.doc, .docx)"); "a file of type <mime>" otherwise.
std::string FileKindWords(const PageContext& ctx, const std::string& mime);
// Returns the plain message (for the file `part.filename`) when FileService would refuse the
// upload (empty, over the size limit, a type it does not accept), or "" when it would take it.
// Reads the bytes only; stores nothing.
std::string UploadProblem(const WebDeps& deps, const PageContext& ctx,
                          const http::MultipartPart& part);

// Stores an uploaded file through FileService (the type sniffed from the bytes with libmagic, the
// size limited) as uploaded by `who`; returns its id and sets *name_out to its stored name. On
// failure adds a plain message for field `field` to `errors` and returns "".
std::string StoreUpload(const WebDeps& deps, const PageContext& ctx, const service::Principal& who,
                        const http::MultipartPart& part, const std::string& field, FormErrors* errors,
                        std::string* name_out);

// A paper a procedure asks the applicant to bring, from its catalogue record.
struct RequiredPaper {
  std::string name;
  bool original = false;  // the record asks for an original (else a copy)
};
// Returns the papers a procedure's record (its JSON) asks for: the rows that say how many
// originals or copies to bring (the export mixes them with notes and alternatives), or, when no
// row says, every row outside the notes ("Lưu ý…"). Empty for an unreadable record.
std::vector<RequiredPaper> RequiredPapers(std::string_view record_json);

// Prepares a page with file inputs: sets `limits` in `d` ("PDF, JPEG, PNG or WebP, up to 4 MB." in
// the page's language) and `file_check` (the data-* attributes for the <form>: the per-file and
// per-sending limits and their messages), and adds static/files.js to the page, which refuses an
// over-large choice in the browser before megabytes are sent. Without the script the server
// still answers with the field's error or the 413 page.
void SetFileLimits(const WebDeps& deps, PageContext* ctx, Data* d);

// Returns the error page in the visitor's language: "page not found" for 404, else "something
// went wrong" with the request id, answered with `status`.
http::Response AdminErrorPage(const http::Request& req, const WebDeps& deps, int status = 404);

}  // namespace motcua::web
