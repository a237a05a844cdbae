#include "api/community_handlers.h"

#include <charconv>

#include "api/auth.h"
#include "api/json_util.h"
#include "base/env.h"
#include "base/civil_time.h"
#include "http/problem.h"
#include "service/identity/audit_service.h"

namespace motcua::api {

using nlohmann::json;

namespace {

http::Response Error(const Status& st) {
  return http::ProblemFromStatus(st, http::FieldErrors::kUnprocessable);
}

service::AccessContext Ctx(const http::Request& req) { return {req.route, req.request_id}; }

// Returns the whole number of a path parameter; InvalidArgument (400) otherwise.
Result<int64_t> IdParam(const http::Request& req, std::string_view name) {
  const std::string s = req.Param(name);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) {
    return Status::InvalidArgument("'" + s + "' is not an id", {{std::string(name), "a positive whole number"}});
  }
  return v;
}

json OptJson(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json OptJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json GroupJson(const service::CommunityGroup& g) {
  json members = json::array();
  for (const auto& m : g.members) {
    members.push_back({{"username", m.username}, {"is_head", m.is_head},
                       {"revoked_at", m.revoked_ms ? json(FormatRfc3339Vietnam(*m.revoked_ms))
                                                   : json(nullptr)}});
  }
  return {{"id", g.id}, {"unit", g.unit}, {"village", g.village},
          {"village_kind", g.village_kind}, {"population", OptJson(g.population)},
          {"members", members}};
}

json HouseholdJson(const service::Household& h) {
  json persons = json::array();
  for (const auto& p : h.persons) {
    persons.push_back({{"id", p.id}, {"full_name", p.full_name},
                       {"birth_year", OptJson(p.birth_year)}, {"flags", p.flags},
                       {"helped", p.helped}});
  }
  return {{"id", h.id}, {"group_id", h.group_id}, {"unit", h.unit}, {"village", h.village},
          {"head_name", h.head_name}, {"address", h.address}, {"persons", persons},
          {"visits", h.visits}};
}

json ResultJson(const service::FilingResult& r) {
  json j = {{"client_key", r.client_key}, {"provisional_code", r.provisional_code},
            {"outcome", r.outcome}, {"replayed", r.replayed}};
  if (!r.dossier_code.empty()) {
    j["dossier_code"] = r.dossier_code;
    j["lookup_path"] = "/tra-cuu/" + r.dossier_code;
  }
  if (r.outcome != "filed") {
    j["reason"] = r.refusal.reason;
    j["message_vi"] = r.refusal.vi;
    j["message_en"] = r.refusal.en;
  }
  return j;
}

// Reads the filing's fields shared by the online call and a synced item. Errors name the field
// under `prefix`.
void ReadFiling(const json& j, const std::string& prefix, service::AssistedFiling* f,
                std::vector<FieldError>* errors) {
  auto take = [&](const json& obj, const char* key, const std::string& p, std::string* out,
                  size_t max = 500) {
    auto v = StringField(obj, key, max, p + key);
    if (v.ok()) *out = std::move(*v);
    else for (const auto& e : v.status().fields()) errors->push_back(e);
  };
  take(j, "client_key", prefix, &f->client_key, 80);
  take(j, "provisional_code", prefix, &f->provisional_code, 40);
  take(j, "procedure_code", prefix, &f->procedure_code, 40);
  TakeField(IntField(j, "consent_id", 0, prefix + "consent_id"), &f->consent_id, errors);
  if (f->client_key.empty()) errors->push_back({prefix + "client_key", "required"});
  if (f->procedure_code.empty()) errors->push_back({prefix + "procedure_code", "required"});
  if (!j.contains("applicant") || !j["applicant"].is_object()) {
    errors->push_back({prefix + "applicant", "the applicant is required: {full_name, id_number, …}"});
  } else {
    const json& a = j["applicant"];
    const std::string p = prefix + "applicant.";
    take(a, "full_name", p, &f->applicant_name);
    take(a, "id_number", p, &f->applicant_id_number, 20);
    take(a, "phone", p, &f->applicant_phone, 20);
    take(a, "email", p, &f->applicant_email, 200);
    take(a, "address", p, &f->applicant_address);
  }
  if (j.contains("components") && !j["components"].is_null()) {
    if (!j["components"].is_array() || j["components"].size() > 50) {
      errors->push_back({prefix + "components", "a list of at most 50 {name, original, file}"});
    } else {
      for (size_t i = 0; i < j["components"].size(); ++i) {
        const json& c = j["components"][i];
        const std::string p = prefix + "components/" + std::to_string(i) + "/";
        service::AssistedFiling::Component comp;
        take(c, "name", p, &comp.name);
        take(c, "file", p, &comp.file, 64);
        TakeField(BoolField(c, "original", false, p + "original"), &comp.original, errors);
        f->components.push_back(std::move(comp));
      }
    }
  }
}

// Reads a consent object {method, signature, phone} given with the resident's details.
void ReadConsent(const json& c, const std::string& prefix, service::ConsentInput* in,
                 std::vector<FieldError>* errors) {
  std::string method = "signature";
  if (auto m = StringField(c, "method", 20, prefix + "method"); m.ok()) {
    if (!m->empty()) method = *m;
  } else {
    errors->push_back({prefix + "method", "signature or otp"});
  }
  auto parsed = community::ParseConsentMethod(method);
  if (!parsed) errors->push_back({prefix + "method", "signature or otp"});
  else in->method = *parsed;
  auto sig = StringField(c, "signature", 2 * 1024 * 1024, prefix + "signature");
  if (!sig.ok()) {
    errors->push_back({prefix + "signature", "the drawn signature as base64 (a data URL will do)"});
  } else if (!sig->empty()) {
    auto bytes = service::DecodeBase64(*sig);
    if (!bytes.ok()) errors->push_back({prefix + "signature", "not base64"});
    else in->signature_image = std::move(*bytes);
  }
}

Result<service::AssistedFiling> ParseFiling(const json& j, const std::string& unit) {
  service::AssistedFiling f;
  std::vector<FieldError> errors;
  ReadFiling(j, "", &f, &errors);
  f.unit = unit;
  if (!errors.empty()) return Status::InvalidArgument("the dossier cannot be filed", errors);
  return f;
}

}  // namespace

http::Response HandleCreateCommunityGroup(const CommunityApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  service::NewGroup g;
  g.unit = req.Param("code");
  std::vector<FieldError> f;
  TakeField(RequiredStringField(*body, "village", 200), &g.village, &f);
  std::string kind;
  TakeField(StringField(*body, "village_kind", 20), &kind, &f);
  if (!kind.empty()) g.village_kind = kind;
  int64_t population = -1;
  TakeField(IntField(*body, "population", -1), &population, &f);
  if (population >= 0) g.population = population;
  if (!f.empty()) return Error(Status::InvalidArgument("the group is incomplete", f));
  auto out = d.community->CreateGroup(PrincipalOf(req), g);
  if (!out.ok()) return Error(out.status());
  return JsonResponse(201, GroupJson(*out));
}

http::Response HandleListCommunityGroups(const CommunityApiDeps& d, http::Request& req) {
  auto out = d.community->Groups(PrincipalOf(req), req.Param("code"));
  if (!out.ok()) return Error(out.status());
  json groups = json::array();
  for (const auto& g : *out) groups.push_back(GroupJson(g));
  return JsonResponse(200, {{"groups", groups}});
}

http::Response HandleAddCommunityMember(const CommunityApiDeps& d, http::Request& req) {
  auto group = IdParam(req, "group");
  if (!group.ok()) return http::ProblemFromStatus(group.status());
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> f;
  std::string username;
  bool head = false;
  TakeField(RequiredStringField(*body, "username", 100), &username, &f);
  TakeField(BoolField(*body, "is_head", false), &head, &f);
  if (!f.empty()) return Error(Status::InvalidArgument("name the account", f));
  auto out = d.community->AddMember(PrincipalOf(req), req.Param("code"), *group, username, head);
  if (!out.ok()) return Error(out.status());
  return JsonResponse(200, GroupJson(*out));
}

http::Response HandleRevokeCommunityMember(const CommunityApiDeps& d, http::Request& req) {
  Status st = d.community->RevokeMemberDevices(PrincipalOf(req), req.Param("code"),
                                               req.Param("username"));
  if (!st.ok()) return Error(st);
  http::Response r;
  r.status = 204;
  return r;
}

http::Response HandleGetHelpKinds(const CommunityApiDeps& d, http::Request& req) {
  auto kinds = d.community->HelpKinds(req.Param("code"));
  if (!kinds.ok()) return Error(kinds.status());
  json out = json::array();
  for (const auto& k : *kinds) {
    out.push_back({{"kind", k.kind}, {"label_vi", k.label_vi}, {"label_en", k.label_en}});
  }
  return JsonResponse(200, {{"kinds", out}});
}

http::Response HandlePutHelpKinds(const CommunityApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<community::HelpKind> kinds;
  std::vector<FieldError> f;
  if (!body->contains("kinds") || !(*body)["kinds"].is_array()) {
    f.push_back({"kinds", "a list of {kind, label_vi, label_en}"});
  } else {
    for (size_t i = 0; i < (*body)["kinds"].size(); ++i) {
      const json& k = (*body)["kinds"][i];
      const std::string p = "kinds/" + std::to_string(i) + "/";
      community::HelpKind hk;
      TakeField(StringField(k, "kind", 40, p + "kind"), &hk.kind, &f);
      TakeField(StringField(k, "label_vi", 200, p + "label_vi"), &hk.label_vi, &f);
      TakeField(StringField(k, "label_en", 200, p + "label_en"), &hk.label_en, &f);
      kinds.push_back(std::move(hk));
    }
  }
  if (!f.empty()) return Error(Status::InvalidArgument("the list cannot be read", f));
  Status st = d.community->SetHelpKinds(PrincipalOf(req), req.Param("code"), kinds);
  if (!st.ok()) return Error(st);
  return HandleGetHelpKinds(d, req);
}

http::Response HandlePutCommunityTargets(const CommunityApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<service::Target> targets;
  std::vector<FieldError> f;
  if (!body->contains("targets") || !(*body)["targets"].is_array()) {
    f.push_back({"targets", "a list of {key, label_vi, label_en, kind, target_pct}"});
  } else {
    for (size_t i = 0; i < (*body)["targets"].size(); ++i) {
      const json& t = (*body)["targets"][i];
      const std::string p = "targets/" + std::to_string(i) + "/";
      service::Target x;
      TakeField(StringField(t, "key", 60, p + "key"), &x.key, &f);
      TakeField(StringField(t, "label_vi", 200, p + "label_vi"), &x.label_vi, &f);
      TakeField(StringField(t, "label_en", 200, p + "label_en"), &x.label_en, &f);
      TakeField(StringField(t, "kind", 40, p + "kind"), &x.kind, &f);
      TakeField(NumberField(t, "target_pct", 0, p + "target_pct"), &x.target_pct, &f);
      targets.push_back(std::move(x));
    }
  }
  if (!f.empty()) return Error(Status::InvalidArgument("the targets cannot be read", f));
  Status st = d.community->SetTargets(PrincipalOf(req), req.Param("code"), targets);
  if (!st.ok()) return Error(st);
  return JsonResponse(200, {{"targets", targets.size()}});
}

http::Response HandleCreateHousehold(const CommunityApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  service::HouseholdInput in;
  std::vector<FieldError> f;
  TakeField(IntField(*body, "group_id", 0), &in.group_id, &f);
  if (in.group_id <= 0) f.push_back({"group_id", "the village's group is required"});
  TakeField(RequiredStringField(*body, "head_name", 200), &in.head_name, &f);
  TakeField(StringField(*body, "address", 500), &in.address, &f);
  if (body->contains("persons") && (*body)["persons"].is_array()) {
    for (size_t i = 0; i < (*body)["persons"].size() && i < 60; ++i) {
      const json& p = (*body)["persons"][i];
      const std::string at = "persons/" + std::to_string(i) + "/";
      service::PersonInput person;
      TakeField(StringField(p, "full_name", 200, at + "full_name"), &person.full_name, &f);
      int64_t year = 0;
      TakeField(IntField(p, "birth_year", 0, at + "birth_year"), &year, &f);
      if (year != 0) person.birth_year = year;
      TakeField(StringListField(p, "flags", 40, at + "flags"), &person.flags, &f);
      in.persons.push_back(std::move(person));
    }
  }
  if (!f.empty()) return Error(Status::InvalidArgument("the household is incomplete", f));
  auto out = d.community->CreateHousehold(PrincipalOf(req), req.Param("code"), in, Ctx(req));
  if (!out.ok()) return Error(out.status());
  return JsonResponse(201, HouseholdJson(*out));
}

http::Response HandleListHouseholds(const CommunityApiDeps& d, http::Request& req) {
  auto group = IdParam(req, "group");
  if (!group.ok()) return http::ProblemFromStatus(group.status());
  auto out = d.community->Households(PrincipalOf(req), req.Param("code"), *group);
  if (!out.ok()) return Error(out.status());
  json list = json::array();
  for (const auto& h : *out) list.push_back(HouseholdJson(h));
  return JsonResponse(200, {{"households", list}});
}

http::Response HandleGetHousehold(const CommunityApiDeps& d, http::Request& req) {
  auto id = IdParam(req, "id");
  if (!id.ok()) return http::ProblemFromStatus(id.status());
  auto out = d.community->GetHousehold(PrincipalOf(req), req.Param("code"), *id, Ctx(req));
  if (!out.ok()) return Error(out.status());
  return JsonResponse(200, HouseholdJson(*out));
}

http::Response HandleRecordVisit(const CommunityApiDeps& d, http::Request& req) {
  auto id = IdParam(req, "id");
  if (!id.ok()) return http::ProblemFromStatus(id.status());
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  service::VisitInput in;
  in.household_id = *id;
  std::vector<FieldError> f;
  TakeField(StringField(*body, "note", 2000), &in.note, &f);
  std::string at;
  TakeField(StringField(*body, "visited_at", 40), &at, &f);
  if (!at.empty()) {
    auto ms = ParseRfc3339(at);
    if (!ms) f.push_back({"visited_at", "an RFC 3339 time"});
    else in.visited_ms = *ms;
  }
  if (body->contains("help") && !(*body)["help"].is_array()) {
    f.push_back({"help", "a list of {person_id, kinds}"});
  } else if (body->contains("help")) {
    for (size_t i = 0; i < (*body)["help"].size(); ++i) {
      const json& h = (*body)["help"][i];
      const std::string p = "help/" + std::to_string(i) + "/";
      int64_t person = 0;
      std::vector<std::string> kinds;
      TakeField(IntField(h, "person_id", 0, p + "person_id"), &person, &f);
      TakeField(StringListField(h, "kinds", 40, p + "kinds"), &kinds, &f);
      auto& dst = in.help[person];
      dst.insert(dst.end(), kinds.begin(), kinds.end());
    }
  }
  if (!f.empty()) return Error(Status::InvalidArgument("the visit cannot be read", f));
  auto out = d.community->RecordVisit(PrincipalOf(req), req.Param("code"), in);
  if (!out.ok()) return Error(out.status());
  return JsonResponse(201, {{"visit_id", *out}});
}

http::Response HandleCreateConsent(const CommunityApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  service::ConsentInput in;
  in.unit = req.Param("code");
  std::vector<FieldError> f;
  if (!body->contains("resident") || !(*body)["resident"].is_object()) {
    f.push_back({"resident", "the resident is required: {full_name, id_number, phone}"});
  } else {
    const json& r = (*body)["resident"];
    TakeField(RequiredStringField(r, "full_name", 200, "resident.full_name"), &in.resident_name, &f);
    TakeField(RequiredStringField(r, "id_number", 20, "resident.id_number"), &in.resident_id_number, &f);
    TakeField(StringField(r, "phone", 20, "resident.phone"), &in.resident_phone, &f);
  }
  ReadConsent(*body, "", &in, &f);
  if (!f.empty()) return Error(Status::InvalidArgument("the resident's consent is missing", f));
  auto out = d.community->CreateConsent(PrincipalOf(req), in);
  if (!out.ok()) return Error(out.status());
  json j = {{"id", out->id}, {"method", out->method}, {"confirmed", out->confirmed},
            {"authorisation_id", out->authorisation_id}};
  if (!out->signature_file.empty()) j["signature_file"] = out->signature_file;
  if (!out->test_code.empty()) j["test_code"] = out->test_code;
  return JsonResponse(201, j);
}

http::Response HandleConfirmConsent(const CommunityApiDeps& d, http::Request& req) {
  auto id = IdParam(req, "id");
  if (!id.ok()) return http::ProblemFromStatus(id.status());
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> f;
  std::string code;
  TakeField(RequiredStringField(*body, "code", 12), &code, &f);
  if (!f.empty()) return Error(Status::InvalidArgument("the code is required", f));
  auto out = d.community->ConfirmConsent(PrincipalOf(req), *id, code);
  if (!out.ok()) return Error(out.status());
  return JsonResponse(200, {{"id", out->id}, {"confirmed", true},
                            {"authorisation_id", out->authorisation_id}});
}

http::Response HandleAssistedDossier(const CommunityApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  auto f = ParseFiling(*body, req.Param("code"));
  if (!f.ok()) return Error(f.status());
  auto out = d.community->File(PrincipalOf(req), *f);
  if (!out.ok()) return Error(out.status());
  // A refusal is an answer about the dossier, not about the request: 422 with the plain words.
  return JsonResponse(out->outcome == "filed" ? (out->replayed ? 200 : 201) : 422,
                      ResultJson(*out));
}

http::Response HandleCommunitySync(const CommunityApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  std::vector<FieldError> f;
  std::string batch_id;
  TakeField(StringField(*body, "batch_id", 80), &batch_id, &f);
  if (!body->contains("items") || !(*body)["items"].is_array()) {
    f.push_back({"items", "a list of the tablet's dossiers"});
  } else if ((*body)["items"].size() > community::kMaxBatchItems) {
    f.push_back({"items", "at most 200 items a batch"});
  }
  if (!f.empty()) return Error(Status::InvalidArgument("the batch cannot be read", f));
  const std::string unit = req.Param("code");
  std::vector<service::SyncItem> items;
  const json& list = (*body)["items"];
  for (size_t i = 0; i < list.size(); ++i) {
    service::SyncItem item;
    std::vector<FieldError> errors;
    const json& j = list[i];
    if (!j.is_object()) {
      item.invalid = Status::InvalidArgument("an item must be an object");
      items.push_back(std::move(item));
      continue;
    }
    ReadFiling(j, "", &item.filing, &errors);
    item.filing.unit = unit;
    item.consent.resident_name = item.filing.applicant_name;
    item.consent.resident_id_number = item.filing.applicant_id_number;
    item.consent.resident_phone = item.filing.applicant_phone;
    if (j.contains("consent") && j["consent"].is_object()) {
      ReadConsent(j["consent"], "consent.", &item.consent, &errors);
    }
    if (j.contains("photos") && j["photos"].is_array()) {
      for (size_t k = 0; k < j["photos"].size() && k < 20; ++k) {
        const json& p = j["photos"][k];
        const std::string at = "photos/" + std::to_string(k) + "/";
        service::SyncItem::Photo photo;
        std::string data;
        TakeField(StringField(p, "name", 200, at + "name"), &photo.name, &errors);
        TakeField(StringField(p, "component", 200, at + "component"), &photo.component, &errors);
        TakeField(StringField(p, "data", 8 * 1024 * 1024, at + "data"), &data, &errors);
        auto bytes = service::DecodeBase64(data);
        if (!bytes.ok() || bytes->empty()) errors.push_back({at + "data", "the photo as base64"});
        else photo.bytes = std::move(*bytes);
        item.photos.push_back(std::move(photo));
      }
    }
    if (!errors.empty()) item.invalid = Status::InvalidArgument("the item cannot be read", errors);
    items.push_back(std::move(item));
  }
  auto out = d.community->Sync(PrincipalOf(req), batch_id, std::move(items));
  if (!out.ok()) return Error(out.status());
  json results = json::array();
  int filed = 0, refused = 0, retry = 0;
  for (const auto& r : *out) {
    results.push_back(ResultJson(r));
    (r.outcome == "filed" ? filed : r.outcome == "refused" ? refused : retry)++;
  }
  return JsonResponse(200, {{"batch_id", batch_id}, {"filed", filed}, {"refused", refused},
                            {"retry", retry}, {"results", results}});
}

http::Response HandleMyCommunityFilings(const CommunityApiDeps& d, http::Request& req) {
  auto out = d.community->MyFilings(PrincipalOf(req), 200);
  if (!out.ok()) return Error(out.status());
  json list = json::array();
  for (const auto& r : *out) list.push_back(ResultJson(r));
  return JsonResponse(200, {{"filings", list}});
}

namespace {
json RowJson(const service::DashboardRow& r) {
  return {{"label", r.label},
          {"group_id", r.group_id},
          {"households", r.households},
          {"households_reached", r.households_reached},
          {"visits", r.visits},
          {"help_records", r.help_records},
          {"persons_helped", r.persons_helped},
          {"persons_by_kind", r.persons_by_kind},
          {"vulnerable_helped", r.vulnerable_helped},
          {"population", OptJson(r.population)},
          {"vneid_level2_pct", OptJson(r.vneid_level2_pct)},
          {"assisted_dossiers", r.assisted_dossiers},
          {"offline_dossiers", r.offline_dossiers},
          {"refused_items", r.refused_items}};
}
}  // namespace

namespace {
// The period of ?from= and ?to= (RFC 3339): by default the last year up to now.
Status PeriodOf(const http::Request& req, int64_t* from, int64_t* to) {
  const int64_t now = Env::Default().NowMs();
  *from = now - int64_t{365} * 24 * 3600 * 1000;
  *to = now + 1;
  std::vector<FieldError> f;
  for (const char* key : {"from", "to"}) {
    const std::string v = req.Query(key);
    if (v.empty()) continue;
    auto ms = ParseRfc3339(v);
    if (!ms) f.push_back({key, "an RFC 3339 time"});
    else *(std::string_view(key) == "from" ? from : to) = *ms;
  }
  return f.empty() ? Status::Ok() : Status::InvalidArgument("bad period", f);
}
}  // namespace

http::Response HandleCommunityDashboardXlsx(const CommunityApiDeps& d, http::Request& req) {
  int64_t from = 0, to = 0;
  if (Status st = PeriodOf(req, &from, &to); !st.ok()) return Error(st);
  const std::string lang = req.Query("lang") == "en" ? "en" : "vi";
  auto out = d.community->DashboardXlsx(PrincipalOf(req), req.Param("code"), from, to, lang);
  if (!out.ok()) return Error(out.status());
  http::Response r;
  r.status = 200;
  r.body = std::move(*out);
  r.SetHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.SetHeader("Content-Disposition",
              "attachment; filename=\"to-cong-nghe-so-" + req.Param("code") + ".xlsx\"");
  r.SetHeader("Cache-Control", "private, no-cache");
  return r;
}

http::Response HandleCommunityDashboard(const CommunityApiDeps& d, http::Request& req) {
  int64_t from = 0, to = 0;
  if (Status st = PeriodOf(req, &from, &to); !st.ok()) return Error(st);
  auto out = d.community->DashboardOf(PrincipalOf(req), req.Param("code"), from, to);
  if (!out.ok()) return Error(out.status());
  json villages = json::array();
  for (const auto& v : out->villages) villages.push_back(RowJson(v));
  json kinds = json::array();
  for (const auto& k : out->kinds) {
    kinds.push_back({{"kind", k.kind}, {"label_vi", k.label_vi}, {"label_en", k.label_en}});
  }
  json targets = json::array();
  for (const auto& t : out->targets) {
    targets.push_back({{"key", t.target.key}, {"label_vi", t.target.label_vi},
                       {"label_en", t.target.label_en}, {"kind", t.target.kind},
                       {"target_pct", t.target.target_pct},
                       {"current_pct", OptJson(t.current_pct)}, {"met", t.met}});
  }
  json trend = json::array();
  for (const auto& [month, n] : out->trend) trend.push_back({{"month", month}, {"help_records", n}});
  return JsonResponse(200, {{"unit", out->unit},
                            {"from", FormatRfc3339Vietnam(out->from_ms)},
                            {"to", FormatRfc3339Vietnam(out->to_ms)},
                            {"kinds", kinds},
                            {"villages", villages},
                            {"commune", RowJson(out->commune)},
                            {"targets", targets},
                            {"trend", trend}});
}

}  // namespace motcua::api
