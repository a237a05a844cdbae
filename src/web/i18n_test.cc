#include "web/i18n.h"

#include <gtest/gtest.h>

namespace motcua::web {
namespace {

TEST(CatalogTest, EnglishIsComplete) {
  const Catalog& c = Catalog::Get();
  EXPECT_TRUE(c.Has("vi"));
  EXPECT_TRUE(c.Has("en"));
  EXPECT_TRUE(c.MissingKeys("en").empty()) << c.MissingKeys("en")[0];
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

}  // namespace
}  // namespace motcua::web
