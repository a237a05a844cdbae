// Quietly: runs a function with stdout sent to /dev/null, for tests, fuzzers and benchmarks that
// set up the demo commune (which prints its accounts). Not thread-safe: it swaps file descriptor 1.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace motcua {

// Returns fn()'s result; whatever fn printed to stdout is discarded.
template <typename F>
auto Quietly(F fn) {
  fflush(stdout);
  int saved = dup(1), null = open("/dev/null", O_WRONLY);
  dup2(null, 1);
  auto result = fn();
  fflush(stdout);
  dup2(saved, 1);
  close(null);
  close(saved);
  return result;
}

}  // namespace motcua
