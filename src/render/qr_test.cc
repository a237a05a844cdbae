#include "render/qr.h"

#include <gtest/gtest.h>

namespace motcua::render {
namespace {

TEST(QrTest, EncodesLookupUrl) {
  auto m = EncodeQr("http://127.0.0.1:8080/tra-cuu/H40.12-261122-0007");
  ASSERT_TRUE(m.ok());
  EXPECT_GE(m->size, 21);
  EXPECT_EQ((m->size - 17) % 4, 0);  // QR versions are 17 + 4v modules wide
  // Finder pattern: the top-left 7x7 block has a dark border and a light ring.
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(m->At(i, 0));
    EXPECT_TRUE(m->At(0, i));
  }
  EXPECT_FALSE(m->At(1, 1));
  EXPECT_TRUE(m->At(3, 3));
}

TEST(QrTest, SvgAndLimits) {
  auto svg = QrSvg("x", 120);
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  EXPECT_NE(svg->find("width=\"120\""), std::string::npos);
  EXPECT_EQ(EncodeQr("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(EncodeQr(std::string(3000, 'a')).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace motcua::render
