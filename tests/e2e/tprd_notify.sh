#!/usr/bin/env bash
# tprd under a stand-in for systemd's notification socket: READY=1 once the
# loop ticks, STATUS= idle, the muscle under treatment and the threshold
# measurement, WATCHDOG=1 about
# every half watchdog period while the loop ticks, none while the loop is
# stalled (a simulated read that hangs for 3 s), and again afterwards.
set -u
tprd=$1
src=$2
tmp=$(mktemp -d)
pid=
lpid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; [ -n "$lpid" ] && kill $lpid 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

python3 "$(dirname "$0")/notify_listen.py" "$tmp/notify" "$tmp/got" &
lpid=$!
for _ in $(seq 50); do [ -S "$tmp/notify" ] && break; sleep 0.1; done
# A session, a hang of the loop, then (the session stopped by a long press
# of next) a measurement started by a long press of start/pause.
printf 'wait 1s\nbutton start_pause\nfollow 3s\nfault hang 3s\nfollow 2s\nbutton next 1.6s\nlift 0.5s\nbutton start_pause 1.6s\nramp 150 1.5s\n' >"$tmp/hang.hand"
NOTIFY_SOCKET=$tmp/notify WATCHDOG_USEC=400000 "$tprd" --config "$src/config/tprd.conf" \
    --profile "$src/tests/e2e/short.ini" --data-dir "$tmp/data" --socket "$tmp/tprd.sock" \
    --hand "$tmp/hang.hand" --quiet >"$tmp/out" 2>&1 &
pid=$!
# Until the loop has come back from the hang, ticked for a while and the
# measurement runs.
for _ in $(seq 300); do
    [ "$(grep -c WATCHDOG=1 "$tmp/got")" -ge 40 ] && grep -q STATUS=measuring "$tmp/got" && break
    sleep 0.1
done
kill -TERM $pid
wait $pid || fail "tprd exit $?"
pid=
sleep 0.2

grep -q '^[0-9.]* READY=1$' "$tmp/got" || fail "no READY=1"
grep -q '^[0-9.]* STATUS=idle$' "$tmp/got" || fail "no STATUS=idle"
grep -q '^[0-9.]* STATUS=treating rectus_femoris (1 of 1), repetition 1 of 2$' "$tmp/got" ||
    fail "no STATUS naming the muscle: $(grep STATUS "$tmp/got")"
grep -q '^[0-9.]* STATUS=measuring the threshold of rectus_femoris, trial 1, 0 of 3 reliable$' "$tmp/got" ||
    fail "no STATUS of the measurement: $(grep STATUS "$tmp/got")"
grep -q '^[0-9.]* STOPPING=1$' "$tmp/got" || fail "no STOPPING=1"
# The gaps between WATCHDOG=1: about 0.2 s while the loop ticks, one of at
# least the hang's length less a watchdog period while it was stalled.
gaps=$(awk '/WATCHDOG=1/ { if (t) print $1 - t; t = $1 }' "$tmp/got" | sort -n)
n=$(wc -l <<<"$gaps")
longest=$(tail -1 <<<"$gaps")
second=$(tail -2 <<<"$gaps" | head -1)
python3 -c 'import sys; l, s = map(float, sys.argv[1:]); assert l >= 2.6 and s < l / 2, (l, s)' \
    "$longest" "$second" || fail "WATCHDOG gaps: longest $longest s, next $second s ($n gaps)"
[ "$(awk '/READY=1/ { r = NR } /WATCHDOG=1/ && !w { w = NR } END { print (r && w > r) }' "$tmp/got")" = 1 ] ||
    fail "WATCHDOG=1 before READY=1"
echo "ok: READY, STATUS (idle, the muscle, the measurement), WATCHDOG stopped for $longest s by the stalled loop ($n gaps, next longest $second s)"
[ "$fails" -eq 0 ]
