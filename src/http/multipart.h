// multipart/form-data (RFC 7578 over RFC 2046 §5.1): the body a browser sends for a form with
// enctype="multipart/form-data", i.e. a form with file inputs that works without JavaScript.
// A leaf: plain strings in, parts out. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::http {

struct Request;

struct MultipartPart {
  std::string name;          // the form field's name (Content-Disposition name=)
  std::string filename;      // the file's name as the browser sent it ("" for a plain field)
  bool is_file = false;      // a filename parameter was present (even empty: no file chosen)
  std::string content_type;  // the part's Content-Type ("" when absent); never trusted for files
  std::string body;          // the bytes, exactly as sent (binary-safe)
};

struct MultipartLimits {
  size_t max_parts = 100;          // more parts than this is refused
  size_t max_header_bytes = 8192;  // the header block of one part
};

// Returns the boundary parameter of a "multipart/form-data; boundary=…" Content-Type (quoted or
// not), or nullopt when the type is something else or the boundary is missing or malformed
// (RFC 2046: 1–70 characters).
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// Splits `body` into its parts. Lines end in CRLF (a lone LF is accepted as a line end between
// headers, as some clients send). InvalidArgument with a plain message for a body that does not
// start with the boundary, a part without Content-Disposition or name, a missing final boundary,
// or more than the limits allow.
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                  const MultipartLimits& limits = {});

// Parses the body of a request whose Content-Type is multipart/form-data; InvalidArgument when it
// is not.
Result<std::vector<MultipartPart>> ParseMultipartRequest(const Request& req,
                                                         const MultipartLimits& limits = {});

// Returns true when the request's Content-Type is multipart/form-data.
bool IsMultipart(const Request& req);

// Returns the first plain (non-file) part named `name`, or nullptr.
const MultipartPart* FindField(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace motcua::http
