// Strong identifier types. An id is not interchangeable with another kind of id or with a bare
// integer or string: `DossierId` and `EventSeq` do not convert into each other.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace motcua {

template <typename Tag, typename T>
class StrongId {
 public:
  using value_type = T;
  StrongId() = default;
  explicit StrongId(T v) : v_(std::move(v)) {}
  const T& value() const { return v_; }
  auto operator<=>(const StrongId&) const = default;
  bool operator==(const StrongId&) const = default;

 private:
  T v_{};
};

using EventSeq = StrongId<struct EventSeqTag, int64_t>;       // global append order
using ProvinceCode = StrongId<struct ProvinceTag, std::string>;  // "11" (2025 era)
using UnitCode = StrongId<struct UnitTag, std::string>;          // "03721"
using StreamId = StrongId<struct StreamTag, std::string>;        // aggregate id: "dossier/…"
using RequestId = StrongId<struct RequestTag, std::string>;

}  // namespace motcua

template <typename Tag, typename T>
struct std::hash<motcua::StrongId<Tag, T>> {
  size_t operator()(const motcua::StrongId<Tag, T>& id) const { return std::hash<T>()(id.value()); }
};
