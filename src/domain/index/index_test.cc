// Table-driven tests of the Decision 766 core, built from domain.md §7.3 (and §7.2/§7.1 where §7.3
// is silent). Each row: metric code, numerator, denominator → expected score (nullopt = "N/A").
#include "domain/index/index.h"

#include <gtest/gtest.h>

#include <cmath>

namespace motcua::domain::index {
namespace {

using O = std::optional<int64_t>;
constexpr O N = std::nullopt;

struct Row {
  const char* why;
  const char* code;
  O num, den;
  std::optional<double> score;
};

void Check(const Row& r, const IndexConfig& cfg) {
  const MetricDef* def = FindMetric(r.code);
  ASSERT_NE(def, nullptr) << r.code;
  const MetricResult m = ScoreMetric(*def, Count{r.num, r.den}, cfg);
  SCOPED_TRACE(std::string(r.code) + ": " + r.why);
  ASSERT_EQ(m.score.has_value(), r.score.has_value());
  if (r.score) {
    EXPECT_DOUBLE_EQ(*m.score, *r.score);
    EXPECT_DOUBLE_EQ(m.counted, *r.score);
  } else {
    EXPECT_EQ(m.counted, 0.0);
  }
}

const Row kDefaultRows[] = {
    // Transparency: linear; 0/0 → null counted 0 (§7.3); capped at max.
    {"0/0 is N/A", "PUBLISH_ON_TIME", 0, 0, std::nullopt},
    {"missing numerator is N/A", "DOSSIER_SYNC", N, 10, std::nullopt},
    {"missing denominator is N/A", "DOSSIER_SYNC", 10, N, std::nullopt},
    {"6 × 3/4", "PUBLISH_ON_TIME", 3, 4, 4.5},
    {"4 × 1/3 rounds down", "PUBLIC_UPDATE_ON_TIME", 1, 3, 1.33},
    {"4 × 2/3 rounds up", "PUBLIC_UPDATE_ON_TIME", 2, 3, 2.67},
    {"half-up edge 2 × 201/400 = 1.005", "PUBLIC_CONTENT_FULL", 201, 400, 1.01},
    {"numerator above denominator is capped", "DOSSIER_SYNC", 12, 10, 6},
    {"nothing on time", "DOSSIER_SYNC", 0, 10, 0},
    // Progress: 20 × on-time / received, no threshold.
    {"Vân Canh 2541/2618 → 19.41", "MC_PROGRESS_ON_TIME", 2541, 2618, 19.41},
    {"half-up edge 20 × 107/800 = 2.675", "MC_PROGRESS_ON_TIME", 107, 800, 2.68},
    {"half-up edge 20 × 1/160 = 0.125", "MC_PROGRESS_ON_TIME", 1, 160, 0.13},
    {"just below the edge 2.67490", "MC_PROGRESS_ON_TIME", 26749, 200000, 2.67},
    {"all on time", "MC_PROGRESS_ON_TIME", 50, 50, 20},
    {"no dossiers is N/A", "MC_PROGRESS_ON_TIME", 0, 0, std::nullopt},
    // Online provision: min(2, 2A/0.8) + 4B + min(6, 6C/0.5).
    {"A at 80% is full", "MC_ONLINE_PROCEDURES", 8, 10, 2},
    {"A at 90% is capped", "MC_ONLINE_PROCEDURES", 9, 10, 2},
    {"A at 40% is half", "MC_ONLINE_PROCEDURES", 4, 10, 1},
    {"B linear", "MC_ONLINE_SERVICES_USED", 1, 3, 1.33},
    {"C at 25% is half", "MC_ONLINE_DOSSIERS", 1, 4, 3},
    {"C at 50% is full", "MC_ONLINE_DOSSIERS", 1, 2, 6},
    {"C at 60% is capped", "MC_ONLINE_DOSSIERS", 6, 10, 6},
    {"C 12/7", "MC_ONLINE_DOSSIERS", 1, 7, 1.71},
    // Online payment: 6A + min(2, 2.5B) + 2.5C (C capped at 2 by default); 0 denominator → 0.
    {"0/0 gives 0, not N/A", "MC_PAYMENT_ONLINE_DOSSIERS", 0, 0, 0},
    {"A half", "MC_PAYMENT_ONLINE_DOSSIERS", 1, 2, 3},
    {"B 2.5 × 0.5", "MC_PAYMENT_FORMALITY_SUCCESS", 1, 2, 1.25},
    {"B 2.5 × 0.9 capped at 2", "MC_PAYMENT_FORMALITY_SUCCESS", 9, 10, 2},
    {"B 0/0", "MC_PAYMENT_FORMALITY_SUCCESS", 0, 0, 0},
    {"C 2.5 × 0.9 capped at 2", "MC_PAYMENT_FORMALITY_INTEGRATED", 9, 10, 2},
    {"C 2.5 × 0.4", "MC_PAYMENT_FORMALITY_INTEGRATED", 2, 5, 1},
    // Digitisation: linear min(max, max × R) except reuse full at 80%; e-certified copy full.
    {"Vân Canh e-results 2497/2618", "ORIGINAL_RESULT_AVAILABLE", 2497, 2618, 5.72},
    {"Vân Canh digitised 1520/2618 (linear)", "SO_HOA_GIAY_TO_GIAI_QUYET", 1520, 2618, 2.32},
    {"Vân Canh reused 1543/2618 (full at 80%)", "REUSED_DIGITIZED_DATA", 1543, 2618, 1.47},
    {"reuse at 80% is full", "REUSED_DIGITIZED_DATA", 8, 10, 2},
    {"reuse at 100% stays 2", "REUSED_DIGITIZED_DATA", 10, 10, 2},
    {"e-certified copy full without data", "ELECTRONIC_CERTIFIED_COPY", N, N, 2},
    {"e-certified copy full whatever the data", "ELECTRONIC_CERTIFIED_COPY", 0, 10, 2},
    {"citizen store linear", "SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 1, 4, 1},
    {"population data per dossier", "CITIZEN_DATA_CONNECTED_DOSSIER", 3, 4, 1.5},
    {"population data per procedure 0/0", "CITIZEN_DATA_CONNECTED_FORMALITY", 0, 0, std::nullopt},
    // Satisfaction: PAKN 6 × R with 0/0 → 6; dossier satisfaction min(6, 6R/0.9), 0 → 0.
    {"no PAKN is full", "PETITION_PROCESSING_ON_TIME", 0, 0, 6},
    {"PAKN 5/6 on time", "PETITION_PROCESSING_ON_TIME", 5, 6, 5},
    {"no PAKN is full", "PETITION_HANDLING_SATISFACTION", 0, 0, 6},
    {"PAKN 1/3 satisfied", "PETITION_HANDLING_SATISFACTION", 1, 3, 2},
    {"Vân Canh (2618 − 77 − 1)/2618 → 6", "DOSSIER_RECEIVING_SATISFACTION", 2540, 2618, 6},
    {"R = 90% is full", "DOSSIER_RECEIVING_SATISFACTION", 9, 10, 6},
    {"R = 60% → 4", "DOSSIER_RECEIVING_SATISFACTION", 6, 10, 4},
    {"R = 45% → 3", "DOSSIER_RECEIVING_SATISFACTION", 45, 100, 3},
    {"0 received gives 0", "DOSSIER_RECEIVING_SATISFACTION", 0, 0, 0},
    {"classification rows are worth 0", "MC_PETITION_ABOUT_STAFF", 3, 5, 0},
};

TEST(IndexMetric, DefaultRules) {
  for (const Row& r : kDefaultRows) Check(r, IndexConfig{});
}

TEST(IndexMetric, ConfigurableUncertainRules) {
  IndexConfig cfg;
  cfg.digitised_full_at = 0.8;  // §7.2 doc variant of 4.2
  cfg.payment_c_capped = false;  // §7.3 "C probably capped" [S]
  cfg.certified_copy_always_full = false;
  cfg.petition_zero_is_full = false;
  const Row rows[] = {
      {"digitised full at 80%: 4 × 0.5806/0.8", "SO_HOA_GIAY_TO_GIAI_QUYET", 1520, 2618, 2.9},
      {"digitised at 80% full", "SO_HOA_GIAY_TO_GIAI_QUYET", 8, 10, 4},
      {"payment C uncapped 2.5 × 0.9", "MC_PAYMENT_FORMALITY_INTEGRATED", 9, 10, 2.25},
      {"e-certified copy from data", "ELECTRONIC_CERTIFIED_COPY", 1, 2, 1},
      {"e-certified copy 0/0 is N/A", "ELECTRONIC_CERTIFIED_COPY", 0, 0, std::nullopt},
      {"PAKN 0/0 is N/A", "PETITION_PROCESSING_ON_TIME", 0, 0, std::nullopt},
  };
  for (const Row& r : rows) Check(r, cfg);
}

TEST(IndexRounding, HalfUpTwoDecimals) {
  const double cases[][2] = {{2.675, 2.68}, {1.005, 1.01}, {0.125, 0.13}, {2.6749, 2.67},
                             {19.41176, 19.41}, {0.0, 0.0}, {100.0, 100.0}, {12.345, 12.35}};
  for (const auto& c : cases) EXPECT_DOUBLE_EQ(RoundHalfUp2(c[0]), c[1]) << c[0];
}

TEST(IndexBand, Boundaries) {
  const std::pair<double, Band> rows[] = {
      {100, Band::kExcellent}, {90, Band::kExcellent}, {89.99, Band::kGood}, {70, Band::kGood},
      {69.99, Band::kAverage}, {50, Band::kAverage},   {49.99, Band::kWeak}, {0, Band::kWeak}};
  for (const auto& r : rows) EXPECT_EQ(BandOf(r.first), r.second) << r.first;
  EXPECT_EQ(BandCode(Band::kExcellent), "excellent");
  EXPECT_EQ(BandCode(Band::kWeak), "weak");
}

TEST(IndexCatalogue, GroupMaximaSumTo100) {
  double by_group[kGroupCount] = {};
  for (const auto& d : Catalogue()) by_group[static_cast<int>(d.group)] += RuleFor(d.code, {}).max;
  double total = 0;
  for (int g = 0; g < kGroupCount; ++g) {
    EXPECT_DOUBLE_EQ(by_group[g], GroupMax(static_cast<Group>(g))) << GroupCode(static_cast<Group>(g));
    total += by_group[g];
  }
  EXPECT_DOUBLE_EQ(total, 100);
  EXPECT_EQ(Catalogue().size(), 23u);
  EXPECT_EQ(FindMetric("NOT_A_METRIC"), nullptr);
}

TEST(IndexCompute, EmptyUnitScoresOnlyTheFullByRuleRows) {
  // Every 0/0: transparency/progress/online N/A (0), payment 0, e-certified copy 2, PAKN 6 + 6.
  const IndexResult r = Compute(Inputs{});
  EXPECT_DOUBLE_EQ(r.groups[static_cast<int>(Group::kDigitisation)], 2);
  EXPECT_DOUBLE_EQ(r.groups[static_cast<int>(Group::kSatisfaction)], 12);
  EXPECT_DOUBLE_EQ(r.total, 14);
  EXPECT_EQ(r.band, Band::kWeak);
  EXPECT_EQ(r.metrics.size(), Catalogue().size());
  EXPECT_FALSE(r.metrics[0].score.has_value());
}

TEST(IndexCompute, GroupsSumRoundedMetricsNotUnrounded) {
  // Three metrics of 1.004 each: rounded sum 3.00 (+2 e-copy), unrounded would round to 5.01.
  Inputs in;
  in.counts["ORIGINAL_RESULT_AVAILABLE"] = {251, 1500};
  in.counts["SYNCED_WITH_DVCQG_PERSONAL_STORAGE"] = {251, 1000};
  in.counts["CITIZEN_DATA_CONNECTED_DOSSIER"] = {251, 500};
  EXPECT_DOUBLE_EQ(Compute(in).groups[static_cast<int>(Group::kDigitisation)], 5.00);
}

TEST(IndexCompute, VanCanhWorkedExample) {
  // domain.md §7.3, Xã Vân Canh (Gia Lai), 2026: the rows the example publishes.
  Inputs in;
  in.counts["MC_PROGRESS_ON_TIME"] = {2541, 2618};
  in.counts["SO_HOA_GIAY_TO_GIAI_QUYET"] = {1520, 2618};
  in.counts["REUSED_DIGITIZED_DATA"] = {1543, 2618};
  in.counts["ORIGINAL_RESULT_AVAILABLE"] = {2497, 2618};
  in.counts["DOSSIER_RECEIVING_SATISFACTION"] = DossierSatisfactionCount(2618, 77, 1);
  const IndexResult r = Compute(in);
  EXPECT_DOUBLE_EQ(r.groups[static_cast<int>(Group::kProgress)], 19.41);
  // 2.32 + 1.47 + 5.72 + 2 (e-certified copy); the example's other three rows (0.98 of its 12.49)
  // are not published in domain.md.
  EXPECT_DOUBLE_EQ(r.groups[static_cast<int>(Group::kDigitisation)], 11.51);
  EXPECT_DOUBLE_EQ(r.groups[static_cast<int>(Group::kSatisfaction)], 18);
  EXPECT_EQ(in.counts["DOSSIER_RECEIVING_SATISFACTION"].num, 2540);
}

TEST(IndexCompute, ProvinceIsPooledNotAveraged) {
  Inputs a, b;
  a.counts["MC_PROGRESS_ON_TIME"] = {9, 10};   // 18 points
  b.counts["MC_PROGRESS_ON_TIME"] = {0, 30};   // 0 points; the average would be 9
  b.counts["DOSSIER_SYNC"] = {N, 5};
  const Inputs p = Pool({a, b});
  EXPECT_EQ(p.counts.at("MC_PROGRESS_ON_TIME").num, 9);
  EXPECT_EQ(p.counts.at("MC_PROGRESS_ON_TIME").den, 40);
  EXPECT_DOUBLE_EQ(Compute(p).groups[static_cast<int>(Group::kProgress)], 4.5);
  EXPECT_FALSE(p.counts.at("DOSSIER_SYNC").num.has_value());
}

}  // namespace
}  // namespace motcua::domain::index
