#include "base/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace motcua {

namespace {
int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Progress::Progress(std::string label, int64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      start_ns_(NowNs()),
      tty_(isatty(STDERR_FILENO)) {}

Progress::~Progress() {
  if (!finished_) Finish();
}

void Progress::Update(int64_t done) {
  done_ = done;
  int64_t now = NowNs();
  int64_t every = tty_ ? 100'000'000 : 2'000'000'000;
  if (now - last_draw_ns_ >= every) {
    last_draw_ns_ = now;
    Draw(false);
  }
}

void Progress::Finish() {
  finished_ = true;
  Draw(true);
}

void Progress::Draw(bool final) {
  double secs = (NowNs() - start_ns_) / 1e9;
  double rate = secs > 0 ? done_ / secs : 0;
  std::string counts = total_ > 0 ? fmt::format("{}/{} {}", done_, total_, unit_)
                                  : fmt::format("{} {}", done_, unit_);
  if (tty_) {
    std::string bar;
    if (total_ > 0) {
      int width = 30;
      int filled = static_cast<int>(width * std::min<double>(1.0, double(done_) / total_));
      bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
    }
    std::string eta;
    if (!final && total_ > 0 && rate > 0) {
      eta = fmt::format(", ~{:.0f} s left", (total_ - done_) / rate);
    }
    std::fprintf(stderr, "\r%s: %s%s, %.0f/s%s\033[K%s", label_.c_str(), bar.c_str(),
                 counts.c_str(), rate, eta.c_str(), final ? "\n" : "");
  } else {
    std::string pct = total_ > 0 ? fmt::format(" ({:.0f}%)", 100.0 * done_ / total_) : "";
    std::fprintf(stderr, "%s: %s%s, %.0f/s%s\n", label_.c_str(), counts.c_str(), pct.c_str(), rate,
                 final ? fmt::format(", done in {:.1f} s", secs).c_str() : "");
  }
  std::fflush(stderr);
}

}  // namespace motcua
