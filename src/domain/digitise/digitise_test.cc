#include "domain/digitise/digitise.h"

#include <gtest/gtest.h>

namespace motcua::digitise {
namespace {

TEST(DossierDigitised, NeedsEveryRequiredComponentFiledAndAnElectronicResult) {
  const std::vector<std::string> required = {"Tờ khai", "Giấy chứng sinh"};
  std::vector<ComponentFile> got = {{"Tờ khai", true}, {"Giấy chứng sinh", true}, {"Khác", false}};
  EXPECT_TRUE(DossierDigitised(required, got, true));
  EXPECT_FALSE(DossierDigitised(required, got, false));  // paper result
  got[1].has_file = false;
  EXPECT_FALSE(DossierDigitised(required, got, true));   // one required paper not scanned
  EXPECT_FALSE(DossierDigitised(required, {{"Tờ khai", true}}, true));  // one missing
}

TEST(DossierDigitised, WithoutAListEveryReceivedComponentCounts) {
  EXPECT_TRUE(DossierDigitised({}, {{"a", true}, {"b", true}}, true));
  EXPECT_FALSE(DossierDigitised({}, {{"a", true}, {"b", false}}, true));
  EXPECT_FALSE(DossierDigitised({}, {}, true));
}

TEST(SignatureState, RevocationCountsFromItsTimeOn) {
  EXPECT_EQ(StateOf(true, 1000, std::nullopt), SignatureState::kValid);
  EXPECT_EQ(StateOf(true, 1000, 1001), SignatureState::kValid);    // revoked later: stays valid
  EXPECT_EQ(StateOf(true, 1000, 1000), SignatureState::kRevoked);
  EXPECT_EQ(StateOf(true, 1000, 999), SignatureState::kRevoked);
  EXPECT_EQ(StateOf(false, 1000, std::nullopt), SignatureState::kInvalid);
  EXPECT_EQ(SignatureStateName(SignatureState::kRevoked), "revoked");
}

TEST(VerifyCode, RoundTripsThroughReadingMistakes) {
  const std::string code = VerifyCodeFromBytes(std::string("\x01\x23\x45\x67\x89\xab\xcd", 7));
  ASSERT_EQ(code.size(), 10u);
  EXPECT_EQ(NormaliseVerifyCode(code), code);
  std::string lower = GroupVerifyCode(code);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(NormaliseVerifyCode(lower), code);
  EXPECT_EQ(NormaliseVerifyCode("0O1IL-23456"), "0011123456");
  EXPECT_EQ(NormaliseVerifyCode("ABC"), "");
  EXPECT_EQ(NormaliseVerifyCode("ABCDE-1234U"), "");  // U is not in the alphabet
  EXPECT_NE(VerifyCodeFromBytes(std::string(7, '\0')), VerifyCodeFromBytes(std::string(7, '\1')));
}

}  // namespace
}  // namespace motcua::digitise
