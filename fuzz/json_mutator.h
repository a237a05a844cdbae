// A structure-aware mutation for the targets whose input holds JSON: parse the JSON part of the
// input, replace one value (an object member, a list element, or the whole document) with a value
// of another type or shape, and write it back. Byte-level mutations alone rarely turn a valid
// string member into a number and keep the document valid, which is exactly the input that makes
// json::value and get<T> throw; a target offers this through LLVMFuzzerCustomMutator, half of the
// time, and libFuzzer's own mutations the other half.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace motcua::fuzz {

namespace internal {

inline void CollectNodes(nlohmann::json& j, std::vector<nlohmann::json*>* out) {
  out->push_back(&j);
  if (j.is_object() || j.is_array()) {
    for (auto& child : j) CollectNodes(child, out);
  }
}

inline nlohmann::json OtherValue(const nlohmann::json& old, std::mt19937& rng) {
  using nlohmann::json;
  switch (rng() % 14) {
    case 0:
      return 7;
    case 1:
      return -1;
    case 2:
      return 1e300;
    case 3:
      return 0.5;
    case 4:
      return "x";
    case 5:
      return "";
    case 6:
      return nullptr;
    case 7:
      return true;
    case 8:
      return json::array();
    case 9:
      return json::object();
    case 10:
      return json::array({old});
    case 11:
      return json::object({{"x", old}});
    case 12:
      return old.dump();
    default:
      return static_cast<int64_t>(rng()) * (rng() % 2 ? 1 : -1);
  }
}

}  // namespace internal

// Mutates the JSON text in [begin, end) of `data` (size `size`, room for `max_size`) and returns
// the new size; falls back to LLVMFuzzerMutate on the whole input when that part is not JSON, when
// the coin says so, or when the result would not fit.
inline size_t MutateJsonPart(uint8_t* data, size_t size, size_t max_size, unsigned seed,
                             size_t begin, size_t end) {
  std::mt19937 rng(seed);
  if (begin > end || end > size || rng() % 2 == 0) return LLVMFuzzerMutate(data, size, max_size);
  auto doc = nlohmann::json::parse(data + begin, data + end, nullptr, false);
  if (doc.is_discarded()) return LLVMFuzzerMutate(data, size, max_size);
  std::vector<nlohmann::json*> nodes;
  internal::CollectNodes(doc, &nodes);
  nlohmann::json* node = nodes[rng() % nodes.size()];
  *node = internal::OtherValue(*node, rng);
  std::string text = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const size_t new_size = size - (end - begin) + text.size();
  if (new_size > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::string tail(reinterpret_cast<const char*>(data + end), size - end);
  std::memcpy(data + begin, text.data(), text.size());
  std::memcpy(data + begin + text.size(), tail.data(), tail.size());
  return new_size;
}

// Returns the offset just after the first "\n\n" (or "\r\n\r\n") of `data`, or `size`.
inline size_t AfterBlankLine(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  size_t at = s.find("\n\n");
  if (at != std::string_view::npos) return at + 2;
  at = s.find("\r\n\r\n");
  return at == std::string_view::npos ? size : at + 4;
}

}  // namespace motcua::fuzz
