#!/usr/bin/env bash
# Soak: one resident tprd on the simulated device through back-to-back
# sessions started with tprctl, the hand's script injecting a random sensor
# fault every few seconds, a `tprctl watch` client for the whole run and
# `tprctl status` clients between sessions. Prints RSS and open file
# descriptors after the first session, half-way and at the end (they must
# not grow),
# the loop's overruns, the sessions by end reason, the database's size and
# its integrity_check.
# Usage: soak.sh TPRD TPRCTL SOURCE_DIR SECONDS [SEED]
set -u
tprd=$1
tprctl=$2
src=$3
seconds=$4
seed=${5:-1}
. "$src/tests/e2e/daemon_rig.sh"
wpid=
cleanup_more() { [ -n "$wpid" ] && kill $wpid 2>/dev/null; }

# Short sessions: one muscle, two 2 s holds, 1 s rest.
cat >"$tmp/soak.ini" <<'INI'
[user]
name = soak
muscles = rectus_femoris
[muscle.rectus_femoris]
hold = 2 s
hold_min = 1 s
hold_max = 3 s
rest = 1 s
reps = 2
INI
# The hand follows the device's cues with a sensor fault of 20 to 800 ms
# every 3 s or more (the script holds at most 128 steps: 63 faults spread
# over the run, the hand follows after the last one).
python3 - "$seed" "$seconds" >"$tmp/soak.hand" <<'PY'
import random, sys
rnd = random.Random(int(sys.argv[1]))
seconds = float(sys.argv[2])
steps = ["wait 500ms"]
gap = max(3.0, seconds / 63)
while len(steps) < 126:
    steps.append("follow %dms" % int(rnd.uniform(0.5 * gap, 1.5 * gap) * 1000))
    kind = rnd.choice(["read_error", "nan", "stuck", "stale", "range"])
    steps.append("fault %s %dms" % (kind, rnd.randint(20, 800)))
steps.append("follow")
print("\n".join(steps))
PY
start_daemon "$tmp/soak.ini" "$tmp/soak.hand"
[ -S "$sock" ] || { echo "FAIL: tprd did not start: $(cat "$tmp/out")"; exit 1; }
ctl watch --json >/dev/null 2>&1 &
wpid=$!

# usage: RSS in kB and open descriptors of the daemon.
usage() { echo "$(awk '/^VmRSS/ {print $2}' /proc/$pid/status) $(ls /proc/$pid/fd | wc -l)"; }
# one_session: start, wait for idle again (a faulted session may take
# longer; stopped after 60 s).
one_session() {
    ctl start >/dev/null 2>&1 || return 1
    local end=$((SECONDS + 60))
    while [ $SECONDS -lt $end ]; do
        ctl status >/dev/null 2>&1
        [ "$(field daemon 2>/dev/null)" = idle ] && return 0
        sleep 0.2
    done
    ctl stop >/dev/null 2>&1
    wait_until "field daemon" idle
}

one_session || fail "the first session did not run: $(tail -5 "$tmp/out")"
read -r rss0 fd0 <<<"$(usage)"
t0=$SECONDS
started=1
rss_half=
while [ $((SECONDS - t0)) -lt "$seconds" ] && kill -0 $pid 2>/dev/null; do
    one_session || fail "session $((started + 1)) refused or never ended"
    started=$((started + 1))
    [ -z "$rss_half" ] && [ $((2 * (SECONDS - t0))) -ge "$seconds" ] && read -r rss_half _ <<<"$(usage)"
done
# Let RSS settle on an idle daemon before the second reading.
sleep 1
read -r rss1 fd1 <<<"$(usage)"
overruns=$(field overruns)
kill -0 $pid || fail "tprd died: $(tail -5 "$tmp/out")"
kill $wpid 2>/dev/null
wait $wpid 2>/dev/null
wpid=
stop_daemon || fail "SIGTERM: exit $?"
by_reason=$(q "SELECT group_concat(n || ' ' || end_reason, ', ') FROM
    (SELECT end_reason, count(*) AS n FROM sessions GROUP BY end_reason)")
integrity=$(q "PRAGMA integrity_check")
size=$(du -k "$db" | cut -f1)
faults=$(grep -c '^fault' "$tmp/soak.hand")
echo "soak: $((SECONDS - t0)) s, seed $seed, $started sessions ($by_reason)," \
    "up to $faults sensor faults injected"
echo "soak: RSS ${rss0} kB, half-way ${rss_half} kB, end ${rss1} kB; open fds $fd0 -> $fd1;" \
    "loop overruns $overruns"
echo "soak: database $size kB, integrity_check $integrity"
[ "$fd1" -eq "$fd0" ] || fail "open file descriptors grew: $fd0 -> $fd1"
# SQLite's page cache (2 MB a connection) fills as the database grows;
# more than that in the second half is a leak.
if [ -n "${TPRD_SOAK_NO_RSS:-}" ]; then
    echo "soak: RSS not judged (a sanitizer build: freed memory stays in its quarantine)"
else
    [ "$rss1" -le $((rss_half + 2048)) ] || fail "RSS grew in the second half: $rss_half -> $rss1 kB"
fi
[ "$integrity" = ok ] || fail "integrity_check: $integrity"
[ "$(q "SELECT count(*) FROM sessions WHERE end_reason IS NULL OR end_reason = 'interrupted'")" = 0 ] ||
    fail "a session was left open or interrupted"
[ "$fails" -eq 0 ]
