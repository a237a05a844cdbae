#include "domain/dossier/code.h"

#include <gtest/gtest.h>

namespace motcua::dossier {
namespace {

using namespace std::chrono;

TEST(DossierCode, FormatsWithFourDigitsAtLeast) {
  DossierCode c{"H15.50.05.13", year(2026) / 10 / 8, 975};
  EXPECT_EQ(*FormatDossierCode(c), "H15.50.05.13-261008-0975");
  c.sequence = 12345;
  EXPECT_EQ(*FormatDossierCode(c), "H15.50.05.13-261008-12345");
}

TEST(DossierCode, RoundTrips) {
  auto c = ParseDossierCode("H15.50.05.13-261008-0975");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->agency, "H15.50.05.13");
  EXPECT_EQ(c->day, year(2026) / 10 / 8);
  EXPECT_EQ(c->sequence, 975);
  EXPECT_EQ(*FormatDossierCode(*c), "H15.50.05.13-261008-0975");
  EXPECT_TRUE(ParseDossierCode("000.00.15.H38-261122-0007").ok());
}

TEST(DossierCode, RejectsBadCodes) {
  for (const char* bad : {"", "H15-261008", "h15.50-261008-0001", "H15..50-261008-0001",
                          "H15.-261008-0001", "H15-2610-0001", "H15-261308-0001", "H15-260230-0001",
                          "H15-261008-001", "H15-261008-0000", "H15-261008-00012",
                          "H15-261008-12a4", "H15.50.05.13.00.00.00.00.00.00.00.00-261008-0001"}) {
    EXPECT_FALSE(ParseDossierCode(bad).ok()) << bad;
  }
}

TEST(DossierCode, FormatRejectsBadInput) {
  EXPECT_FALSE(FormatDossierCode({"H15", year(2026) / 1 / 1, 0}).ok());
  EXPECT_FALSE(FormatDossierCode({"h15", year(2026) / 1 / 1, 1}).ok());
  EXPECT_FALSE(FormatDossierCode({"H15", year(2126) / 1 / 1, 1}).ok());
}

TEST(DossierCode, TidiesWhatPeopleTypeOrPaste) {
  EXPECT_EQ(TidyDossierCodeInput("  h40.12-261202-0001 "), "H40.12-261202-0001");
  EXPECT_EQ(TidyDossierCodeInput("H40.12 \u2013 261202\u20110001\n"), "H40.12-261202-0001");
  EXPECT_EQ(TidyDossierCodeInput("\u00a0H40.12-261202-0001\u200b"), "H40.12-261202-0001");
  EXPECT_TRUE(ParseDossierCode(TidyDossierCodeInput(" h40.12-261202-0001\t")).ok());
  EXPECT_EQ(TidyDossierCodeInput("Hồ sơ"), "H\u1ed3S\u01a1");  // other letters kept as they are
}

TEST(DossierCode, ExpandsACodeWithoutItsDotsAndDashes) {
  const std::vector<std::string> agencies = {"H40.12", "H40.1", "000.00.15.H38"};
  EXPECT_EQ(CompactDossierCode("h40.12-261202-0001"), "H40122612020001");
  EXPECT_EQ(ExpandCompactDossierCode("H40122612020001", agencies),
            std::vector<std::string>{"H40.12-261202-0001"});
  EXPECT_EQ(ExpandCompactDossierCode(CompactDossierCode("000 00 15 h38 261122 0007"), agencies),
            std::vector<std::string>{"000.00.15.H38-261122-0007"});
  EXPECT_EQ(ExpandCompactDossierCode("H401226120212345", agencies),
            std::vector<std::string>{"H40.12-261202-12345"});
  EXPECT_TRUE(ExpandCompactDossierCode("H4012261202", agencies).empty());       // no sequence
  EXPECT_TRUE(ExpandCompactDossierCode("H99122612020001", agencies).empty());   // unknown agency
  EXPECT_TRUE(ExpandCompactDossierCode("H40122613020001", agencies).empty());   // month 13
}

}  // namespace
}  // namespace motcua::dossier
