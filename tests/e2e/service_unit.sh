#!/usr/bin/env bash
# The systemd unit and tprd agree: a config error (tprd's exit status 2) is
# not restarted in a loop, a crash is; tprd is a notify service with a
# watchdog and reload by SIGHUP; systemd itself accepts the unit, and its
# security exposure stays at most 2.0.
# Usage: service_unit.sh TPRD SOURCE_DIR
set -u
tprd=$1
src=$2
unit=$src/config/tprd.service
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The value systemd will use (the last assignment wins; an empty one resets).
setting() { sed -n "s/^$1=//p" "$unit" | tail -n 1; }

printf '[device]\nrate = fast\n' >"$tmp/bad.conf"
"$tprd" --config "$tmp/bad.conf" --no-record >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "a bad config should exit 2, not $rc"
prevent=" $(setting RestartPreventExitStatus) "
[[ $prevent == *" $rc "* ]] || fail "exit status $rc is restarted (RestartPreventExitStatus=$prevent)"
[ -n "$(setting Restart)" ] && [ "$(setting Restart)" != no ] || fail "the unit never restarts after a crash"
echo "ok: a config error (exit $rc) is not restarted; Restart=$(setting Restart)"
[ "$(setting Type)" = notify ] || fail "Type=$(setting Type), want notify (tprd sends READY=1)"
[ -n "$(setting WatchdogSec)" ] || fail "no WatchdogSec: tprd's WATCHDOG=1 would go unheard"
[[ "$(setting ExecReload)" == *"-HUP"* ]] || fail "ExecReload should send SIGHUP"
[ "$(setting Restart)" = always ] || fail "Restart=$(setting Restart), want always"
echo "ok: Type=notify, WatchdogSec=$(setting WatchdogSec), reload by SIGHUP"

if command -v systemd-analyze >/dev/null; then
    sed "s|^ExecStart=[^ ]*|ExecStart=$tprd|" "$unit" >"$tmp/tprd.service"
    out=$(systemd-analyze verify "$tmp/tprd.service" 2>&1) || fail "systemd-analyze verify: $out"
    [ -z "$out" ] || fail "systemd-analyze verify: $out"
    score=$(systemd-analyze security --offline=true "$tmp/tprd.service" 2>&1 |
        sed -n 's/.*Overall exposure level for tprd.service: \([0-9.]*\).*/\1/p')
    python3 -c 'import sys; assert float(sys.argv[1]) <= 2.0' "${score:-99}" ||
        fail "systemd-analyze security: exposure ${score:-unknown}, want at most 2.0"
    echo "ok: systemd accepts the unit; exposure $score"
else
    fail "systemd-analyze is missing (scripts/deps installs systemd)"
fi
[ "$fails" -eq 0 ]
