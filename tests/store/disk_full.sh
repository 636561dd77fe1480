#!/usr/bin/env bash
# The data directory on a 2 MB tmpfs that a file fills while tprd records,
# then is freed: the first refused write is logged at once with the
# reason, the trace of that time is dropped and counted, the events of it
# are kept and written once the disk takes them, the session row holds the
# gap (as long as the holes in the trace), tprctl show marks it, and tprd
# exits 3. Then a disk that stays full until the session ends: the end is
# recorded, or the next start marks the session interrupted.
# Needs root (a private mount namespace); skipped otherwise.
# Usage: disk_full.sh TPRD TPRCTL SOURCE_DIR
set -u
if [ "${TPRD_IN_NAMESPACE:-}" != 1 ]; then
    if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
        echo "SKIP: needs root and unshare -m for a tmpfs of its own"
        exit 77
    fi
    exec env TPRD_IN_NAMESPACE=1 unshare -m --propagation private bash "$0" "$@"
fi
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/recording.sh"
disk=$tmp/disk
mkdir "$disk"
mount -t tmpfs -o size=2m tmpfs "$disk" || { echo "SKIP: cannot mount a tmpfs"; exit 77; }
trap 'kill -9 $pid 2>/dev/null; umount "$disk"; cleanup' EXIT
db=$disk/data/sessions.db
# Events all the time (40 s): contact, too hard, over the limit, lift.
for _ in $(seq 20); do
    printf 'press 200kPa 300ms\nhold 700ms\npress 900kPa 200ms\nhold 100ms\nlift 200ms\nwait 500ms\n'
done >"$tmp/hand"

wait_log() { # $1: pattern, $2: log; up to 20 s
    for _ in $(seq 200); do
        grep -q "$1" "$2" && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    return 1
}
fill() { dd if=/dev/zero of="$disk/fill" bs=4k 2>/dev/null; }

# 1. Full for a while, then freed.
run --data-dir "$disk/data" --hand "$tmp/hand" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    [ "$(q 'SELECT count(*) FROM trace_chunks' 2>/dev/null || echo 0)" -ge 3 ] && break
    sleep 0.1
done
fill
wait_log "cannot write to the database: .*database or disk is full" "$tmp/log" ||
    fail "no message when the disk filled: $(cat "$tmp/log")"
sleep 2 # the gap
rm "$disk/fill"
wait_log "writing again after" "$tmp/log" || fail "no message when writing again: $(cat "$tmp/log")"
sleep 1
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
[ "$status" = 3 ] || fail "exit status $status, not 3 (storage): $(cat "$tmp/log")"
grep -q "session 1: the disk refused .* s of its trace" "$tmp/log" || fail "no summary of the loss"
grep "session 1" "$tmp/log"
[ "$(q 'SELECT end_reason FROM sessions WHERE id = 1')" = terminated ] || fail "end not recorded"
gap_ms=$(q 'SELECT trace_gap_ms FROM sessions WHERE id = 1')
[ "$gap_ms" -ge 1000 ] || fail "gap of $gap_ms ms recorded for a disk full for 2 s"
"$tprctl" --db "$db" export 1 --csv -o "$tmp/s1/" || fail "export"
# The holes in the trace (steps over 50 ms) are the gap the row records,
# and the events of that time were kept and written.
python3 - "$tmp/s1/trace.csv" "$tmp/s1/events.csv" "$gap_ms" <<'PY' || fail "trace and row disagree"
import csv, sys
t = [float(r['t_ms']) for r in csv.DictReader(open(sys.argv[1]))]
steps = sorted(b - a for a, b in zip(t, t[1:]))
period = steps[len(steps) // 2]  # the trace rate's (100 Hz by default)
holes = [(a, b) for a, b in zip(t, t[1:]) if b - a > 50]
missing = sum(b - a - period for a, b in holes)
gap = int(sys.argv[3])
inside = [r['type'] for r in csv.DictReader(open(sys.argv[2]))
          if any(a < float(r['t_ms']) < b for a, b in holes)]
print(f"ok: {len(holes)} holes, {missing:.0f} ms missing from the trace; row: {gap} ms;"
      f" events inside kept: {len(inside)} ({', '.join(sorted(set(inside)))})")
# A hole's ends are kept points, up to one step of the trace from the
# dropped ticks: the longest step outside the holes, which is more than the
# median period when the loop runs late (a loaded machine, memcheck).
step = max(s for s in steps if s <= 50)
assert holes and abs(missing - gap) <= (step + 5) * len(holes) + 2, (missing, gap, step)
assert 'over_limit' in inside, inside
PY
"$tprctl" --db "$db" show 1 >"$tmp/show" || fail "show"
grep -Eq "^GAP +[0-9.]+ s of trace \([0-9]+ ticks\) not recorded" "$tmp/show" ||
    fail "show does not mark the gap: $(cat "$tmp/show")"
grep GAP "$tmp/show"

# 2. Full until the session ends.
run --data-dir "$disk/data" --hand "$tmp/hand" >"$tmp/log2" 2>&1 &
pid=$!
for _ in $(seq 100); do
    [ "$(q 'SELECT count(*) FROM trace_chunks WHERE session_id = 2' 2>/dev/null || echo 0)" -ge 2 ] &&
        break
    sleep 0.1
done
fill
wait_log "cannot write to the database" "$tmp/log2" || fail "session 2: no message: $(cat "$tmp/log2")"
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
[ "$status" = 3 ] || fail "session 2: exit status $status, not 3: $(cat "$tmp/log2")"
grep "session 2" "$tmp/log2"
rm "$disk/fill"
if grep -q "session 2: its end could not be recorded (.*); the next start of tprd marks it interrupted" \
    "$tmp/log2"; then
    expect=interrupted
else
    grep -q "session 2: the disk refused" "$tmp/log2" || fail "session 2: loss not summed up"
    expect=terminated
fi
(run --data-dir "$disk/data" --duration 0.3) >"$tmp/log3" 2>&1 || fail "next start: $(cat "$tmp/log3")"
[ "$(q 'SELECT end_reason FROM sessions WHERE id = 2')" = $expect ] ||
    fail "session 2 should be $expect: $(q 'SELECT * FROM sessions WHERE id = 2')"
echo "ok: a disk full to the end: session 2 $expect"
[ "$fails" -eq 0 ]
