// A small metrics registry rendered in the Prometheus text exposition format.
//
// Counters and histograms are created on first use by name and label set and live as long as the
// registry. Recording is lock-free per series after lookup (atomics); lookup takes a mutex, so hot
// paths keep the returned reference. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace motcua {

class Counter {
 public:
  void Add(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

// Latency histogram in seconds with fixed buckets (0.5 ms … 10 s).
class Histogram {
 public:
  static constexpr std::array<double, 14> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                                     5,      10};
  // Records one observation of `seconds`.
  void Observe(double seconds);
  uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  double Sum() const;
  uint64_t BucketCount(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<uint64_t>, kBounds.size()> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
};

class MetricsRegistry {
 public:
  // Returns the counter `name{labels}`; `labels` is e.g. `route="/healthz",method="GET"`.
  Counter& GetCounter(const std::string& name, const std::string& help, const std::string& labels);
  Histogram& GetHistogram(const std::string& name, const std::string& help,
                          const std::string& labels);
  // Returns every series in the Prometheus text format (version 0.0.4).
  std::string RenderPrometheus() const;

  // Returns the process-wide registry.
  static MetricsRegistry& Global();

 private:
  struct Family {
    std::string help;
    bool histogram = false;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;  // GUARDED_BY(mu_)
};

}  // namespace motcua
