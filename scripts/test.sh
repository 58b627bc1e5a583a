#!/usr/bin/env bash
# `make test`: unit tests (ctest), then the end-to-end and SDK conformance suites (node:test)
# against the real binary. Prints one summary line per suite and fails if any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

echo "== unit tests (ctest)"
(cd build && ctest --output-on-failure -j2 --timeout 120) || status=1

echo "== end-to-end and SDK conformance tests (node --test)"
(cd tests && node --test --test-concurrency=1 --test-reporter=spec e2e/ sdk/) || status=1

exit $status
