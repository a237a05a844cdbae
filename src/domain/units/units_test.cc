#include "domain/units/catalog.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace motcua::units {
namespace {

std::string ReadFile(std::string_view rel) {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/units/" + std::string(rel),
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const UnitCatalog& Catalog() {
  static const UnitCatalog* cat = [] {
    UnitSources s;
    s.official_provinces_csv = ReadFile(UnitSourcePaths::kOfficialProvinces);
    s.official_communes_csv = ReadFile(UnitSourcePaths::kOfficialCommunes);
    s.units_2025_json = ReadFile(UnitSourcePaths::kUnits2025);
    s.units_pre2025_json = ReadFile(UnitSourcePaths::kUnitsPre2025);
    s.merges_json = ReadFile(UnitSourcePaths::kMerges);
    s.splits_json = ReadFile(UnitSourcePaths::kSplits);
    auto built = UnitCatalog::Build(s);
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new UnitCatalog(std::move(built).value());
  }();
  return *cat;
}

TEST(UnitsTest, CountsFromTheRealFiles) {
  const UnitLoadReport& r = Catalog().report();
  EXPECT_EQ(r.provinces_2025, 34);
  EXPECT_EQ(r.units_2025, 3321);
  EXPECT_EQ(r.communes_2025 + r.wards_2025 + r.special_zones_2025, 3321);
  EXPECT_EQ(r.special_zones_2025, 13);
  EXPECT_EQ(r.provinces_pre2025, 63);
  EXPECT_EQ(r.districts_pre2025, 696);
  EXPECT_EQ(r.units_pre2025, 10035);
  EXPECT_GT(r.mappings, 10000);
  EXPECT_GT(r.tone_only_name_differences, 150);  // SOURCE.txt: 191 names, Hoà/Hòa style
  for (const auto& d : r.disagreements) std::cout << "disagreement: " << d << "\n";
  int shown = 0;
  for (const auto& p : r.problems) {
    if (shown++ < 20) std::cout << "problem: " << p << "\n";
  }
  std::cout << "problems: " << r.problems.size() << ", mappings: " << r.mappings
            << " (partial " << r.partial_mappings << "), tone-only differences: "
            << r.tone_only_name_differences << "\n";
}

TEST(UnitsTest, SpotChecks) {
  const Unit* tc = Catalog().Find(Era::k2025, "03721");
  ASSERT_NE(tc, nullptr);
  EXPECT_EQ(tc->full_name, "Xã Thuận Châu");
  EXPECT_EQ(tc->name, "Thuận Châu");
  EXPECT_EQ(tc->level, Level::kCommune);
  const Unit* son_la = Catalog().Find(Era::k2025, tc->province_code);
  ASSERT_NE(son_la, nullptr);
  EXPECT_EQ(son_la->name, "Sơn La");
  EXPECT_EQ(son_la->code, "14");

  const Unit* tsc = Catalog().Find(Era::k2025, "03529");
  ASSERT_NE(tsc, nullptr);
  EXPECT_EQ(tsc->name, "Tủa Sín Chải");
  const Unit* ssh = Catalog().Find(Era::k2025, "03394");
  ASSERT_NE(ssh, nullptr);
  EXPECT_EQ(ssh->name, "Sin Suối Hồ");  // the official spelling, not "Sìn"
  const Unit* vt = Catalog().Find(Era::k2025, "01156");
  ASSERT_NE(vt, nullptr);
  EXPECT_EQ(vt->name, "Vĩnh Tuy");
}

TEST(UnitsTest, OfficialListWins) {
  // Code corrections: the official codes exist, the units-2025 ones do not.
  ASSERT_NE(Catalog().Find(Era::k2025, "06970"), nullptr);
  EXPECT_EQ(Catalog().Find(Era::k2025, "06970")->name, "Ba Chẽ");
  EXPECT_EQ(Catalog().Find(Era::k2025, "06978"), nullptr);
  ASSERT_NE(Catalog().Find(Era::k2025, "23737"), nullptr);
  EXPECT_EQ(Catalog().Find(Era::k2025, "23938"), nullptr);
  // Official tone placement: Khánh Hòa, not Khánh Hoà.
  EXPECT_EQ(Catalog().Find(Era::k2025, "56")->name, "Khánh Hòa");
  EXPECT_EQ(Catalog().Find(Era::k2025, "38")->full_name, "Tỉnh Thanh Hóa");
  // Type as in the official list (units-2025 already has the 2026 Đồng Nai wards).
  EXPECT_EQ(Catalog().Find(Era::k2025, "26485")->level, Level::kCommune);
}

TEST(UnitsTest, ErasKeepTheirOwnMeaningOfACode) {
  const Unit* old_u = Catalog().Find(Era::kPre2025, "00004");
  const Unit* new_u = Catalog().Find(Era::k2025, "00004");
  ASSERT_NE(old_u, nullptr);
  ASSERT_NE(new_u, nullptr);
  EXPECT_EQ(old_u->full_name, "Phường Trúc Bạch");
  EXPECT_EQ(old_u->district_code, "001");
  EXPECT_EQ(new_u->full_name, "Phường Ba Đình");
}

TEST(UnitsTest, MapsOldUnitsToNew) {
  // Phường Phúc Xá (00001, Ba Đình district) became part of Phường Hồng Hà (00097).
  auto links = Catalog().NewUnitsOf("00001");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].new_code, "00097");
  EXPECT_EQ(Catalog().Find(Era::k2025, "00097")->name, "Hồng Hà");
  // Phường Cống Vị (00007) was split between Ngọc Hà (00008) and Giảng Võ (00025): partial links.
  auto split = Catalog().NewUnitsOf("00007");
  ASSERT_EQ(split.size(), 2u);
  for (const auto& l : split) EXPECT_FALSE(l.full) << l.new_code;
  // The reverse direction: Ba Đình (00004) was formed from Trúc Bạch (00004) in full, among others.
  bool found = false;
  for (const auto& l : Catalog().OldUnitsOf("00004")) {
    if (l.old_code == "00004") found = l.full;
  }
  EXPECT_TRUE(found);
  // Sin Suối Hồ 03394 took the old code 03592's territory (SOURCE.txt).
  bool sin = false;
  for (const auto& l : Catalog().OldUnitsOf("03394")) sin = sin || l.old_code == "03592";
  EXPECT_TRUE(sin);
}

TEST(UnitsTest, ElectronicIds) {
  const Unit* tc = Catalog().Find(Era::k2025, "03721");
  EXPECT_EQ(tc->electronic_id, "H14.03721");  // default placeholder derivation
  EXPECT_TRUE(ValidateElectronicId(tc->electronic_id).ok());
  for (const Unit& u : Catalog().units()) {
    ASSERT_TRUE(ValidateElectronicId(u.electronic_id).ok()) << u.code << " " << u.electronic_id;
  }
  EXPECT_TRUE(ValidateElectronicId("H15.50.05.13").ok());
  EXPECT_FALSE(ValidateElectronicId("").ok());
  EXPECT_FALSE(ValidateElectronicId("h15.50").ok());
  EXPECT_FALSE(ValidateElectronicId("H15..50").ok());
  EXPECT_FALSE(ValidateElectronicId("Z15.50").ok());
  EXPECT_FALSE(ValidateElectronicId("H1.50").ok());
  EXPECT_FALSE(ValidateElectronicId("H15.01234567890123456789012345678901").ok());

  ElectronicIdOptions opt;
  opt.province_template = "H{code}";
  opt.unit_template = "{province}.X{code}";
  opt.overrides_2025["14"] = "H55";
  Unit u{Era::k2025, "03721", Level::kCommune, "Thuận Châu", "Xã Thuận Châu", "14", "", ""};
  auto id = DeriveElectronicId(u, "H55", opt);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "H55.X03721");
  opt.unit_template = "{province}.{code}.lower";
  EXPECT_FALSE(DeriveElectronicId(u, "H55", opt).ok());
}

TEST(UnitsTest, RejectsMalformedSources) {
  UnitSources s;
  s.official_provinces_csv = "not,a,list\n";
  s.official_communes_csv = "code,name,province\n";
  EXPECT_EQ(UnitCatalog::Build(s).status().code(), Code::kInvalidArgument);
  s.official_provinces_csv = "Stt,Mã số,Tên\n1,14,Sơn La\n";
  s.official_communes_csv = "code,name,province\n03721,Xã Thuận Châu,Tỉnh Sơn La\n";
  s.units_2025_json = "{not json";
  EXPECT_EQ(UnitCatalog::Build(s).status().code(), Code::kInvalidArgument);
  s.units_2025_json = "";
  auto ok = UnitCatalog::Build(s);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->report().units_2025, 1);
  EXPECT_EQ(ok->Find(Era::k2025, "03721")->province_code, "14");
  s.official_communes_csv = "code,name,province\n03721,Xã Thuận Châu,Tỉnh Hà Giang\n";
  EXPECT_EQ(UnitCatalog::Build(s).status().code(), Code::kInvalidArgument);
}

TEST(UnitsTest, SplitsFullNames) {
  auto a = SplitFullName("Đặc khu Phú Quốc", false);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->first, Level::kSpecialZone);
  EXPECT_EQ(a->second, "Phú Quốc");
  auto b = SplitFullName("Thành phố Hà Nội", true);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->second, "Hà Nội");
  EXPECT_FALSE(SplitFullName("Thuận Châu", false).ok());
  EXPECT_EQ(CanonicalName("Tỉnh<br>Khánh  Hoà"), "Tỉnh Khánh Hòa");
  EXPECT_EQ(*ParseEra("pre2025"), Era::kPre2025);
  EXPECT_FALSE(ParseEra("2024").ok());
}

}  // namespace
}  // namespace motcua::units
