#include "domain/community/community.h"

#include <gtest/gtest.h>

namespace motcua::community {
namespace {

TEST(CommunityTest, DefaultHelpKindsAreAValidListWithTheLevel2Kind) {
  auto kinds = DefaultHelpKinds();
  EXPECT_TRUE(ValidateHelpKinds(kinds).ok());
  EXPECT_TRUE(HasHelpKind(kinds, kVneidLevel2));
  EXPECT_FALSE(HasHelpKind(kinds, "vneid_level3"));
}

TEST(CommunityTest, HelpKindListsRefuseDuplicatesBadKeysAndMissingLabels) {
  EXPECT_FALSE(ValidateHelpKinds({}).ok());
  auto dup = ValidateHelpKinds({{"a_b", "x", "y"}, {"a_b", "x", "y"}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.fields().at(0).field, "kinds/1/kind");
  EXPECT_FALSE(ValidateHelpKinds({{"Bad Key", "x", "y"}}).ok());
  EXPECT_FALSE(ValidateHelpKinds({{"ok_key", "", "y"}}).ok());
  EXPECT_TRUE(ValidateHelpKinds({{"ok_key", "x", "y"}}).ok());
}

TEST(CommunityTest, FlagsAreSortedAndUnknownOnesRefused) {
  auto f = NormaliseFlags({"elderly", "ethnic_language", "elderly", "disability"});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f, "disability elderly ethnic_language");
  EXPECT_FALSE(NormaliseFlags({"poor"}).ok());
  EXPECT_EQ(*NormaliseFlags({}), "");
}

TEST(CommunityTest, ConsentMustBeTheApplicantsGivenToThisMemberConfirmedAndRecent) {
  Consent c{.id = 1, .member = "user:5", .resident_id_number = "014190001234",
            .method = ConsentMethod::kSignature, .has_signature = true,
            .confirmed_ms = 1000, .created_ms = 1000};
  EXPECT_TRUE(CheckConsent(c, "user:5", "014190001234", 2000).ok());
  EXPECT_EQ(CheckConsent(c, "user:6", "014190001234", 2000).code(), Code::kPermissionDenied);
  EXPECT_EQ(CheckConsent(c, "user:5", "014190009999", 2000).code(), Code::kPermissionDenied);
  EXPECT_EQ(CheckConsent(c, "user:5", "014190001234", 1000 + kConsentValidityMs + 1).code(),
            Code::kFailedPrecondition);
  Consent unsigned_one = c;
  unsigned_one.has_signature = false;
  EXPECT_EQ(CheckConsent(unsigned_one, "user:5", "014190001234", 2000).code(),
            Code::kFailedPrecondition);
  Consent otp = c;
  otp.method = ConsentMethod::kOneTimeCode;
  otp.has_signature = false;
  otp.confirmed_ms.reset();
  EXPECT_EQ(CheckConsent(otp, "user:5", "014190001234", 2000).code(), Code::kFailedPrecondition);
  otp.confirmed_ms = 1500;
  EXPECT_TRUE(CheckConsent(otp, "user:5", "014190001234", 2000).ok());
}

TEST(CommunityTest, ProvisionalCodesAndClientKeys) {
  EXPECT_TRUE(IsProvisionalCode("TAM-7K3Q-0002"));
  EXPECT_FALSE(IsProvisionalCode("tam-1"));
  EXPECT_FALSE(IsProvisionalCode("AB"));
  EXPECT_FALSE(IsProvisionalCode("TAM 1"));
  EXPECT_TRUE(IsClientKey("0b5c2a1e-7d3f-4c1e-9a55-3e2f1d0c9b8a"));
  EXPECT_FALSE(IsClientKey("short"));
  EXPECT_FALSE(IsClientKey("has space in it"));
}

TEST(CommunityTest, RatesLeaveUnknownPopulationsMissing) {
  EXPECT_EQ(RatePct(87, 100), 87.0);
  EXPECT_EQ(RatePct(2, 3), 66.7);
  EXPECT_FALSE(RatePct(5, std::nullopt));
  EXPECT_FALSE(RatePct(5, 0));
  EXPECT_EQ(SumPopulation({120, 80}), 200);
  EXPECT_FALSE(SumPopulation({120, std::nullopt}));
  EXPECT_FALSE(SumPopulation({}));
  EXPECT_TRUE(TargetMet(87.0, 87));
  EXPECT_FALSE(TargetMet(86.9, 87));
  EXPECT_FALSE(TargetMet(std::nullopt, 0));
}

TEST(CommunityTest, RefusalsAreInPlainWordsAndKeepTheDetail) {
  auto r = PlainRefusal(Status::PermissionDenied(
      "a community-group member files online only for a person who authorised them"));
  EXPECT_EQ(r.reason, "consent_missing");
  EXPECT_NE(r.vi.find("đồng ý"), std::string::npos);
  EXPECT_NE(r.en.find("authorised them"), std::string::npos);
  auto o = PlainRefusal(Status::InvalidArgument("procedure 1.2 is not offered online (x)",
                                                {{"channel", "online is not offered"}}));
  EXPECT_EQ(o.reason, "not_offered_online");
  EXPECT_NE(o.en.find("channel: online is not offered"), std::string::npos);
  EXPECT_EQ(PlainRefusal(Status::Unavailable("busy")).reason, "unavailable");
}

}  // namespace
}  // namespace motcua::community
