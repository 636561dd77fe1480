#!/usr/bin/env bash
# Doses from the measured threshold: a session of a profile with a %ppt
# band runs with the band resolved from the newest reliable threshold of
# the muscle's side (in the status, in the pressure the following hand
# settles at, in the stored repetition); a muscle without a measurement
# keeps the library dose, which the status shows and the log says once; a
# replay of the profile doses the same way.
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"

cat >"$tmp/erin.ini" <<'INI'
[user]
name = erin
muscles = vastus_medialis, rectus_femoris

[muscle.vastus_medialis]
side = left
band_min = 90 %ppt
band_max = 120 %ppt
limit = 140 %ppt

[muscle.rectus_femoris]
band_min = 80 %ppt
INI
printf 'wait 1s\nfollow\n' >"$tmp/follow.hand"
start_daemon "$tmp/erin.ini" "$tmp/follow.hand"
[ -f "$db" ] || fail "the resident daemon should have opened its database"
# vastus_medialis, left: 250 kPa long ago, 300 kPa a day ago (the newest
# reliable one), then an unreliable 200 kPa (two reliable trials) and a
# right-side 150 kPa since: the dose comes from 300 kPa.
now=$(($(date +%s) * 1000))
q "INSERT OR IGNORE INTO users(name) VALUES ('erin');
   INSERT INTO measurements(user_id, muscle, side, taken_at, target_kpa_s, ppt_kpa, reliable_trials)
   SELECT id, 'vastus_medialis', 'left', $((now - 864000000)), 100, 250, 3 FROM users WHERE name = 'erin';
   INSERT INTO measurements(user_id, muscle, side, taken_at, target_kpa_s, ppt_kpa, reliable_trials)
   SELECT id, 'vastus_medialis', 'left', $((now - 86400000)), 100, 300, 3 FROM users WHERE name = 'erin';
   INSERT INTO measurements(user_id, muscle, side, taken_at, target_kpa_s, ppt_kpa, reliable_trials)
   SELECT id, 'vastus_medialis', 'left', $((now - 3600000)), 100, 200, 2 FROM users WHERE name = 'erin';
   INSERT INTO measurements(user_id, muscle, side, taken_at, target_kpa_s, ppt_kpa, reliable_trials)
   SELECT id, 'vastus_medialis', 'right', $((now - 60000)), 100, 150, 3 FROM users WHERE name = 'erin';" ||
    fail "could not store the measurements"

ctl start >/dev/null || fail "start exit $?"
wait_until "field muscle" vastus_medialis || fail "vastus_medialis should be under way"
# 300 kPa: band 270-360 (90 and 120 %), limit 420 (140 %, under the 450 kPa ceiling).
is band_min_kpa "270(\.0+)?" "band_min from the threshold"
is band_max_kpa "360(\.0+)?" "band_max from the threshold"
is limit_kpa "420(\.0+)?" "limit from the threshold"
is dose ppt "the dose's source"
is ppt_kpa "300(\.0+)?" "the threshold used"
timeout $((1 * ${TPRD_TEST_SLOWDOWN:-1})) "$tprctl" --socket "$sock" watch >"$tmp/watch" 2>&1
grep -q "^dose       from the measured threshold, 300 kPa" "$tmp/watch" ||
    fail "watch shows no threshold: $(cat "$tmp/watch")"
# The following hand settles inside the resolved band, above the library's
# band_min of 120 kPa where it would stop otherwise.
wait_until "field state" hold || fail "the hand should reach the band"
kpa=$(field filtered_kpa)
awk -v p="$kpa" 'BEGIN { exit !(p >= 270 && p <= 360) }' ||
    fail "holding at $kpa kPa, not inside 270-360"
echo "ok: vastus_medialis (left) dosed from 300 kPa: band 270-360, limit 420, holding at $kpa kPa"

n=$(grep -c "no reliable threshold measured for rectus_femoris (none): the library dose applies" "$tmp/out")
[ "$n" = 1 ] || fail "the start should say the library dose once, not $n times: $(cat "$tmp/out")"
grep -q "vastus_medialis (left) dosed from its threshold 300 kPa: band 270-360 kPa, limit 420 kPa" \
    "$tmp/out" || fail "the log does not say the dose: $(cat "$tmp/out")"
ctl stop >/dev/null || fail "stop exit $?"
wait_until "field daemon" idle || fail "stop should end the session"

# rectus_femoris has no measurement: the library dose (120-300, limit 450).
ctl start --muscles rectus_femoris >/dev/null || fail "start rectus_femoris exit $?"
wait_until "field muscle" rectus_femoris || fail "rectus_femoris should be under way"
is dose library "no threshold for rectus_femoris"
is band_min_kpa "120(\.0+)?" "the library's band_min"
is limit_kpa "450(\.0+)?" "the library's limit"
timeout $((1 * ${TPRD_TEST_SLOWDOWN:-1})) "$tprctl" --socket "$sock" watch >"$tmp/watch" 2>&1
grep -q "^dose       library dose" "$tmp/watch" || fail "watch: $(cat "$tmp/watch")"
ctl stop >/dev/null || fail "stop exit $?"
wait_until "field daemon" idle || fail "stop should end the session"
stop_daemon || fail "SIGTERM: exit $?"
n=$(grep -c "no reliable threshold measured for rectus_femoris" "$tmp/out")
[ "$n" = 2 ] || fail "two starts should say the library dose twice, not $n times: $(cat "$tmp/out")"
echo "ok: rectus_femoris on the library dose, said once per session start"

# The stored repetition carries the band it ran with.
band=$(q "SELECT band_min_kpa || '-' || band_max_kpa || '/' || limit_kpa FROM segments
          WHERE muscle = 'vastus_medialis' ORDER BY id LIMIT 1")
[ "$band" = "270.0-360.0/420.0" ] || fail "stored vastus_medialis band '$band'"
echo "ok: the session record holds $band kPa"

# A replay doses as the daemon does: 430 kPa is over the limit of 420 from
# the threshold, not over the library's 450.
printf 't_ms,pressure_kpa\n0,0\n10,100\n20,430\n30,430\n' >"$tmp/over.csv"
"$tprd" --replay "$tmp/over.csv" --muscle vastus_medialis --profile "$tmp/erin.ini" \
    --config "$src/config/tprd.conf" --data-dir "$tmp/data" >"$tmp/replay" 2>"$tmp/replay.err" ||
    fail "replay exit $?: $(cat "$tmp/replay.err")"
grep -q "replay: vastus_medialis (left) dosed from its threshold 300 kPa" "$tmp/replay.err" ||
    fail "the replay does not say its dose: $(cat "$tmp/replay.err")"
grep -q "^20,430.00,.*over_limit" "$tmp/replay" || fail "replay at 430 kPa: $(cat "$tmp/replay")"
echo "ok: a replay of the profile doses from the same threshold"
[ "$fails" -eq 0 ]
