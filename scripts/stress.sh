#!/usr/bin/env bash
# Stress mode: runs the whole suite N times with a CPU-burning process beside it and summarises the failures by test,
# because the rare races this project has met showed up only under load and only in one run of several.
#
#   scripts/stress.sh [RUNS] [-- extra Maven arguments]     e.g. scripts/stress.sh 5, scripts/stress.sh 3 -- -pl earnbase-redis-core
#
# Not part of the default CI run. Each run's Surefire reports are kept under target/stress/run-K/; the summary lists
# every test that failed or errored with the runs it failed in. Exits non-zero when any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."

runs="${1:-5}"
shift || true
[[ "${1:-}" == "--" ]] && shift
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "RUNS must be a positive whole number, got '$runs'" >&2
  exit 2
fi

out=target/stress
rm -rf "$out"
mkdir -p "$out"

# One busy loop competing for a core the whole time; stopped (by its own PID) however this script ends.
( while :; do :; done ) &
burner=$!
trap 'kill "$burner" 2>/dev/null' EXIT

failed_runs=0
for ((k = 1; k <= runs; k++)); do
  start=$(date +%s)
  ./mvnw -B verify -fae "$@" > "$out/run-$k.log" 2>&1
  rc=$?
  mkdir -p "$out/run-$k"
  find . -path ./target -prune -o -path '*/target/surefire-reports/*.xml' -print | xargs -r cp -t "$out/run-$k" 2>/dev/null
  (( rc != 0 )) && failed_runs=$((failed_runs + 1))
  echo "run $k/$runs: exit $rc in $(( $(date +%s) - start )) s"
done

echo
echo "Failures by test (test: runs it failed in):"
for report in "$out"/run-*/*.xml; do
  [[ -e "$report" ]] || continue
  run=$(basename "$(dirname "$report")")
  # A failing testcase element is followed by its <failure> or <error> element.
  awk -v run="$run" '/<testcase /{ match($0, /name="[^"]*"/); n = substr($0, RSTART + 6, RLENGTH - 7);
      match($0, /classname="[^"]*"/); c = substr($0, RSTART + 11, RLENGTH - 12) }
    /<(failure|error)[ >]/{ print c "." n " " run }' "$report"
done | sort -u | awk '{ runs[$1] = runs[$1] " " $2 } END { n = 0; for (t in runs) { print "  " t ":" runs[t]; n++ } if (n == 0) print "  none" }'
echo "$failed_runs of $runs runs failed"
(( failed_runs == 0 ))
