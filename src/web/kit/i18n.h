// Message catalogues: every text a page shows comes from here. A catalogue is a flat JSON object
// (message key → text with {name} placeholders) compiled into the binary from web/i18n/<lang>.json;
// a language pack is one more such file. Vietnamese is complete and the default; a key missing from
// another language falls back to Vietnamese. Loaded once; thread-safe to read.
//
// The pseudo-locale "qps" is a test-only language: off unless the process enables it (option
// pseudo_locale), never listed by Languages() nor offered to visitors. It shows each Vietnamese
// message between ⟦ and ⟧, so any text a page shows outside those markers did not come from the
// catalogue (tests/e2e/pseudo_locale.mjs looks for it).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::web {

// The pseudo-locale's language code and its markers.
inline constexpr std::string_view kPseudoLocale = "qps";
inline constexpr std::string_view kPseudoOpen = "⟦";
inline constexpr std::string_view kPseudoClose = "⟧";

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
  // Enables or disables the pseudo-locale for the whole process. Call before serving.
  static void SetPseudoLocaleEnabled(bool enabled);
  static bool PseudoLocaleEnabled();

  // Returns every message of a language (with Vietnamese fallbacks filled in).
  std::map<std::string, std::string> All(std::string_view lang) const;
  // Returns the languages available ("en", "vi", …).
  std::vector<std::string> Languages() const;
  // Returns true for a loaded language, and for the pseudo-locale while it is enabled.
  bool Has(std::string_view lang) const;
  // Returns the keys present in Vietnamese but missing in `lang`.
  std::vector<std::string> MissingKeys(std::string_view lang) const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
};

}  // namespace motcua::web
