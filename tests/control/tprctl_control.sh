#!/usr/bin/env bash
# tprctl's daemon commands against the real control server in fake_tprd:
# "not running" in one line with exit 1, status, start with a user and
# muscles, pause and resume, a refused command (exit 3, the reason shown),
# --json replies as the daemon sent them, watch --json at about 20 lines a
# second, the text watch view, and bad command lines (exit 2).
set -u
tprctl=$1
fake=$2
tmp=$(mktemp -d)
sock=$tmp/run/tprd.sock
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
cleanup() {
    [ -n "${fpid:-}" ] && kill "$fpid" 2>/dev/null && wait "$fpid"
    rm -rf "$tmp"
}
trap cleanup EXIT
ctl() { "$tprctl" --socket "$sock" "$@"; }

# 1. No daemon: one line saying so and what to do, exit 1.
ctl status >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "not running: exit $rc, expected 1"
[ "$(cat "$tmp/err")" = "tprctl: tprd is not running (nothing listens on $sock): start it with 'systemctl start tprd'" ] ||
    fail "not running message: $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "not running: nothing on stdout expected"
ctl --json pause 2>/dev/null
[ $? -eq 1 ] || fail "not running with --json: exit 1 expected"
ok "not running"

"$fake" "$sock" >"$tmp/fake.out" 2>"$tmp/fake.err" &
fpid=$!
for _ in $(seq 100); do grep -q listening "$tmp/fake.out" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$tmp/fake.out" || { fail "fake_tprd did not start: $(cat "$tmp/fake.err")"; exit 1; }

# 2. status while idle: the view, with the cue in words.
ctl status >"$tmp/status" || fail "status exit $?"
head -1 "$tmp/status" | grep -qx "tprd idle" || fail "status: $(cat "$tmp/status")"
grep -qx ">> ready: press start" "$tmp/status" || fail "status cue: $(cat "$tmp/status")"

# 3. Commands reach the daemon with the peer's uid; refusals exit 3.
ctl start --user alice --muscles popliteus,soleus >"$tmp/out" || fail "start exit $?"
[ "$(cat "$tmp/out")" = "start: ok" ] || fail "start output: $(cat "$tmp/out")"
grep -qx "start user=alice routine= muscles=popliteus,soleus uid=$(id -u)" "$tmp/fake.out" ||
    fail "start request: $(cat "$tmp/fake.out")"
grep -q "start user=alice muscles=popliteus,... by pid [0-9]* uid $(id -u) gid $(id -g): ok" \
    "$tmp/fake.err" || fail "start not logged with credentials: $(cat "$tmp/fake.err")"
ctl start --user bob 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ] || fail "second start: exit $rc, expected 3"
[ "$(cat "$tmp/err")" = "tprctl: tprd refused start: a session is already under way (tprctl stop ends it)" ] ||
    fail "refusal message: $(cat "$tmp/err")"
ctl --json pause >"$tmp/out" || fail "pause exit $?"
[ "$(cat "$tmp/out")" = '{"v":1,"type":"reply","ok":true,"cmd":"pause"}' ] ||
    fail "pause --json: $(cat "$tmp/out")"
# A command's reply comes after the snapshot that shows it: status at once.
ctl --json status | grep -q '"daemon":"paused"' || fail "status right after pause"
ctl resume >/dev/null && ctl next >/dev/null && ctl reload >/dev/null || fail "resume/next/reload"
ctl --json status | grep -q '"daemon":"running",.*"rep":2,' || fail "status right after resume and next"
ok "commands"

# 4. watch --json: one snapshot line per update, about 20 a second.
timeout 2 "$tprctl" --socket "$sock" --json watch >"$tmp/watch.json"
lines=$(grep -c '"type":"snapshot"' "$tmp/watch.json")
[ "$lines" -ge 25 ] || fail "watch --json: $lines snapshots in 2 s, expected about 40"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    assert d["v"] == 1 and d["daemon"] == "running" and d["muscle"] == "popliteus", d
' "$tmp/watch.json" 2>"$tmp/watch.err" ||
    fail "watch --json lines are not the running session's snapshots: $(tail -n 1 "$tmp/watch.err")"
ok "watch --json: $lines snapshots in 2 s"

# 5. The text view: frames with the bars, redrawn in place on a terminal.
timeout 1 "$tprctl" --socket "$sock" watch >"$tmp/watch.txt"
grep -q '^pressure   \[' "$tmp/watch.txt" || fail "watch view: $(head -8 "$tmp/watch.txt")"
grep -q '^>> ' "$tmp/watch.txt" || fail "watch view has no cue"
if command -v script >/dev/null; then
    script -qec "timeout 1 $tprctl --socket $sock watch" /dev/null >"$tmp/tty.txt"
    grep -q $'\e\[H' "$tmp/tty.txt" || fail "watch on a terminal does not redraw in place"
fi
ok "watch view"

# 6. stop, then a command without a session is refused.
ctl stop >/dev/null || fail "stop exit $?"
ctl pause 2>"$tmp/err"
[ $? -eq 3 ] && grep -q "refused pause: no session under way" "$tmp/err" || fail "pause when idle: $(cat "$tmp/err")"

# 7. Bad command lines: exit 2, nothing sent.
before=$(wc -l <"$tmp/fake.out")
for args in "start --routine a --muscles b" "start --user ../etc" "start --muscles a,,b" \
    "pause extra" "pause --routine r" "status --db x.db" "sessions --socket $sock"; do
    # shellcheck disable=SC2086
    ctl $args 2>/dev/null
    rc=$?
    [ $rc -eq 2 ] || fail "tprctl $args: exit $rc, expected 2"
done
[ "$(wc -l <"$tmp/fake.out")" -eq "$before" ] || fail "a bad command line reached the daemon"
for user in ../etc "a b" "$(printf 'a\tb')" "$(printf 'a%.0s' $(seq 65))"; do
    ctl start --user "$user" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] && grep -q "^tprctl: --user must be a plain name: '.*' has\|is 65 bytes long" "$tmp/err" ||
        fail "start --user '$user': exit $rc, $(cat "$tmp/err")"
done
ok "bad command lines"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
