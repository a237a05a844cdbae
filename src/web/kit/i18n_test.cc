#include "web/kit/i18n.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "base/embedded.h"

namespace motcua::embedded::web_assets {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::web {
namespace {

// Returns the keys of the embedded catalogue i18n/<lang>.json.
std::set<std::string> KeysOf(const std::string& lang) {
  for (const auto& f : embedded::web_assets::Files()) {
    if (f.path == "kit/i18n/" + lang + ".json") {
      auto j = nlohmann::json::parse(f.bytes);
      std::set<std::string> keys;
      for (const auto& [k, v] : j.items()) {
        EXPECT_TRUE(v.is_string()) << lang << ": " << k;
        EXPECT_FALSE(v.get<std::string>().empty()) << lang << ": " << k;
        keys.insert(k);
      }
      return keys;
    }
  }
  ADD_FAILURE() << "no catalogue i18n/" << lang << ".json";
  return {};
}

TEST(CatalogTest, EnglishIsComplete) {
  const Catalog& c = Catalog::Get();
  EXPECT_TRUE(c.Has("vi"));
  EXPECT_TRUE(c.Has("en"));
  EXPECT_TRUE(c.MissingKeys("en").empty()) << c.MissingKeys("en")[0];
}

TEST(CatalogTest, VietnameseAndEnglishHaveTheSameKeys) {
  std::set<std::string> vi = KeysOf("vi"), en = KeysOf("en");
  ASSERT_FALSE(vi.empty());
  for (const auto& k : vi) EXPECT_TRUE(en.count(k)) << "en.json lacks " << k;
  for (const auto& k : en)
    EXPECT_TRUE(vi.count(k)) << "vi.json lacks " << k << " (vi is the source)";
}

TEST(CatalogTest, PlaceholdersAreTheSameInEveryLanguage) {
  const Catalog& c = Catalog::Get();
  auto names = [](const std::string& text) {
    std::set<std::string> out;
    for (size_t i = text.find('{'); i != std::string::npos; i = text.find('{', i + 1)) {
      out.insert(text.substr(i, text.find('}', i) - i + 1));
    }
    return out;
  };
  auto vi = c.All("vi");
  for (const auto& [k, v] : c.All("en")) EXPECT_EQ(names(v), names(vi[k])) << k;
}

TEST(CatalogTest, PlaceholdersAndFallbacks) {
  Catalog c = Catalog::FromJson({{"vi", R"({"a":"Xin chào {name}","b":"chỉ tiếng Việt"})"},
                                 {"en", R"({"a":"Hello {name}"})"},
                                 {"xx", "not json"}});
  EXPECT_EQ(c.T("en", "a", {{"name", "Lan"}}), "Hello Lan");
  EXPECT_EQ(c.T("vi", "a", {{"name", "Lan"}}), "Xin chào Lan");
  EXPECT_EQ(c.T("en", "b"), "chỉ tiếng Việt");
  EXPECT_EQ(c.T("en", "missing.key"), "missing.key");
  EXPECT_FALSE(c.Has("xx"));
  EXPECT_EQ(c.MissingKeys("en"), std::vector<std::string>{"b"});
}

TEST(CatalogTest, PseudoLocaleMarksEveryMessageOnlyWhenEnabled) {
  Catalog c = Catalog::FromJson({{"vi", R"({"a":"Xin chào {name}"})"}, {"en", R"({"a":"Hi"})"}});
  ASSERT_FALSE(Catalog::PseudoLocaleEnabled());
  EXPECT_FALSE(c.Has("qps"));
  EXPECT_EQ(c.T("qps", "a", {{"name", "Lan"}}), "Xin chào Lan");  // an unknown language
  Catalog::SetPseudoLocaleEnabled(true);
  EXPECT_TRUE(c.Has("qps"));
  EXPECT_EQ(c.T("qps", "a", {{"name", "Lan"}}), "⟦Xin chào Lan⟧");
  EXPECT_EQ(c.T("qps", "missing.key"), "missing.key");
  // A message inside another is marked once, as part of the outer one.
  EXPECT_EQ(c.T("qps", "a", {{"name", c.T("qps", "a", {{"name", "Lan"}})}}),
            "⟦Xin chào Xin chào Lan⟧");
  EXPECT_EQ(c.All("qps").at("a"), "⟦Xin chào {name}⟧");
  EXPECT_EQ(c.Languages(), (std::vector<std::string>{"en", "vi"}));  // never offered
  EXPECT_EQ(c.T("en", "a"), "Hi");
  Catalog::SetPseudoLocaleEnabled(false);
  EXPECT_FALSE(c.Has("qps"));
}

}  // namespace
}  // namespace motcua::web
