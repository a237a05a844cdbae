#include "base/metrics.h"

#include <gtest/gtest.h>

namespace motcua {
namespace {

TEST(MetricsTest, RendersCountersAndHistograms) {
  MetricsRegistry r;
  r.GetCounter("motcua_http_requests_total", "Requests.", R"(route="/healthz",status="200")").Add(3);
  Histogram& h = r.GetHistogram("motcua_http_request_seconds", "Latency.", R"(route="/healthz")");
  h.Observe(0.0002);
  h.Observe(0.003);
  h.Observe(20);
  std::string text = r.RenderPrometheus();
  EXPECT_NE(text.find("# TYPE motcua_http_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find(R"(motcua_http_requests_total{route="/healthz",status="200"} 3)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(motcua_http_request_seconds_bucket{route="/healthz",le="0.0005"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(motcua_http_request_seconds_bucket{route="/healthz",le="0.005"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(motcua_http_request_seconds_bucket{route="/healthz",le="+Inf"} 3)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(motcua_http_request_seconds_count{route="/healthz"} 3)"),
            std::string::npos);
}

TEST(MetricsTest, SameSeriesIsSameObject) {
  MetricsRegistry r;
  Counter& a = r.GetCounter("c", "h", "x=\"1\"");
  Counter& b = r.GetCounter("c", "h", "x=\"1\"");
  EXPECT_EQ(&a, &b);
}

}  // namespace
}  // namespace motcua
