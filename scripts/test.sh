#!/usr/bin/env bash
# `make test`: unit tests (ctest), the Debian package (scripts/deb-test.sh), then a throwaway
# PostgreSQL cluster for the PostgreSQL storage tests (pg_tests), then the end-to-end and SDK
# conformance suites (node:test) against the real binary twice: on SQLite and on PostgreSQL, a few
# kill -9 cycles of the soak (scripts/soak.mjs) and a short run of every libFuzzer target on its
# committed corpus (scripts/fuzz.sh; make fuzz runs longer).
# Prints one summary line per suite and fails if any suite failed. The cluster is stopped and
# deleted on every exit path.
#
# With SANITIZE set (`make test SANITIZE=address,undefined`, BUILD=build-asan) the sanitized unit
# tests and the end-to-end and SDK suites run on SQLite only (TEST_STORES="sqlite postgres" adds
# PostgreSQL). Every sanitizer report, from any process the suites start, goes to a file; the run
# fails if there is one.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SANITIZE=${SANITIZE:-}
status=0

if [[ -n $SANITIZE ]]; then
  TEST_STORES=${TEST_STORES:-sqlite}
  sanitizer_logs=$(mktemp -d "${TMPDIR:-/tmp}/seatkeeper-sanitizer.XXXXXX")
  common="log_path=$sanitizer_logs/report:print_stacktrace=1:halt_on_error=1"
  export ASAN_OPTIONS="$common:detect_leaks=1:detect_stack_use_after_return=1"
  export UBSAN_OPTIONS="$common"
  export TSAN_OPTIONS="$common:second_deadlock_stack=1"
  [[ -f scripts/sanitizer-suppressions/$BUILD.txt ]] &&
    export LSAN_OPTIONS="suppressions=$PWD/scripts/sanitizer-suppressions/$BUILD.txt"
  export SEATKEEPER_BIN=$PWD/$BUILD/seatkeeper
  echo "== sanitized run ($SANITIZE, $BUILD): reports go to $sanitizer_logs"
else
  TEST_STORES=${TEST_STORES:-sqlite postgres}
fi
wants() { [[ " $TEST_STORES " == *" $1 "* ]]; }

echo "== unit tests (ctest)"
(cd "$BUILD" && ctest --output-on-failure --no-tests=error -j2 --timeout 300) || status=1

if [[ -z $SANITIZE ]]; then
  echo "== Debian package (make deb, install, run the packaged binary)"
  (cmake --build "$BUILD" --target package >/dev/null && BUILD=$BUILD scripts/deb-test.sh) || status=1
  echo "== fuzz targets: the committed corpus, then ${FUZZ_SMOKE_SECONDS:=5} s of fuzzing each"
  FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz} FUZZ_SECONDS=$FUZZ_SMOKE_SECONDS bash scripts/fuzz.sh || status=1
fi

if wants postgres; then
  echo "== starting a throwaway PostgreSQL cluster"
  if pg_env=$(scripts/pg-cluster.sh start); then
    eval "$pg_env"
    trap 'scripts/pg-cluster.sh stop "$PG_CLUSTER_DIR"' EXIT
    trap 'exit 130' INT TERM
    psql -X -q -v ON_ERROR_STOP=1 -d "$PG_CLUSTER_URL" -c "CREATE DATABASE seatkeeper_test"
    export TEST_DATABASE_URL="${PG_CLUSTER_URL%/postgres}/seatkeeper_test"

    if [[ -x $BUILD/pg_tests ]]; then
      echo "== PostgreSQL storage tests (pg_tests)"
      "$BUILD"/pg_tests --gtest_brief=1 || status=1
    fi
  else
    echo "cannot start PostgreSQL: the PostgreSQL suites fail" >&2
    status=1
  fi
fi

if wants sqlite; then
  echo "== end-to-end and SDK conformance tests on SQLite (node --test)"
  (cd tests && SEATKEEPER_TEST_STORE=sqlite node --test --test-concurrency=1 --test-reporter=spec e2e/ sdk/) || status=1
fi

if wants sqlite; then
  echo "== crash safety under load on SQLite: ${SOAK_CYCLES:=3} kill -9 cycles (make soak runs 100)"
  SOAK_CYCLES=$SOAK_CYCLES SEATKEEPER_BIN=$PWD/$BUILD/seatkeeper node scripts/soak.mjs || status=1
fi

if wants sqlite && [[ -z $SANITIZE ]]; then
  echo "== benchmark smoke on SQLite: assigns at 0 and at 300 seats (make bench fills 40,000)"
  BENCH_BIN=$PWD/$BUILD/seatkeeper BENCH_SEATS=300 BENCH_DURATION=1s BENCH_CONNECTIONS=8 bash bench/scale.sh || status=1
  echo "== benchmark smoke on SQLite: list seats and memory at 1,000 and 3,000 seats (make bench fills 1,000,000)"
  BENCH_BIN=$PWD/$BUILD/seatkeeper BENCH_MILLION_SEATS=3000 BENCH_ROUNDS=1 BENCH_DURATION=1s BENCH_CONNECTIONS=8 bash bench/million.sh || status=1
  echo "== benchmark smoke: GET /healthz beside the Beast ceiling (make bench runs it longer)"
  BENCH_BIN=$PWD/$BUILD/seatkeeper BENCH_ROUNDS=1 BENCH_DURATION=1s BENCH_CONNECTIONS=8 bash bench/ceiling.sh || status=1
fi

if wants postgres && [[ -n ${TEST_DATABASE_URL:-} ]]; then
  echo "== end-to-end and SDK conformance tests on PostgreSQL (node --test)"
  (cd tests && SEATKEEPER_TEST_STORE=postgres node --test --test-concurrency=1 --test-reporter=spec e2e/ sdk/) || status=1
fi

if [[ -n $SANITIZE ]]; then
  if compgen -G "$sanitizer_logs/report*" >/dev/null; then
    echo "== sanitizer reports ($SANITIZE): FAILED" >&2
    for report in "$sanitizer_logs"/report*; do echo "--- $report" >&2; head -c 20000 "$report" >&2; done
    status=1
  else
    echo "== sanitizer reports ($SANITIZE): none"
    rm -rf "$sanitizer_logs"
  fi
fi

exit $status
