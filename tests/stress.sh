#!/usr/bin/env bash
# The suite under load: `make test` twice in a row while a CPU hog (started and stopped here)
# keeps one core busy, then once more, unloaded, with `-p randomly` (every pytest stage in a
# random order). Each run's log goes to reports/stress/; a table of outcomes and times ends it.
#
#   tests/stress.sh            # or: make stress
#   STRESS_RUNS=3 tests/stress.sh
#
# Exits 1 if any run was red. A verdict that depends on the machine's speed shows up here.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${STRESS_RUNS:-2}
logs=reports/stress
mkdir -p "$logs"
hog=
stop_hog() {
  if [ -n "$hog" ]; then
    kill "$hog" 2>/dev/null
    wait "$hog" 2>/dev/null
    hog=
  fi
}
trap stop_hog EXIT
trap 'stop_hog; exit 130' INT TERM

summary=()
status=0
one_run() {  # one_run LABEL LOG [make arguments...]
  local label=$1 log=$2 started code seconds
  shift 2
  started=$(date +%s)
  make --no-print-directory test "$@" >"$log" 2>&1
  code=$?
  seconds=$(($(date +%s) - started))
  if [ "$code" -eq 0 ]; then verdict=green; else verdict="RED (exit $code)"; status=1; fi
  summary+=("$(printf '%-44s %5d s  %s  (%s)' "$label" "$seconds" "$verdict" "$log")")
  echo "${summary[-1]}"
  grep -E '^   [a-z-]+ +[0-9]+ s ' "$log" | sed 's/^/    /'  # the stages' own times
}

for n in $(seq 1 "$runs"); do
  python3 -c 'while True: pass' &  # the hog: one core's worth of busy work
  hog=$!
  one_run "run $n: make test, one core kept busy" "$logs/loaded-$n.log"
  stop_hog
done
one_run "run $((runs + 1)): make test, -p randomly" "$logs/randomly.log" PYTEST_ARGS="-p randomly"

echo
echo "== tests/stress.sh on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%s\n' "${summary[@]}"
exit "$status"
