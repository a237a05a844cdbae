// Message catalogues: every text a page shows comes from here. A catalogue is a flat JSON object
// (message key → text with {name} placeholders) compiled into the binary from web/i18n/<lang>.json;
// a language pack is one more such file. Vietnamese is complete and the default; a key missing from
// another language falls back to Vietnamese. Loaded once; thread-safe to read.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::web {

class Catalog {
 public:
  // Returns the process-wide catalogue loaded from the embedded files.
  static const Catalog& Get();
  // Builds a catalogue from language → JSON text (for tests). Malformed files are skipped.
  static Catalog FromJson(const std::map<std::string, std::string>& files);

  // Returns the message, with {name} placeholders replaced from `args`. Unknown keys return the
  // key itself so a missing message is visible, never empty.
  std::string T(std::string_view lang, std::string_view key,
                const std::map<std::string, std::string>& args = {}) const;
  // Returns every message of a language (with Vietnamese fallbacks filled in).
  std::map<std::string, std::string> All(std::string_view lang) const;
  // Returns the languages available ("en", "vi", …).
  std::vector<std::string> Languages() const;
  bool Has(std::string_view lang) const { return messages_.count(std::string(lang)) > 0; }
  // Returns the keys present in Vietnamese but missing in `lang`.
  std::vector<std::string> MissingKeys(std::string_view lang) const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
};

}  // namespace motcua::web
