#include "web/kit/form.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "http/url.h"
#include "service/platform/file_service.h"
#include "web/kit/page_context.h"

namespace motcua::web {

const service::Principal& PagePrincipal(const http::Request& req) {
  static const service::Principal anonymous;
  const auto* p = req.ContextAs<service::Principal>();
  return p ? *p : anonymous;
}

std::string PostedForm::Get(const std::string& name) const {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

std::vector<std::string> PostedForm::All(const std::string& name) const {
  std::vector<std::string> out;
  auto [from, to] = fields.equal_range(name);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

void PostedForm::Set(const std::string& name, std::string value) {
  fields.erase(name);
  fields.emplace(name, std::move(value));
}

const http::MultipartPart* PostedForm::File(const std::string& name) const {
  for (const auto& f : files) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

namespace {

// Returns `text` as valid UTF-8, adding `name` to *not_utf8 (once) when it was not.
std::string Utf8Field(const std::string& name, std::string text,
                      std::vector<std::string>* not_utf8) {
  if (IsValidUtf8(text)) return text;
  const std::string shown = ReplaceInvalidUtf8(name);
  if (std::find(not_utf8->begin(), not_utf8->end(), shown) == not_utf8->end()) {
    not_utf8->push_back(shown);
  }
  return ReplaceInvalidUtf8(text);
}

}  // namespace

std::multimap<std::string, std::string> ReadUrlEncodedForm(std::string_view body,
                                                           std::vector<std::string>* not_utf8) {
  std::multimap<std::string, std::string> out;
  for (auto& [name, value] : http::ParseQuery(body)) {
    std::string v = Utf8Field(name, value, not_utf8);
    out.emplace(Utf8Field(name, name, not_utf8), std::move(v));
  }
  return out;
}

PostedForm ReadPostedForm(const http::Request& req) {
  PostedForm f;
  if (!http::IsMultipart(req)) {
    f.fields = ReadUrlEncodedForm(req.body, &f.not_utf8);
    return f;
  }
  auto parts = http::ParseMultipartRequest(req);
  if (!parts.ok()) {
    f.ok = false;
    return f;
  }
  for (auto& p : *parts) {
    if (!p.is_file) {
      std::string v = Utf8Field(p.name, std::move(p.body), &f.not_utf8);
      f.fields.emplace(Utf8Field(p.name, p.name, &f.not_utf8), std::move(v));
    } else if (!p.body.empty() || !p.filename.empty()) {
      p.filename = Utf8Field(p.name, std::move(p.filename), &f.not_utf8);
      p.name = Utf8Field(p.name, p.name, &f.not_utf8);
      f.files.push_back(std::move(p));
    }
  }
  return f;
}

void RefuseUnreadableText(const std::vector<std::string>& not_utf8, const PageContext& ctx,
                          FormErrors* errors) {
  for (const auto& name : not_utf8) errors->Add(name, T(ctx, "form.err.not_utf8"));
}

std::string Trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (!line.empty()) out.push_back(line);
    start = end + 1;
  }
  return out;
}

void FormErrors::Add(std::string id, std::string message) {
  items_.emplace_back(std::move(id), std::move(message));
}

std::string FormErrors::Find(const std::string& id) const {
  for (const auto& [field, message] : items_) {
    if (field == id) return message;
  }
  return "";
}

void FormErrors::Into(Data& d) const {
  if (items_.empty()) return;
  Data list{Data::type::list};
  Data by{Data::type::object};
  for (const auto& [id, message] : items_) {
    Data o{Data::type::object};
    o.set("href", "#" + id);
    o.set("message", message);
    list.push_back(o);
    by.set("err_" + id, message);
    d.set("err_" + id, message);
  }
  d.set("errors", list);
  d.set("has_errors", true);
  d.set("e", by);
}

namespace {

std::string MaxMb(const WebDeps& deps) {
  const double bytes = deps.files ? deps.files->options().max_bytes : 4 * 1024 * 1024;
  return fmt::format("{:g}", bytes / (1024.0 * 1024.0));
}

}  // namespace

std::string FileKindWords(const PageContext& ctx, const std::string& mime) {
  // The kinds people send by mistake, in words (issue 23, point 11); anything else by its type.
  static const std::pair<const char*, const char*> kKinds[] = {
      {"text/plain", "text"},
      {"text/csv", "text"},
      {"text/x-shellscript", "script"},
      {"text/x-script.python", "script"},
      {"text/html", "web"},
      {"application/zip", "zip"},
      {"application/x-rar", "zip"},
      {"application/x-7z-compressed", "zip"},
      {"application/msword", "word"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word"},
      {"application/vnd.ms-excel", "excel"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "excel"},
      {"application/x-executable", "program"},
      {"application/x-sharedlib", "program"},
      {"application/x-dosexec", "program"},
      {"image/gif", "gif"},
      {"image/heic", "heic"},
      {"image/heif", "heic"},
      {"video/mp4", "video"},
  };
  for (const auto& [type, kind] : kKinds) {
    if (mime == type) return T(ctx, std::string("file.kind.") + kind);
  }
  return T(ctx, "file.kind.other", {{"type", mime}});
}

std::string UploadProblem(const WebDeps& deps, const PageContext& ctx,
                          const http::MultipartPart& part) {
  if (!deps.files) return T(ctx, "portal.err.no_uploads");
  if (part.body.empty()) return T(ctx, "portal.err.file_empty", {{"name", part.filename}});
  const service::FileOptions& o = deps.files->options();
  if (static_cast<int64_t>(part.body.size()) > o.max_bytes) {
    return T(ctx, "portal.err.file_too_large", {{"name", part.filename}, {"max", MaxMb(deps)}});
  }
  const std::string type = service::FileService::Sniff(part.body);
  if (std::find(o.types.begin(), o.types.end(), type) == o.types.end()) {
    return T(ctx, "portal.err.file_type", {{"name", part.filename}, {"type", FileKindWords(ctx, type)}});
  }
  return "";
}

std::string StoreUpload(const WebDeps& deps, const PageContext& ctx, const service::Principal& who,
                        const http::MultipartPart& part, const std::string& field, FormErrors* errors,
                        std::string* name_out) {
  if (std::string problem = UploadProblem(deps, ctx, part); !problem.empty()) {
    errors->Add(field, std::move(problem));
    return "";
  }
  auto info = deps.files->Put(who, part.filename, part.body);
  if (!info.ok()) {
    errors->Add(field, T(ctx, "portal.err.file_failed", {{"name", part.filename}}));
    return "";
  }
  if (name_out) *name_out = info->name;
  return info->id;
}

std::vector<RequiredPaper> RequiredPapers(std::string_view record_json) {
  using json = nlohmann::json;
  const json record = json::parse(record_json, nullptr, false);
  std::vector<RequiredPaper> counted, other;
  if (!record.is_object() || !record.contains("components") || !record["components"].is_array()) {
    return {};
  }
  auto str = [](const json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  auto num = [](const json& j, const char* key) {
    return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
  };
  for (const auto& c : record["components"]) {
    if (!c.is_object()) continue;
    std::string name = str(c, "name");
    if (name.empty()) continue;
    if (num(c, "originals") > 0 || num(c, "copies") > 0) {
      counted.push_back({name, num(c, "originals") > 0});
    } else if (!str(c, "group").starts_with("Lưu ý")) {
      other.push_back({name, false});
    }
  }
  return counted.empty() ? other : counted;
}

void SetFileLimits(const WebDeps& deps, PageContext* ctx, Data* d) {
  const int64_t file_max = deps.files ? deps.files->options().max_bytes : 4 * 1024 * 1024;
  const std::string body_mb =
      fmt::format("{:g}", static_cast<double>(deps.max_body_bytes) / (1024.0 * 1024.0));
  d->set("limits", T(*ctx, "portal.file.limits", {{"max", MaxMb(deps)}}));
  // The attributes of the <form> (the template escapes them); the message keeps "{name}" for the
  // script to fill in with the chosen file's name.
  Data check{Data::type::object};
  check.set("file_max", std::to_string(file_max));
  check.set("body_max", std::to_string(deps.max_body_bytes));
  check.set("file_msg", T(*ctx, "portal.err.file_too_large", {{"name", "{name}"}, {"max", MaxMb(deps)}}));
  check.set("body_msg", T(*ctx, "portal.err.files_too_large", {{"max", body_mb}}));
  d->set("file_check", check);
  ctx->scripts.push_back(AssetUrl("files.js"));
}

http::Response AdminErrorPage(const http::Request& req, const WebDeps& deps, int status) {
  const bool missing = status == 404;
  PageContext ctx =
      BasePageContext(req, deps, missing ? "error.not_found.title" : "error.generic.title");
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  d.set("message", missing ? T(ctx, "error.not_found.body")
                           : T(ctx, "error.generic.body", {{"request_id", req.request_id}}));
  return RenderPage(req, ctx, "error", std::move(d), status);
}

}  // namespace motcua::web
