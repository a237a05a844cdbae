#include "http/url.h"

#include <gtest/gtest.h>

namespace motcua::http {
namespace {

TEST(UrlTest, DecodesAndParsesQuery) {
  auto q = ParseQuery("q=h%E1%BB%99+t%E1%BB%8Bch&province=11&flag&bad=%zz&empty=");
  EXPECT_EQ(q.find("q")->second, "hộ tịch");
  EXPECT_EQ(q.find("province")->second, "11");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_EQ(q.count("bad"), 0u);
  EXPECT_EQ(q.find("empty")->second, "");
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentEncode("hộ tịch/1"), "h%E1%BB%99%20t%E1%BB%8Bch%2F1");
}

TEST(UrlTest, FindsCookies) {
  EXPECT_EQ(FindCookie("lang=en; sid=abc", "sid"), "abc");
  EXPECT_EQ(FindCookie("lang=en;sid=abc", "lang"), "en");
  EXPECT_FALSE(FindCookie("lang=en", "sid").has_value());
  EXPECT_FALSE(FindCookie("", "sid").has_value());
}

}  // namespace
}  // namespace motcua::http
