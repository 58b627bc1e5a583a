#!/usr/bin/env bash
# `make test`: unit tests (ctest), then a throwaway PostgreSQL cluster for the PostgreSQL storage
# tests (pg_tests), then the end-to-end and SDK conformance suites (node:test) against the real
# binary twice: on SQLite and on PostgreSQL, and the Debian package (scripts/deb-test.sh). Prints one summary line per suite and fails if any
# suite failed. The cluster is stopped and deleted on every exit path.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

echo "== unit tests (ctest)"
(cd build && ctest --output-on-failure -j2 --timeout 120) || status=1

echo "== Debian package (make deb, install, run the packaged binary)"
(cmake --build build --target package >/dev/null && scripts/deb-test.sh) || status=1

echo "== starting a throwaway PostgreSQL cluster"
if pg_env=$(scripts/pg-cluster.sh start); then
  eval "$pg_env"
  trap 'scripts/pg-cluster.sh stop "$PG_CLUSTER_DIR"' EXIT
  trap 'exit 130' INT TERM
  psql -X -q -v ON_ERROR_STOP=1 -d "$PG_CLUSTER_URL" -c "CREATE DATABASE seatkeeper_test"
  export TEST_DATABASE_URL="${PG_CLUSTER_URL%/postgres}/seatkeeper_test"

  echo "== PostgreSQL storage tests (pg_tests)"
  build/pg_tests --gtest_brief=1 || status=1
else
  echo "cannot start PostgreSQL: the PostgreSQL suites fail" >&2
  status=1
fi

echo "== end-to-end and SDK conformance tests on SQLite (node --test)"
(cd tests && SEATKEEPER_TEST_STORE=sqlite node --test --test-concurrency=1 --test-reporter=spec e2e/ sdk/) || status=1

if [[ -n ${TEST_DATABASE_URL:-} ]]; then
  echo "== end-to-end and SDK conformance tests on PostgreSQL (node --test)"
  (cd tests && SEATKEEPER_TEST_STORE=postgres node --test --test-concurrency=1 --test-reporter=spec e2e/ sdk/) || status=1
fi

exit $status
