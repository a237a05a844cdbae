// Typed readers of the fields of a JSON object that came from outside: API request bodies, the
// arguments of a dossier action, an announcement or a workflow pasted by an administrator. Each
// reader never throws: a field of the wrong type, too long or not UTF-8 is an InvalidArgument
// whose FieldError names the field, so the caller answers 4xx (a 422 problem, or the page's
// error beside the field). A missing or null field reads as the caller's default.
//
// The one place request JSON is read by type (api/, web/ and service/ all use it). It includes
// nlohmann: include it only from .cc files that link nlohmann_json. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::service {

// The longest text a free-text field takes unless the caller says otherwise.
inline constexpr size_t kMaxTextBytes = 4000;

// `key` is looked up in `obj` (a value that is not an object has no fields); errors name `field`,
// or `key` when `field` is empty ("components/2/original" for a nested field).

// Returns the text at `key` ("" when absent or null); InvalidArgument "must be a string", "at most
// N bytes" or "must be valid UTF-8" otherwise.
Result<std::string> StringField(const nlohmann::json& obj, std::string_view key,
                                size_t max_bytes = kMaxTextBytes, std::string_view field = {});
// Returns the text at `key`, which must be present and non-empty ("required").
Result<std::string> RequiredStringField(const nlohmann::json& obj, std::string_view key,
                                        size_t max_bytes = kMaxTextBytes,
                                        std::string_view field = {});
// Returns the boolean at `key` (`absent` when absent or null); "must be true or false" otherwise.
Result<bool> BoolField(const nlohmann::json& obj, std::string_view key, bool absent,
                       std::string_view field = {});
// Returns the whole number at `key` (`absent` when absent or null); "must be a whole number" for
// text, fractions, booleans or numbers beyond 64 bits.
Result<int64_t> IntField(const nlohmann::json& obj, std::string_view key, int64_t absent,
                         std::string_view field = {});
// Returns the number at `key` (`absent` when absent or null); "must be a number" otherwise.
Result<double> NumberField(const nlohmann::json& obj, std::string_view key, double absent,
                           std::string_view field = {});
// Returns the texts listed at `key` (empty when absent or null); "must be a list of texts" when it
// is not a list or an item is not a non-empty text of at most `max_bytes`, valid UTF-8.
Result<std::vector<std::string>> StringListField(const nlohmann::json& obj, std::string_view key,
                                                 size_t max_bytes = kMaxTextBytes,
                                                 std::string_view field = {});

// Moves the value of `r` into *out and returns true, or appends its field errors to *errors and
// returns false (*out unchanged). Lets a parser report every bad field at once.
template <typename T>
bool TakeField(Result<T> r, T* out, std::vector<FieldError>* errors) {
  if (r.ok()) {
    *out = std::move(r).value();
    return true;
  }
  for (const auto& e : r.status().fields()) errors->push_back(e);
  return false;
}

}  // namespace motcua::service
