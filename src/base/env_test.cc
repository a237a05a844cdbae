#include "base/env.h"

#include <gtest/gtest.h>

namespace motcua {
namespace {

TEST(ShiftedClockEnvTest, RunsTheOffsetAheadOfItsBaseAndMovesWithIt) {
  FakeEnv base(1'000'000);
  ShiftedClockEnv env(base);
  EXPECT_EQ(env.NowMs(), 1'000'000);
  env.TEST_SetOffsetMs(86'400'000);
  EXPECT_EQ(env.offset_ms(), 86'400'000);
  EXPECT_EQ(env.NowMs(), 87'400'000);
  base.TEST_AdvanceMs(5);
  EXPECT_EQ(env.NowMs(), 87'400'005);
  EXPECT_EQ(base.NowMs(), 1'000'005) << "the base clock is not moved";
  env.TEST_SetOffsetMs(-1'000);
  EXPECT_EQ(env.NowMs(), 999'005);
  EXPECT_EQ(env.MonotonicNs(), base.MonotonicNs()) << "durations are not shifted";
}

TEST(ShiftedClockEnvTest, PassesRandomnessThrough) {
  FakeEnv a, b;
  ShiftedClockEnv env(a);
  EXPECT_EQ(env.RandomHex(8), b.RandomHex(8));  // the same seeded counter as a FakeEnv's
}

}  // namespace
}  // namespace motcua
