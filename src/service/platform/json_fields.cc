#include "service/platform/json_fields.h"

#include <limits>

#include "base/text.h"

namespace motcua::service {

using nlohmann::json;

namespace {

// Returns the value at `key`, or null when `obj` is not an object or has no such (non-null) field.
const json* Find(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

Status Bad(std::string_view key, std::string_view field, std::string message) {
  std::string name(field.empty() ? key : field);
  return Status::InvalidArgument(name + " " + message, {{name, std::move(message)}});
}

// Returns the text of a string value, or the reason it is not acceptable.
Result<std::string> Text(const json& v, std::string_view key, std::string_view field,
                         size_t max_bytes) {
  if (!v.is_string()) return Bad(key, field, "must be a string");
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() > max_bytes)
    return Bad(key, field, "at most " + std::to_string(max_bytes) + " bytes");
  if (!IsValidUtf8(s)) return Bad(key, field, "must be valid UTF-8");
  return s;
}

}  // namespace

Result<std::string> StringField(const json& obj, std::string_view key, size_t max_bytes,
                                std::string_view field) {
  const json* v = Find(obj, key);
  if (!v) return std::string();
  return Text(*v, key, field, max_bytes);
}

Result<std::string> RequiredStringField(const json& obj, std::string_view key, size_t max_bytes,
                                        std::string_view field) {
  MOTCUA_ASSIGN_OR_RETURN(std::string s, StringField(obj, key, max_bytes, field));
  if (s.empty()) return Bad(key, field, "required");
  return s;
}

Result<bool> BoolField(const json& obj, std::string_view key, bool absent, std::string_view field) {
  const json* v = Find(obj, key);
  if (!v) return absent;
  if (!v->is_boolean()) return Bad(key, field, "must be true or false");
  return v->get<bool>();
}

Result<int64_t> IntField(const json& obj, std::string_view key, int64_t absent,
                         std::string_view field) {
  const json* v = Find(obj, key);
  if (!v) return absent;
  if (v->is_number_unsigned() &&
      v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Bad(key, field, "must be a whole number");
  }
  if (!v->is_number_integer()) return Bad(key, field, "must be a whole number");
  return v->get<int64_t>();
}

Result<double> NumberField(const json& obj, std::string_view key, double absent,
                           std::string_view field) {
  const json* v = Find(obj, key);
  if (!v) return absent;
  if (!v->is_number()) return Bad(key, field, "must be a number");
  return v->get<double>();
}

Result<std::vector<std::string>> StringListField(const json& obj, std::string_view key,
                                                 size_t max_bytes, std::string_view field) {
  std::vector<std::string> out;
  const json* v = Find(obj, key);
  if (!v) return out;
  if (!v->is_array()) return Bad(key, field, "must be a list of texts");
  for (const json& item : *v) {
    auto s = Text(item, key, field, max_bytes);
    if (!s.ok() || s->empty()) return Bad(key, field, "must be a list of texts");
    out.push_back(std::move(s).value());
  }
  return out;
}

}  // namespace motcua::service
