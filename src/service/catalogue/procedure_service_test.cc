#include "service/catalogue/procedure_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <tuple>
#include <nlohmann/json.hpp>
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

const std::string kCatalogue =
    std::string(MOTCUA_SOURCE_DIR) + "/data/procedures/commune_catalogue.jsonl";
const std::string kPortal =
    std::string(MOTCUA_SOURCE_DIR) + "/../shared/data/procedures/procedures.jsonl";

class ProcedureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = std::make_unique<store::TempStore>(
        std::string("proc-") + ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        env_);
    store_ = &**temp_;
    svc_ = std::make_unique<ProcedureService>(env_, *store_);
  }
  void TearDown() override {
    svc_.reset();
    temp_.reset();
  }
  void ImportCatalogue() {
    auto r = svc_->ImportFile(kCatalogue, "system:test", nullptr);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  std::vector<std::string> Codes(const std::string& q, int limit = 5) {
    ProcedureQuery query;
    query.q = q;
    query.limit = limit;
    auto r = svc_->Search(query);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& s : r->items) out.push_back(s.code);
    }
    return out;
  }
  bool Finds(const std::string& q, const std::string& code) {
    auto c = Codes(q, 500);
    return std::find(c.begin(), c.end(), code) != c.end();
  }

  std::unique_ptr<store::TempStore> temp_;
  store::Store* store_ = nullptr;
  FakeEnv env_{1795400000000};
  std::unique_ptr<ProcedureService> svc_;
};

TEST_F(ProcedureTest, ImportsTheCommuneCatalogueAndReimportsWithoutNewVersions) {
  auto r = svc_->ImportFile(kCatalogue, "system:test", nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->lines, 128);
  EXPECT_EQ(r->added, 128);
  EXPECT_EQ(*svc_->Count(), 128);
  auto again = svc_->ImportFile(kCatalogue, "system:test", nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 128);
  EXPECT_EQ(again->added + again->changed, 0);
  auto v = svc_->Current("1.001193");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->version, 1);
  auto j = nlohmann::json::parse(v->record_json);
  EXPECT_EQ(j["name"], "Thủ tục đăng ký khai sinh");
  EXPECT_EQ(j["field"], "Hộ tịch");
  EXPECT_FALSE(j["channels_raw"].get<std::string>().empty());
}

TEST_F(ProcedureTest, ImportsTheWholePortalExport) {
  if (!std::filesystem::exists(kPortal)) GTEST_SKIP() << kPortal << " is not present";
  int64_t last = 0;
  auto r = svc_->ImportFile(kPortal, "system:test", [&](int64_t done, int64_t) { last = done; });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->lines, 2642);
  EXPECT_EQ(*svc_->Count(), 2642);
  EXPECT_EQ(last, 2642);
  EXPECT_GT(r->time_structured, 2000);
  EXPECT_FALSE(r->unparsed.empty());  // the report names what the text did not allow
}

TEST_F(ProcedureTest, AMalformedLineFailsTheWholeFileWithItsLineNumber) {
  std::ifstream in(kCatalogue);
  std::string l1, l2;
  std::getline(in, l1);
  std::getline(in, l2);
  auto bad = temp_->dir() / "bad.jsonl";
  std::ofstream(bad) << l1 << "\n" << l2 << "\n{\"ma_thu_tuc\": \"1.00x\", broken\n";
  auto r = svc_->ImportFile(bad.string(), "system:test", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("line 3"), std::string::npos) << r.status().message();
  EXPECT_EQ(*svc_->Count(), 0);
}

TEST_F(ProcedureTest, SearchFoldsDiacriticsDStrokeTonePlacementAndPrefixes) {
  ImportCatalogue();
  EXPECT_TRUE(Finds("ho tich", "1.001193"));        // without diacritics
  EXPECT_TRUE(Finds("Hộ tịch", "1.001193"));        // with them
  EXPECT_TRUE(Finds("dang ky khai sinh", "1.001193"));  // đ → d
  EXPECT_TRUE(Finds("ĐĂNG KÝ KHAI SINH", "1.001193"));
  EXPECT_TRUE(Finds("khai si", "1.001193"));        // word prefix
  EXPECT_TRUE(Finds("sinh khai dang", "1.001193")); // any order
  EXPECT_FALSE(Finds("hai sinh", "1.001193"));      // prefixes of words, not infixes
  // Old and new tone placement: "hoà giải" / "hòa giải".
  auto a = Codes("hoà giải", 500), b = Codes("hòa giải", 500);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_TRUE(Codes("zzqx").empty());
}

TEST_F(ProcedureTest, ExactNameAndCodeComeFirst) {
  ImportCatalogue();
  EXPECT_EQ(Codes("1.001193").front(), "1.001193");
  EXPECT_EQ(Codes("thu tuc dang ky khai sinh").front(), "1.001193");
  EXPECT_EQ(Codes("khai sinh").front(), "1.001193");  // the shortest name containing the phrase
  EXPECT_EQ(Codes("dang ky khai sinh").front(), "1.001193");  // "Thủ tục" is not needed
  // A query naming the field puts its procedures before names that merely contain the words.
  auto hits = Codes("ho tich", 30);
  auto first = svc_->Current(hits.front());
  EXPECT_EQ(nlohmann::json::parse(first->record_json)["field"], "Hộ tịch");
}

TEST_F(ProcedureTest, RanksByMatchedWordsAllFirstThenMost) {
  // Issue 23, point 6: a text with words no name has still finds what most of its words name.
  ImportCatalogue();
  // "giấy" is in no birth-registration name: two of three words match.
  EXPECT_TRUE(Finds("khai sinh giay", "1.001193"));
  // Procedures matching every word come before those matching most of them.
  auto hits = Codes("dang ky khai sinh luu dong", 10);
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0], "1.003583");  // Đăng ký khai sinh lưu động: every word
  EXPECT_NE(std::find(hits.begin(), hits.end(), "1.001193"), hits.end());  // most words
  // Half of the words or fewer is not a match: "hai" starts no word, "sinh" alone is not enough.
  EXPECT_FALSE(Finds("hai sinh", "1.001193"));
}

TEST_F(ProcedureTest, SynonymsFindTheNamesPeopleUse) {
  ImportCatalogue();
  // The list the migration seeds: độc thân, giấy khai sinh …
  EXPECT_EQ(Codes("doc than").front(), "1.004873");  // Giấy xác nhận tình trạng hôn nhân
  EXPECT_EQ(Codes("Độc thân").front(), "1.004873");
  EXPECT_EQ(Codes("giay khai sinh").front(), "1.001193");
  EXPECT_EQ(Codes("lam giay khai sinh cho con").front(), "1.001193");
  // An administrator adds one; search sees it at once, and removing it takes it away.
  EXPECT_TRUE(Codes("lay vo").empty());
  ASSERT_TRUE(svc_->SetSynonym("lấy vợ", "đăng ký kết hôn", "user:1").ok());
  EXPECT_EQ(Codes("lay vo").front(), "1.000894");
  auto list = svc_->Synonyms();
  ASSERT_TRUE(list.ok());
  EXPECT_NE(std::find_if(list->begin(), list->end(),
                         [](const ProcedureSynonym& s) { return s.phrase == "lấy vợ"; }),
            list->end());
  // The same phrase folded replaces what it meant.
  ASSERT_TRUE(svc_->SetSynonym("LAY VO", "đăng ký kết hôn lưu động", "user:1").ok());
  EXPECT_EQ(Codes("lay vo").front(), "1.000593");
  ASSERT_TRUE(svc_->RemoveSynonym("Lấy vợ", "user:1").ok());
  EXPECT_TRUE(Codes("lay vo").empty());
  EXPECT_EQ(svc_->RemoveSynonym("lấy vợ", "user:1").code(), Code::kNotFound);
  // Refused: empty, the same words, too long.
  for (const auto& [phrase, means, field] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"", "đăng ký kết hôn", "phrase"}, {"lấy chồng", " ", "means"},
           {"Kết hôn", "ket hon", "means"}, {std::string(121, 'a'), "kết hôn", "phrase"}}) {
    Status st = svc_->SetSynonym(phrase, means, "user:1");
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << phrase;
    ASSERT_FALSE(st.fields().empty());
    EXPECT_EQ(st.fields().front().field, field) << phrase;
  }
}

TEST_F(ProcedureTest, FiltersByUnitFieldAndOnlineLevel) {
  ImportCatalogue();
  ProcedureQuery q;
  q.field = "ho tich";
  q.limit = 500;
  auto r = svc_->Search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_GT(r->total, 10);
  for (const auto& s : r->items) EXPECT_EQ(s.field, "Hộ tịch");
  q = {};
  q.online = "none";
  q.limit = 500;
  r = svc_->Search(q);
  for (const auto& s : r->items) EXPECT_EQ(s.online_level, "none");
  q = {};
  q.unit = "03721";
  EXPECT_EQ(svc_->Search(q).value().total, 0);
  auto added = svc_->OfferCommuneProcedures("03721", "14", "system:test");
  ASSERT_TRUE(added.ok());
  EXPECT_GT(*added, 100);
  EXPECT_EQ(svc_->Search(q).value().total, *added);
  ASSERT_TRUE(svc_->SetOffering({"03721", "1.001193", 2, "Miễn lệ phí cho hộ nghèo"}, "14",
                                "user:1")
                  .ok());
  auto off = svc_->Offerings("03721", "1.001193");
  ASSERT_TRUE(off.ok());
  ASSERT_EQ(off->size(), 1u);
  EXPECT_EQ(*(*off)[0].local_days, 2);
  EXPECT_EQ((*off)[0].local_fee_note, "Miễn lệ phí cho hộ nghèo");
  EXPECT_EQ(svc_->SetOffering({"03721", "9.999999", {}, ""}, "14", "user:1").code(),
            Code::kNotFound);
  ASSERT_TRUE(svc_->RemoveOffering("03721", "1.001193", "14", "user:1").ok());
  EXPECT_EQ(svc_->Search(q).value().total, *added - 1);
}

TEST_F(ProcedureTest, AnEditMakesANewVersionAndThePinnedVersionStaysReadable) {
  ImportCatalogue();
  auto v1 = svc_->Current("1.001193");
  ASSERT_TRUE(v1.ok());
  auto v2 = svc_->Edit("1.001193",
                       R"({"processing_time": {"amount": 1, "unit": "working_days", "raw": "1 Ngày làm việc"},
                           "online_level": "full"})",
                       "user:7");
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->version, 2);
  // A dossier filed under version 1 still resolves it, unchanged.
  auto pinned = svc_->GetProcedureVersion("1.001193", 1);
  ASSERT_TRUE(pinned.ok());
  EXPECT_EQ(pinned->record_json, v1->record_json);
  auto now = svc_->Current("1.001193");
  EXPECT_EQ(now->version, 2);
  auto j = nlohmann::json::parse(now->record_json);
  EXPECT_EQ(j["online_level"], "full");
  EXPECT_EQ(j["processing_time"]["raw"], "1 Ngày làm việc");
  EXPECT_EQ(j["name"], "Thủ tục đăng ký khai sinh");  // untouched fields kept
  EXPECT_EQ(svc_->Versions("1.001193").value().size(), 2u);
  EXPECT_EQ(svc_->GetProcedureVersion("1.001193", 3).status().code(), Code::kNotFound);
  ProcedureQuery q;
  q.q = "khai sinh";
  q.online = "full";
  auto r = svc_->Search(q);
  ASSERT_EQ(r->total, 1);
  EXPECT_EQ(r->items[0].version, 2);
  // A re-import brings the portal's text back as version 3, keeping 1 and 2.
  auto again = svc_->ImportFile(kCatalogue, "system:test", nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->changed, 1);
  EXPECT_EQ(svc_->Current("1.001193").value().version, 3);
  EXPECT_TRUE(svc_->GetProcedureVersion("1.001193", 2).ok());
  EXPECT_EQ(svc_->Edit("1.001193", R"({"code": "1.000001"})", "user:7").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(svc_->Edit("1.001193", R"({"name": ""})", "user:7").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(svc_->Edit("9.999999", "{}", "user:7").status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace motcua::service
