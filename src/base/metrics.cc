#include "base/metrics.h"

#include <fmt/format.h>

namespace motcua {

void Histogram::Observe(double seconds) {
  for (size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) {
      buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

double Histogram::Sum() const { return sum_us_.load(std::memory_order_relaxed) / 1e6; }

Counter& MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     const std::string& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = families_[name];
  f.help = help;
  auto& slot = f.counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         const std::string& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = families_[name];
  f.help = help;
  f.histogram = true;
  auto& slot = f.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>();
  return *slot;
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  auto join = [](const std::string& labels, const std::string& extra) {
    if (labels.empty() && extra.empty()) return std::string();
    if (labels.empty()) return "{" + extra + "}";
    if (extra.empty()) return "{" + labels + "}";
    return "{" + labels + "," + extra + "}";
  };
  for (const auto& [name, f] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name,
                       f.histogram ? "histogram" : "counter");
    for (const auto& [labels, c] : f.counters) {
      out += fmt::format("{}{} {}\n", name, join(labels, ""), c->Value());
    }
    for (const auto& [labels, h] : f.histograms) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < Histogram::kBounds.size(); ++i) {
        cumulative += h->BucketCount(i);
        out += fmt::format("{}_bucket{} {}\n", name,
                           join(labels, fmt::format("le=\"{}\"", Histogram::kBounds[i])),
                           cumulative);
      }
      out += fmt::format("{}_bucket{} {}\n", name, join(labels, "le=\"+Inf\""), h->Count());
      out += fmt::format("{}_sum{} {}\n", name, join(labels, ""), h->Sum());
      out += fmt::format("{}_count{} {}\n", name, join(labels, ""), h->Count());
    }
  }
  return out;
}

MetricsRegistry& MetricsRegistry::Global() {
  static MetricsRegistry* r = new MetricsRegistry();
  return *r;
}

}  // namespace motcua
