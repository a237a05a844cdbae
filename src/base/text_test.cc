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
      {"Hòa", "Hòa"},      // already in the official style
      {"quý", "quý"},      // qu + y: tone stays on y
      {"Quỳnh", "Quỳnh"},  // final consonant
      {"hoàng", "hoàng"},  // final consonant
      {"hoặc", "hoặc"},    // breve: not an open -oa syllable
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

namespace motcua {
namespace {

// Issue 14, defect 4: the one rule for where a sign-in may send the browser back to.
TEST(SafeLocalPathTest, AllowsOnlyPathsOnThisSite) {
  struct Case {
    const char* path;
    bool safe;
  };
  const Case cases[] = {
      {"/", true},
      {"/can-bo", true},
      {"/ho-so-cua-toi?ma=H40.12-261122-0007&lang=en", true},
      {"/tra-cuu/H40.12%2D261122", true},
      {"/thủ-tục", true},
      {"", false},
      {"can-bo", false},
      {"https://evil.example/", false},
      {"//evil.example/x", false},
      {"/\\evil.example/x", false},
      {"/%5Cevil.example/x", false},
      {"/%5cevil.example/x", false},
      {"/%2F%2Fevil.example", false},
      {"/\t/evil.example", false},
      {"/%09/evil.example", false},
      {"/\r\nX-Injected: 1", false},
      {"/%0D%0AX-Injected:%201", false},
      {"/a//b", false},
      {"/a\x7f", false},
      {"/bad%", false},
      {"/bad%zz", false},
      {"/\xff\xfe", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(IsSafeLocalPath(c.path), c.safe) << c.path;
  }
  EXPECT_FALSE(IsSafeLocalPath(std::string_view("/a\0b", 4)));
  EXPECT_FALSE(IsSafeLocalPath("/" + std::string(2048, 'a')));
  EXPECT_EQ(SafeLocalPathOr("//evil.example", "/can-bo"), "/can-bo");
  EXPECT_EQ(SafeLocalPathOr("/ho-so-cua-toi", "/can-bo"), "/ho-so-cua-toi");
}

TEST(UpperVnTest, CapitalisesVietnameseWithTheirMarks) {
  EXPECT_EQ(UpperVn("UBND Xã Thuận Châu"), "UBND XÃ THUẬN CHÂU");
  EXPECT_EQ(UpperVn("Phường Đống Đa, tỉnh Hòa Bình"), "PHƯỜNG ĐỐNG ĐA, TỈNH HÒA BÌNH");
  EXPECT_EQ(UpperVn(""), "");
}

}  // namespace
}  // namespace motcua
