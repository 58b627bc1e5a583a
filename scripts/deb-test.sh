#!/usr/bin/env bash
# Tests the Debian package from `make deb` (run by `make test`):
#  - with systemd as PID 1: dpkg -i, systemctl start, /readyz, systemctl stop, dpkg -r;
#  - otherwise (containers, CI): dpkg -i into a scratch root (its own dpkg database, so the
#    machine's is untouched), check what the package installed, verify the unit with
#    systemd-analyze when present, and run the packaged binary as the unit would: migrate, then
#    serve with the packaged environment file, on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
deb=$(ls -t "$BUILD"/seatkeeper_*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || { echo "no package in $BUILD: run make deb" >&2; exit 1; }
root=$(mktemp -d /tmp/seatkeeper-deb.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$root"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { for _ in $(seq 100); do curl -sf "$1/readyz" >/dev/null && return 0; sleep 0.1; done; return 1; }

echo "package: $deb"
dpkg-deb --field "$deb" Package Version Depends
if [[ $(ps -p 1 -o comm= 2>/dev/null) == systemd ]]; then
  dpkg -i "$deb"
  systemctl daemon-reload
  systemctl start seatkeeper
  wait_ready http://127.0.0.1:8080 || { journalctl -u seatkeeper --no-pager | tail -20; exit 1; }
  systemctl stop seatkeeper
  dpkg -r seatkeeper
  echo "deb: installed, started under systemd, answered /readyz, stopped, removed"
  exit 0
fi

mkdir -p "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/info" "$root/var/lib/seatkeeper"
touch "$root/var/lib/dpkg/status"
# --force-depends: the scratch root's dpkg database knows none of the libraries the host has.
dpkg --root="$root" --force-not-root --force-depends --force-script-chrootless -i "$deb" >/dev/null
for f in usr/bin/seatkeeper usr/lib/systemd/system/seatkeeper.service etc/default/seatkeeper; do
  [[ -e $root/$f ]] || { echo "the package did not install /$f" >&2; exit 1; }
done
dpkg --root="$root" -L seatkeeper | grep -qx /etc/default/seatkeeper
grep -qx /etc/default/seatkeeper "$root/var/lib/dpkg/info/seatkeeper.conffiles" ||
  { echo "/etc/default/seatkeeper is not a conffile" >&2; exit 1; }
[[ $(stat -c %a "$root/etc/default/seatkeeper") == 600 ]] || { echo "env file is not 0600" >&2; exit 1; }
if command -v systemd-analyze >/dev/null && [[ -d /usr/lib/systemd/system ]]; then
  # The unit's default dependencies (sysinit.target, ...) come from the host's systemd; the
  # package's own unit is not overwritten. Any complaint (an unknown key too) fails the test.
  cp -rn /usr/lib/systemd/system/. "$root/usr/lib/systemd/system/"
  complaints=$(systemd-analyze verify --root="$root" /usr/lib/systemd/system/seatkeeper.service 2>&1) ||
    { echo "$complaints" >&2; exit 1; }
  [[ -z $complaints ]] || { echo "systemd-analyze verify: $complaints" >&2; exit 1; }
fi

# As the unit runs it: the packaged environment file, then migrate and serve from the package.
port=$(free_port)
set -a
# shellcheck disable=SC1091
. "$root/etc/default/seatkeeper"
set +a
export SEATKEEPER_DATABASE="sqlite://$root/var/lib/seatkeeper/seatkeeper.db" SEATKEEPER_LISTEN="127.0.0.1:$port"
"$root/usr/bin/seatkeeper" migrate >/dev/null
"$root/usr/bin/seatkeeper" serve 2>"$root/serve.log" &
pid=$!
wait_ready "http://127.0.0.1:$port" || { cat "$root/serve.log"; exit 1; }
head -1 "$root/serve.log" | python3 -c 'import json,sys; json.loads(sys.stdin.readline())'  # SEATKEEPER_LOG_FORMAT=json
kill -TERM "$pid"
wait "$pid"
pid=

# Removal keeps the edited environment file (a conffile); purging removes it too.
dpkg --root="$root" --force-not-root --force-script-chrootless -r seatkeeper >/dev/null
[[ ! -e $root/usr/bin/seatkeeper && -e $root/etc/default/seatkeeper ]] ||
  { echo "dpkg -r: the binary should be gone and the conffile kept" >&2; exit 1; }
dpkg --root="$root" --force-not-root --force-script-chrootless -P seatkeeper >/dev/null
[[ ! -e $root/etc/default/seatkeeper ]] || { echo "dpkg -P left /etc/default/seatkeeper" >&2; exit 1; }
echo "deb: installed into a scratch root (no systemd as PID 1 here), the packaged binary migrated, served /readyz" \
  "and exited 0 on SIGTERM; removed (conffile kept), then purged"
