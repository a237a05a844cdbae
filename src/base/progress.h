// Progress for long CLI work (imports, verification, demo generation): a redrawn bar with counts,
// rate and ETA on a terminal; plain lines ("verify: 40000/120000 events (33%), 81234/s") every few
// seconds otherwise. Writes to stderr. Not thread-safe: one thread updates it.
#pragma once

#include <cstdint>
#include <string>

namespace motcua {

class Progress {
 public:
  // `total` may be 0 when unknown. `unit` names what is counted ("events").
  Progress(std::string label, int64_t total, std::string unit);
  ~Progress();
  // Sets the count done so far; redraws at most ~10 times a second (a line every 2 s off a TTY).
  void Update(int64_t done);
  void SetTotal(int64_t total) { total_ = total; }
  // Draws the final state and ends the line.
  void Finish();

 private:
  void Draw(bool final);
  const std::string label_;
  const std::string unit_;
  int64_t total_;
  int64_t done_ = 0;
  int64_t start_ns_;
  int64_t last_draw_ns_ = 0;
  bool tty_;
  bool finished_ = false;
};

}  // namespace motcua
