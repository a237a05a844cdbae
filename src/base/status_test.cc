#include "base/status.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <vector>

#include "base/ids.h"

namespace motcua {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd", {{"x", "must be even"}});
  return x / 2;
}

Result<int> Quarter(int x) {
  MOTCUA_ASSIGN_OR_RETURN(int h, Half(x));
  MOTCUA_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  MOTCUA_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, CarriesCodeMessageAndFields) {
  Status s = Status::InvalidArgument("bad body", {{"amount", "must not be negative"}});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.ToString(), "invalid_argument: bad body");
  ASSERT_EQ(s.fields().size(), 1u);
  EXPECT_EQ(s.fields()[0].field, "amount");
  EXPECT_EQ(s.WithPrefix("store").message(), "store: bad body");
}

TEST(ResultTest, ValueAndErrorPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);  // 6/2 = 3, odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().fields()[0].field, "x");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(3).code(), Code::kInvalidArgument);
}

// Issue 14, defect 1: iterating the fields of a status taken from a temporary read freed memory
// (the sanitizer build reports it as heap-use-after-free). The accessors of temporaries now
// return values, so these loops are safe, and the types say so.
static_assert(!std::is_reference_v<decltype(std::declval<Result<int>>().status())>);
static_assert(std::is_reference_v<decltype(std::declval<Result<int>&>().status())>);
static_assert(!std::is_reference_v<decltype(std::declval<Status>().fields())>);
static_assert(!std::is_reference_v<decltype(std::declval<Status>().message())>);
static_assert(!std::is_reference_v<decltype(std::declval<Result<std::string>>().value())>);

TEST(ResultTest, FieldsOfATemporaryStatusOutliveIt) {
  std::vector<std::string> seen;
  Result<int> r = Half(3);
  for (const auto& e : r.status().fields()) seen.push_back(e.field + ": " + e.message);
  for (const auto& e : Half(5).status().fields()) seen.push_back(e.field + ": " + e.message);
  for (const auto& e : Status(Half(7).status()).fields()) seen.push_back(e.field);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "x: must be even");
  EXPECT_EQ(seen[1], "x: must be even");
  EXPECT_EQ(Half(9).status().message(), "odd");
  EXPECT_TRUE(Half(4).status().ok());
  const Result<int> ok = Half(4);
  EXPECT_TRUE(ok.status().ok());
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(StrongIdTest, ComparesWithinKind) {
  UnitCode a("03721"), b("03721"), c("01156");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_LT(c, a);
  static_assert(!std::is_convertible_v<UnitCode, ProvinceCode>);
  static_assert(!std::is_convertible_v<std::string, UnitCode>);
}

TEST(CodeNameTest, EveryCodeHasAName) {
  for (int c = 0; c <= static_cast<int>(Code::kInternal); ++c) {
    EXPECT_NE(CodeName(static_cast<Code>(c)), "unknown");
  }
}

}  // namespace
}  // namespace motcua
