#include "service/dossier/dossier_actions.h"

#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "service/dossier/dossier_codec.h"
#include "service/platform/json_fields.h"

namespace motcua::service {

using nlohmann::json;

const std::vector<std::string>& ActionNames() {
  static const std::vector<std::string> names = {
      "accept",        "refuse",          "send-back",    "resubmit",
      "request-supplementation", "supplement", "request-payment", "paid",
      "assign",        "appraise",        "review",       "sign",
      "number",        "mark-ready",      "return",       "apologise",
      "request-withdrawal", "stop",      "rate"};
  return names;
}

Result<dossier::CommandBody> ParseAction(std::string_view action, std::string_view args_json) {
  json j = args_json.empty() ? json::object() : json::parse(args_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidArgument("the action's body must be a JSON object");
  auto str = [&](const char* k) { return StringField(j, k); };
  auto list = [&](const char* k) { return StringListField(j, k); };
  if (action == "accept") return dossier::CommandBody{dossier::AcceptOnline{}};
  if (action == "refuse") {
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::Refuse{r}};
  }
  if (action == "send-back") {
    MOTCUA_ASSIGN_OR_RETURN(auto m, list("missing"));
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::SendBackForCompletion{m, r}};
  }
  auto components = [&]() -> Result<std::vector<dossier::ReceivedComponent>> {
    std::vector<dossier::ReceivedComponent> out;
    if (!j.contains("components")) return out;
    if (!j["components"].is_array() || j["components"].size() > 100)
      return Status::InvalidArgument("wrong type", {{"components", "a list of {name, file}"}});
    for (size_t i = 0; i < j["components"].size(); ++i) {
      const json& c = j["components"][i];
      const std::string f = "components/" + std::to_string(i);
      if (!c.is_object())
        return Status::InvalidArgument("wrong type", {{f, "{name, file} with texts"}});
      dossier::ReceivedComponent rc;
      MOTCUA_ASSIGN_OR_RETURN(rc.name, RequiredStringField(c, "name", 500, f + "/name"));
      MOTCUA_ASSIGN_OR_RETURN(rc.original, BoolField(c, "original", false, f + "/original"));
      MOTCUA_ASSIGN_OR_RETURN(rc.file, StringField(c, "file", 200, f + "/file"));
      out.push_back(std::move(rc));
    }
    return out;
  };
  if (action == "resubmit") {
    MOTCUA_ASSIGN_OR_RETURN(auto comps, components());
    return dossier::CommandBody{dossier::Resubmit{comps}};
  }
  if (action == "request-supplementation") {
    dossier::RequestSupplementation c;
    MOTCUA_ASSIGN_OR_RETURN(c.missing, list("missing"));
    MOTCUA_ASSIGN_OR_RETURN(c.reason, str("reason"));
    MOTCUA_ASSIGN_OR_RETURN(c.exception, BoolField(j, "exception", false));
    MOTCUA_ASSIGN_OR_RETURN(c.exception_reason, str("exception_reason"));
    return dossier::CommandBody{c};
  }
  if (action == "supplement") {
    MOTCUA_ASSIGN_OR_RETURN(auto comps, components());
    return dossier::CommandBody{dossier::Supplement{comps}};
  }
  if (action == "request-payment") {
    dossier::RequestPayment c;
    MOTCUA_ASSIGN_OR_RETURN(c.amount_vnd, IntField(j, "amount_vnd", 0));
    MOTCUA_ASSIGN_OR_RETURN(c.reason, str("reason"));
    return dossier::CommandBody{c};
  }
  if (action == "paid") return dossier::CommandBody{dossier::Paid{}};
  if (action == "assign") {
    MOTCUA_ASSIGN_OR_RETURN(auto h, str("handler"));
    return dossier::CommandBody{dossier::Assign{h}};
  }
  if (action == "appraise") {
    MOTCUA_ASSIGN_OR_RETURN(auto o, str("opinion"));
    return dossier::CommandBody{dossier::Appraise{o}};
  }
  if (action == "review") {
    MOTCUA_ASSIGN_OR_RETURN(auto o, str("opinion"));
    return dossier::CommandBody{dossier::Review{o}};
  }
  if (action == "sign") return dossier::CommandBody{dossier::Sign{}};
  if (action == "number") {
    MOTCUA_ASSIGN_OR_RETURN(auto n, str("document_number"));
    MOTCUA_ASSIGN_OR_RETURN(auto f, str("result_file"));
    return dossier::CommandBody{dossier::Number{n, f}};
  }
  if (action == "mark-ready") return dossier::CommandBody{dossier::MarkResultReady{}};
  if (action == "return") {
    MOTCUA_ASSIGN_OR_RETURN(auto c, str("channel"));
    MOTCUA_ASSIGN_OR_RETURN(auto ch, ParseReturnChannel(c.empty() ? "counter" : c));
    return dossier::CommandBody{dossier::ReturnResult{ch}};
  }
  if (action == "apologise") {
    dossier::Apologise c;
    MOTCUA_ASSIGN_OR_RETURN(c.reason, str("reason"));
    MOTCUA_ASSIGN_OR_RETURN(auto due, str("new_due"));
    auto t = ParseRfc3339(due);
    if (!t) {
      return Status::InvalidArgument("the new date is missing or malformed",
                                     {{"new_due", "an RFC 3339 time, e.g. 2026-12-20T16:00:00+07:00"}});
    }
    c.new_due = *t;
    return dossier::CommandBody{c};
  }
  if (action == "rate") {
    MOTCUA_ASSIGN_OR_RETURN(int64_t score, IntField(j, "score", 0));
    if (score < 1 || score > 5)
      return Status::InvalidArgument("the rating is missing", {{"score", "a whole number 1 to 5"}});
    MOTCUA_ASSIGN_OR_RETURN(auto c, str("comment"));
    return dossier::CommandBody{dossier::Rate{static_cast<int>(score), c}};
  }
  if (action == "request-withdrawal") {
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::RequestWithdrawal{r}};
  }
  if (action == "stop") {
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::Stop{r}};
  }
  return Status::NotFound("unknown action '" + std::string(action) + "'");
}

}  // namespace motcua::service