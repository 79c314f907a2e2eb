#!/usr/bin/env bash
# `make test` after lint: two lanes side by side, one per core.
#   lane 1: the suite on SQLite, then the browser tests (Chromium; run whatever SQLite gave)
#   lane 2: the suite on a throwaway PostgreSQL (the longer one)
# Lane 1's output is kept in a file and printed when both are done, so the two never interleave;
# the command fails if either lane fails. TEST_LANES=1 runs them one after the other instead.
set -uo pipefail
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}

if [ "${TEST_LANES:-2}" = 1 ]; then
  $MAKE --no-print-directory test-sqlite test-postgres test-browser
  exit $?
fi

log=$(mktemp "${TMPDIR:-/tmp}/sohoi-lane1.XXXXXX")
trap 'rm -f "$log"' EXIT
( $MAKE --no-print-directory test-sqlite; s=$?; $MAKE --no-print-directory test-browser; b=$?; [ $s = 0 ] && [ $b = 0 ] ) >"$log" 2>&1 &
lane1=$!
echo "test: lane 1 (SQLite, then Chromium) runs beside this one; its output follows at the end"
$MAKE --no-print-directory test-postgres
pg=$?
wait "$lane1"
one=$?
echo
echo "===== lane 1: the suite on SQLite, then the browser tests ====="
cat "$log"
echo "===== test: PostgreSQL lane exit $pg, SQLite + browser lane exit $one ====="
[ "$pg" = 0 ] && [ "$one" = 0 ]
