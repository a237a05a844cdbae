#include "service/catalogue/unit_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/text.h"
#include "domain/units/catalog.h"

namespace motcua::service {

namespace {

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  // The source was converted from markdown tables: some names carry "<br>" line breaks.
  for (auto& f : out) {
    for (size_t p; (p = f.find("<br>")) != std::string::npos;) f.replace(p, 4, " ");
  }
  return out;
}

// Returns the folded province name without "Thành phố"/"Tỉnh" ("thanh pho ha noi" → "ha noi").
std::string ProvinceKey(const std::string& name) {
  std::string k = FoldForSearch(name);
  for (const char* prefix : {"thanh pho ", "tinh ", "tp "}) {
    if (k.starts_with(prefix)) k = k.substr(std::string(prefix).size());
  }
  return k;
}

std::string LevelOf(const std::string& name) {
  if (name.starts_with("Phường")) return "ward";
  if (name.starts_with("Đặc khu")) return "special_zone";
  return "commune";
}

}  // namespace

Result<UnitImportReport> UnitService::Import(
    const std::string& dir, const std::function<void(int64_t, int64_t)>& progress) {
  namespace fs = std::filesystem;
  fs::path root(dir);
  if (fs::exists(root / "915_CTK-CSCL_official_province_codes.csv")) root = root.parent_path();
  auto read = [&](std::string_view rel, bool required) -> Result<std::string> {
    fs::path p = root / std::string(rel);
    if (!required && !fs::exists(p)) return std::string();
    return env_.ReadFile(p);
  };
  units::UnitSources src;
  MOTCUA_ASSIGN_OR_RETURN(src.official_provinces_csv,
                          read(units::UnitSourcePaths::kOfficialProvinces, true));
  MOTCUA_ASSIGN_OR_RETURN(src.official_communes_csv,
                          read(units::UnitSourcePaths::kOfficialCommunes, true));
  MOTCUA_ASSIGN_OR_RETURN(src.units_2025_json, read(units::UnitSourcePaths::kUnits2025, false));
  MOTCUA_ASSIGN_OR_RETURN(src.units_pre2025_json,
                          read(units::UnitSourcePaths::kUnitsPre2025, false));
  MOTCUA_ASSIGN_OR_RETURN(src.merges_json, read(units::UnitSourcePaths::kMerges, false));
  MOTCUA_ASSIGN_OR_RETURN(src.splits_json, read(units::UnitSourcePaths::kSplits, false));
  MOTCUA_ASSIGN_OR_RETURN(units::UnitCatalog catalog, units::UnitCatalog::Build(src, ids_));
  const auto& r = catalog.report();
  UnitImportReport report;
  report.provinces = r.provinces_2025;
  report.communes = r.units_2025;
  report.pre2025_units = r.provinces_pre2025 + r.districts_pre2025 + r.units_pre2025;
  report.mappings = r.mappings;
  report.disagreements = static_cast<int>(r.disagreements.size());
  report.problems = r.problems;
  const auto& all = catalog.units();
  const int64_t total = static_cast<int64_t>(all.size() + catalog.mappings().size());
  int64_t now = env_.NowMs();
  Status st = store_.Write([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Exec("DELETE FROM units", {}).status());
    MOTCUA_RETURN_IF_ERROR(tx.Exec("DELETE FROM unit_mappings", {}).status());
    int64_t i = 0;
    for (const units::Unit& u : all) {
      std::string name = Nfc(u.full_name.empty() ? u.name : u.full_name);
      MOTCUA_RETURN_IF_ERROR(tx.Exec("INSERT INTO units (code, era, level, name, name_folded, "
                                     "province_code, agency_id) VALUES (?,?,?,?,?,?,?)",
                                     {u.code, std::string(units::EraName(u.era)),
                                      std::string(units::LevelName(u.level)), name,
                                      FoldForSearch(name), u.province_code, u.electronic_id})
                                 .status());
      if (progress && ++i % 1000 == 0) progress(i, total);
    }
    for (const auto& m : catalog.mappings()) {
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO unit_mappings (old_code, new_code) VALUES (?,?) ON CONFLICT DO "
                  "NOTHING",
                  {m.old_code, m.new_code})
              .status());
      if (progress && ++i % 1000 == 0) progress(i, total);
    }
    nlohmann::json body = {{"source", "Công văn 1027/CTK-CSCL; 915/CTK-CSCL; units-2025; "
                                      "units-pre2025 v2.4.1; units-mapping-2025"},
                           {"provinces", report.provinces},
                           {"communes", report.communes},
                           {"pre2025_units", report.pre2025_units},
                           {"mappings", report.mappings}};
    return tx.Append(NewEvent{"00", "units/2025", "units.imported", now, "system", body.dump()})
        .status();
  });
  if (progress) progress(total, total);
  MOTCUA_RETURN_IF_ERROR(st);
  return report;
}

Result<bool> UnitService::Loaded() {
  int64_t n = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT COUNT(*) FROM units WHERE era = '2025'", {},
                    [&](const store::Row& r) { n = r.Int(0); });
  }));
  return n > 0;
}

}  // namespace motcua::service

namespace motcua::service {

Result<std::vector<Unit>> UnitService::Search(const std::string& province, const std::string& query,
                                              const std::string& era, int limit) {
  std::vector<std::string> words;
  std::istringstream in(FoldForSearch(query));
  for (std::string w; in >> w;) words.push_back(w);
  // Each word must start a word of the folded name: match " word" inside " name".
  std::string sql =
      "SELECT code, era, level, name, province_code, agency_id FROM units WHERE era = ? AND (? = '' OR "
      "province_code = ?)";
  std::vector<store::Value> params = {era, province, province};
  for (const auto& w : words) {
    sql += " AND instr(' ' || name_folded, ?) > 0";
    params.push_back(" " + w);
  }
  sql += " ORDER BY level != 'province', name_folded LIMIT ?";
  params.push_back(int64_t{std::clamp(limit, 1, 5000)});
  std::vector<Unit> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(sql, params, [&](const store::Row& r) {
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
    });
  }));
  return out;
}

Result<Unit> UnitService::Get(const std::string& code, const std::string& era) {
  std::optional<Result<Unit>> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    out.emplace(Get(tx, code, era));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<Unit> UnitService::Get(store::ReadTx& tx, const std::string& code, const std::string& era) {
  std::optional<Unit> u;
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT code, era, level, name, province_code, agency_id FROM units WHERE code = ? AND "
      "era = ?",
      {code, era}, [&](const store::Row& r) {
        u = Unit{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)};
      }));
  if (!u) return Status::NotFound("no " + era + " unit has the code '" + code + "'");
  return *u;
}

}  // namespace motcua::service
