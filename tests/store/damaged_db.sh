#!/usr/bin/env bash
# A damaged database is refused before anything is written to it: bytes
# overwritten in the middle of a real page (the cells of a table), or a
# file that is no database at all. tprd exits with the reason and the
# command that moves it aside, the file stays byte for byte, and after that
# command tprd records into a new database.
# Usage: damaged_db.sh TPRD SOURCE_DIR
set -u
tprd=$1
src=$2
. "$(dirname "$0")/recording.sh"
# A space and a quote in the path: the suggested command must still work.
data="$tmp/data dir's"
db="$data/sessions.db"

(run --data-dir "$data" --duration 1) >"$tmp/log1" 2>&1 || fail "first run: $(cat "$tmp/log1")"
# 64 bytes of 0xff over the first cell of a table leaf page whose cells
# start in the middle of the page.
python3 - "$db" <<'PY' || fail "no page to damage"
import sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
size = int.from_bytes(data[16:18], 'big')
for page in range(1, len(data) // size):
    at = page * size
    start = int.from_bytes(data[at + 5:at + 7], 'big')
    if data[at] == 13 and size // 8 < start < size * 7 // 8:
        data[at + start:at + start + 64] = b'\xff' * 64
        open(path, 'wb').write(data)
        sys.exit(0)
sys.exit(1)
PY
before=$(sha256sum <"$db")

refused() { # $1: what; the run must be refused with the way out, the file untouched
    (run --data-dir "$data" --duration 1) >"$tmp/log" 2>&1 && fail "$1: tprd ran"
    grep -q "sessions.db: damaged (.*); tprd will not record into it" "$tmp/log" ||
        fail "$1: no reason given: $(cat "$tmp/log")"
    grep -q "): mkdir '.*/damaged-[0-9-]*' && mv '.*'\* '.*/damaged-[0-9-]*'/$" "$tmp/log" ||
        fail "$1: no command to move it aside: $(cat "$tmp/log")"
    [ "$(sha256sum <"$db")" = "$before" ] || fail "$1: the database was written to"
}
refused "a damaged page"
echo "ok: refused: $(grep -o 'damaged (.*);' "$tmp/log")"

# The command it gives works, and the next start records afresh.
cmd=$(sed -n 's/.*salvage it): //p' "$tmp/log" | head -n 1)
[ -n "$cmd" ] || fail "cannot find the command in: $(cat "$tmp/log")"
eval "$cmd" || fail "the command failed: $cmd"
[ "$(sha256sum <"$data"/damaged-*/sessions.db)" = "$before" ] || fail "the moved-aside file differs"
(run --data-dir "$data" --duration 1) >"$tmp/log2" 2>&1 || fail "after the move: $(cat "$tmp/log2")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM sessions')" = 1 ] || fail "no new database"
echo "ok: moved aside with '$cmd', then recorded into a new one"

# Not a database at all.
rm -f "$db" "$db"-wal "$db"-shm
head -c 8192 /dev/urandom >"$db"
before=$(sha256sum <"$db")
refused "not a database"
echo "ok: refused: $(grep -o 'damaged (.*);' "$tmp/log")"
[ "$fails" -eq 0 ]
