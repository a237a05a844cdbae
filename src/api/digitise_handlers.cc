#include "api/digitise_handlers.h"

#include "api/auth.h"
#include "api/json_util.h"
#include "base/civil_time.h"
#include "http/problem.h"
#include "http/url.h"
#include "service/identity/audit_service.h"

namespace motcua::api {

using nlohmann::json;

namespace {

http::Response Error(const Status& st) {
  return http::ProblemFromStatus(st, http::FieldErrors::kUnprocessable);
}

service::AccessContext Ctx(const http::Request& req) { return {req.route, req.request_id}; }

json ResultJson(const service::SignedResult& r) {
  return {{"verify_code", r.verify_code},
          {"dossier_code", r.dossier_code},
          {"version", r.version},
          {"corrects", r.corrects_code},
          {"unit", r.unit},
          {"unit_name", r.unit_name},
          {"document_number", r.document_number},
          {"title", r.title},
          {"issued_at_ms", r.issued_ms},
          {"signer_name", r.signer_name},
          {"signer_title", r.signer_title},
          {"file_id", r.file_id},
          {"key_id", r.key_id},
          {"verify_url", r.verify_url},
          {"pdf", "/api/v1/signed-results/" + r.verify_code + "/pdf"},
          {"p7s", "/api/v1/signed-results/" + r.verify_code + "/p7s"}};
}

json ReuseJson(const service::ReuseRecord& r) {
  return {{"dossier_code", r.dossier_code}, {"component", r.component},
          {"entry_id", r.entry_id},         {"source", r.source},
          {"title", r.entry_title},         {"file_id", r.file_id},
          {"valid", r.valid},               {"recorded_at_ms", r.recorded_ms},
          {"reused", true}};
}

http::Response FileResponse(std::pair<std::string, std::string> f) {
  const bool pdf = f.first.ends_with(".pdf");
  http::Response r = http::Response::Text(
      200, std::move(f.second), pdf ? "application/pdf" : "application/pkcs7-signature");
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + f.first + "\"");
  r.SetHeader("Cache-Control", "private, no-store");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

http::Response HandleSignResult(const DigitiseApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Error(body.status());
  service::SignResultRequest in;
  std::vector<FieldError> errors;
  TakeField(RequiredStringField(*body, "document_number", 64), &in.document_number, &errors);
  TakeField(StringField(*body, "title", 300), &in.title, &errors);
  TakeField(StringListField(*body, "lines", 2000), &in.lines, &errors);
  std::string signer_title;
  TakeField(StringField(*body, "signer_title", 200), &signer_title, &errors);
  TakeField(StringField(*body, "correction_reason", 2000), &in.correction_reason, &errors);
  if (!errors.empty()) return Error(Status::InvalidArgument("invalid fields", std::move(errors)));
  if (!signer_title.empty()) in.signer_title = signer_title;
  auto r = d.digitise->SignResult(PrincipalOf(req), req.Param("id"), in, Ctx(req));
  if (!r.ok()) return Error(r.status());
  return JsonResponse(201, ResultJson(*r));
}

http::Response HandleListSignedResults(const DigitiseApiDeps& d, http::Request& req) {
  auto list = d.digitise->ResultsOf(PrincipalOf(req), req.Param("id"), Ctx(req));
  if (!list.ok()) return Error(list.status());
  json items = json::array();
  for (const auto& r : *list) items.push_back(ResultJson(r));
  return JsonResponse(200, {{"signed_results", items}});
}

http::Response HandleSignedResultFile(const DigitiseApiDeps& d, http::Request& req) {
  auto f = d.digitise->Download(PrincipalOf(req), req.Param("code"), req.Param("part"), Ctx(req));
  if (!f.ok()) return Error(f.status());
  return FileResponse(std::move(*f));
}

http::Response HandleVerify(const DigitiseApiDeps& d, http::Request& req) {
  auto v = d.digitise->Verify(req.Param("code"));
  if (!v.ok()) return Error(v.status());
  json out = {{"verify_code", v->verify_code},
              {"dossier_code", v->dossier_code},
              {"version", v->version},
              {"unit_name", v->unit_name},
              {"document_number", v->document_number},
              {"title", v->title},
              {"issued_at_ms", v->issued_ms},
              {"signer_title", v->signer_title},
              {"sha256", v->sha256},
              {"state", v->state},
              {"applicant", v->applicant_masked},
              {"corrects", v->corrects_code},
              {"superseded_by", v->superseded_by}};
  if (v->revoked_ms) out["revoked_at_ms"] = *v->revoked_ms;
  http::Response r = JsonResponse(200, out);
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response HandleMyStore(const DigitiseApiDeps& d, http::Request& req) {
  auto list = d.digitise->MyStore(PrincipalOf(req));
  if (!list.ok()) return Error(list.status());
  json items = json::array();
  for (const auto& e : *list) {
    items.push_back({{"id", e.id},
                     {"kind", e.kind},
                     {"title", e.title},
                     {"source", e.source},
                     {"dossier_code", e.dossier_code},
                     {"verify_code", e.verify_code},
                     {"file_id", e.file_id},
                     {"added_at_ms", e.added_ms},
                     {"validity", e.validity},
                     {"synced", e.synced},
                     {"download", "/api/v1/me/store/" + std::to_string(e.id) + "/file"}});
  }
  return JsonResponse(200, {{"entries", items}});
}

http::Response HandleMyStoreFile(const DigitiseApiDeps& d, http::Request& req) {
  const int64_t id = std::atoll(req.Param("entry").c_str());
  auto f = d.digitise->StoreFile(PrincipalOf(req), id);
  if (!f.ok()) return Error(f.status());
  return FileResponse(std::move(*f));
}

http::Response HandleReuse(const DigitiseApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Error(body.status());
  service::ReuseRequest in;
  std::vector<FieldError> errors;
  TakeField(RequiredStringField(*body, "component", 500), &in.component, &errors);
  TakeField(IntField(*body, "entry_id", 0), &in.entry_id, &errors);
  if (!errors.empty()) return Error(Status::InvalidArgument("invalid fields", std::move(errors)));
  auto r = d.digitise->Reuse(PrincipalOf(req), req.Param("id"), in, Ctx(req));
  if (!r.ok()) return Error(r.status());
  return JsonResponse(201, ReuseJson(*r));
}

http::Response HandleListReuse(const DigitiseApiDeps& d, http::Request& req) {
  auto list = d.digitise->ReusesOf(PrincipalOf(req), req.Param("id"), Ctx(req));
  if (!list.ok()) return Error(list.status());
  json items = json::array();
  for (const auto& r : *list) items.push_back(ReuseJson(r));
  return JsonResponse(200, {{"reused_components", items}});
}

namespace {
json ComponentJson(const service::DigitisedComponent& c) {
  json j = {{"component", c.component}, {"file_id", c.file_id},
            {"digitised", !c.file_id.empty() || c.reused}, {"certified", c.certified},
            {"reused", c.reused}};
  if (c.digitised_ms) {
    j["digitised_by"] = c.digitised_by;
    j["digitised_at_ms"] = c.digitised_ms;
  }
  if (c.certified) j["certified_at_ms"] = c.certified_ms;
  return j;
}
}  // namespace

http::Response HandleDigitiseComponent(const DigitiseApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return Error(body.status());
  service::DigitiseComponentRequest in;
  std::vector<FieldError> errors;
  TakeField(RequiredStringField(*body, "component", 500), &in.component, &errors);
  TakeField(BoolField(*body, "certify", false), &in.certify, &errors);
  if (!errors.empty()) return Error(Status::InvalidArgument("invalid fields", std::move(errors)));
  auto r = d.digitise->DigitiseComponent(PrincipalOf(req), req.Param("id"), in, Ctx(req));
  if (!r.ok()) return Error(r.status());
  return JsonResponse(201, ComponentJson(*r));
}

http::Response HandleDigitisation(const DigitiseApiDeps& d, http::Request& req) {
  auto r = d.digitise->DigitisationOf(PrincipalOf(req), req.Param("id"), Ctx(req));
  if (!r.ok()) return Error(r.status());
  json items = json::array();
  for (const auto& c : r->components) items.push_back(ComponentJson(c));
  return JsonResponse(200, {{"components", items},
                            {"electronic_result", r->electronic_result},
                            {"digitised", r->digitised}});
}

}  // namespace motcua::api
