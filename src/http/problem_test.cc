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
      {Code::kUnavailable, 503},     {Code::kPreconditionFailed, 412},
      {Code::kUnsupportedMediaType, 415},
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

TEST(ProblemTest, FieldErrorsAre422WhereTheResourceSaysSo) {
  const Status fields = Status::InvalidArgument("wrong", {{"unit", "unknown unit"}});
  EXPECT_EQ(ProblemFromStatus(fields).status, 400);
  Response r = ProblemFromStatus(fields, FieldErrors::kUnprocessable);
  EXPECT_EQ(r.status, 422);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["type"], "https://motcua.dev/problems/invalid_argument");
  EXPECT_EQ(j["title"], "The request has invalid fields");
  // Without field errors the body could not be read: 400 either way.
  EXPECT_EQ(ProblemFromStatus(Status::InvalidArgument("not JSON"), FieldErrors::kUnprocessable)
                .status,
            400);
}

TEST(ProblemTest, AReasonNamesItsOwnType) {
  Response r = ProblemFromStatus(Status::Unauthenticated("enter the code").WithReason("totp_required"));
  EXPECT_EQ(r.status, 401);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["type"], "https://motcua.dev/problems/totp_required");
  EXPECT_EQ(j["title"], "Authenticator code required");
  // An unknown reason keeps the code's type.
  j = nlohmann::json::parse(ProblemFromStatus(Status::NotFound("x").WithReason("nope")).body);
  EXPECT_EQ(j["type"], "https://motcua.dev/problems/not_found");
}

TEST(ProblemTest, FieldReasonsAndArgsAreShown) {
  FieldError fe{"new_due", "must be later than the due date in force, 08:00 21/12/2026"};
  fe.reason = "not_after_due";
  fe.args = {{"due", "08:00 21/12/2026"}};
  auto j = nlohmann::json::parse(ProblemFromStatus(Status::InvalidArgument("late", {fe})).body);
  EXPECT_EQ(j["errors"][0]["reason"], "not_after_due");
  EXPECT_EQ(j["errors"][0]["args"]["due"], "08:00 21/12/2026");
}

TEST(ProblemTest, ProblemTypesListEveryTypeTheMappingMakes) {
  auto types = ProblemTypes();
  auto has = [&](int status, const std::string& name) {
    for (const auto& t : types) {
      if (t.status == status && t.type == ProblemTypeBase() + name) return true;
    }
    return false;
  };
  for (int c = 1; c <= static_cast<int>(Code::kInternal); ++c) {
    const Code code = static_cast<Code>(c);
    EXPECT_TRUE(has(HttpStatusFor(code), std::string(CodeName(code)))) << CodeName(code);
  }
  EXPECT_TRUE(has(422, "invalid_argument"));
  EXPECT_TRUE(has(401, "totp_required"));
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
