#!/usr/bin/env bash
# The control loop's own figures, where a person reads them: its latency
# percentiles in `tprctl status --json`, in the session's row and in the
# loop line at exit; and no page fault in the loop thread once it settled
# (its first 1000 ticks), across an idle stretch, a session started and
# stopped through the socket, and the way out.
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"

printf 'wait 0.5s\nfollow\n' >"$tmp/follow.hand"
start_daemon "$src/tests/e2e/long.ini" "$tmp/follow.hand"
wait_until '[ "$(field ticks)" -gt 1500 ] && echo settled' settled || fail "the loop never ran 1500 ticks"
ctl start >/dev/null || fail "start"
wait_until "field daemon" running || fail "no session"
wait_until '[ "$(field ticks)" -gt 3500 ] && echo on' on || fail "the session never ran"
ctl --json status >"$tmp/status"
ctl stop >/dev/null || fail "stop"
wait_until "field daemon" idle || fail "the session did not stop"
stop_daemon || fail "SIGTERM: exit $?"

# The status: ordered percentiles, a run time far below the period.
python3 - "$tmp/status" <<'PY' || fail "status: $(cat "$tmp/status")"
import json, sys
s = json.loads(open(sys.argv[1]).readline())
lat = [s[k] for k in ("lat_min_us", "lat_p50_us", "lat_p99_us", "lat_p999_us", "lat_max_us")]
assert lat == sorted(lat) and lat[-1] > 0, lat
assert 0 <= s["run_p50_us"] <= s["run_p99_us"] <= s["run_max_us"], s
assert s["run_p50_us"] < 1000, s
PY
# The session's row: the same figures over the session.
row=$(q "SELECT loop_overruns >= 0, loop_lat_min_us <= loop_lat_p50_us, loop_lat_p50_us <= loop_lat_p99_us,
         loop_lat_p99_us <= loop_lat_p999_us, loop_lat_p999_us <= loop_lat_max_us, loop_run_p99_us <= loop_run_max_us
         FROM sessions")
[ "$row" = "1|1|1|1|1|1" ] || fail "session row: $row ($(q 'SELECT * FROM sessions'))"
# The loop line at exit.
line=$(grep '^loop:' "$tmp/out")
echo "$line"
[[ $line =~ latency\ min\ [0-9]+\ p50\ [0-9]+\ p99\ [0-9]+\ p99\.9\ [0-9]+\ max\ [0-9]+\ us ]] ||
    fail "loop line: $line"
# Page faults once settled: 0, when memory could be locked (a sanitizer
# build or a user without the privilege runs unlocked and says so).
if grep -q 'running without.*mlockall' "$tmp/out"; then
    echo "memory not locked here: page faults not asserted"
else
    [[ $line =~ page\ faults\ after\ tick\ 1000:\ 0\ minor\ 0\ major ]] || fail "page faults in the settled loop: $line"
fi
[ "$fails" -eq 0 ] && echo "ok: loop timing in status, session row and exit line; no page fault once settled"
[ "$fails" -eq 0 ]
