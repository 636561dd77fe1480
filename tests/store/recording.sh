# Shared by the crash tests (sourced): a scratch directory removed on exit
# with any tprd still running in it, failure counting, a profile whose hold
# keeps a session running for minutes, and run(), which execs tprd with it
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

cat >"$tmp/long.ini" <<'INI'
[user]
name = crash
muscles = vastus_lateralis
[muscle.vastus_lateralis]
hold = 90 s
hold_min = 80 s
hold_max = 100 s
INI
run() { exec "$tprd" --config "$src/config/tprd.conf" --profile "$tmp/long.ini" --quiet "$@"; }
