// Decision 766 index: the pure scoring core (domain §7; §7.3 — what the national portal computes — wins
// over §7.2 where they differ). No I/O: counts in, scores out. Counting dossiers is the service's job.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain::index {

// The portal's six tabs (domain §7.2 "G1..G5" with G3 split in two), in the portal's order.
enum class Group { kTransparency, kProgress, kOnlineProvision, kOnlinePayment, kDigitisation, kSatisfaction };
inline constexpr int kGroupCount = 6;
std::string_view GroupCode(Group g);
double GroupMax(Group g);  // 18, 20, 12, 10, 22, 18 (domain §7.2 "Total = 100")

// What a 0 denominator (or a missing input) gives.
enum class ZeroRule {
  kNullCountsZero,  // score null ("N/A"), counted as 0, group maximum unchanged (§7.3 transparency, etc.)
  kZero,            // score 0 (§7.3 online payment, dossier satisfaction)
  kFull,            // the metric's maximum (§7.3 PAKN: 0/0 → 6)
};

// score = slope × ratio, capped at max when cap; full marks at ratio = max/slope (the "threshold").
struct MetricRule {
  double max = 0;
  double slope = 0;     // points per unit ratio (max / full-marks threshold)
  bool cap = true;
  ZeroRule zero = ZeroRule::kNullCountsZero;
  bool always_full = false;  // no data anywhere: every unit gets max (§7.3 e-certified copy)
};

struct MetricDef {
  std::string_view code;  // portal code where known; motcua's own code otherwise (see index.cc)
  std::string_view name_vi;
  Group group;
};

// The metric catalogue in portal order (24 rows incl. the two 0-point PAKN classification rows).
const std::vector<MetricDef>& Catalogue();
const MetricDef* FindMetric(std::string_view code);

// Every uncertain rule (domain §7.2/§7.3 [S]/[X]) is a field here; the defaults are the best-supported.
struct IndexConfig {
  // §7.3: digitisation is linear "including digitised dossiers (4)"; §7.2 doc says full at 80% [X].
  double digitised_full_at = 1.0;
  // §7.3: reuse full at 80%.
  double reuse_full_at = 0.8;
  // §7.3: online provision A full at 80%, C full at 50%.
  double online_a_full_at = 0.8;
  double online_c_full_at = 0.5;
  // §7.3 / §7.2: payment = 6·A + min(2, 2.5·B) + 2.5·C; "C probably capped at 2 [S]".
  double payment_b_slope = 2.5;
  double payment_c_slope = 2.5;
  bool payment_c_capped = true;
  // §7.3: dossier satisfaction min(6, 6R/0.9).
  double dossier_satisfaction_full_at = 0.9;
  // §7.3: "Electronic certified copy has no data and scores its full 2 for every unit".
  bool certified_copy_always_full = true;
  // §7.3: PAKN on time / PAKN satisfaction 0/0 → 6.
  bool petition_zero_is_full = true;
  // §7.1: 90–100 excellent, < 50 weak [C]; 70 and 50 middle bands are [R].
  double band_excellent = 90, band_good = 70, band_average = 50;
};

MetricRule RuleFor(std::string_view code, const IndexConfig& cfg);

// A numerator/denominator pair as the portal publishes it (either may be null).
struct Count {
  std::optional<int64_t> num, den;
};

// Inputs for one unit and period: one Count per metric code. Missing codes count as {null, null}.
struct Inputs {
  std::map<std::string, Count, std::less<>> counts;
};

// §7.3 dossier satisfaction: R = (received − overdue − dossiers with a dislike or a feedback) ÷ received.
Count DossierSatisfactionCount(int64_t received, int64_t overdue, int64_t disliked_or_feedback);

struct MetricResult {
  std::string_view code;
  Group group;
  std::optional<int64_t> num, den;
  std::optional<double> ratio;  // num/den, unrounded; null when not computable
  std::optional<double> score;  // rounded half-up to 2 decimals; null = "N/A"
  double counted = 0;           // what enters the sums (null → 0)
  double max = 0;
};

enum class Band { kExcellent, kGood, kAverage, kWeak };
std::string_view BandCode(Band b);  // "excellent", "good", "average", "weak"
Band BandOf(double total, const IndexConfig& cfg = {});

struct IndexResult {
  std::vector<MetricResult> metrics;  // catalogue order
  std::array<double, kGroupCount> groups{};  // sums of rounded metric scores, rounded to 2 decimals
  double total = 0;
  Band band = Band::kWeak;
};

// Half-up to 2 decimals, robust to binary representation (2.675 → 2.68).
double RoundHalfUp2(double v);

MetricResult ScoreMetric(const MetricDef& def, const Count& c, const IndexConfig& cfg = {});
IndexResult Compute(const Inputs& in, const IndexConfig& cfg = {});

// Pooling for a province or the nation (§7.3: sums of numerators and denominators, not averages).
Inputs Pool(const std::vector<Inputs>& units);

}  // namespace motcua::domain::index
