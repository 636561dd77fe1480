#!/usr/bin/env bash
# ctl_flood against the stand-in daemon: the well-behaved client gets every
# status reply while the others send junk, oversized, partial and too-fast
# requests, a subscriber never reads and connections storm past the limit;
# each kind of abuse is answered with errors, the stalled subscriber is
# dropped, the storm refused; the daemon is still there afterwards.
set -u
flood=$1
fake=$2
tmp=$(mktemp -d)
sock=$tmp/tprd.sock
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
trap 'kill "$fpid" 2>/dev/null; wait "$fpid" 2>/dev/null; rm -rf "$tmp"' EXIT
"$fake" "$sock" >"$tmp/fake.out" 2>"$tmp/fake.err" &
fpid=$!
for _ in $(seq 100); do grep -q listening "$tmp/fake.out" 2>/dev/null && break; sleep 0.1; done

"$flood" --storm "$sock" 4 >"$tmp/flood.out"
rc=$?
cat "$tmp/flood.out"
[ $rc -eq 0 ] || fail "the well-behaved client missed replies (exit $rc)"
figure() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" "$tmp/flood.out"; }
[ "$(figure good_replies)" -ge 30 ] || fail "too few status round trips"
[ "$(figure error_replies)" -gt "$(figure junk)" ] || fail "junk not answered with errors"
[ "$(figure stalled_drops)" -ge 1 ] || fail "the subscriber that never reads was not dropped"
[ "$(figure refused)" -ge 1 ] || fail "no connection beyond the limit was refused"
grep -q "dropped client pid .*: it stopped reading" "$tmp/fake.err" || fail "no drop in the log"
grep -q "refused pid .*: too many clients (at most 16)" "$tmp/fake.err" || fail "no refusal in the log"
kill -0 "$fpid" || fail "the daemon died"
[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
