#!/usr/bin/env bash
# Installs the Debian packages and npm test clients seatkeeper needs; quick when all are there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libcurl4-openssl-dev libsqlite3-dev libpq-dev zlib1g-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 postgresql nginx wrk ccache nodejs npm
  python3-aiosmtpd openssl  # the real SMTP server and TLS certificate of the e-mail tests
  dpkg-dev  # dpkg-shlibdeps: `make deb` computes the package's Depends
  chromium fonts-dejavu-core  # the browser the page tests drive headless (playwright-core downloads none)
  clang-15 libfuzzer-15-dev)  # the libFuzzer targets (make fuzz, and the smoke run of make test)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian (this image ships its own): accept any node >= 20 with npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then echo "missing packages: ${missing[*]} (run as root or install them)" >&2; exit 1; fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ ! -d tests/node_modules/polar-sdk-1 || ! -d tests/node_modules/polar-sdk-0 || ! -d tests/node_modules/playwright-core || ! -d tests/node_modules/ajv || tests/package-lock.json -nt tests/node_modules/.package-lock.json ]]; then
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
