#include "base/text.h"

#include <gtest/gtest.h>

namespace motcua {
namespace {

TEST(TextTest, FoldsVietnamese) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"Hộ tịch", "ho tich"},
      {"ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"},
      {"Hoà", "hoa"},
      {"Hòa", "hoa"},
      {"Thuỷ – Thủy", "thuy thuy"},
      {"  Xã   Thuận Châu, tỉnh Sơn La ", "xa thuan chau tinh son la"},
      {"1.004227", "1 004227"},
  };
  for (const auto& c : cases) EXPECT_EQ(FoldForSearch(c.in), c.out) << c.in;
}

TEST(TextTest, NfcComposes) {
  // "ộ" decomposed: o + combining circumflex + combining dot below.
  EXPECT_EQ(Nfc("Ho\xcc\x82\xcc\xa3"), "Hộ");
  EXPECT_EQ(Nfc("Hộ"), "Hộ");
}

TEST(TextTest, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("Hộ tịch"));
  EXPECT_FALSE(IsValidUtf8("\xff\xfe"));
  EXPECT_FALSE(IsValidUtf8("abc\xc3"));
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // a surrogate, which JSON cannot carry
}

TEST(TextTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(ReplaceInvalidUtf8("Hộ tịch"), "Hộ tịch");
  EXPECT_EQ(ReplaceInvalidUtf8("a\xff"
                               "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ReplaceInvalidUtf8("abc\xc3"), "abc\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(ReplaceInvalidUtf8("\xed\xa0\x80\xc0\xaf")));
}

}  // namespace
}  // namespace motcua

namespace motcua {
namespace {

TEST(TextTest, NormalizesTonePlacement) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"Hoà", "Hòa"},
      {"Khánh Hoà", "Khánh Hòa"},
      {"Thanh Hoá", "Thanh Hóa"},
      {"thuỷ", "thủy"},
      {"Đàm Thuỷ", "Đàm Thủy"},
      {"THUỶ", "THỦY"},
      {"Thuý", "Thúy"},
      {"khoẻ", "khỏe"},
      {"xoè", "xòe"},
      {"Uỷ ban", "Ủy ban"},
      {"hoạ sĩ", "họa sĩ"},
      {"Hòa", "Hòa"},           // already in the official style
      {"quý", "quý"},           // qu + y: tone stays on y
      {"Quỳnh", "Quỳnh"},       // final consonant
      {"hoàng", "hoàng"},       // final consonant
      {"hoặc", "hoặc"},         // breve: not an open -oa syllable
      {"khuya", "khuya"},
      {"Nguyễn", "Nguyễn"},
      {"Xã Yên Hoà, tỉnh Khánh Hoà.", "Xã Yên Hòa, tỉnh Khánh Hòa."},
      {"", ""},
      {"1.004227", "1.004227"},
  };
  for (const auto& c : cases) EXPECT_EQ(NormalizeTonePlacement(c.in), c.out) << c.in;
}

TEST(TextTest, TonePlacementOutputIsNfcAndFoldingIsUnchanged) {
  // Decomposed input ("Hoà" as H o a + combining grave) comes out composed.
  EXPECT_EQ(NormalizeTonePlacement("Hoa\xcc\x80"), "Hòa");
  for (const char* s : {"Hoà", "thuỷ", "Thanh Hoá", "khoẻ", "Uỷ ban nhân dân xã Hoà Phú"}) {
    std::string n = NormalizeTonePlacement(s);
    EXPECT_EQ(Nfc(n), n) << s;
    EXPECT_EQ(FoldForSearch(n), FoldForSearch(s)) << s;
  }
}

}  // namespace
TEST(SplitListTest, TrimsAndDropsEmptyItems) {
  EXPECT_EQ(SplitList("a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(SplitList("").empty());
  EXPECT_EQ(SplitList("host:1:2", ';'), (std::vector<std::string>{"host:1:2"}));
}

}  // namespace motcua
