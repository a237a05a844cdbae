// Vietnamese-aware text handling over ICU. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace motcua {

// Returns `utf8` in Unicode Normalization Form C. Invalid UTF-8 is replaced with U+FFFD.
std::string Nfc(std::string_view utf8);
// Returns `utf8` in capitals by the Vietnamese rules, NFC: "UBND Xã Thuận Châu" → "UBND XÃ THUẬN
// CHÂU" (the headings of administrative documents). Invalid UTF-8 is replaced with U+FFFD.
std::string UpperVn(std::string_view utf8);
// Returns the search folding of `utf8`: NFD, combining marks dropped, đ/Đ → d, lower-case, runs of
// whitespace and punctuation collapsed to one space, trimmed. "Hộ tịch – Đăng ký" → "ho tich dang
// ky". Old and new tone placement (hoà / hòa) fold to the same text.
std::string FoldForSearch(std::string_view utf8);
// Returns `utf8` (NFC in, NFC out) with the tone mark of the open syllables -oa, -oe, -uy (no final
// consonant, and not after "q") moved onto the first vowel, the placement of official documents:
// "Hoà" → "Hòa", "thuỷ" → "thủy", "khoẻ" → "khỏe", "Thanh Hoá" → "Thanh Hóa". Other text, and
// syllables with a final consonant ("hoàng", "quý", "khuya"), are returned unchanged. Use it before
// comparing names that come from sources written in the other style.
std::string NormalizeTonePlacement(std::string_view utf8);
// Returns true when `path` is a safe place to send a browser back to after signing in: a path on
// this site, never another host. The allow-list (issue 14, defect 4): one leading '/', then no
// second '/' or '\\' anywhere (browsers read "/\\host" and "//host" as another host), no
// control characters (CR, LF and tab included, raw or percent-encoded), no encoded '/' or '\\',
// valid UTF-8, at most 2048 bytes. The sign-in page and the OIDC return_to both use it.
bool IsSafeLocalPath(std::string_view path);
// Returns `path` when IsSafeLocalPath(path), else `fallback`.
std::string SafeLocalPathOr(std::string_view path, std::string_view fallback);
// Returns true when `utf8` is valid UTF-8 (no stray or truncated bytes, overlong forms or
// surrogates): the text that JSON serialisation and the stores accept.
bool IsValidUtf8(std::string_view utf8);
// Returns `text` with every ill-formed byte sequence replaced by U+FFFD; valid UTF-8 is returned
// unchanged. For showing a refused input back safely, never for storing it.
std::string ReplaceInvalidUtf8(std::string_view text);
// Returns the non-empty items of a `sep`-separated list, trimmed of spaces ("a, b,,c" → a b c).
std::vector<std::string> SplitList(std::string_view text, char sep = ',');

}  // namespace motcua
