// ParseAction and ActionNames: the dossier's actions read generically from the domain's table
// (dossier::Actions()): each field by its type and limits, every bad field reported at once, and
// a field the action does not have refused by name, so that a client sending the old
// `exception` flag to `request-supplementation` learns of `request-supplementation-exception`.
// A required field left out or empty reads as empty here: dossier::Decide refuses it, naming the
// field, after the status check (so a request on the wrong status is a conflict whatever its
// fields; the table's test proves Decide refuses every required field).
#include "service/dossier/dossier_actions.h"

#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "domain/dossier/actions.h"
#include "service/platform/json_fields.h"

namespace motcua::service {

using nlohmann::json;

namespace {

std::string FieldNames(const dossier::ActionSpec& spec) {
  std::string s;
  for (const auto& f : spec.fields) s += (s.empty() ? "" : ", ") + std::string(f.name);
  return s.empty() ? "none" : s;
}

bool Present(const json& j, std::string_view key) {
  auto it = j.find(key);
  return it != j.end() && !it->is_null();
}

Result<std::vector<dossier::ReceivedComponent>> ReadComponents(const json& j,
                                                               const dossier::FieldSpec& f) {
  std::vector<dossier::ReceivedComponent> out;
  const std::string key(f.name);
  if (!Present(j, key)) return out;
  const json& list = j[key];
  if (!list.is_array() || list.size() > f.max_items) {
    return Status::InvalidArgument(
        "wrong type", {{key, "a list of at most " + std::to_string(f.max_items) + " {name, file}"}});
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const json& c = list[i];
    const std::string path = key + "/" + std::to_string(i);
    if (!c.is_object())
      return Status::InvalidArgument("wrong type", {{path, "{name, file} with texts"}});
    dossier::ReceivedComponent rc;
    MOTCUA_ASSIGN_OR_RETURN(rc.name, RequiredStringField(c, "name", f.max_bytes, path + "/name"));
    MOTCUA_ASSIGN_OR_RETURN(rc.original, BoolField(c, "original", false, path + "/original"));
    MOTCUA_ASSIGN_OR_RETURN(rc.file, StringField(c, "file", 200, path + "/file"));
    out.push_back(std::move(rc));
  }
  return out;
}

// Reads one field of `spec` from `j` into `args`; appends its errors to `errors`.
void ReadField(const json& j, const dossier::FieldSpec& f, dossier::ActionArgs* args,
               std::vector<FieldError>* errors) {
  using dossier::FieldType;
  const std::string key(f.name);
  auto fail = [&](std::string message) { errors->push_back({key, std::move(message)}); };
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kOfficer:
    case FieldType::kFileId: {
      std::string s;
      if (!TakeField(StringField(j, key, f.max_bytes), &s, errors)) return;
      args->text[key] = std::move(s);
      return;
    }
    case FieldType::kChoice: {
      std::string s;
      if (!TakeField(StringField(j, key, 100), &s, errors)) return;
      if (s.empty() && f.keep_absent) {
        args->text[key] = "";
        return;
      }
      if (s.empty()) s = std::string(f.choices.front());
      bool ok = false;
      std::string all;
      for (auto c : f.choices) {
        ok |= c == s;
        all += (all.empty() ? "" : ", ") + std::string(c);
      }
      if (!ok) return fail("one of: " + all);
      args->text[key] = std::move(s);
      return;
    }
    case FieldType::kTextList: {
      std::vector<std::string> list;
      if (!TakeField(StringListField(j, key, f.max_bytes), &list, errors)) return;
      if (list.size() > f.max_items)
        return fail("at most " + std::to_string(f.max_items) + " items");
      args->lists[key] = std::move(list);
      return;
    }
    case FieldType::kInt: {
      const std::string range =
          "a whole number " + std::to_string(f.min) + " to " + std::to_string(f.max);
      if (!Present(j, key)) return;
      int64_t n = 0;
      if (!TakeField(IntField(j, key, 0), &n, errors)) return;
      if (n < f.min || n > f.max) return fail(range);
      args->numbers[key] = n;
      return;
    }
    case FieldType::kBool: {
      bool b = false;
      if (TakeField(BoolField(j, key, false), &b, errors)) args->flags[key] = b;
      return;
    }
    case FieldType::kDateTime: {
      const std::string shape = "an RFC 3339 time, e.g. 2026-12-20T16:00:00+07:00";
      std::string s;
      if (!TakeField(StringField(j, key, 100), &s, errors)) return;
      if (s.empty()) return;
      auto t = ParseRfc3339(s);
      if (!t) return fail(shape);
      args->numbers[key] = *t;
      return;
    }
    case FieldType::kComponents: {
      auto c = ReadComponents(j, f);
      if (!c.ok()) {
        for (const auto& e : c.status().fields()) errors->push_back(e);
        return;
      }
      args->components[key] = std::move(*c);
      return;
    }
  }
}

}  // namespace

const std::vector<std::string>& ActionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& a : dossier::Actions()) v.emplace_back(a.name);
    return v;
  }();
  return names;
}

Result<dossier::CommandBody> ParseAction(std::string_view action, std::string_view args_json) {
  const dossier::ActionSpec* spec = dossier::FindAction(action);
  if (!spec) return Status::NotFound("unknown action '" + std::string(action) + "'");
  json j = args_json.empty() ? json::object() : json::parse(args_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidArgument("the action's body must be a JSON object");
  std::vector<FieldError> errors;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (spec->Field(it.key())) continue;
    std::string hint = "not a field of '" + std::string(action) + "' (its fields: " +
                       FieldNames(*spec) + ")";
    if (action == "request-supplementation" || action == "send-back") {
      if (it.key() == "exception" || it.key() == "exception_reason") {
        hint += "; a request beyond the one allowed is the action '" + std::string(action) +
                "-exception'";
      }
    }
    errors.push_back({it.key(), std::move(hint)});
  }
  dossier::ActionArgs args;
  for (const auto& f : spec->fields) ReadField(j, f, &args, &errors);
  if (!errors.empty()) {
    std::string message = "cannot " + std::string(action) + ": " + errors.front().field + " " +
                          errors.front().message;
    return Status::InvalidArgument(std::move(message), std::move(errors));
  }
  return spec->build(args);
}

}  // namespace motcua::service
