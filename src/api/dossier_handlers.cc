#include "api/dossier_handlers.h"

#include <cstdlib>

#include "api/auth.h"
#include "api/json_util.h"
#include "base/civil_time.h"
#include "base/env.h"
#include "base/hash.h"
#include "domain/calendar/work_calendar.h"
#include "http/problem.h"
#include "http/url.h"
#include "service/identity/audit_service.h"
#include "service/dossier/dossier_codec.h"

namespace motcua::api {

using nlohmann::json;
using service::DossierView;

namespace {

json Time(const std::optional<int64_t>& ms) {
  return ms ? json(FormatRfc3339Vietnam(*ms)) : json(nullptr);
}

// The working time left when the clock was paused (frozen while it stands still), or null when
// the clock runs: {"working_minutes": 1020, "overdue": false, "vi": "còn 2 ngày 1 giờ",
// "en": "2 days 1 hour left"}.
json PausedRemainingJson(const std::optional<int64_t>& minutes, bool overdue, const std::string& vi,
                         const std::string& en) {
  if (!minutes) return nullptr;
  return {{"working_minutes", *minutes}, {"overdue", overdue}, {"vi", vi}, {"en", en}};
}

// A person as `who` may see them: the header was passed through service::HeaderAsSeenBy.
json PersonJson(const std::string& name, const std::string& id, const std::string& phone,
                const std::string& email, const std::string& address) {
  return {{"full_name", name},
          {"id_number", id},
          {"phone", phone},
          {"email", email},
          {"address", address}};
}

json ViewJson(const DossierView& v, const service::Principal& who,
              const std::vector<std::string>& actions) {
  const dossier::Dossier& d = v.state;
  const dossier::Header h = service::HeaderAsSeenBy(who, d.header);
  json applicant = PersonJson(h.applicant.full_name, h.applicant.id_number, h.applicant.phone,
                              h.applicant.email, h.applicant.address);
  applicant["kind"] = h.applicant.kind == dossier::ApplicantKind::kPerson ? "person" : "organisation";
  json j = {
      {"code", h.id},
      {"version", d.version},
      {"status", static_cast<int>(d.status)},
      {"status_name", dossier::StatusName(d.status)},
      {"status_name_vi", dossier::StatusNameVi(d.status)},
      {"step", d.step ? json(dossier::StepKindName(*d.step)) : json(nullptr)},
      {"awaiting_completion", d.awaiting_completion},
      {"channel", service::ChannelName(h.channel)},
      {"unit", h.unit},
      {"province", h.province},
      {"procedure",
       {{"code", h.workflow.procedure_code},
        {"version", h.workflow.procedure_version},
        {"name", h.procedure_name}}},
      {"time_limit", {{"amount", h.workflow.total_days}, {"unit", h.time_unit}}},
      {"applicant", applicant},
      {"result_delivery", service::ReturnChannelName(h.result_delivery)},
      {"submitted_at", Time(d.submitted_at)},
      {"received_at", Time(d.accepted_at)},
      {"due_at", Time(v.due_ms)},
      {"original_due_at", Time(v.original_due_ms)},
      {"paused", v.paused},
      {"paused_remaining", PausedRemainingJson(v.paused_remaining_minutes, v.paused_overdue,
                                               v.paused_remaining_vi, v.paused_remaining_en)},
      {"on_time", v.on_time ? json(*v.on_time) : json(nullptr)},
      {"late_reason", v.late_reason.empty() ? json(nullptr) : json(v.late_reason)},
      {"next_role", v.next_role},
      {"supplementation_requests", d.supplementation_requests},
      {"supplementation_exceptions", d.supplementation_exceptions},
      {"apologies", d.apologies},
      {"handler", d.handler},
      {"finished_at", Time(d.finished_at)},
      {"delivered_at", Time(d.delivered_at)},
      {"returned_by", d.returned_by ? json(service::ReturnChannelName(*d.returned_by))
                                    : json(nullptr)},
      {"escalations", v.escalations},
      {"rating", d.rating == 0 ? json(nullptr) : json(d.rating)},
      {"result_file", d.result_file.empty() ? json(nullptr) : json(d.result_file)},
      {"allowed_actions", actions},
      {"lookup_path", "/tra-cuu/" + h.id},
  };
  if (h.representative) {
    const auto& r = *h.representative;
    j["representative"] = PersonJson(r.full_name, r.id_number, r.phone, r.email, r.address);
    j["representative"]["document_ref"] = r.document_ref;
  }
  json comps = json::array();
  for (const auto& c : h.components) {
    comps.push_back({{"name", c.name}, {"original", c.original}, {"certified", c.certified},
                     {"count", c.count}, {"file", c.file}});
  }
  j["components"] = comps;
  json steps = json::array();
  for (const auto& s : h.workflow.steps) {
    steps.push_back({{"step", dossier::StepKindName(s.kind)}, {"role", s.role},
                     {"budget_days", s.budget_days}});
  }
  j["workflow"] = steps;
  return j;
}

std::string ETag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

// The dossier resources answer field-level validation of a well-formed request with 422 (the body
// was read, its content is wrong); a body that cannot be read at all stays 400.
http::Response Error(const Status& st) {
  return http::ProblemFromStatus(st, http::FieldErrors::kUnprocessable);
}

// The idempotency record of a POST, or nullopt without the header. The hash binds the key to the
// method, path and body.
std::optional<service::Idempotency> IdempotencyOf(const http::Request& req) {
  auto key = req.Header("idempotency-key");
  if (!key || key->empty()) return std::nullopt;
  service::Idempotency idem;
  idem.key = std::string(key->substr(0, 200));
  idem.request_hash = Sha256Hex(std::string(http::MethodName(req.method)) + " " + req.path + "\n" +
                                req.body);
  return idem;
}

// The response of a write: the dossier's ETag and, for a new one, its Location. A replayed body is
// read back for them; a fresh one takes them from the outcome.
http::Response Stored(const service::StoredResponse& s, bool replayed,
                      const DossierView* view = nullptr) {
  http::Response r = http::Response::Json(s.status, s.body);
  std::optional<int64_t> version;
  std::string code;
  if (view) {
    version = view->state.version;
    code = view->state.header.id;
  } else {
    json j = json::parse(s.body, nullptr, false);
    if (j.is_object() && j.contains("version") && j["version"].is_number_integer())
      version = j["version"].get<int64_t>();
    if (j.is_object() && j.contains("code") && j["code"].is_string())
      code = j["code"].get<std::string>();
  }
  if (version) r.SetHeader("ETag", ETag(*version));
  if (!code.empty() && s.status == 201) r.SetHeader("Location", "/api/v1/dossiers/" + code);
  if (replayed) r.SetHeader("Idempotent-Replayed", "true");
  return r;
}

Result<service::SubmitRequest> ParseSubmit(const json& j) {
  service::SubmitRequest r;
  std::vector<FieldError> f;
  auto take = [&](const json& obj, const char* key, const std::string& prefix, std::string* out) {
    auto v = StringField(obj, key, 500);
    if (!v.ok()) {
      for (const auto& e : v.status().fields()) f.push_back({prefix + e.field, e.message});
    } else {
      *out = std::move(*v);
    }
  };
  take(j, "unit", "", &r.unit);
  take(j, "procedure_code", "", &r.procedure_code);
  std::string channel = "counter", delivery = "counter";
  take(j, "channel", "", &channel);
  take(j, "result_delivery", "", &delivery);
  auto ch = service::ParseChannel(channel.empty() ? "counter" : channel);
  if (!ch.ok()) f.push_back({"channel", "one of counter, online, post"});
  else r.channel = *ch;
  auto rd = service::ParseReturnChannel(delivery.empty() ? "counter" : delivery);
  if (!rd.ok()) f.push_back({"result_delivery", "one of counter, post, online"});
  else r.result_delivery = *rd;
  if (!j.contains("applicant") || !j["applicant"].is_object()) {
    f.push_back({"applicant", "the applicant is required: {full_name, id_number, …}"});
  } else {
    const json& a = j["applicant"];
    std::string kind = "person";
    take(a, "kind", "applicant.", &kind);
    if (kind == "organisation") r.applicant.kind = dossier::ApplicantKind::kOrganisation;
    else if (kind != "person" && !kind.empty()) f.push_back({"applicant.kind", "person or organisation"});
    take(a, "full_name", "applicant.", &r.applicant.full_name);
    take(a, "id_number", "applicant.", &r.applicant.id_number);
    take(a, "phone", "applicant.", &r.applicant.phone);
    take(a, "email", "applicant.", &r.applicant.email);
    take(a, "address", "applicant.", &r.applicant.address);
  }
  if (j.contains("representative") && !j["representative"].is_null()) {
    if (!j["representative"].is_object()) {
      f.push_back({"representative", "must be an object"});
    } else {
      const json& a = j["representative"];
      dossier::Representative rep;
      take(a, "full_name", "representative.", &rep.full_name);
      take(a, "id_number", "representative.", &rep.id_number);
      take(a, "phone", "representative.", &rep.phone);
      take(a, "email", "representative.", &rep.email);
      take(a, "address", "representative.", &rep.address);
      take(a, "document_ref", "representative.", &rep.document_ref);
      r.representative = rep;
    }
  }
  if (j.contains("components")) {
    if (!j["components"].is_array() || j["components"].size() > 100) {
      f.push_back({"components", "a list of at most 100 {name, original, certified, count, file}"});
    } else {
      for (size_t i = 0; i < j["components"].size(); ++i) {
        const json& c = j["components"][i];
        const std::string p = "components/" + std::to_string(i) + "/";
        if (!c.is_object()) {
          f.push_back({p, "must be an object"});
          continue;
        }
        dossier::ReceivedComponent rc;
        take(c, "name", p, &rc.name);
        take(c, "file", p, &rc.file);
        TakeField(BoolField(c, "original", false, p + "original"), &rc.original, &f);
        bool certified = false;
        TakeField(BoolField(c, "certified", false, p + "certified"), &certified, &f);
        rc.certified = !rc.original && certified;
        int64_t count = 1;
        if (TakeField(IntField(c, "count", 1, p + "count"), &count, &f)) {
          if (count < 1 || count > 1000)
            f.push_back({p + "count", "between 1 and 1000"});
          else
            rc.count = static_cast<int>(count);
        }
        r.components.push_back(std::move(rc));
      }
    }
  }
  if (!f.empty()) return Status::InvalidArgument("the dossier cannot be filed", std::move(f));
  return r;
}

service::AccessContext Ctx(const http::Request& req) { return {req.route, req.request_id}; }

}  // namespace

http::Response HandleCreateDossier(const DossierApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  auto sub = ParseSubmit(*body);
  if (!sub.ok()) return Error(sub.status());
  const service::Principal& who = PrincipalOf(req);
  auto idem = IdempotencyOf(req);
  service::DossierService* svc = d.dossiers;
  if (idem) {
    // Runs inside the write transaction: pure (the allowed actions come with the outcome).
    idem->render = [&who](const DossierView& v, const std::vector<std::string>& allowed) {
      return service::StoredResponse{201, ViewJson(v, who, allowed).dump()};
    };
  }
  auto out = svc->commands.Submit(who, *sub, idem ? &*idem : nullptr);
  if (!out.ok()) return Error(out.status());
  if (out->replay) return Stored(*out->replay, true);
  if (out->stored) return Stored(*out->stored, false, &out->view);
  return Stored({201, ViewJson(out->view, who, out->allowed_actions).dump()}, false, &out->view);
}

http::Response HandleGetDossier(const DossierApiDeps& d, http::Request& req) {
  const service::Principal& who = PrincipalOf(req);
  auto v = d.dossiers->queries.Get(who, req.Param("id"), Ctx(req));
  if (!v.ok()) return Error(v.status());
  const std::string etag = ETag(v->state.version);
  auto inm = req.Header("if-none-match");
  if (inm && *inm == etag) {
    http::Response r;
    r.status = 304;
    r.SetHeader("ETag", etag);
    return r;
  }
  http::Response r = JsonResponse(200, ViewJson(*v, who, d.dossiers->access.AllowedActions(who, *v)));
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", "private, no-cache");
  return r;
}

http::Response HandleDossierEvents(const DossierApiDeps& d, http::Request& req) {
  const service::Principal& who = PrincipalOf(req);
  auto events = d.dossiers->queries.History(who, req.Param("id"), Ctx(req));
  if (!events.ok()) return Error(events.status());
  json list = json::array();
  for (const auto& e : *events) {
    json j = json::parse(service::DossierEventBody(e));
    j.erase("header");
    j["type"] = dossier::EventTypeName(e.type);
    j["at"] = FormatRfc3339Vietnam(e.at);
    j["actor"] = e.actor;
    list.push_back(std::move(j));
  }
  return JsonResponse(200, {{"code", req.Param("id")}, {"events", list}});
}

http::Response HandleDossierAction(const DossierApiDeps& d, http::Request& req) {
  const std::string action = req.Param("action");
  auto cmd = service::ParseAction(action, req.body);
  if (!cmd.ok()) {
    if (cmd.status().code() == Code::kNotFound) {
      std::string names;
      for (const auto& n : service::ActionNames()) names += (names.empty() ? "" : ", ") + n;
      return http::Problem(404, "Unknown action",
                           "There is no action '" + action + "'. Actions: " + names + ".");
    }
    return Error(cmd.status());
  }
  auto if_match = req.Header("if-match");
  if (!if_match || if_match->empty()) {
    return http::Problem(428, "If-Match required",
                         "Send the dossier's ETag (its version) in If-Match, so that an action "
                         "taken on a version someone else has already changed is refused.");
  }
  std::string tag(*if_match);
  if (tag.starts_with("W/")) tag = tag.substr(2);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
  char* end = nullptr;
  const long long version = std::strtoll(tag.c_str(), &end, 10);
  if (tag.empty() || *end != '\0') {
    return http::Problem(400, "Malformed If-Match", "If-Match must be the ETag of the dossier, e.g. \"3\".");
  }
  const service::Principal& who = PrincipalOf(req);
  auto idem = IdempotencyOf(req);
  service::DossierService* svc = d.dossiers;
  if (idem) {
    // Runs inside the write transaction: pure (the allowed actions come with the outcome).
    idem->render = [&who](const DossierView& v, const std::vector<std::string>& allowed) {
      return service::StoredResponse{200, ViewJson(v, who, allowed).dump()};
    };
  }
  auto out = svc->commands.Act(who, req.Param("id"), *cmd, version, idem ? &*idem : nullptr);
  if (!out.ok()) return Error(out.status());
  if (out->replay) return Stored(*out->replay, true);
  if (out->stored) return Stored(*out->stored, false, &out->view);
  return Stored({200, ViewJson(out->view, who, out->allowed_actions).dump()}, false, &out->view);
}

http::Response HandleDossierForm(const DossierApiDeps& d, http::Request& req) {
  const service::Principal& who = PrincipalOf(req);
  auto pdf = d.dossiers->queries.FormPdf(who, req.Param("id"), req.Param("form"), Ctx(req));
  if (!pdf.ok()) return Error(pdf.status());
  http::Response r = http::Response::Text(200, std::move(*pdf), "application/pdf");
  r.SetHeader("Content-Disposition",
              "inline; filename=\"" + req.Param("id") + "-mau-" + req.Param("form") + ".pdf\"");
  r.SetHeader("Cache-Control", "private, no-store");
  return r;
}

namespace {

json ItemJson(const service::WorklistItem& it) {
  return {{"code", it.code},
          {"unit", it.unit},
          {"procedure", {{"code", it.procedure_code}, {"name", it.procedure_name}}},
          {"status", it.status},
          {"step", it.step.empty() ? json(nullptr) : json(it.step)},
          {"next_role", it.next_role},
          {"applicant", {{"full_name", it.applicant_name}, {"id_number", it.applicant_id_masked}}},
          {"received_at", Time(it.received_ms)},
          {"due_at", Time(it.due_ms)},
          {"remaining",
           {{"working_minutes", it.remaining_minutes},
            {"overdue", it.overdue},
            {"due_soon", it.due_soon},
            {"paused", it.paused},
            {"text_vi", it.remaining_vi},
            {"text_en", it.remaining_en}}},
          {"version", it.version}};
}

}  // namespace

http::Response HandleWorklist(const DossierApiDeps& d, http::Request& req) {
  service::WorklistQuery q;
  std::vector<FieldError> f;
  const std::string state = req.Query("state");
  if (!state.empty()) {
    char* end = nullptr;
    long s = std::strtol(state.c_str(), &end, 10);
    if (*end != '\0' || s < 1 || s > 10) f.push_back({"state", "a national status code 1..10"});
    else q.status = static_cast<int>(s);
  }
  q.procedure_code = req.Query("procedure");
  q.due_soon = req.Query("due_soon") == "1" || req.Query("due_soon") == "true";
  q.overdue = req.Query("overdue") == "1" || req.Query("overdue") == "true";
  q.mine = !(req.Query("all") == "1" || req.Query("all") == "true");
  const std::string limit = req.Query("limit");
  if (!limit.empty()) {
    q.limit = std::atoi(limit.c_str());
    if (q.limit < 1 || q.limit > 1000) f.push_back({"limit", "between 1 and 1000"});
  }
  if (!f.empty()) return Error(Status::InvalidArgument("the filters are not valid", f));
  auto items = d.dossiers->queries.Worklist(PrincipalOf(req), q);
  if (!items.ok()) return Error(items.status());
  json list = json::array();
  for (const auto& it : *items) list.push_back(ItemJson(it));
  return JsonResponse(200, {{"items", list}, {"count", list.size()}});
}

http::Response HandleMyDossiers(const DossierApiDeps& d, http::Request& req) {
  auto items = d.dossiers->queries.MyDossiers(PrincipalOf(req));
  if (!items.ok()) return Error(items.status());
  json list = json::array();
  for (const auto& it : *items) list.push_back(ItemJson(it));
  return JsonResponse(200, {{"items", list}, {"count", list.size()}});
}

http::Response HandleLookup(const DossierApiDeps& d, http::Request& req) {
  if (d.lookup_limiter && !d.lookup_limiter->Allow(req.remote_ip, Env::Default().NowMs())) {
    http::Response r = http::Problem(429, "Too many lookups",
                                     "This address looked up too many codes. Wait a minute and "
                                     "try again.");
    r.SetHeader("Retry-After", "60");
    return r;
  }
  auto p = d.dossiers->queries.Lookup(req.Param("code"));
  if (!p.ok()) {
    return http::Problem(404, "Not found",
                         "No dossier matches this code. Check the code on your receipt.");
  }
  return JsonResponse(200, {{"code", p->code},
                            {"procedure", {{"code", p->procedure_code}, {"name", p->procedure_name}}},
                            {"status", p->status},
                            {"status_name", dossier::StatusName(static_cast<dossier::NationalStatus>(p->status))},
                            {"status_name_vi", dossier::StatusNameVi(static_cast<dossier::NationalStatus>(p->status))},
                            {"received_at", Time(p->received_ms)},
                            {"due_at", Time(p->due_ms)},
                            {"returned_at", Time(p->returned_ms)},
                            {"paused", p->paused},
                            {"paused_remaining",
                             PausedRemainingJson(p->paused_remaining_minutes, p->paused_overdue,
                                                 p->paused_remaining_vi, p->paused_remaining_en)},
                            {"applicant", p->applicant_masked},
                            {"late_reason", p->late_reason.empty() ? json(nullptr)
                                                                   : json(p->late_reason)}});
}

http::Response HandleDossierLog(const DossierApiDeps& d, http::Request& req) {
  auto from = ParseRfc3339(req.Query("from") + "T00:00:00+07:00");
  auto to = ParseRfc3339(req.Query("to") + "T00:00:00+07:00");
  if (!from || !to || *to < *from) {
    return Error(Status::InvalidArgument(
        "the period is not valid",
        {{"from", "a date yyyy-mm-dd"}, {"to", "a date yyyy-mm-dd, not before from"}}));
  }
  auto pdf = d.dossiers->queries.LogPdf(PrincipalOf(req), req.Param("code"), *from, *to + kMsPerDay,
                                Ctx(req));
  if (!pdf.ok()) return Error(pdf.status());
  http::Response r = http::Response::Text(200, std::move(*pdf), "application/pdf");
  r.SetHeader("Content-Disposition", "inline; filename=\"so-theo-doi-" + req.Param("code") + ".pdf\"");
  return r;
}

http::Response HandleUploadFile(const DossierApiDeps& d, http::Request& req) {
  if (!d.files) return http::Problem(503, "No file store", "Uploads are not configured.");
  std::string name;
  if (auto h = req.Header("x-file-name")) name = http::PercentDecode(*h, false).value_or("");
  auto info = d.files->Put(PrincipalOf(req), name, req.body);
  if (!info.ok()) return Error(info.status());
  return JsonResponse(201, {{"id", info->id}, {"size", info->size}, {"mime", info->mime},
                            {"name", info->name}});
}

http::Response HandleDossierFile(const DossierApiDeps& d, http::Request& req) {
  auto f = d.dossiers->queries.File(PrincipalOf(req), req.Param("id"), req.Param("file"), Ctx(req));
  if (!f.ok()) return Error(f.status());
  http::Response r = http::Response::Text(200, std::move(f->second), f->first.mime);
  r.SetHeader("Content-Disposition", "attachment; filename*=UTF-8''" + http::PercentEncode(f->first.name));
  r.SetHeader("Cache-Control", "private, no-store");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

http::Response HandleGetWorkflow(const DossierApiDeps& d, http::Request& req) {
  auto w = d.dossiers->workflows.WorkflowFor(req.Param("code"), req.Param("proc"));
  if (!w.ok()) return Error(w.status());
  return http::Response::Json(200, service::WorkflowJson(*w));
}

http::Response HandlePutWorkflow(const DossierApiDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  Status st = d.dossiers->workflows.PutWorkflow(PrincipalOf(req), req.Param("code"), req.Param("proc"),
                                      req.body);
  if (!st.ok()) return Error(st);
  return HandleGetWorkflow(d, req);
}

}  // namespace motcua::api
