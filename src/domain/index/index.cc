#include "domain/index/index.h"

#include <algorithm>
#include <cmath>

namespace motcua::domain::index {

std::string_view GroupCode(Group g) {
  switch (g) {
    case Group::kTransparency: return "transparency";
    case Group::kProgress: return "progress";
    case Group::kOnlineProvision: return "online_provision";
    case Group::kOnlinePayment: return "online_payment";
    case Group::kDigitisation: return "digitisation";
    case Group::kSatisfaction: return "satisfaction";
  }
  return "";
}

double GroupMax(Group g) {
  switch (g) {
    case Group::kTransparency: return 18;
    case Group::kProgress: return 20;
    case Group::kOnlineProvision: return 12;
    case Group::kOnlinePayment: return 10;
    case Group::kDigitisation: return 22;
    case Group::kSatisfaction: return 18;
  }
  return 0;
}

// Codes in capitals without a "MC_" prefix are the portal's own (issue 18). The progress, online
// provision, online payment and PAKN-classification rows' portal codes are not recorded in domain.md;
// motcua names them with an "MC_" prefix until a published snapshot gives the real ones.
const std::vector<MetricDef>& Catalogue() {
  static const std::vector<MetricDef> k = {
      {"PUBLISH_ON_TIME", "TTHC công bố đúng hạn", Group::kTransparency},
      {"PUBLIC_UPDATE_ON_TIME", "TTHC cập nhật, công khai đúng hạn", Group::kTransparency},
      {"PUBLIC_CONTENT_FULL", "TTHC công khai đầy đủ nội dung", Group::kTransparency},
      {"DOSSIER_SYNC", "Hồ sơ đồng bộ lên Cổng DVCQG", Group::kTransparency},
      {"MC_PROGRESS_ON_TIME", "Hồ sơ xử lý trước hạn, đúng hạn", Group::kProgress},
      {"MC_ONLINE_PROCEDURES", "Tỷ lệ TTHC cung cấp DVCTT", Group::kOnlineProvision},
      {"MC_ONLINE_SERVICES_USED", "DVCTT có phát sinh hồ sơ", Group::kOnlineProvision},
      {"MC_ONLINE_DOSSIERS", "Hồ sơ nộp trực tuyến", Group::kOnlineProvision},
      {"MC_PAYMENT_ONLINE_DOSSIERS", "Hồ sơ thanh toán trực tuyến", Group::kOnlinePayment},
      {"MC_PAYMENT_FORMALITY_SUCCESS", "TTHC có thanh toán trực tuyến thành công", Group::kOnlinePayment},
      {"MC_PAYMENT_FORMALITY_INTEGRATED", "TTHC có nghĩa vụ tài chính tích hợp thanh toán",
       Group::kOnlinePayment},
      {"ORIGINAL_RESULT_AVAILABLE", "Hồ sơ có kết quả giải quyết điện tử", Group::kDigitisation},
      {"SO_HOA_GIAY_TO_GIAI_QUYET", "Hồ sơ thực hiện số hóa", Group::kDigitisation},
      {"ELECTRONIC_CERTIFIED_COPY", "Chứng thực bản sao điện tử từ bản chính", Group::kDigitisation},
      {"REUSED_DIGITIZED_DATA", "Khai thác, sử dụng lại dữ liệu số hóa", Group::kDigitisation},
      {"SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "Hồ sơ số hóa kết nối, chia sẻ để tái sử dụng",
       Group::kDigitisation},
      {"CITIZEN_DATA_CONNECTED_DOSSIER", "Hồ sơ sử dụng thông tin CSDL dân cư", Group::kDigitisation},
      {"CITIZEN_DATA_CONNECTED_FORMALITY", "TTHC kết nối dữ liệu dân cư", Group::kDigitisation},
      {"MC_PETITION_ABOUT_PROCEDURE", "PAKN về quy định, TTHC", Group::kSatisfaction},
      {"MC_PETITION_ABOUT_STAFF", "PAKN về cán bộ, công chức", Group::kSatisfaction},
      {"PETITION_PROCESSING_ON_TIME", "PAKN xử lý đúng hạn", Group::kSatisfaction},
      {"PETITION_HANDLING_SATISFACTION", "Hài lòng trong xử lý PAKN", Group::kSatisfaction},
      {"DOSSIER_RECEIVING_SATISFACTION", "Hài lòng trong tiếp nhận, giải quyết TTHC",
       Group::kSatisfaction},
  };
  return k;
}

const MetricDef* FindMetric(std::string_view code) {
  for (const auto& d : Catalogue())
    if (d.code == code) return &d;
  return nullptr;
}

namespace {
MetricRule Linear(double max, ZeroRule z = ZeroRule::kNullCountsZero) {
  return MetricRule{max, max, true, z, false};
}
MetricRule FullAt(double max, double full_at, ZeroRule z = ZeroRule::kNullCountsZero) {
  return MetricRule{max, full_at > 0 ? max / full_at : max, true, z, false};
}
}  // namespace

MetricRule RuleFor(std::string_view c, const IndexConfig& cfg) {
  const ZeroRule pakn = cfg.petition_zero_is_full ? ZeroRule::kFull : ZeroRule::kNullCountsZero;
  // Transparency (§7.2 1.1–1.4 maxima; §7.3 0/0 → null counted 0).
  if (c == "PUBLISH_ON_TIME") return Linear(6);
  if (c == "PUBLIC_UPDATE_ON_TIME") return Linear(4);
  if (c == "PUBLIC_CONTENT_FULL") return Linear(2);
  if (c == "DOSSIER_SYNC") return Linear(6);
  // Progress (§7.3: 20 × on-time / received, no threshold).
  if (c == "MC_PROGRESS_ON_TIME") return Linear(20);
  // Online provision (§7.3: min(2, 2A/0.8) + 4B + min(6, 6C/0.5)).
  if (c == "MC_ONLINE_PROCEDURES") return FullAt(2, cfg.online_a_full_at);
  if (c == "MC_ONLINE_SERVICES_USED") return Linear(4);
  if (c == "MC_ONLINE_DOSSIERS") return FullAt(6, cfg.online_c_full_at);
  // Online payment (§7.3: 6A + min(2, 2.5B) + 2.5C; a 0 denominator gives 0).
  if (c == "MC_PAYMENT_ONLINE_DOSSIERS") return Linear(6, ZeroRule::kZero);
  if (c == "MC_PAYMENT_FORMALITY_SUCCESS") return MetricRule{2, cfg.payment_b_slope, true, ZeroRule::kZero, false};
  if (c == "MC_PAYMENT_FORMALITY_INTEGRATED")
    return MetricRule{2, cfg.payment_c_slope, cfg.payment_c_capped, ZeroRule::kZero, false};
  // Digitisation (§7.3: linear min(max, max × R), except reuse full at 80%; e-certified copy full).
  if (c == "ORIGINAL_RESULT_AVAILABLE") return Linear(6);
  if (c == "SO_HOA_GIAY_TO_GIAI_QUYET") return FullAt(4, cfg.digitised_full_at);
  if (c == "ELECTRONIC_CERTIFIED_COPY") {
    MetricRule r = Linear(2);
    r.always_full = cfg.certified_copy_always_full;
    return r;
  }
  if (c == "REUSED_DIGITIZED_DATA") return FullAt(2, cfg.reuse_full_at);
  if (c == "SYNCED_WITH_DVCQG_PERSONAL_STORAGE") return Linear(4);
  if (c == "CITIZEN_DATA_CONNECTED_DOSSIER") return Linear(2);
  if (c == "CITIZEN_DATA_CONNECTED_FORMALITY") return Linear(2);
  // Satisfaction (§7.3).
  if (c == "MC_PETITION_ABOUT_PROCEDURE" || c == "MC_PETITION_ABOUT_STAFF") return Linear(0);
  if (c == "PETITION_PROCESSING_ON_TIME") return Linear(6, pakn);
  if (c == "PETITION_HANDLING_SATISFACTION") return Linear(6, pakn);
  if (c == "DOSSIER_RECEIVING_SATISFACTION")
    return FullAt(6, cfg.dossier_satisfaction_full_at, ZeroRule::kZero);
  return MetricRule{};
}

double RoundHalfUp2(double v) {
  // The epsilon absorbs binary error (2.675 is stored as 2.67499999…); scores are ≤ 100.
  const double s = std::floor(std::fabs(v) * 100.0 + 0.5 + 1e-7) / 100.0;
  return v < 0 ? -s : s;
}

Count DossierSatisfactionCount(int64_t received, int64_t overdue, int64_t disliked_or_feedback) {
  return Count{std::max<int64_t>(0, received - overdue - disliked_or_feedback), received};
}

std::string_view BandCode(Band b) {
  switch (b) {
    case Band::kExcellent: return "excellent";
    case Band::kGood: return "good";
    case Band::kAverage: return "average";
    case Band::kWeak: return "weak";
  }
  return "";
}

Band BandOf(double total, const IndexConfig& cfg) {
  if (total >= cfg.band_excellent) return Band::kExcellent;
  if (total >= cfg.band_good) return Band::kGood;
  if (total >= cfg.band_average) return Band::kAverage;
  return Band::kWeak;
}

MetricResult ScoreMetric(const MetricDef& def, const Count& c, const IndexConfig& cfg) {
  const MetricRule rule = RuleFor(def.code, cfg);
  MetricResult r{def.code, def.group, c.num, c.den, std::nullopt, std::nullopt, 0, rule.max};
  if (rule.always_full) {
    r.score = rule.max;
  } else if (!c.num || !c.den || *c.den == 0) {
    switch (rule.zero) {
      case ZeroRule::kNullCountsZero: break;
      case ZeroRule::kZero: r.score = 0.0; break;
      case ZeroRule::kFull: r.score = rule.max; break;
    }
  } else {
    const double ratio = static_cast<double>(*c.num) / static_cast<double>(*c.den);
    r.ratio = ratio;
    double s = rule.slope * std::max(0.0, ratio);
    if (rule.cap) s = std::min(rule.max, s);
    r.score = RoundHalfUp2(s);
  }
  r.counted = r.score.value_or(0.0);
  return r;
}

IndexResult Compute(const Inputs& in, const IndexConfig& cfg) {
  IndexResult out;
  double total = 0;
  for (const auto& def : Catalogue()) {
    auto it = in.counts.find(def.code);
    const Count c = it == in.counts.end() ? Count{} : it->second;
    out.metrics.push_back(ScoreMetric(def, c, cfg));
    out.groups[static_cast<int>(def.group)] += out.metrics.back().counted;
  }
  for (double& g : out.groups) {
    g = RoundHalfUp2(g);  // removes the binary noise of summing 2-decimal values
    total += g;
  }
  out.total = RoundHalfUp2(total);
  out.band = BandOf(out.total, cfg);
  return out;
}

Inputs Pool(const std::vector<Inputs>& units) {
  Inputs out;
  for (const auto& u : units) {
    for (const auto& [code, c] : u.counts) {
      Count& acc = out.counts[code];
      if (c.num) acc.num = acc.num.value_or(0) + *c.num;
      if (c.den) acc.den = acc.den.value_or(0) + *c.den;
    }
  }
  return out;
}

}  // namespace motcua::domain::index
