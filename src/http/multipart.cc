#include "http/multipart.h"

#include <algorithm>
#include <cctype>

#include "http/message.h"

namespace motcua::http {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parses `; key=value; key="quoted \" value"` parameters after the first token of a header value.
// Keys are lower-cased. Returns false on an unterminated quoted string.
bool Params(std::string_view v, std::vector<std::pair<std::string, std::string>>* out) {
  size_t i = v.find(';');
  if (i == std::string_view::npos) return true;
  ++i;
  while (i < v.size()) {
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == ';')) ++i;
    if (i >= v.size()) break;
    size_t eq = v.find('=', i);
    size_t semi = v.find(';', i);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      // A parameter without a value: skip it.
      i = semi == std::string_view::npos ? v.size() : semi + 1;
      continue;
    }
    std::string key = Lower(Trim(v.substr(i, eq - i)));
    i = eq + 1;
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      ++i;
      bool closed = false;
      while (i < v.size()) {
        char c = v[i++];
        if (c == '\\' && i < v.size()) {
          value.push_back(v[i++]);
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value.push_back(c);
        }
      }
      if (!closed) return false;
    } else {
      size_t end = v.find(';', i);
      if (end == std::string_view::npos) end = v.size();
      value = std::string(Trim(v.substr(i, end - i)));
      i = end;
    }
    out->emplace_back(std::move(key), std::move(value));
  }
  return true;
}

Status Malformed(const std::string& what) {
  return Status::InvalidArgument("the form data could not be read: " + what);
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  size_t semi = content_type.find(';');
  std::string type = Lower(Trim(content_type.substr(0, semi)));
  if (type != "multipart/form-data") return std::nullopt;
  std::vector<std::pair<std::string, std::string>> params;
  if (!Params(content_type, &params)) return std::nullopt;
  for (const auto& [k, v] : params) {
    if (k != "boundary") continue;
    if (v.empty() || v.size() > 70) return std::nullopt;
    if (v.find_first_of("\r\n") != std::string::npos) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                  const MultipartLimits& limits) {
  if (boundary.empty()) return Malformed("no boundary");
  const std::string dash = "--" + std::string(boundary);
  const std::string delim = "\r\n" + dash;
  // The first delimiter: at the very start, or after a preamble ending in CRLF.
  size_t pos;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    pos = body.find(delim);
    if (pos == std::string_view::npos) return Malformed("the boundary was not found");
    pos += delim.size();
  }
  std::vector<MultipartPart> parts;
  while (true) {
    // After a delimiter: "--" closes; else optional transport padding, then CRLF.
    if (body.substr(pos, 2) == "--") return parts;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (body.substr(pos, 1) == "\n") {
      pos += 1;
    } else {
      return Malformed("a boundary line is not followed by a line end");
    }
    if (parts.size() >= limits.max_parts) {
      return Malformed("more than " + std::to_string(limits.max_parts) + " parts");
    }
    // Headers, up to an empty line.
    MultipartPart part;
    bool disposition = false;
    size_t header_bytes = 0;
    while (true) {
      size_t eol = body.find('\n', pos);
      if (eol == std::string_view::npos) return Malformed("a part's headers do not end");
      std::string_view line = body.substr(pos, eol - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      header_bytes += eol + 1 - pos;
      pos = eol + 1;
      if (header_bytes > limits.max_header_bytes) return Malformed("a part's headers are too long");
      if (line.empty()) break;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) return Malformed("a part header has no colon");
      std::string key = Lower(Trim(line.substr(0, colon)));
      std::string_view value = Trim(line.substr(colon + 1));
      if (key == "content-disposition") {
        size_t semi = value.find(';');
        if (Lower(Trim(value.substr(0, semi))) != "form-data") {
          return Malformed("a part is not form-data");
        }
        std::vector<std::pair<std::string, std::string>> params;
        if (!Params(value, &params)) return Malformed("an unterminated quoted name");
        for (auto& [k, v] : params) {
          if (k == "name") {
            part.name = std::move(v);
            disposition = true;
          } else if (k == "filename") {
            part.filename = std::move(v);
            part.is_file = true;
          }
        }
      } else if (key == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!disposition || part.name.empty()) return Malformed("a part has no field name");
    // The body runs to the next CRLF + delimiter.
    size_t end = body.find(delim, pos);
    if (end == std::string_view::npos) return Malformed("the final boundary is missing");
    part.body = std::string(body.substr(pos, end - pos));
    parts.push_back(std::move(part));
    pos = end + delim.size();
  }
}

bool IsMultipart(const Request& req) {
  auto ct = req.Header("content-type");
  return ct && MultipartBoundary(*ct).has_value();
}

Result<std::vector<MultipartPart>> ParseMultipartRequest(const Request& req,
                                                         const MultipartLimits& limits) {
  auto ct = req.Header("content-type");
  if (!ct) return Status::InvalidArgument("the form data has no Content-Type");
  auto boundary = MultipartBoundary(*ct);
  if (!boundary) return Status::InvalidArgument("the form data is not multipart/form-data");
  return ParseMultipart(req.body, *boundary, limits);
}

const MultipartPart* FindField(const std::vector<MultipartPart>& parts, std::string_view name) {
  for (const auto& p : parts) {
    if (!p.is_file && p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace motcua::http
