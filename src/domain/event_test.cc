#include "domain/event.h"

#include <gtest/gtest.h>

namespace motcua {
namespace {

NewEvent Sample() {
  return NewEvent{"11", "dossier/A-1", "dossier.accepted", 1700000000000, "user:1", R"({"a":1})"};
}

TEST(EventTest, CanonicalBytesAreUnambiguous) {
  NewEvent a = Sample(), b = Sample();
  a.stream = "ab";
  a.type = "c";
  b.stream = "a";
  b.type = "bc";
  EXPECT_NE(CanonicalBytes(1, a), CanonicalBytes(1, b));
}

TEST(EventTest, ChainHashDependsOnEveryField) {
  std::string base = ChainHash("", 1, Sample());
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base, ChainHash("", 1, Sample()));
  EXPECT_NE(base, ChainHash("00", 1, Sample()));
  EXPECT_NE(base, ChainHash("", 2, Sample()));
  NewEvent e = Sample();
  e.body = R"({"a":2})";
  EXPECT_NE(base, ChainHash("", 1, e));
  e = Sample();
  e.at_ms += 1;
  EXPECT_NE(base, ChainHash("", 1, e));
  e = Sample();
  e.actor = "user:2";
  EXPECT_NE(base, ChainHash("", 1, e));
  e = Sample();
  e.province = "12";
  EXPECT_NE(base, ChainHash("", 1, e));
}

}  // namespace
}  // namespace motcua
