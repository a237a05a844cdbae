// Fuzzes URL and query decoding (http/url.h): percent-decoding in both modes, query and form
// parsing, cookie lookup. Property: PercentEncode then PercentDecode gives back the input.
// Input: "<cookie name>\n<text>"; the text is used as a path segment, a query, a cookie header.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "http/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  std::string_view name;
  std::string_view text = fuzz::SplitFirst(fuzz::AsText(data, size), '\n', &name);
  if (text.empty()) text = name;

  (void)http::PercentDecode(text, false);
  (void)http::PercentDecode(text, true);
  for (const auto& [k, v] : http::ParseQuery(text)) {
    if (k.empty() && v.empty()) continue;
  }
  (void)http::FindCookie(text, name);

  std::string encoded = http::PercentEncode(text);
  auto back = http::PercentDecode(encoded, true);
  if (!back || *back != text) fuzz::Fail("PercentDecode(PercentEncode(x)) != x");
  return 0;
}
