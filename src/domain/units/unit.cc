#include "domain/units/unit.h"

#include <array>

#include "base/text.h"

namespace motcua::units {
namespace {

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string_view EraName(Era era) { return era == Era::k2025 ? "2025" : "pre2025"; }

Result<Era> ParseEra(std::string_view name) {
  if (name == "2025") return Era::k2025;
  if (name == "pre2025") return Era::kPre2025;
  return Status::InvalidArgument("unknown era '" + std::string(name) +
                                 "': use 2025 or pre2025");
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kProvince: return "province";
    case Level::kDistrict: return "district";
    case Level::kCommune: return "commune";
    case Level::kWard: return "ward";
    case Level::kTownship: return "township";
    case Level::kSpecialZone: return "special_zone";
  }
  return "unknown";
}

Status ValidateElectronicId(std::string_view id) {
  if (id.empty() || id.size() > 35) {
    return Status::InvalidArgument("electronic id '" + std::string(id) +
                                   "' must have 1 to 35 characters");
  }
  size_t group_start = 0;
  for (size_t i = 0; i <= id.size(); ++i) {
    if (i == id.size() || id[i] == '.') {
      if (i == group_start) {
        return Status::InvalidArgument("electronic id '" + std::string(id) +
                                       "' has an empty group");
      }
      group_start = i + 1;
      continue;
    }
    char c = id[i];
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
      return Status::InvalidArgument("electronic id '" + std::string(id) +
                                     "' may hold only digits, A-Z and dots");
    }
  }
  std::string_view first = id.substr(0, id.find('.'));
  if (first.size() != 3 || first[0] < 'A' || first[0] > 'Y' || first[1] < '0' || first[1] > '9' ||
      first[2] < '0' || first[2] > '9') {
    return Status::InvalidArgument("electronic id '" + std::string(id) +
                                   "' must start with a letter A-Y and two digits (e.g. H01)");
  }
  return Status::Ok();
}

Result<std::string> DeriveElectronicId(const Unit& unit, std::string_view province_id,
                                       const ElectronicIdOptions& options) {
  const auto& overrides =
      unit.era == Era::k2025 ? options.overrides_2025 : options.overrides_pre2025;
  std::string id;
  if (auto it = overrides.find(unit.code); it != overrides.end()) {
    id = it->second;
  } else if (unit.level == Level::kProvince) {
    id = options.province_template;
    ReplaceAll(id, "{code}", unit.code);
  } else {
    id = options.unit_template;
    ReplaceAll(id, "{province}", province_id);
    ReplaceAll(id, "{code}", unit.code);
  }
  MOTCUA_RETURN_IF_ERROR(ValidateElectronicId(id));
  return id;
}

Result<std::pair<Level, std::string>> SplitFullName(std::string_view full_name,
                                                    bool province_level) {
  struct Prefix {
    std::string_view text;
    Level level;
  };
  static constexpr std::array<Prefix, 3> kProvince = {{
      {"Thành phố ", Level::kProvince},
      {"Tỉnh ", Level::kProvince},
      {"Tp ", Level::kProvince},
  }};
  static constexpr std::array<Prefix, 8> kLower = {{
      {"Xã ", Level::kCommune},
      {"Phường ", Level::kWard},
      {"Đặc khu ", Level::kSpecialZone},
      {"Thị trấn ", Level::kTownship},
      {"Huyện ", Level::kDistrict},
      {"Quận ", Level::kDistrict},
      {"Thị xã ", Level::kDistrict},
      {"Thành phố ", Level::kDistrict},
  }};
  std::string name = CollapseSpaces(full_name);
  auto try_prefixes = [&](const auto& list) -> const Prefix* {
    for (const Prefix& p : list) {
      if (name.size() > p.text.size() && name.compare(0, p.text.size(), p.text) == 0) return &p;
      // Some sources write the type word in lower case ("xã Bắc Sơn").
      if (p.text == "Xã " && name.compare(0, 4, "xã ") == 0) {
        static constexpr Prefix kLowerXa = {"xã ", Level::kCommune};
        return &kLowerXa;
      }
    }
    return nullptr;
  };
  const Prefix* p = province_level ? try_prefixes(kProvince) : try_prefixes(kLower);
  if (p == nullptr) {
    if (province_level) return std::make_pair(Level::kProvince, name);  // "Cao Bằng" (915 list)
    return Status::InvalidArgument("unit name '" + name + "' has no known type word (Xã, Phường…)");
  }
  return std::make_pair(p->level, name.substr(p->text.size()));
}

std::string CanonicalName(std::string_view name) {
  std::string s(name);
  ReplaceAll(s, "<br>", " ");
  return CollapseSpaces(NormalizeTonePlacement(Nfc(s)));
}

}  // namespace motcua::units
