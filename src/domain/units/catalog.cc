#include "domain/units/catalog.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "base/text.h"

namespace motcua::units {
namespace {

using json = nlohmann::json;

// Splits CSV text into rows of fields. The official lists have no quoted fields, but quotes are
// honoured ("a,b" and "" escapes) so a re-export does not break the loader.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field.push_back(c);
    }
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

const json* Array(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return nullptr;
  return &*it;
}

// Key for matching names across sources: canonical, then search-folded (case, marks).
std::string MatchKey(std::string_view name) { return FoldForSearch(CanonicalName(name)); }

// The bare province name for matching: "Tp Hồ Chí Minh", "Thành phố Hồ Chí Minh" and
// "Hồ Chí Minh" give the same key.
std::string ProvinceKey(std::string_view full_name) {
  auto split = SplitFullName(CanonicalName(full_name), /*province_level=*/true);
  return MatchKey(split.ok() ? split->second : std::string(full_name));
}

Level LevelFromAdministrativeUnitId(int id) {
  switch (id) {
    case 1:
    case 2: return Level::kProvince;
    case 3: return Level::kWard;
    case 5: return Level::kSpecialZone;
    default: return Level::kCommune;
  }
}

struct JsonUnit2025 {
  std::string code, name, full_name, province_code;
  std::string raw_name;  // as written in the file (old tone placement)
  Level level = Level::kCommune;
  bool used = false;
};

}  // namespace

Result<UnitCatalog> UnitCatalog::Build(const UnitSources& sources,
                                       const ElectronicIdOptions& options) {
  UnitCatalog cat;
  UnitLoadReport& rep = cat.report_;
  std::vector<Unit> provinces_2025, communes_2025, pre_provinces, pre_districts, pre_communes;

  // --- 2025: official province list (915/CTK-CSCL): Stt, Mã số, Tên.
  auto prow = ParseCsv(sources.official_provinces_csv);
  if (prow.empty() || prow[0].size() < 3 || prow[0][0] != "Stt") {
    return Status::InvalidArgument(
        "official province list: expected a CSV with header 'Stt,Mã số,Tên…'");
  }
  std::unordered_map<std::string, std::string> province_by_key;  // ProvinceKey → code
  for (size_t i = 1; i < prow.size(); ++i) {
    const auto& r = prow[i];
    if (r.size() == 1 && r[0].empty()) continue;
    if (r.size() < 3 || r[1].size() != 2) {
      rep.problems.push_back("official province list line " + std::to_string(i + 1) +
                             ": expected 'n,CC,name'");
      continue;
    }
    Unit u;
    u.era = Era::k2025;
    u.level = Level::kProvince;
    u.code = r[1];
    u.province_code = r[1];
    u.full_name = CanonicalName(r[2]);
    auto split = SplitFullName(u.full_name, true);
    u.name = split.ok() ? split->second : u.full_name;
    if (u.name == u.full_name) u.full_name = "Tỉnh " + u.name;  // the 915 list omits "Tỉnh"
    province_by_key[ProvinceKey(u.name)] = u.code;
    provinces_2025.push_back(std::move(u));
  }

  // --- 2025: the units-2025 JSON (richer, but second to the official list).
  std::unordered_map<std::string, JsonUnit2025> json_units;           // code → unit
  std::map<std::pair<std::string, std::string>, std::string> json_by_name;  // (prov, key) → code
  std::unordered_map<std::string, std::string> json_province_full;          // code → full name
  if (!sources.units_2025_json.empty()) {
    json doc = json::parse(sources.units_2025_json, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) {
      return Status::InvalidArgument("units-2025 JSON: expected an array of provinces");
    }
    for (const json& p : doc) {
      if (!p.is_object()) continue;
      json_province_full[Str(p, "Code")] = CanonicalName(Str(p, "FullName"));
      const json* wards = Array(p, "Wards");
      if (wards == nullptr) continue;
      for (const json& w : *wards) {
        if (!w.is_object()) continue;
        JsonUnit2025 ju;
        ju.code = Str(w, "Code");
        ju.raw_name = Str(w, "Name");
        ju.name = CanonicalName(ju.raw_name);
        ju.full_name = CanonicalName(Str(w, "FullName"));
        ju.province_code = Str(w, "ProvinceCode");
        auto aid = w.find("AdministrativeUnitId");
        ju.level = LevelFromAdministrativeUnitId(
            aid != w.end() && aid->is_number_integer() ? aid->get<int>() : 4);
        json_by_name[{ju.province_code, MatchKey(ju.name)}] = ju.code;
        json_units[ju.code] = std::move(ju);
      }
    }
  }
  for (Unit& p : provinces_2025) {
    auto it = json_province_full.find(p.code);
    if (it == json_province_full.end()) continue;
    auto split = SplitFullName(it->second, true);
    if (split.ok() && MatchKey(split->second) == MatchKey(p.name)) {
      p.full_name = it->second;  // "Thành phố Huế" rather than the 915 list's bare name
    } else {
      rep.disagreements.push_back("province " + p.code + ": official '" + p.name +
                                  "', units-2025 '" + it->second + "'");
    }
  }

  // --- 2025: official commune list (1027/CTK-CSCL): code, name, province.
  auto crow = ParseCsv(sources.official_communes_csv);
  if (crow.empty() || crow[0].size() < 3 || crow[0][0] != "code") {
    return Status::InvalidArgument(
        "official commune list: expected a CSV with header 'code,name,province'");
  }
  std::unordered_map<std::string, std::string> corrected;  // units-2025 code → official code
  std::set<std::string> official_codes;
  for (const auto& r : crow) {
    if (!r.empty()) official_codes.insert(r[0]);
  }
  for (size_t i = 1; i < crow.size(); ++i) {
    const auto& r = crow[i];
    std::string where = "official commune list line " + std::to_string(i + 1);
    if (r.size() == 1 && r[0].empty()) continue;
    if (r.size() < 3 || r[0].size() != 5) {
      rep.problems.push_back(where + ": expected 'CCCCC,name,province'");
      continue;
    }
    auto pit = province_by_key.find(ProvinceKey(r[2]));
    if (pit == province_by_key.end()) {
      return Status::InvalidArgument(where + ": province '" + r[2] +
                                     "' is not in the official province list");
    }
    Unit u;
    u.era = Era::k2025;
    u.code = r[0];
    u.province_code = pit->second;
    u.full_name = CanonicalName(r[1]);
    auto split = SplitFullName(u.full_name, false);
    if (!split.ok()) {
      rep.problems.push_back(where + ": " + split.status().message());
      continue;
    }
    u.level = split->first;
    u.name = split->second;

    // Match with units-2025: by code, else by province + name (a code correction).
    auto jit = json_units.find(u.code);
    if (jit == json_units.end()) {
      auto nit = json_by_name.find({u.province_code, MatchKey(u.name)});
      if (nit != json_by_name.end() && json_units.count(nit->second) &&
          !official_codes.count(nit->second)) {
        jit = json_units.find(nit->second);
        corrected[jit->first] = u.code;
        rep.disagreements.push_back("code of " + u.full_name + ": official " + u.code +
                                    ", units-2025 " + jit->first);
      }
    }
    if (jit == json_units.end()) {
      rep.disagreements.push_back(u.code + " " + u.full_name + ": only in the official list");
    } else {
      JsonUnit2025& ju = jit->second;
      ju.used = true;
      if (ju.province_code != u.province_code) {
        rep.disagreements.push_back(u.code + " " + u.full_name + ": province official " +
                                    u.province_code + ", units-2025 " + ju.province_code);
      }
      if (ju.name != u.name) {
        rep.disagreements.push_back(u.code + ": name official '" + u.name + "', units-2025 '" +
                                    ju.name + "'");
      } else if (Nfc(ju.raw_name) != u.name) {
        ++rep.tone_only_name_differences;  // "Hoà" vs "Hòa": equal once normalised
      }
      if (ju.level != u.level) {
        rep.disagreements.push_back(u.code + " " + u.name + ": type official " +
                                    std::string(LevelName(u.level)) + ", units-2025 " +
                                    std::string(LevelName(ju.level)));
      }
    }
    switch (u.level) {
      case Level::kCommune: ++rep.communes_2025; break;
      case Level::kWard: ++rep.wards_2025; break;
      case Level::kSpecialZone: ++rep.special_zones_2025; break;
      default: break;
    }
    communes_2025.push_back(std::move(u));
  }
  for (const auto& [code, ju] : json_units) {
    if (!ju.used) {
      rep.disagreements.push_back(code + " " + ju.full_name +
                                  ": only in units-2025 (not in the official list)");
    }
  }

  // --- pre-2025: provinces > District[] > Ward[].
  if (!sources.units_pre2025_json.empty()) {
    json doc = json::parse(sources.units_pre2025_json, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) {
      return Status::InvalidArgument("units-pre2025 JSON: expected an array of provinces");
    }
    for (const json& p : doc) {
      if (!p.is_object()) continue;
      Unit pu;
      pu.era = Era::kPre2025;
      pu.level = Level::kProvince;
      pu.code = pu.province_code = Str(p, "Code");
      pu.full_name = CanonicalName(Str(p, "FullName"));
      auto ps = SplitFullName(pu.full_name, true);
      pu.name = ps.ok() ? ps->second : pu.full_name;
      const json* districts = Array(p, "District");
      pre_provinces.push_back(pu);
      if (districts == nullptr) continue;
      for (const json& d : *districts) {
        if (!d.is_object()) continue;
        Unit du;
        du.era = Era::kPre2025;
        du.code = Str(d, "Code");
        du.province_code = pu.code;
        du.full_name = CanonicalName(Str(d, "FullName"));
        auto ds = SplitFullName(du.full_name, false);
        du.level = Level::kDistrict;
        du.name = ds.ok() ? ds->second : du.full_name;
        if (!ds.ok()) rep.problems.push_back("units-pre2025 district " + du.code + ": " +
                                             ds.status().message());
        pre_districts.push_back(du);
        const json* wards = Array(d, "Ward");
        if (wards == nullptr) continue;
        for (const json& w : *wards) {
          if (!w.is_object()) continue;
          Unit wu;
          wu.era = Era::kPre2025;
          wu.code = Str(w, "Code");
          wu.province_code = pu.code;
          wu.district_code = du.code;
          wu.full_name = CanonicalName(Str(w, "FullName"));
          auto ws = SplitFullName(wu.full_name, false);
          if (!ws.ok()) {
            rep.problems.push_back("units-pre2025 unit " + wu.code + ": " +
                                   ws.status().message());
            continue;
          }
          wu.level = ws->first;
          wu.name = ws->second;
          pre_communes.push_back(std::move(wu));
        }
      }
    }
  }

  // --- Assemble, derive electronic ids, index.
  auto by_code = [](const Unit& a, const Unit& b) { return a.code < b.code; };
  for (auto* group : {&provinces_2025, &communes_2025, &pre_provinces, &pre_districts,
                      &pre_communes}) {
    std::sort(group->begin(), group->end(), by_code);
  }
  rep.provinces_2025 = static_cast<int>(provinces_2025.size());
  rep.units_2025 = static_cast<int>(communes_2025.size());
  rep.provinces_pre2025 = static_cast<int>(pre_provinces.size());
  rep.districts_pre2025 = static_cast<int>(pre_districts.size());
  rep.units_pre2025 = static_cast<int>(pre_communes.size());
  for (auto* group : {&provinces_2025, &communes_2025, &pre_provinces, &pre_districts,
                      &pre_communes}) {
    for (Unit& u : *group) cat.units_.push_back(std::move(u));
  }
  for (size_t i = 0; i < cat.units_.size(); ++i) {
    const Unit& u = cat.units_[i];
    if (!cat.index_.emplace(std::make_pair(u.era, u.code), i).second) {
      rep.problems.push_back("duplicate code " + u.code + " in era " +
                             std::string(EraName(u.era)) + " (" + u.full_name + ")");
    }
  }
  for (Unit& u : cat.units_) {
    std::string province_id;
    if (u.level != Level::kProvince) {
      const Unit* p = cat.Find(u.era, u.province_code);
      if (p == nullptr) {
        rep.problems.push_back("unit " + u.code + " has unknown province " + u.province_code);
        continue;
      }
      province_id = p->electronic_id;
    }
    auto id = DeriveElectronicId(u, province_id, options);
    if (!id.ok()) return id.status().WithPrefix("electronic id of " + u.code);
    u.electronic_id = std::move(*id);
  }

  // --- Mapping: merges (new → old, typed), then splits (old → new).
  std::map<std::pair<std::string, std::string>, bool> links;  // (old, new) → full
  auto new_code = [&](std::string code) {
    if (auto it = corrected.find(code); it != corrected.end()) return it->second;
    return code;
  };
  auto add_link = [&](const std::string& old_code, std::string nc, bool full,
                      const char* source) {
    nc = new_code(std::move(nc));
    if (cat.Find(Era::k2025, nc) == nullptr) {
      rep.problems.push_back(std::string(source) + ": link " + old_code + " → " + nc +
                             " dropped: no 2025 unit has that code");
      return;
    }
    auto [it, inserted] = links.emplace(std::make_pair(old_code, nc), full);
    if (!inserted) it->second = it->second && full;
  };
  if (!sources.merges_json.empty()) {
    json doc = json::parse(sources.merges_json, nullptr, false);
    const json* data = doc.is_discarded() || !doc.is_object() ? nullptr : Array(doc, "data");
    if (data == nullptr) return Status::InvalidArgument("merges JSON: expected {\"data\": [...]}");
    for (const json& p : *data) {
      if (!p.is_object()) continue;
      auto add_merges = [&](const json& node, const std::string& nc) {
        const json* merges = Array(node, "merges");
        if (merges == nullptr) return;
        for (const json& m : *merges) {
          if (m.is_object()) add_link(Str(m, "old_id"), nc, Str(m, "type") != "partial", "merges");
        }
      };
      add_merges(p, Str(p, "level1_id"));
      if (const json* l2 = Array(p, "level2s")) {
        for (const json& c : *l2) {
          if (c.is_object()) add_merges(c, Str(c, "level2_id"));
        }
      }
    }
  }
  if (!sources.splits_json.empty()) {
    json doc = json::parse(sources.splits_json, nullptr, false);
    const json* data = doc.is_discarded() || !doc.is_object() ? nullptr : Array(doc, "data");
    if (data == nullptr) return Status::InvalidArgument("splits JSON: expected {\"data\": [...]}");
    for (const json& p : *data) {
      if (!p.is_object()) continue;
      auto add_splits = [&](const json& node, const std::string& old_code) {
        const json* splits = Array(node, "splits");
        if (splits == nullptr) return;
        bool single = splits->size() == 1;
        for (const json& s : *splits) {
          if (!s.is_object()) continue;
          std::string nc = new_code(Str(s, "new_id"));
          if (links.count({old_code, nc})) {
            if (!single) links[{old_code, nc}] = false;  // split between several new units
            continue;
          }
          add_link(old_code, nc, single, "splits");
        }
      };
      add_splits(p, Str(p, "level1_id"));
      if (const json* l3 = Array(p, "level3s")) {
        for (const json& c : *l3) {
          if (c.is_object()) add_splits(c, Str(c, "level3_id"));
        }
      }
    }
  }
  std::set<std::string> unknown_old;
  for (const auto& [key, full] : links) {
    if (cat.Find(Era::kPre2025, key.first) == nullptr) unknown_old.insert(key.first);
    cat.mappings_.push_back({key.first, key.second, full});
    if (!full) ++rep.partial_mappings;
  }
  for (const std::string& code : unknown_old) {
    rep.problems.push_back("mapping: old code " + code +
                           " is not in the pre-2025 list (link kept)");
  }
  rep.mappings = static_cast<int>(cat.mappings_.size());
  for (size_t i = 0; i < cat.mappings_.size(); ++i) {
    cat.by_old_.emplace(cat.mappings_[i].old_code, i);
    cat.by_new_.emplace(cat.mappings_[i].new_code, i);
  }
  return cat;
}

const Unit* UnitCatalog::Find(Era era, std::string_view code) const {
  auto it = index_.find(std::make_pair(era, std::string(code)));
  return it == index_.end() ? nullptr : &units_[it->second];
}

std::vector<UnitMapping> UnitCatalog::NewUnitsOf(std::string_view old_code) const {
  std::vector<UnitMapping> out;
  auto [b, e] = by_old_.equal_range(old_code);
  for (auto it = b; it != e; ++it) out.push_back(mappings_[it->second]);
  return out;
}

std::vector<UnitMapping> UnitCatalog::OldUnitsOf(std::string_view new_code) const {
  std::vector<UnitMapping> out;
  auto [b, e] = by_new_.equal_range(new_code);
  for (auto it = b; it != e; ++it) out.push_back(mappings_[it->second]);
  return out;
}

}  // namespace motcua::units
