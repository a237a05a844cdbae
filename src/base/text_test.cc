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
}

}  // namespace
}  // namespace motcua
