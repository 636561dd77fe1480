#!/usr/bin/env bash
# A pressure-pain-threshold measurement end to end on the simulated hand:
# `tprctl measure` started, three steady ramps by the hand, each marked
# painful by a line on tprctl's standard input; the live feedback, the
# trials and the threshold printed; the measurement stored; the motor off
# in every snapshot of it. Then the buttons alone: start/pause held long
# while idle measures the first muscle of the routine, a short press is
# "painful now". Refusals name what is wrong.
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"
wpid=
cleanup_more() { [ -n "$wpid" ] && kill $wpid 2>/dev/null; }

mkdir -p "$tmp/users"
cp "$src/tests/e2e/short.ini" "$tmp/users/e2e.ini"
config=$tmp/tprd.conf
printf '[paths]\nprofiles_dir = %s\n[ppt]\nrate = 100 kPa/s\n' "$tmp/users" >"$config"

# Three trials at 100 kPa/s (Fischer's rate): 5 s ramps to 500 kPa, the
# first once tprctl measure has started (right after the socket is there).
cat >"$tmp/ramps.hand" <<'HAND'
wait 4s
ramp 500kPa 5s
lift 300ms
wait 1500ms
ramp 500kPa 5s
lift 300ms
wait 1500ms
ramp 500kPa 5s
lift 300ms
wait 600s
HAND
start_daemon "$tmp/users/e2e.ini" "$tmp/ramps.hand"
[ -S "$sock" ] || fail "no control socket: $(cat "$tmp/out")"

# The person: one line on tprctl's standard input per trial, once its ramp
# is past 150 kPa, read from the live snapshots (no polling, so a slow
# machine cannot miss a ramp); every snapshot kept for the motor check.
presser() {
    local sent=0 line rep kpa
    while IFS= read -r line; do
        printf '%s\n' "$line" >>"$tmp/watch"
        [[ $line =~ \"mode\":\"measure\" && $line =~ \"state\":\"contact\" ]] || continue
        [[ $line =~ \"rep\":([0-9]+) ]] && rep=${BASH_REMATCH[1]} || continue
        [[ $line =~ \"filtered_kpa\":([0-9]+) ]] && kpa=${BASH_REMATCH[1]} || continue
        if [ "$rep" -gt "$sent" ] && [ "$kpa" -ge 150 ]; then
            echo
            sent=$rep
        fi
    done
}
mkfifo "$tmp/keys"
ctl watch --json 2>&1 | presser >"$tmp/keys" &
wpid=$!
timeout 150 "$tprctl" --socket "$sock" measure --user e2e --muscle rectus_femoris --side left \
    <"$tmp/keys" >"$tmp/measure" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "tprctl measure: exit $rc: $(cat "$tmp/measure")"
grep -q "rate [0-9]*/100 kPa/s: on rate: keep going" "$tmp/measure" ||
    fail "no live rate feedback: $(cat "$tmp/measure")"
[ "$(grep -c ': reliable$' "$tmp/measure")" = 3 ] || fail "three reliable trials: $(cat "$tmp/measure")"
grep -q "^PPT [0-9.]* kPa: mean of 3 reliable trials$" "$tmp/measure" ||
    fail "no threshold printed: $(cat "$tmp/measure")"
row=$(q "SELECT muscle || ' ' || side || ' ' || reliable_trials || ' ' || target_kpa_s FROM measurements")
[ "$row" = "rectus_femoris left 3 100.0" ] || fail "stored measurement: '$row'"
ppt=$(q "SELECT round(ppt_kpa) FROM measurements")
printed=$(sed -n 's/^PPT \([0-9.]*\) kPa.*/\1/p' "$tmp/measure")
python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(not (abs(a - b) <= 0.6 and 150 <= a <= 500))" \
    "$ppt" "$printed" || fail "stored PPT $ppt, printed $printed"
rates=$(q "SELECT group_concat(round(rate_kpa_s), ' ') FROM measurement_trials")
for r in $rates; do
    python3 -c "import sys; sys.exit(not 70 <= float(sys.argv[1]) <= 130)" "$r" || fail "trial rate $r kPa/s is not near 100"
done
kill $wpid
wait $wpid 2>/dev/null
wpid=
motor=$(python3 -c '
import json, sys
seen = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
m = [s for s in seen if s.get("mode") == "measure"]
print(len(m), max(s["intensity_pct"] for s in m) if m else "none")' "$tmp/watch")
[ "${motor#* }" = 0.0 ] && [ "${motor% *}" -gt 100 ] || fail "motor during the measurement: $motor (snapshots, max %)"
echo "ok: tprctl measure: 3 reliable trials, PPT $printed kPa stored, rates $rates; motor 0 in ${motor% *} snapshots"
# Refused, each naming what is wrong.
refused() { # WANT_STATUS WANT_TEXT ARGS...
    local want=$1 text=$2 out rc
    shift 2
    out=$(ctl "$@" </dev/null 2>&1)
    rc=$?
    [ $rc -eq "$want" ] || fail "tprctl $*: exit $rc, want $want: $out"
    grep -qF -- "$text" <<<"$out" || fail "tprctl $*: '$out' should say '$text'"
}
refused 2 "'biceps' is not a muscle" measure --user e2e --muscle biceps
refused 2 "--side must be left or right, not 'up'" measure --user e2e --muscle soleus --side up
refused 2 "--muscle NAME is required" measure --user e2e
refused 2 "--user NAME is required" measure --muscle soleus
refused 3 "nobody.ini" measure --user nobody --muscle soleus
is daemon idle

stop_daemon || fail "SIGTERM: exit $?"

# The buttons alone: a long press while idle measures rectus_femoris (the
# routine's first muscle); each short press during a ramp is painful.
cat >"$tmp/buttons.hand" <<'HAND'
wait 1s
button start_pause 2s
wait 1s
ramp 200kPa 2s
button start_pause
lift 300ms
wait 1s
ramp 200kPa 2s
button start_pause
lift 300ms
wait 1s
ramp 200kPa 2s
button start_pause
lift 300ms
wait 600s
HAND
start_daemon "$tmp/users/e2e.ini" "$tmp/buttons.hand"
wait_until "q 'SELECT count(*) FROM measurements'" 2 ||
    fail "the buttons' measurement was not stored: $(cat "$tmp/out")"
row=$(q "SELECT muscle || ' ' || side || ' ' || reliable_trials FROM measurements WHERE id = 2")
[ "$row" = "rectus_femoris none 3" ] || fail "the buttons' measurement: '$row'"
ppt=$(q "SELECT round(ppt_kpa) FROM measurements WHERE id = 2")
python3 -c "import sys; sys.exit(not 185 <= float(sys.argv[1]) <= 215)" "$ppt" ||
    fail "the buttons' PPT $ppt kPa should be the 200 kPa the hand reached"
echo "ok: long press of start/pause measured rectus_femoris by the buttons alone: PPT $ppt kPa"
stop_daemon || fail "SIGTERM: exit $?"
[ "$fails" -eq 0 ]
