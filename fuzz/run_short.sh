#!/bin/sh
# A bounded libFuzzer run for ctest (label `fuzz`): the seed corpus, then RUNS executions in all
# (a count, never a time). New inputs go to a scratch folder in the build tree, never into the
# committed corpus; a crash is saved there too and fails the test.
# Usage: run_short.sh FUZZER SCRATCH_DIR RUNS [-flag=value...] CORPUS_DIR...
set -eu
fuzzer=$1 scratch=$2 runs=$3
shift 3
rm -rf "$scratch"
mkdir -p "$scratch/new"
exec "$fuzzer" -runs="$runs" -seed=1 -max_len=4096 -timeout=60 -rss_limit_mb=4096 \
  -print_final_stats=1 -artifact_prefix="$scratch/" "$scratch/new" "$@"
