#!/usr/bin/env bash
# The end of a session is recorded when it happens: a session of
# --duration 0.3 s must not be recorded as a second or more (the end used to
# wait for the supervisor's once-a-second wake-up).
set -u
tprd=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
db=$tmp/data/sessions.db

"$tprd" --config "$src/config/tprd.conf" --profile "$src/tests/e2e/short.ini" \
    --data-dir "$tmp/data" --duration 0.3 --quiet >"$tmp/out" 2>&1 || fail "exit $? ($(cat "$tmp/out"))"
ms=$(sqlite3 "$db" 'SELECT ended_at - started_at FROM sessions WHERE id = 1')
# Before the end reached the supervisor at once, this was 1000 ms or more.
if [ -n "$ms" ] && [ "$ms" -ge 300 ] && [ "$ms" -lt 1000 ]; then
    echo "ok: a 0.3 s session recorded as $ms ms"
else
    fail "a 0.3 s session recorded as ${ms:-nothing} ms"
fi
[ "$fails" -eq 0 ]
