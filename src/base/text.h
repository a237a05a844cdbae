// Vietnamese-aware text handling over ICU. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace motcua {

// Returns `utf8` in Unicode Normalization Form C. Invalid UTF-8 is replaced with U+FFFD.
std::string Nfc(std::string_view utf8);
// Returns the search folding of `utf8`: NFD, combining marks dropped, đ/Đ → d, lower-case, runs of
// whitespace and punctuation collapsed to one space, trimmed. "Hộ tịch – Đăng ký" → "ho tich dang ky".
// Old and new tone placement (hoà / hòa) fold to the same text.
std::string FoldForSearch(std::string_view utf8);
// Returns true when `utf8` is valid UTF-8.
bool IsValidUtf8(std::string_view utf8);

}  // namespace motcua
