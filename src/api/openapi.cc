#include "api/openapi.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "api/auth.h"
#include "domain/dossier/actions.h"
#include "http/problem.h"

namespace motcua::api {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// ---- The dossier's actions --------------------------------------------------------------------
//
// Each action's body schema comes from the domain's typed action table (domain/dossier/actions.h):
// its fields with their types, limits and whether they are required.

ordered_json FieldSchema(const dossier::FieldSpec& f) {
  using dossier::FieldType;
  ordered_json s;
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kOfficer:
    case FieldType::kFileId:
      s = {{"type", "string"}, {"maxLength", f.max_bytes}};
      if (f.required) s["minLength"] = 1;
      break;
    case FieldType::kTextList:
      s = {{"type", "array"},
           {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", f.max_bytes}}}};
      if (f.max_items) s["maxItems"] = f.max_items;
      if (f.required) s["minItems"] = 1;
      break;
    case FieldType::kInt:
      s = {{"type", "integer"}};
      if (f.min || f.max) {
        s["minimum"] = f.min;
        s["maximum"] = f.max;
      }
      break;
    case FieldType::kBool:
      s = {{"type", "boolean"}};
      break;
    case FieldType::kDateTime:
      s = {{"type", "string"}, {"format", "date-time"}, {"examples", {"2026-12-21T16:00:00+07:00"}}};
      break;
    case FieldType::kChoice: {
      std::vector<std::string> choices(f.choices.begin(), f.choices.end());
      s = {{"type", "string"}, {"enum", choices}};
      if (!choices.empty() && !f.keep_absent) s["default"] = choices.front();
      break;
    }
    case FieldType::kComponents:
      s = {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/SentComponent"}}}};
      if (f.max_items) s["maxItems"] = f.max_items;
      if (f.required) s["minItems"] = 1;
      break;
  }
  if (!f.description.empty()) s["description"] = std::string(f.description);
  s["x-motcua-type"] = std::string(dossier::FieldTypeName(f.type));
  return s;
}

// Adds "Action-<name>" for every action of the table and "ActionBody" (any of them) to
// `schemas`; returns the action names.
std::vector<std::string> AddActionSchemas(ordered_json& schemas) {
  std::vector<std::string> names;
  ordered_json any = ordered_json::array();
  for (const dossier::ActionSpec& a : dossier::Actions()) {
    const std::string name(a.name);
    ordered_json s = {{"title", name},
                      {"description", std::string(a.summary)},
                      {"type", "object"},
                      {"properties", ordered_json::object()}};
    ordered_json required = ordered_json::array();
    for (const dossier::FieldSpec& f : a.fields) {
      s["properties"][std::string(f.name)] = FieldSchema(f);
      if (f.required) required.push_back(std::string(f.name));
    }
    if (!required.empty()) s["required"] = required;
    const std::string key = "Action-" + name;
    schemas[key] = s;
    any.push_back({{"$ref", "#/components/schemas/" + key}});
    names.push_back(name);
  }
  schemas["ActionBody"] = {
      {"description", "The body of POST /api/v1/dossiers/{id}/actions/{action}: the schema "
                      "`Action-<action>` of the action named in the path (the domain's action "
                      "table)."},
      {"anyOf", any}};
  return names;
}

// ---- Schemas ----------------------------------------------------------------------------------

// The shapes the handlers answer and read (api/*_handlers.cc). Objects keep additional properties
// open: a client must ignore what it does not know.
constexpr char kSchemas[] = R"json({
  "Problem": {
    "type": "object", "description": "RFC 9457 problem details (application/problem+json).",
    "required": ["type", "title", "status"],
    "properties": {
      "type": {"type": "string", "description": "a problem type URI (see x-problem-types) or about:blank"},
      "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
      "errors": {"type": "array", "description": "which fields are wrong",
        "items": {"type": "object", "required": ["field", "message"], "properties": {
          "field": {"type": "string"}, "message": {"type": "string"},
          "reason": {"type": "string", "description": "a stable name of what is wrong, when there is one"},
          "args": {"type": "object", "additionalProperties": {"type": "string"}}}}}}},
  "Object": {"type": "object"},
  "Text": {"type": "string"},
  "Binary": {"type": "string", "contentMediaType": "application/octet-stream"},
  "Status": {"type": "object", "properties": {"status": {"type": "string"}}},
  "Version": {"type": "object", "properties": {"name": {"type": "string"}, "version": {"type": "string"},
    "schema_version": {"type": "integer"}, "known_schema_version": {"type": "integer"}}},
  "Unit": {"type": "object", "properties": {"code": {"type": "string"}, "era": {"type": "string"},
    "level": {"type": "string"}, "name": {"type": "string"}, "province_code": {"type": "string"},
    "agency_id": {"type": "string"}}},
  "UnitList": {"type": "object", "properties": {"units": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
    "count": {"type": "integer"}}},
  "DeadlineRequest": {"type": "object", "required": ["start", "amount", "unit"], "properties": {
    "start": {"type": "string", "format": "date-time"}, "amount": {"type": "number", "minimum": 0},
    "unit": {"type": "string", "enum": ["working_days", "working_hours", "calendar_days", "same_day"]},
    "pauses": {"type": "array", "items": {"type": "object", "required": ["from"], "properties": {
      "from": {"type": "string", "format": "date-time"}, "to": {"type": ["string", "null"], "format": "date-time"}}}},
    "profile": {"type": "string", "description": "a calendar profile; the national one by default"}}},
  "Deadline": {"type": "object", "properties": {"counted_from": {"type": "string", "format": "date-time"},
    "due": {"type": ["string", "null"], "format": "date-time"}, "paused": {"type": "boolean"},
    "profile": {"type": "string"}}},
  "CalendarYear": {"type": "object", "properties": {"year": {"type": "integer"}, "profile": {"type": "string"},
    "announced": {"type": "boolean"}, "days": {"type": "array", "items": {"type": "object"}}}},
  "Announcement": {"type": "object", "required": ["year"], "properties": {"year": {"type": "integer"},
    "decision": {"type": "string"}, "decision_date": {"type": "string", "format": "date"},
    "days_off": {"type": "array", "items": {"type": "object"}},
    "working_days": {"type": "array", "items": {"type": "object"}}}},
  "Procedure": {"type": "object", "properties": {"code": {"type": "string"}, "version": {"type": "integer"},
    "created_ms": {"type": "integer"}, "actor": {"type": "string"}, "record": {"type": "object"}}},
  "ProcedureList": {"type": "object", "properties": {"total": {"type": "integer"},
    "procedures": {"type": "array", "items": {"type": "object", "properties": {
      "code": {"type": "string"}, "version": {"type": "integer"}, "name": {"type": "string"},
      "field": {"type": "string"}, "online_level": {"type": "string"}}}}}},
  "Person": {"type": "object", "properties": {"full_name": {"type": "string", "maxLength": 500},
    "id_number": {"type": "string", "maxLength": 500}, "phone": {"type": "string", "maxLength": 500},
    "email": {"type": "string", "maxLength": 500}, "address": {"type": "string", "maxLength": 500}}},
  "SentComponent": {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string", "maxLength": 500}, "original": {"type": "boolean"},
    "file": {"type": "string", "maxLength": 200, "description": "a file id from POST /api/v1/files"}}},
  "SubmitRequest": {"type": "object", "required": ["unit", "procedure_code", "applicant"], "properties": {
    "unit": {"type": "string", "maxLength": 500}, "procedure_code": {"type": "string", "maxLength": 500},
    "channel": {"type": "string", "enum": ["counter", "online", "post"], "default": "counter"},
    "result_delivery": {"type": "string", "enum": ["counter", "post", "online"], "default": "counter"},
    "applicant": {"allOf": [{"$ref": "#/components/schemas/Person"}, {"type": "object", "properties": {
      "kind": {"type": "string", "enum": ["person", "organisation"], "default": "person"}}}]},
    "representative": {"allOf": [{"$ref": "#/components/schemas/Person"}, {"type": "object", "properties": {
      "document_ref": {"type": "string", "maxLength": 500}}}]},
    "components": {"type": "array", "maxItems": 100, "items": {"type": "object", "properties": {
      "name": {"type": "string", "maxLength": 500}, "original": {"type": "boolean"},
      "certified": {"type": "boolean"}, "count": {"type": "integer", "minimum": 1, "maximum": 1000},
      "file": {"type": "string", "maxLength": 500}}}}}},
  "Dossier": {"type": "object", "required": ["code", "version", "status", "allowed_actions"], "properties": {
    "code": {"type": "string"}, "version": {"type": "integer"},
    "status": {"type": "integer", "minimum": 1, "maximum": 10, "description": "the national status code"},
    "status_name": {"type": "string"}, "status_name_vi": {"type": "string"},
    "step": {"type": ["string", "null"]}, "channel": {"type": "string"}, "unit": {"type": "string"},
    "procedure": {"type": "object"}, "applicant": {"$ref": "#/components/schemas/Person"},
    "due_at": {"type": ["string", "null"], "format": "date-time"},
    "allowed_actions": {"type": "array", "items": {"type": "string"},
      "description": "the actions the caller may take now (POST …/actions/{action})"},
    "components": {"type": "array", "items": {"type": "object"}},
    "workflow": {"type": "array", "items": {"type": "object"}}}},
  "DossierEvents": {"type": "object", "properties": {"code": {"type": "string"},
    "events": {"type": "array", "items": {"type": "object", "properties": {"type": {"type": "string"},
      "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"}}}}}},
  "Worklist": {"type": "object", "properties": {"count": {"type": "integer"},
    "items": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"},
      "unit": {"type": "string"}, "status": {"type": "integer"}, "version": {"type": "integer"},
      "due_at": {"type": ["string", "null"], "format": "date-time"}, "remaining": {"type": "object"}}}}}},
  "Lookup": {"type": "object", "properties": {"code": {"type": "string"}, "procedure": {"type": "object"},
    "status": {"type": "integer"}, "status_name": {"type": "string"}, "status_name_vi": {"type": "string"},
    "received_at": {"type": ["string", "null"]}, "due_at": {"type": ["string", "null"]},
    "returned_at": {"type": ["string", "null"]}, "applicant": {"type": "string"}}},
  "FileInfo": {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"},
    "mime": {"type": "string"}, "name": {"type": "string"}}},
  "SignIn": {"type": "object", "required": ["username", "password"], "properties": {
    "username": {"type": "string", "maxLength": 1000}, "password": {"type": "string", "maxLength": 1000},
    "totp_code": {"type": "string", "description": "the authenticator's current 6-digit code, when the account has one"}}},
  "Session": {"type": "object", "properties": {"user": {"type": "string"},
    "grants": {"type": "array", "items": {"type": "object"}}, "needs_totp": {"type": "boolean"},
    "csrf": {"type": "string", "description": "send it as X-CSRF-Token with every POST, PUT and DELETE"}}},
  "Me": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["officer", "resident"]},
    "csrf": {"type": "string"}, "username": {"type": "string"}, "grants": {"type": "array", "items": {"type": "object"}}}},
  "TotpConfirm": {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}},
  "AuthorisationRequest": {"type": "object", "properties": {"for_id_number": {"type": "string"},
    "for_name": {"type": "string"}, "agent_id_number": {"type": "string"}, "agent_username": {"type": "string"},
    "scope": {"type": "string"}, "document_ref": {"type": "string"}, "unit": {"type": "string"},
    "expires": {"type": "string", "format": "date-time"}}},
  "NewUser": {"type": "object", "required": ["username", "password", "roles"], "properties": {
    "username": {"type": "string"}, "display_name": {"type": "string"}, "password": {"type": "string"},
    "roles": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["role", "unit"],
      "properties": {"role": {"type": "string"}, "unit": {"type": "string"}}}}}},
  "NewToken": {"type": "object", "required": ["username", "name", "expires_days"], "properties": {
    "username": {"type": "string"}, "name": {"type": "string"}, "unit": {"type": "string"},
    "permissions": {"type": "array", "items": {"type": "string"}},
    "expires_days": {"type": "integer", "minimum": 1, "maximum": 366}}}
})json";

// ---- Operations -------------------------------------------------------------------------------

bool StateChanging(http::Method m) {
  return m == http::Method::kPost || m == http::Method::kPut || m == http::Method::kPatch ||
         m == http::Method::kDelete;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The pattern as an OpenAPI path template, and its parameter names.
std::string PathTemplate(const std::string& pattern, std::vector<std::string>* names) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    size_t close = pattern.find('}', i);
    std::string name = pattern.substr(i + 1, close - i - 1);
    if (name.ends_with("...")) name.resize(name.size() - 3);
    names->push_back(name);
    out += "{" + name + "}";
    i = close;
  }
  return out;
}

ordered_json PathParam(const std::string& pattern, const std::string& name,
                       const std::vector<std::string>& actions) {
  ordered_json schema = {{"type", "string"}};
  std::string d;
  if (name == "code") {
    if (pattern.starts_with("/api/v1/procedures")) {
      d = "a procedure's code in the national catalogue (\"1.001193\")";
    } else if (pattern.starts_with("/api/v1/lookup")) {
      d = "the dossier's code, as on its receipt";
    } else {
      d = "a unit's code: a province (2 digits) or a commune (5 digits)";
    }
  } else if (name == "id") {
    d = pattern.starts_with("/api/v1/authorisations") ? "the authorisation's number"
                                                       : "the dossier's code";
  } else if (name == "action") {
    d = "the action; its body is the schema Action-<action>";
    schema["enum"] = actions;
  } else if (name == "form") {
    d = "the form's number";
    schema["enum"] = {"01", "02", "03", "04", "05", "06"};
  } else if (name == "year") {
    d = "a year (\"2026\"); \"2026.ics\" for iCalendar where the route says so";
  } else if (name == "version") {
    d = "a version number";
  } else if (name == "proc") {
    d = "a procedure's code";
  } else if (name == "file") {
    d = "a file's id";
  } else if (name == "username") {
    d = "an officer's account name";
  } else {
    d = name;
  }
  return {{"name", name}, {"in", "path"}, {"required", true}, {"description", d},
          {"schema", schema}};
}

// The problem statuses a route answers: its own, and those its rule and body imply.
std::set<int> ProblemStatuses(const http::Route& r) {
  std::set<int> out(r.doc->problems.begin(), r.doc->problems.end());
  const std::string& rule = r.permission;
  if (rule != "public" && rule != "metrics" && rule != "test") out.insert(401);
  if (rule != "public" && rule != "metrics") out.insert(403);
  if (StateChanging(r.method)) out.insert(403);  // a session's change without its CSRF token
  if (!r.doc->body.empty()) {
    out.insert(400);
    out.insert(413);
  }
  return out;
}

ordered_json Security(const http::Route& r) {
  const bool change = StateChanging(r.method);
  ordered_json session = change ? ordered_json{{"session", ordered_json::array()}, {"csrf", ordered_json::array()}}
                                : ordered_json{{"session", ordered_json::array()}};
  ordered_json bearer = {{"bearer", ordered_json::array()}};
  if (r.permission == "test") return ordered_json::array({ordered_json::object()});
  if (r.permission == "metrics") return ordered_json::array({ordered_json::object(), bearer});
  if (r.permission == "public") {
    return ordered_json::array({ordered_json::object(), session, bearer});
  }
  return ordered_json::array({session, bearer});
}

std::map<int, std::vector<http::ProblemType>> TypesByStatus() {
  std::map<int, std::vector<http::ProblemType>> out;
  for (auto& t : http::ProblemTypes()) out[t.status].push_back(t);
  return out;
}

Result<ordered_json> Operation(const http::Route& r, const std::set<std::string>& schemas,
                               const std::vector<std::string>& actions,
                               const std::map<int, std::vector<http::ProblemType>>& types) {
  const http::RouteDoc& d = *r.doc;
  const std::string where = std::string(http::MethodName(r.method)) + " " + r.pattern;
  auto ref = [&](const std::string& name) -> Result<ordered_json> {
    if (!schemas.count(name)) {
      return Status::InvalidArgument(where + ": no schema named '" + name + "'");
    }
    return ordered_json{{"$ref", "#/components/schemas/" + name}};
  };
  if (d.summary.empty()) return Status::InvalidArgument(where + ": the RouteDoc has no summary");
  std::string op_id = Lower(http::MethodName(r.method));
  for (char c : r.pattern) {
    op_id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  ordered_json op = {{"tags", {d.tag}}, {"summary", d.summary}, {"operationId", op_id}};
  if (!d.description.empty()) op["description"] = d.description;
  ordered_json params = ordered_json::array();
  std::vector<std::string> names;
  PathTemplate(r.pattern, &names);
  for (const auto& n : names) params.push_back(PathParam(r.pattern, n, actions));
  for (const auto& q : d.query) {
    params.push_back({{"name", q.name}, {"in", "query"}, {"required", q.required},
                      {"description", q.description}, {"schema", {{"type", q.type}}}});
  }
  for (const auto& h : d.headers) {
    params.push_back({{"name", h.name}, {"in", "header"}, {"required", h.required},
                      {"description", h.description}, {"schema", {{"type", h.type}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  op["security"] = Security(r);
  op["x-motcua-permission"] = r.permission;

  if (!d.body.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(ordered_json body_schema, ref(d.body));
    ordered_json media = {{"schema", body_schema}};
    for (const auto& e : d.examples) {
      if (e.body.empty()) continue;
      ordered_json value = ordered_json::parse(e.body, nullptr, false);
      if (value.is_discarded()) {
        return Status::InvalidArgument(where + ": example '" + e.name + "' is not JSON");
      }
      media["examples"][e.name] = {{"summary", e.summary}, {"value", value}};
    }
    op["requestBody"] = {{"required", true}, {"content", {{d.body_type, media}}}};
  }

  ordered_json responses = ordered_json::object();
  ordered_json ok = {{"description", std::string(http::ReasonPhrase(d.status))}};
  if (!d.response.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(ordered_json s, ref(d.response));
    ok["content"] = {{d.response_type, {{"schema", s}}}};
  }
  if (d.status == 302 || d.status == 201) {
    ok["headers"]["Location"] = {{"description", d.status == 302 ? "where to go next"
                                                                 : "the new resource"},
                                 {"schema", {{"type", "string"}}}};
  }
  responses[std::to_string(d.status)] = ok;
  for (const auto& h : d.headers) {
    if (h.name == "If-None-Match") responses["304"] = {{"description", "Not Modified"}};
  }
  for (int status : ProblemStatuses(r)) {
    std::string desc = std::string(http::ReasonPhrase(status)) + ". Problem types:";
    auto it = types.find(status);
    if (it != types.end()) {
      for (const auto& t : it->second) desc += " " + t.type + " (" + t.title + ");";
    }
    desc += " about:blank for the HTTP layer's own answers.";
    responses[std::to_string(status)] = {
        {"description", desc},
        {"content", {{"application/problem+json",
                      {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
  }
  responses["default"] = {
      {"description", "An unexpected failure (500) or a temporary one (503, with Retry-After)"},
      {"content", {{"application/problem+json",
                    {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
  op["responses"] = responses;

  if (!d.examples.empty()) {
    ordered_json list = ordered_json::array();
    for (const auto& e : d.examples) {
      if (!responses.contains(std::to_string(e.status))) {
        return Status::InvalidArgument(where + ": example '" + e.name + "' answers " +
                                       std::to_string(e.status) + ", which is not documented");
      }
      ordered_json x = {{"name", e.name}, {"summary", e.summary}, {"path", e.path},
                        {"status", e.status}};
      if (!e.actor.empty()) x["actor"] = e.actor;
      if (!e.if_match.empty()) x["if_match"] = e.if_match;
      if (!e.body.empty()) x["body"] = ordered_json::parse(e.body, nullptr, false);
      list.push_back(std::move(x));
    }
    op["x-motcua-examples"] = list;
  }
  return op;
}

constexpr char kDescription[] =
    "The JSON API of motcua, the one-stop administrative service centre platform.\n\n"
    "**Signing in.** Officers sign in with POST /api/v1/sessions: the answer sets the "
    "`motcua_session` cookie and carries a `csrf` token, which every POST, PUT and DELETE made "
    "with that cookie sends as the `X-CSRF-Token` header. Integrations use an API token issued by "
    "an administrator (POST /api/v1/tokens) as `Authorization: Bearer <token>`, which needs no "
    "CSRF token. Residents sign in with VNeID (GET /auth/oidc/start).\n\n"
    "**Errors** are RFC 9457 problem details (application/problem+json) with a stable `type` per "
    "kind of problem (x-problem-types) and, for invalid fields, an `errors` list naming each "
    "field. The dossier resources answer 422 for invalid fields of a body they could read and "
    "400 for a body they could not; the others answer 400 for both.\n\n"
    "**Dossiers** carry their version as the ETag; an action sends it back in If-Match: a "
    "missing one is 428, a stale one 412, an action the dossier's state does not allow 409.\n\n"
    "`x-motcua-examples` on an operation lists requests that a test replays against a demo "
    "server (tests/integration/test_openapi.py); `{dossier}` and `{version}` in them stand for the "
    "dossier the replay filed last.";

}  // namespace

Result<std::string> BuildOpenApiDocument(const std::vector<http::Route>& routes,
                                         const std::string& version) {
  ordered_json schemas = ordered_json::parse(kSchemas);
  const std::vector<std::string> actions = AddActionSchemas(schemas);
  std::set<std::string> schema_names;
  for (const auto& [name, _] : schemas.items()) schema_names.insert(name);
  const auto types = TypesByStatus();

  ordered_json paths = ordered_json::object();
  std::set<std::string> tags;
  for (const http::Route& r : routes) {
    if (!r.doc) {
      return Status::InvalidArgument("route " + std::string(http::MethodName(r.method)) + " " +
                                     r.pattern + " has no RouteDoc (api/routes.cc)");
    }
    std::vector<std::string> names;
    const std::string path = PathTemplate(r.pattern, &names);
    MOTCUA_ASSIGN_OR_RETURN(ordered_json op, Operation(r, schema_names, actions, types));
    const std::string method = Lower(http::MethodName(r.method));
    if (paths.contains(path) && paths[path].contains(method)) {
      return Status::InvalidArgument("route " + r.pattern + " is listed twice");
    }
    paths[path][method] = std::move(op);
    tags.insert(r.doc->tag);
  }

  ordered_json problem_types = ordered_json::array();
  for (const auto& t : http::ProblemTypes()) {
    problem_types.push_back({{"type", t.type}, {"status", t.status}, {"title", t.title}});
  }
  ordered_json doc = {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "motcua API"},
        {"version", version},
        {"description", kDescription}}},
      {"servers", {{{"url", "/"}}}},
      {"tags", ordered_json::array()},
      {"paths", paths},
      {"components",
       {{"schemas", schemas},
        {"securitySchemes",
         {{"session",
           {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie},
            {"description", "the session cookie set by POST /api/v1/sessions"}}},
          {"csrf",
           {{"type", "apiKey"}, {"in", "header"}, {"name", "X-CSRF-Token"},
            {"description", "the session's CSRF token (`csrf` of the sign-in answer or of GET "
                            "/api/v1/me), required with the cookie on POST, PUT and DELETE"}}},
          {"bearer",
           {{"type", "http"}, {"scheme", "bearer"},
            {"description", "an API token (POST /api/v1/tokens); /metrics takes its own token"}}}}}}},
      {"x-problem-types", problem_types},
  };
  for (const auto& t : tags) doc["tags"].push_back({{"name", t}});
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace motcua::api
