# The resident daemon under test (sourced; expects tprd and src set, and
# tprctl for ctl and field): a scratch directory removed on exit with any
# tprd still running in it, failure counting, the daemon started on the
# simulated device, its database and its control socket.
tmp=$(mktemp -d)
pid=
cleanup_more() { :; } # a test may redefine it to clean up its own helpers
trap 'cleanup_more; [ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
db=$tmp/data/sessions.db
sock=$tmp/tprd.sock

# start_daemon PROFILE HAND_SCRIPT [OUT]: tprd in the background (pid), with
# the system config $config (default: the shipped one),
# once its control socket is there.
start_daemon() {
    rm -f "$sock"
    "$tprd" --config "${config:-$src/config/tprd.conf}" --profile "$1" --data-dir "$tmp/data" --socket "$sock" \
        --hand "$2" --quiet >"${3:-$tmp/out}" 2>&1 &
    pid=$!
    for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
}

# stop_daemon: SIGTERM; its exit status.
stop_daemon() {
    kill -TERM $pid
    wait $pid
    local rc=$?
    pid=
    return $rc
}

q() { sqlite3 -cmd ".timeout 5000" "$db" "$1" 2>/dev/null; }
ctl() { "$tprctl" --socket "$sock" "$@"; }
# field NAME: that member of the daemon's status (a string or number; read
# from the snapshot's line by grep, as a Python interpreter's start-up takes
# seconds on a loaded machine and checks run many times).
field() { ctl --json status | grep -o "\"$1\":[^,}]*" | head -n 1 | cut -d: -f2- | tr -d '"'; }

# is NAME PATTERN [WHAT]: the status matches PATTERN (a regex) now — a
# command's reply comes after the loop applied it and published its effect.
is() {
    local got
    got=$(field "$1" 2>&1)
    [[ $got =~ ^($2)$ ]] || fail "${3:-right after the command}: status $1 is $got, want $2"
}

# wait_until CHECK VALUE: until the command CHECK prints VALUE (40 s at most).
wait_until() {
    local end=$((SECONDS + 40))
    while [ $SECONDS -lt $end ]; do
        [ "$(eval "$1" 2>/dev/null)" = "$2" ] && return 0
        sleep 0.05
    done
    return 1
}
