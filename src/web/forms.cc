#include "web/forms.h"

#include <fmt/format.h>

#include <algorithm>

#include "http/url.h"
#include "service/file_service.h"
#include "web/page_context.h"

namespace motcua::web {

std::string FormData::Get(const std::string& k) const {
  auto it = fields.find(k);
  return it == fields.end() ? "" : it->second;
}

const http::MultipartPart* FormData::File(const std::string& name) const {
  for (const auto& f : files) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

FormData ReadForm(const http::Request& req) {
  FormData f;
  if (http::IsMultipart(req)) {
    auto parts = http::ParseMultipartRequest(req);
    if (!parts.ok()) {
      f.ok = false;
      return f;
    }
    for (auto& p : *parts) {
      if (p.is_file) {
        if (!p.body.empty() || !p.filename.empty()) f.files.push_back(std::move(p));
      } else {
        f.fields.emplace(p.name, std::move(p.body));
      }
    }
  } else {
    for (auto& [k, v] : http::ParseQuery(req.body)) f.fields.emplace(k, v);
  }
  return f;
}

void Errors::Into(Data& d) const {
  if (items.empty()) return;
  Data list{Data::type::list};
  for (const auto& [field, message] : items) {
    Data e{Data::type::object};
    e.set("href", "#" + field);
    e.set("message", message);
    list.push_back(e);
    d.set("err_" + field, message);
  }
  d.set("errors", list);
  d.set("has_errors", true);
}

namespace {

std::string MaxMb(const WebDeps& deps) {
  const double bytes = deps.files ? deps.files->options().max_bytes : 4 * 1024 * 1024;
  return fmt::format("{:g}", bytes / (1024.0 * 1024.0));
}

}  // namespace

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
    return T(ctx, "portal.err.file_type", {{"name", part.filename}, {"type", type}});
  }
  return "";
}

std::string StoreUpload(const WebDeps& deps, const PageContext& ctx, const service::Principal& who,
                        const http::MultipartPart& part, const std::string& field, Errors* errors,
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
  *name_out = info->name;
  return info->id;
}

std::string FileLimits(const WebDeps& deps, const PageContext& ctx) {
  return T(ctx, "portal.file.limits", {{"max", MaxMb(deps)}});
}

}  // namespace motcua::web
