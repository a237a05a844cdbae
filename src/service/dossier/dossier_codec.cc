#include "service/dossier/dossier_codec.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "service/platform/json_fields.h"

namespace motcua::service {

using nlohmann::json;
using namespace motcua::dossier;

std::string_view ReturnChannelName(ReturnChannel c) {
  switch (c) {
    case ReturnChannel::kCounter:
      return "counter";
    case ReturnChannel::kPost:
      return "post";
    case ReturnChannel::kOnline:
      return "online";
  }
  return "counter";
}

Result<ReturnChannel> ParseReturnChannel(std::string_view name) {
  for (auto c : {ReturnChannel::kCounter, ReturnChannel::kPost, ReturnChannel::kOnline}) {
    if (ReturnChannelName(c) == name) return c;
  }
  return Status::InvalidArgument("unknown return channel '" + std::string(name) + "'",
                                 {{"channel", "one of counter, post, online"}});
}

std::string_view ChannelName(Channel c) {
  switch (c) {
    case Channel::kInPerson:
      return "counter";
    case Channel::kOnline:
      return "online";
    case Channel::kPost:
      return "post";
  }
  return "counter";
}

Result<Channel> ParseChannel(std::string_view name) {
  for (auto c : {Channel::kInPerson, Channel::kOnline, Channel::kPost}) {
    if (ChannelName(c) == name) return c;
  }
  return Status::InvalidArgument("unknown channel '" + std::string(name) + "'",
                                 {{"channel", "one of counter, online, post"}});
}

namespace {

json WorkflowToJson(const Workflow& w) {
  json steps = json::array();
  for (const auto& s : w.steps) {
    steps.push_back({{"step", StepKindName(s.kind)}, {"role", s.role}, {"budget_days", s.budget_days}});
  }
  return {{"procedure_code", w.procedure_code},
          {"procedure_version", w.procedure_version},
          {"total_days", w.total_days},
          {"max_supplementations", w.max_supplementations},
          {"max_apologies", w.max_apologies},
          {"payment_pauses_clock", w.payment_pauses_clock},
          {"pauses_shift_apology_due", w.pauses_shift_apology_due},
          {"steps", steps}};
}

Result<Workflow> WorkflowFromJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("the workflow must be a JSON object");
  Workflow w;
  std::vector<FieldError> errors;
  int64_t version = 1, max_supplementations = 1, max_apologies = 1;
  TakeField(StringField(j, "procedure_code", 100), &w.procedure_code, &errors);
  TakeField(IntField(j, "procedure_version", 1), &version, &errors);
  TakeField(NumberField(j, "total_days", 0.0), &w.total_days, &errors);
  TakeField(IntField(j, "max_supplementations", 1), &max_supplementations, &errors);
  TakeField(IntField(j, "max_apologies", 1), &max_apologies, &errors);
  TakeField(BoolField(j, "payment_pauses_clock", true), &w.payment_pauses_clock, &errors);
  TakeField(BoolField(j, "pauses_shift_apology_due", true), &w.pauses_shift_apology_due, &errors);
  auto in_int = [&](int64_t v, const char* field, int* out) {
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
      errors.push_back({field, "out of range"});
    } else {
      *out = static_cast<int>(v);
    }
  };
  in_int(version, "procedure_version", &w.procedure_version);
  in_int(max_supplementations, "max_supplementations", &w.max_supplementations);
  in_int(max_apologies, "max_apologies", &w.max_apologies);
  if (!j.contains("steps") || !j["steps"].is_array()) {
    errors.push_back({"steps", "a list of {step, role, budget_days} is required"});
  } else {
    for (size_t i = 0; i < j["steps"].size(); ++i) {
      const json& s = j["steps"][i];
      const std::string f = "steps/" + std::to_string(i);
      if (!s.is_object()) {
        errors.push_back({f, "must be an object"});
        continue;
      }
      std::string step, role;
      double budget = 0;
      if (!TakeField(StringField(s, "step", 100, f + "/step"), &step, &errors) ||
          !TakeField(StringField(s, "role", 100, f + "/role"), &role, &errors) ||
          !TakeField(NumberField(s, "budget_days", 0.0, f + "/budget_days"), &budget, &errors)) {
        continue;
      }
      auto kind = ParseStepKind(step);
      if (!kind.ok()) {
        errors.push_back({f + "/step", kind.status().message()});
        continue;
      }
      w.steps.push_back({*kind, role, budget});
    }
  }
  if (!errors.empty()) return Status::InvalidArgument("the workflow cannot be read", std::move(errors));
  return w;
}

// A component as stored in events; "certified" only when set, so older bodies read the same.
json ComponentToJson(const ReceivedComponent& c) {
  json j = {{"name", c.name}, {"original", c.original}, {"count", c.count}, {"file", c.file}};
  if (c.certified) j["certified"] = true;
  return j;
}

ReceivedComponent ComponentFromJson(const json& c) {
  ReceivedComponent rc{c.value("name", ""), c.value("original", false), c.value("count", 1),
                       c.value("file", "")};
  rc.certified = c.value("certified", false);
  return rc;
}

json HeaderToJson(const Header& h) {
  json j = {{"code", h.id},
            {"province", h.province},
            {"unit", h.unit},
            {"channel", ChannelName(h.channel)},
            {"applicant",
             {{"kind", h.applicant.kind == ApplicantKind::kPerson ? "person" : "organisation"},
              {"full_name", h.applicant.full_name},
              {"id_number", h.applicant.id_number},
              {"phone", h.applicant.phone},
              {"email", h.applicant.email},
              {"address", h.applicant.address}}},
            {"procedure_name", h.procedure_name},
            {"time_unit", h.time_unit},
            {"result_delivery", ReturnChannelName(h.result_delivery)},
            {"workflow", WorkflowToJson(h.workflow)}};
  if (h.representative) {
    const auto& r = *h.representative;
    j["representative"] = {{"full_name", r.full_name}, {"id_number", r.id_number},
                           {"phone", r.phone},         {"email", r.email},
                           {"address", r.address},     {"document_ref", r.document_ref}};
  }
  json comps = json::array();
  for (const auto& c : h.components) {
    comps.push_back(ComponentToJson(c));
  }
  j["components"] = comps;
  return j;
}

Result<Header> HeaderFromJson(const json& j) {
  Header h;
  h.id = j.at("code").get<std::string>();
  h.province = j.at("province").get<std::string>();
  h.unit = j.at("unit").get<std::string>();
  MOTCUA_ASSIGN_OR_RETURN(h.channel, ParseChannel(j.value("channel", "counter")));
  const json& a = j.at("applicant");
  h.applicant.kind =
      a.value("kind", "person") == "organisation" ? ApplicantKind::kOrganisation : ApplicantKind::kPerson;
  h.applicant.full_name = a.value("full_name", "");
  h.applicant.id_number = a.value("id_number", "");
  h.applicant.phone = a.value("phone", "");
  h.applicant.email = a.value("email", "");
  h.applicant.address = a.value("address", "");
  if (j.contains("representative")) {
    const json& r = j["representative"];
    h.representative = Representative{r.value("full_name", ""), r.value("id_number", ""),
                                      r.value("phone", ""),     r.value("email", ""),
                                      r.value("address", ""),   r.value("document_ref", "")};
  }
  for (const json& c : j.value("components", json::array())) {
    h.components.push_back(ComponentFromJson(c));
  }
  h.procedure_name = j.value("procedure_name", "");
  h.time_unit = j.value("time_unit", "working_days");
  MOTCUA_ASSIGN_OR_RETURN(h.result_delivery,
                          ParseReturnChannel(j.value("result_delivery", "counter")));
  MOTCUA_ASSIGN_OR_RETURN(h.workflow, WorkflowFromJson(j.at("workflow")));
  return h;
}

std::optional<EventType> EventTypeOf(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(EventType::kRated); ++i) {
    auto t = static_cast<EventType>(i);
    if (EventTypeName(t) == name) return t;
  }
  return std::nullopt;
}

}  // namespace

std::string WorkflowJson(const Workflow& w) { return WorkflowToJson(w).dump(); }

Result<Workflow> ParseWorkflowJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("the workflow is not valid JSON");
  return WorkflowFromJson(j);
}

std::string DossierEventBody(const DossierEvent& e) {
  json j = json::object();
  if (!e.role.empty()) j["role"] = e.role;
  if (!e.on_behalf_of.empty()) j["on_behalf_of"] = e.on_behalf_of;
  if (e.header) j["header"] = HeaderToJson(*e.header);
  if (e.step) j["step"] = StepKindName(*e.step);
  if (!e.reason.empty()) j["reason"] = e.reason;
  if (!e.items.empty()) j["items"] = e.items;
  if (!e.detail.empty()) j["detail"] = e.detail;
  if (e.exception) j["exception"] = true;
  if (e.late) j["late"] = true;
  if (e.new_due) j["new_due_ms"] = *e.new_due;
  if (e.amount_vnd != 0) j["amount_vnd"] = e.amount_vnd;
  if (e.channel) j["channel"] = ReturnChannelName(*e.channel);
  if (!e.file.empty()) j["file"] = e.file;
  if (e.score != 0) j["score"] = e.score;
  if (!e.actor_name.empty()) j["actor_name"] = e.actor_name;
  if (e.ground) j["ground"] = StopGroundName(*e.ground);
  if (!e.form_number.empty()) j["form_number"] = e.form_number;
  if (e.log_serial != 0) j["log_serial"] = e.log_serial;
  if (e.appointment) j["appointment_ms"] = *e.appointment;
  if (!e.signer_name.empty()) j["signer_name"] = e.signer_name;
  if (!e.signer_title.empty()) j["signer_title"] = e.signer_title;
  if (!e.components.empty()) {
    json comps = json::array();
    for (const auto& c : e.components) {
      comps.push_back(ComponentToJson(c));
    }
    j["components"] = comps;
  }
  return j.dump();
}

Result<DossierEvent> ParseDossierEvent(std::string_view type, int64_t at_ms,
                                       std::string_view actor, std::string_view body) {
  auto t = EventTypeOf(type);
  if (!t) return Status::Internal("unknown dossier event type '" + std::string(type) + "'");
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::Internal("the body of a '" + std::string(type) + "' event is not a JSON object");
  DossierEvent e;
  e.type = *t;
  e.at = at_ms;
  e.actor = std::string(actor);
  try {
    e.role = j.value("role", "");
    e.on_behalf_of = j.value("on_behalf_of", "");
    if (j.contains("header")) {
      auto h = HeaderFromJson(j["header"]);
      if (!h.ok()) return Status::Internal("event header: " + h.status().message());
      e.header = std::move(*h);
    }
    if (j.contains("step")) {
      auto k = ParseStepKind(j["step"].get<std::string>());
      if (!k.ok()) return Status::Internal("event step: " + k.status().message());
      e.step = *k;
    }
    e.reason = j.value("reason", "");
    e.items = j.value("items", std::vector<std::string>{});
    e.detail = j.value("detail", "");
    e.exception = j.value("exception", false);
    e.late = j.value("late", false);
    if (j.contains("new_due_ms")) e.new_due = j["new_due_ms"].get<int64_t>();
    e.amount_vnd = j.value("amount_vnd", int64_t{0});
    e.file = j.value("file", "");
    e.score = j.value("score", 0);
    for (const json& c : j.value("components", json::array())) {
      e.components.push_back(ComponentFromJson(c));
    }
    // Fields added later: absent from older events, which read as before.
    e.actor_name = j.value("actor_name", "");
    if (j.contains("ground")) {
      e.ground = ParseStopGround(j["ground"].get<std::string>());
      if (!e.ground) return Status::Internal("event ground: unknown '" + j["ground"].dump() + "'");
    }
    e.form_number = j.value("form_number", "");
    e.log_serial = j.value("log_serial", int64_t{0});
    if (j.contains("appointment_ms")) e.appointment = j["appointment_ms"].get<int64_t>();
    e.signer_name = j.value("signer_name", "");
    e.signer_title = j.value("signer_title", "");
    if (j.contains("channel")) {
      auto c = ParseReturnChannel(j["channel"].get<std::string>());
      if (!c.ok()) return Status::Internal("event channel: " + c.status().message());
      e.channel = *c;
    }
  } catch (const json::exception& ex) {
    return Status::Internal("the body of a '" + std::string(type) + "' event cannot be read: " +
                            ex.what());
  }
  return e;
}

}  // namespace motcua::service
