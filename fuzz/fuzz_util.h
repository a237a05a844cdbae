// Helpers shared by the libFuzzer targets in fuzz/: splitting one input into fields, and failing
// loudly. A target calls Fail() for an outcome the code promises never to produce (an exception
// across a function that returns Status, a round trip that changes the value, a 5xx); libFuzzer
// then saves the input as a crash artifact.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::fuzz {

// Returns the input as text.
inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits `text` at the first `sep` into *head and the returned rest; without `sep`, *head is the
// whole text and the rest is empty.
inline std::string_view SplitFirst(std::string_view text, char sep, std::string_view* head) {
  size_t at = text.find(sep);
  if (at == std::string_view::npos) {
    *head = text;
    return {};
  }
  *head = text.substr(0, at);
  return text.substr(at + 1);
}

// Prints what went wrong and aborts, so that libFuzzer records the input.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "motcua fuzz: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace motcua::fuzz
