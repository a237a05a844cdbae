#include "service/unit_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/text.h"

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

Result<UnitImportReport> UnitService::ImportOfficial2025(
    const std::string& dir, const std::function<void(int64_t, int64_t)>& progress) {
  namespace fs = std::filesystem;
  auto provinces_text = env_.ReadFile(fs::path(dir) / "915_CTK-CSCL_official_province_codes.csv");
  auto communes_text = env_.ReadFile(fs::path(dir) / "1027_CTK-CSCL_official_commune_codes.csv");
  if (!provinces_text.ok()) return provinces_text.status();
  if (!communes_text.ok()) return communes_text.status();
  UnitImportReport report;
  std::vector<Unit> units;
  std::map<std::string, std::string> province_by_name;  // folded "son la" → "14"
  std::istringstream ps(*provinces_text);
  std::string line;
  int n = 0;
  while (std::getline(ps, line)) {
    if (++n == 1 || line.empty()) continue;
    auto f = SplitCsv(line);
    if (f.size() < 3 || f[1].size() != 2) {
      report.problems.push_back(fmt::format("province list line {}: '{}'", n, line));
      continue;
    }
    std::string name = Nfc(f[2]);
    units.push_back({f[1], "2025", "province", name, f[1]});
    province_by_name[ProvinceKey(name)] = f[1];
    ++report.provinces;
  }
  std::istringstream cs(*communes_text);
  n = 0;
  while (std::getline(cs, line)) {
    if (++n == 1 || line.empty()) continue;
    auto f = SplitCsv(line);
    if (f.size() < 3 || f[0].size() != 5) {
      report.problems.push_back(fmt::format("commune list line {}: '{}'", n, line));
      continue;
    }
    auto it = province_by_name.find(ProvinceKey(f[2]));
    if (it == province_by_name.end()) {
      report.problems.push_back(fmt::format("commune list line {}: unknown province '{}'", n, f[2]));
      continue;
    }
    std::string name = Nfc(f[1]);
    units.push_back({f[0], "2025", LevelOf(name), name, it->second});
    ++report.communes;
  }
  if (!report.problems.empty()) {
    return Status::InvalidArgument(fmt::format("the unit lists have {} unreadable lines; first: {}",
                                               report.problems.size(), report.problems[0]));
  }
  int64_t now = env_.NowMs();
  Status st = store_.Write([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Exec("DELETE FROM units WHERE era = '2025'", {}).status());
    int64_t i = 0;
    for (const Unit& u : units) {
      MOTCUA_RETURN_IF_ERROR(tx.Exec("INSERT INTO units (code, era, level, name, name_folded, "
                                     "province_code) VALUES (?,?,?,?,?,?)",
                                     {u.code, u.era, u.level, u.name, FoldForSearch(u.name),
                                      u.province_code})
                                 .status());
      if (progress && ++i % 500 == 0) progress(i, static_cast<int64_t>(units.size()));
    }
    nlohmann::json body = {{"source", "Công văn 1027/CTK-CSCL; 915/CTK-CSCL"},
                           {"provinces", report.provinces},
                           {"communes", report.communes}};
    return tx.Append(NewEvent{"00", "units/2025", "units.imported", now, "system", body.dump()})
        .status();
  });
  if (progress) progress(static_cast<int64_t>(units.size()), static_cast<int64_t>(units.size()));
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
      "SELECT code, era, level, name, province_code FROM units WHERE era = ? AND (? = '' OR "
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
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
    });
  }));
  return out;
}

Result<Unit> UnitService::Get(const std::string& code, const std::string& era) {
  std::optional<Unit> u;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, era, level, name, province_code FROM units WHERE code = ? AND era = ?",
        {code, era}, [&](const store::Row& r) {
          u = Unit{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
        });
  }));
  if (!u) return Status::NotFound("no " + era + " unit has the code '" + code + "'");
  return *u;
}

}  // namespace motcua::service
