#!/usr/bin/env bash
# A whole (short) session on the simulated device, and a stop by SIGTERM:
# exit 0, motor off first, a summary either way.
set -u
tprd=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. The routine runs to its end by itself.
"$tprd" --once --config "$src/config/tprd.conf" --profile "$src/tests/e2e/short.ini" --no-record >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "complete session exit $rc"
grep -q "routine_done" "$tmp/out" || fail "no routine_done in the live lines"
[ "$(grep -c '^rectus_femoris' "$tmp/out")" -eq 2 ] || fail "summary should list 2 repetitions"
grep -q "loop: .* ticks at 1000 Hz" "$tmp/out" || fail "no loop figures"
echo "ok: complete session"

# 2. SIGTERM mid-session (once the hold has begun): motor off, then a clean
# exit 0 within a second (times TPRD_TEST_SLOWDOWN, which scripts/valgrind
# sets: memcheck's exit with its leak check takes longer).
"$tprd" --once --config "$src/config/tprd.conf" --profile "$src/tests/e2e/short.ini" --no-record >"$tmp/term" 2>&1 &
pid=$!
for _ in $(seq 600); do grep -q hold_start "$tmp/term" && break; sleep 0.05; done
kill -TERM $pid
start=$(date +%s%N)
wait $pid
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ $rc -eq 0 ] || fail "SIGTERM exit $rc"
[ $ms -lt $((1000 * ${TPRD_TEST_SLOWDOWN:-1})) ] || fail "SIGTERM took $ms ms"
grep -q "Terminated: motor off" "$tmp/term" || fail "no 'motor off' log line after SIGTERM"
grep -q "cut short" "$tmp/term" || fail "the interrupted repetition is not marked cut short"
echo "ok: SIGTERM ($ms ms)"

echo "$((2 - (fails > 0 ? 1 : 0))) passed, $((fails > 0 ? 1 : 0)) failed"
[ "$fails" -eq 0 ]
