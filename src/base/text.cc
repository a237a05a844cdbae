#include "base/text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cctype>
#include <vector>

namespace motcua {

std::string Nfc(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return std::string(utf8);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  icu::UnicodeString out = nfc->normalize(in, err);
  if (U_FAILURE(err)) return std::string(utf8);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string UpperVn(std::string_view utf8) {
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  in.toUpper(icu::Locale("vi"));
  std::string out;
  in.toUTF8String(out);
  return Nfc(out);
}

std::string FoldForSearch(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  icu::UnicodeString decomposed = U_SUCCESS(err) ? nfd->normalize(in, err) : in;
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111 || c == 0x0110) c = 'd';  // đ Đ
    if (u_isalnum(c)) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      c = u_tolower(c);
      char buf[4];
      int32_t len = 0;
      UBool error = false;
      U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, error);
      if (!error) out.append(buf, static_cast<size_t>(len));
    } else {
      pending_space = true;
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string ReplaceInvalidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace motcua

namespace motcua {
namespace {

bool IsToneMark(UChar32 c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}
bool IsLetterOrMark(UChar32 c) {
  return u_isalpha(c) || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK;
}
bool IsVowelBase(UChar32 c) {
  switch (u_tolower(c)) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
      return true;
    default:
      return false;
  }
}

// Rewrites one NFD word (letters and their marks) in place; see NormalizeTonePlacement.
void MoveToneInWord(std::vector<UChar32>& w) {
  // Split into letters, each with its marks.
  struct Letter {
    UChar32 base;
    std::vector<UChar32> marks;
  };
  std::vector<Letter> letters;
  for (UChar32 c : w) {
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
      if (letters.empty()) return;  // a stray mark: leave the word alone
      letters.back().marks.push_back(c);
    } else {
      letters.push_back({c, {}});
    }
  }
  size_t n = letters.size();
  if (n < 2) return;
  Letter& first = letters[n - 2];
  Letter& last = letters[n - 1];
  UChar32 f = u_tolower(first.base), l = u_tolower(last.base);
  bool pair = (f == 'o' && (l == 'a' || l == 'e')) || (f == 'u' && l == 'y');
  if (!pair) return;
  // Only plain vowels: no circumflex, breve or horn on either, and no tone on the first already.
  if (!first.marks.empty()) return;
  UChar32 tone = 0;
  for (UChar32 m : last.marks) {
    if (!IsToneMark(m)) return;
    tone = m;
  }
  if (tone == 0) return;
  if (n >= 3) {
    UChar32 before = u_tolower(letters[n - 3].base);
    if (IsVowelBase(before)) return;        // "uoa", "ioa": not the syllables we handle
    if (f == 'u' && before == 'q') return;  // "quý": the u belongs to the consonant
  }
  last.marks.clear();
  first.marks.push_back(tone);
  w.clear();
  for (const Letter& le : letters) {
    w.push_back(le.base);
    w.insert(w.end(), le.marks.begin(), le.marks.end());
  }
}

}  // namespace

std::string NormalizeTonePlacement(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  if (U_FAILURE(err)) return std::string(utf8);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  icu::UnicodeString decomposed = nfd->normalize(in, err);
  if (U_FAILURE(err)) return std::string(utf8);
  icu::UnicodeString out;
  std::vector<UChar32> word;
  auto flush = [&] {
    MoveToneInWord(word);
    for (UChar32 c : word) out.append(c);
    word.clear();
  };
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (IsLetterOrMark(c)) {
      word.push_back(c);
    } else {
      flush();
      out.append(c);
    }
  }
  flush();
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return std::string(utf8);
  icu::UnicodeString composed = nfc->normalize(out, err);
  if (U_FAILURE(err)) return std::string(utf8);
  std::string result;
  composed.toUTF8String(result);
  return result;
}

std::vector<std::string> SplitList(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(sep, pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    pos = end + 1;
  }
  return out;
}

bool IsSafeLocalPath(std::string_view path) {
  if (path.empty() || path.size() > 2048 || path[0] != '/') return false;
  if (path.find("//") != std::string_view::npos) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(path[i]);
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
    if (c == '%') {
      if (i + 2 >= path.size()) return false;
      const int hi = std::tolower(static_cast<unsigned char>(path[i + 1]));
      const int lo = std::tolower(static_cast<unsigned char>(path[i + 2]));
      if (!std::isxdigit(hi) || !std::isxdigit(lo)) return false;
      const int v = (std::isdigit(hi) ? hi - '0' : hi - 'a' + 10) * 16 +
                    (std::isdigit(lo) ? lo - '0' : lo - 'a' + 10);
      if (v < 0x20 || v == 0x7f || v == '/' || v == '\\') return false;
    }
  }
  return IsValidUtf8(path);
}

std::string SafeLocalPathOr(std::string_view path, std::string_view fallback) {
  return std::string(IsSafeLocalPath(path) ? path : fallback);
}

}  // namespace motcua
