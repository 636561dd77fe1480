#!/usr/bin/env bash
# Security of the resident daemon, as root: started by hand it drops root
# once the device is open (uid, gid, no capabilities; SCHED_FIFO and locked
# memory still set up) and still records; its control socket refuses a
# peer outside its group; as a service it refuses config, profile and hand
# files that anyone may write or another user owns.
# Usage: tprd_security.sh TPRD TPRCTL SOURCE_DIR
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root (switching users)"; exit 77; }
id nobody >/dev/null 2>&1 || { echo "skip: no user nobody"; exit 77; }
nobody_uid=$(id -u nobody)
nobody_gid=$(id -g nobody)

# 1. As a service (systemd sets INVOCATION_ID) files are checked like sshd's
# StrictModes; by hand they are not.
cp "$src/tests/e2e/short.ini" "$tmp/user.ini"
cp "$src/config/tprd.conf" "$tmp/tprd.conf"
printf 'follow\n' >"$tmp/h.hand"
chmod 644 "$tmp/user.ini" "$tmp/tprd.conf" "$tmp/h.hand"
once() { "$tprd" --once --duration 1 --no-record --config "$tmp/tprd.conf" --profile "$tmp/user.ini" \
    --hand "$tmp/h.hand" --quiet "$@"; }
service() { INVOCATION_ID=0123456789abcdef once "$@"; }
service >"$tmp/out" 2>&1 || fail "service, files of root, mode 644: $(cat "$tmp/out")"
for f in user.ini tprd.conf h.hand; do
    chmod 666 "$tmp/$f"
    out=$(service 2>&1)
    rc=$?
    # A bad hand script is a device fault (exit 1), a config or profile exit 2.
    { [ $rc -eq 1 ] || [ $rc -eq 2 ]; } && grep -q "$f: refused: anyone may write it (mode 0666)" <<<"$out" ||
        fail "service, $f mode 666: exit $rc: $out"
    once >/dev/null 2>&1 || fail "by hand, $f mode 666 should be read"
    chmod 644 "$tmp/$f"
    chown 4242 "$tmp/$f"
    out=$(service 2>&1)
    grep -q "$f: refused: owned by uid 4242, not by root or tprd's uid 0" <<<"$out" ||
        fail "service, $f owned by uid 4242: $out"
    chown 0 "$tmp/$f"
done
[ "$fails" -eq 0 ] && echo "ok: as a service, world-writable or foreign-owned files are refused"

# 2. Started as root by hand, tprd becomes --run-as USER once the device is
# open and the socket bound.
chmod 755 "$tmp"
mkdir "$tmp/run"
chown nobody "$tmp/run"
sock=$tmp/run/tprd.sock
"$tprd" --config "$src/config/tprd.conf" --profile "$src/tests/e2e/long.ini" --data-dir "$tmp/data" \
    --socket "$sock" --hand "$tmp/h.hand" --run-as nobody --quiet >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
wait_until "grep -c 'real-time:\|running without' $tmp/out" 1 || fail "no real-time line: $(cat "$tmp/out")"
grep -q "dropped root: running as nobody (uid $nobody_uid, gid $nobody_gid), no capabilities;" "$tmp/out" ||
    fail "no drop in the log: $(cat "$tmp/out")"
status=/proc/$pid/status
[ "$(awk '/^Uid:/ {print $2, $3, $4, $5}' $status)" = "$nobody_uid $nobody_uid $nobody_uid $nobody_uid" ] ||
    fail "Uid: $(grep ^Uid: $status)"
[ "$(awk '/^Gid:/ {print $2, $3, $4, $5}' $status)" = "$nobody_gid $nobody_gid $nobody_gid $nobody_gid" ] ||
    fail "Gid: $(grep ^Gid: $status)"
for cap in CapEff CapPrm CapAmb; do
    [ "$(awk "/^$cap:/ {print \$2}" $status)" = 0000000000000000 ] || fail "$(grep "^$cap:" $status)"
done
# SCHED_FIFO and locked memory after the drop, when root may raise the
# limits that allow them (a container without CAP_SYS_RESOURCE may not).
if (ulimit -Hr 50 && ulimit -Hl unlimited) 2>/dev/null; then
    grep -q "real-time: SCHED_FIFO priority 40, memory locked" "$tmp/out" ||
        fail "the loop should still get SCHED_FIFO and locked memory: $(cat "$tmp/out")"
else
    grep -q "cannot raise RLIMIT_RTPRIO and RLIMIT_MEMLOCK" "$tmp/out" ||
        fail "the log should say the limits stay: $(cat "$tmp/out")"
fi
echo "ok: dropped root: $(grep -E '^(Uid|Gid|CapEff):' $status | tr -s '\t' ' ' | paste -sd ';')"

# It still records (the data directory is the user's now) and serves root.
ctl start >/dev/null || fail "start after the drop"
wait_until "field daemon" running || fail "no session after the drop: $(cat "$tmp/out")"
ctl stop >/dev/null
wait_until "field daemon" idle || fail "stop"

# 3. A peer outside the socket's group is refused, even with the socket's
# mode opened up.
chmod 666 "$sock"
out=$(setpriv --reuid 4242 --regid 4242 --clear-groups "$tprctl" --socket "$sock" status 2>&1)
rc=$?
[ $rc -ne 0 ] && grep -q "not in the socket's group" <<<"$out" || fail "uid 4242 got in: exit $rc, $out"
grep -q "control socket: refused pid [0-9]* uid 4242 gid 4242: not root, not uid $nobody_uid" "$tmp/out" ||
    fail "no refusal in the log: $(cat "$tmp/out")"
setpriv --reuid 4242 --regid 4242 --groups "$(stat -c %g "$sock")" "$tprctl" --socket "$sock" status \
    >/dev/null 2>&1 || fail "a member of the socket's group should get in"
echo "ok: the socket refuses uid 4242 outside its group: $out"

stop_daemon || fail "SIGTERM: exit $?"
[ "$(q "SELECT count(*) || ' ' || end_reason FROM sessions")" = "1 stopped" ] ||
    fail "the session after the drop should be recorded: $(q 'SELECT * FROM sessions')"
[ -e "$sock" ] && fail "the socket should be removed"

# A --run-as user that does not exist is an error, never a silent root.
out=$("$tprd" --config "$src/config/tprd.conf" --data-dir "$tmp/data" --socket "$sock" \
    --run-as no-such-user-tprd --quiet 2>&1)
rc=$?
[ $rc -eq 1 ] && grep -q -- "--run-as no-such-user-tprd: no such user" <<<"$out" ||
    fail "--run-as no-such-user: exit $rc, $out"
[ "$fails" -eq 0 ]
