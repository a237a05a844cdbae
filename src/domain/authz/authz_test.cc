#include <gtest/gtest.h>

#include "base/hash.h"
#include "domain/authz/roles.h"
#include "domain/authz/totp.h"

namespace motcua::authz {
namespace {

TEST(TotpTest, Rfc6238Sha1Vectors) {
  // RFC 6238 Appendix B, SHA-1 key "12345678901234567890", 8 digits.
  std::string key = "12345678901234567890";
  struct Case {
    int64_t t;
    const char* code;
  } cases[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
               {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& c : cases) EXPECT_EQ(Totp(key, c.t, 8), c.code) << c.t;
}

TEST(TotpTest, Rfc4226HotpVectors) {
  std::string key = "12345678901234567890";
  const uint32_t want[] = {755224, 287082, 359152, 969429, 338314,
                           254676, 287922, 162583, 399871, 520489};
  for (uint64_t i = 0; i < 10; ++i) EXPECT_EQ(Hotp(key, i, 6), want[i]) << i;
}

TEST(TotpTest, VerifyAllowsOneStepOfDrift) {
  std::string key = "12345678901234567890";
  std::string code = Totp(key, 1111111111);
  EXPECT_TRUE(VerifyTotp(key, code, 1111111111));
  EXPECT_TRUE(VerifyTotp(key, code, 1111111111 + 30));
  EXPECT_FALSE(VerifyTotp(key, code, 1111111111 + 90));
  EXPECT_FALSE(VerifyTotp(key, "12345", 1111111111));
}

TEST(TotpTest, Base32RoundTrip) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");  // RFC 4648 §10 (without padding)
  EXPECT_EQ(*Base32Decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(*Base32Decode("mzxw 6ytb oi"), "foobar");
  EXPECT_FALSE(Base32Decode("MZ1W").has_value());
}

TEST(RolesTest, ParseEveryRoleAndRejectUnknown) {
  for (Role r : kAllRoles) EXPECT_EQ(*ParseRole(RoleName(r)), r);
  auto bad = ParseRole("mayor");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("reception"), std::string::npos);
}

TEST(RolesTest, UnitScopes) {
  Grant commune{Role::kReception, "03721", "14"};
  Grant province{Role::kProvinceAdmin, "14", "14"};
  UnitRef thuan_chau{"03721", "14"}, other_in_son_la{"03646", "14"}, ha_noi{"00070", "01"};
  struct Case {
    std::vector<Grant> grants;
    const char* perm;
    UnitRef target;
    bool ok;
  } cases[] = {
      {{commune}, "dossier.receive", thuan_chau, true},
      {{commune}, "dossier.receive", other_in_son_la, false},  // a foreign commune
      {{commune}, "dossier.sign", thuan_chau, false},          // wrong role
      {{province}, "admin.catalogue", other_in_son_la, true},  // province-wide
      {{province}, "admin.catalogue", ha_noi, false},          // a foreign province
      {{province}, "dossier.receive", thuan_chau, false},
      {{commune, Grant{Role::kSigner, "03646", "14"}}, "dossier.sign", other_in_son_la, true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Check(c.grants, c.perm, c.target).ok(), c.ok) << c.perm << " " << c.target.unit_code;
  }
  EXPECT_EQ(Check({commune}, "dossier.sign", std::nullopt).code(), Code::kPermissionDenied);
}

// National data is changed by the national administrator alone, and its grant on the nation
// covers no province's units (issue 14, defect 8).
TEST(RolesTest, NationalDataBelongsToTheNationalAdministratorOnly) {
  Grant national{Role::kNationalAdmin, kNationUnit, kNationUnit};
  Grant province{Role::kProvinceAdmin, "14", "14"};
  UnitRef nation{kNationUnit, kNationUnit}, thuan_chau{"03721", "14"}, son_la{"14", "14"};
  for (const char* perm : {"national.catalogue", "national.calendar"}) {
    EXPECT_TRUE(Check({national}, perm, std::nullopt).ok()) << perm;
    EXPECT_TRUE(Check({national}, perm, nation).ok()) << perm;
    EXPECT_FALSE(Check({province}, perm, std::nullopt).ok()) << perm;
    EXPECT_FALSE(Check({province}, perm, nation).ok()) << perm;
  }
  for (const char* perm : {"admin.catalogue", "admin.calendar", "admin.accounts"}) {
    EXPECT_FALSE(Check({national}, perm, thuan_chau).ok()) << perm;
    EXPECT_FALSE(Check({national}, perm, son_la).ok()) << perm;
    EXPECT_FALSE(Check({province}, perm, nation).ok()) << perm;
  }
  for (Role r : kAllRoles) {
    if (IsNationalRole(r)) continue;
    for (auto perm : PermissionsOf(r)) EXPECT_FALSE(perm.starts_with("national.")) << perm;
  }
  EXPECT_EQ(*ParseRole("national_admin"), Role::kNationalAdmin);
}

TEST(MaskTest, MasksPersonalData) {
  EXPECT_EQ(MaskIdNumber("001099012345"), "001******345");
  EXPECT_EQ(MaskPhone("0912345678"), "09******78");
  EXPECT_EQ(MaskName("Nguyễn Văn An"), "N. V. An");
  EXPECT_EQ(MaskName("Đỗ   Thị  Ánh"), "Đ. T. Ánh");
  EXPECT_EQ(MaskName("Lan"), "Lan");
  EXPECT_EQ(MaskIdNumber("12"), "**");
}

}  // namespace
}  // namespace motcua::authz
