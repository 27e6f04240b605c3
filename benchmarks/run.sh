#!/usr/bin/env bash
# Runs the earnbase-redis benchmark suite and rewrites BENCHMARKS.md and benchmarks/chart.svg.
#
#   ./benchmarks/run.sh            full run (about 17 minutes on 2 cores)
#   ./benchmarks/run.sh --quick    smoke run (about 2 minutes): every benchmark once, numbers not comparable
#
#   ./benchmarks/run.sh --include Near --no-profile --no-redis-benchmark
#                                  only issue 17's near cache (S6, S7 and the invalidation latency, about 4 to 5 minutes;
#                                  with --quick about 2 minutes); the report then holds only those sections
#
# Other options are passed to the suite: --include REGEX (only matching JMH benchmarks; the near cache's invalidation
# measurement runs when a pattern finds "NearInvalidation"), --no-redis-benchmark, --no-profile,
# --report-only (rewrite the report from the last results). Needs redis-server and redis-benchmark on the PATH,
# or EARNBASE_REDIS_BENCH_URL=redis://host:port to use an existing server (the suite never flushes it).
set -euo pipefail
cd "$(dirname "$0")/.."

report_only=false
for arg in "$@"; do
  [[ "$arg" == "--report-only" ]] && report_only=true
done

jar=benchmarks/target/earnbase-redis-benchmarks.jar
if [[ "$report_only" == false || ! -f "$jar" ]]; then
  ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi
exec java -jar "$jar" --results benchmarks/target/results --output . "$@"
