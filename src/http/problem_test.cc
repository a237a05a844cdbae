#include "http/problem.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace motcua::http {
namespace {

TEST(ProblemTest, MapsEveryCode) {
  struct Case {
    Code code;
    int status;
  } cases[] = {
      {Code::kInvalidArgument, 400}, {Code::kUnauthenticated, 401}, {Code::kPermissionDenied, 403},
      {Code::kNotFound, 404},        {Code::kConflict, 409},        {Code::kFailedPrecondition, 409},
      {Code::kAlreadyExists, 409},   {Code::kResourceExhausted, 429}, {Code::kInternal, 500},
      {Code::kUnavailable, 503},
  };
  for (const auto& c : cases) {
    Response r = ProblemFromStatus(Status(c.code, "why"));
    EXPECT_EQ(r.status, c.status) << CodeName(c.code);
    EXPECT_EQ(r.Header("Content-Type"), "application/problem+json");
    auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["status"], c.status);
    EXPECT_EQ(j["type"], "https://motcua.dev/problems/" + std::string(CodeName(c.code)));
    EXPECT_FALSE(j["title"].get<std::string>().empty());
  }
}

TEST(ProblemTest, CarriesFieldErrors) {
  Response r = ProblemFromStatus(
      Status::InvalidArgument("2 fields are wrong", {{"amount", "must not be negative"},
                                                      {"start", "is not an RFC 3339 instant"}}));
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["detail"], "2 fields are wrong");
  ASSERT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["errors"][0]["field"], "amount");
  EXPECT_EQ(j["errors"][1]["message"], "is not an RFC 3339 instant");
}

TEST(ProblemTest, InternalDetailDoesNotLeak) {
  Response r = ProblemFromStatus(Status::Internal("sqlite: disk I/O error at /secret/path"));
  EXPECT_EQ(r.body.find("/secret/path"), std::string::npos);
}

TEST(ProblemTest, InvalidUtf8IsReplaced) {
  Response r = Problem(400, "Bad", "bad byte \xff here");
  EXPECT_FALSE(nlohmann::json::parse(r.body, nullptr, false).is_discarded());
}

}  // namespace
}  // namespace motcua::http
