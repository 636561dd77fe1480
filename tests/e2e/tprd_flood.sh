#!/usr/bin/env bash
# The control socket flooded during a session (ctl_flood: malformed,
# oversized, unfinished and too-fast requests from many clients, a
# subscriber that never reads): the well-behaved client keeps its replies,
# the session goes on, and the control loop misses no more periods than in
# the quiet stretches measured before and after it.
set -u
tprd=$1
tprctl=$2
flood=$3
src=$4
. "$(dirname "$0")/daemon_rig.sh"
# counters: "TICKS OVERRUNS DAEMON" from the status.
counters() {
    ctl --json status | python3 -c '
import json, sys
s = json.loads(sys.stdin.readline())
print(s["ticks"], s["overruns"], s["daemon"])'
}
# missed SECONDS [COMMAND...]: overruns per 1000 ticks over SECONDS (while
# COMMAND runs, if given).
missed() {
    local secs=$1
    shift
    read -r t0 o0 _ < <(counters)
    if [ $# -gt 0 ]; then "$@"; else sleep "$secs"; fi
    read -r t1 o1 _ < <(counters)
    python3 -c 'import sys; t0, o0, t1, o1 = map(int, sys.argv[1:]); print(f"{1000 * (o1 - o0) / max(1, t1 - t0):.2f}")' \
        "$t0" "$o0" "$t1" "$o1"
}

printf 'wait 0.5s\nfollow\n' >"$tmp/follow.hand"
start_daemon "$src/tests/e2e/long.ini" "$tmp/follow.hand"
ctl start >/dev/null || fail "start"

# 5 s of flood by 12 clients; its exit status says whether the
# well-behaved client got every reply.
run_flood() {
    "$flood" "$sock" 5 12 >"$tmp/flood.out"
    echo $? >"$tmp/flood.rc"
}
# within BEFORE DURING AFTER: the quiet stretches set the bound: twice the
# worse of them, plus five missed periods in a thousand. Twelve clients
# keep both cores of a small machine busy in the kernel, which delays even
# a SCHED_FIFO wake-up by a few periods now and then (2.6 in a thousand
# seen on a 2-core VM against 0.5 quiet).
within() {
    python3 -c 'import sys; b, d, a = map(float, sys.argv[1:]); sys.exit(d > 2 * max(b, a) + 5)' "$@"
}
# Up to three rounds of quiet, flood, quiet; one within the bound passes.
# A virtual machine's own stalls (the host taking the CPU away: 2.6 in a
# thousand in a quiet stretch, 21 once in a flood stretch on a quiet
# 2-core VM) land in one stretch now and then; a loop that waited on the
# socket would miss periods in every round.
ok=
for round in 1 2 3; do
    before=$(missed 5)
    during=$(missed 0 run_flood)
    after=$(missed 5)
    read -r _ _ state < <(counters)
    echo "round $round: overruns per 1000 ticks: before $before, during the flood $during, after $after"
    echo "flood: $(cat "$tmp/flood.out")"
    [ "$(cat "$tmp/flood.rc")" = 0 ] || fail "the well-behaved client missed replies"
    [ "$state" = running ] || fail "the session should still run, it is $state"
    [ "$fails" -eq 0 ] || break
    within "$before" "$during" "$after" && ok=1 && break
done
[ -n "$ok" ] || fail "the flood made the loop miss periods in every round (the last: $before / $during / $after)"
kill -0 $pid || fail "tprd died"
stop_daemon || fail "SIGTERM: exit $?"
[ "$fails" -eq 0 ] && echo "ok: flood during a session: loop unaffected, replies kept"
[ "$fails" -eq 0 ]
