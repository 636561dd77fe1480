# Shared by the crash tests (sourced): a scratch directory removed on exit
# with any tprd still running in it, failure counting, and run(), which execs tprd
# with a profile whose hold keeps a session running for minutes
# (so that `run ... &` leaves $! naming tprd itself, not a subshell).
# Expects tprd and src to be set.
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The session database of a data directory ($tmp/data unless a test sets
# db), queried with a wait for the writer's lock.
db="$tmp/data/sessions.db"
q() { sqlite3 -cmd ".timeout 5000" "$db" "$1"; }

run() { exec "$tprd" --once --config "$src/config/tprd.conf" --profile "$src/tests/e2e/long.ini" --quiet "$@"; }
