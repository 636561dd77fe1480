# modules:
# gpio-line-names: TPR_ENABLE TPR_LED TPR_BUZZER TPR_START TPR_NEXT - - -
# Guest test (tests/kernel/rig.sh, arm64): tprd's GPIO lines on the real
# PL061 of QEMU's virt machine through the libgpiod tprd was built with,
# the pressure simulated, the motor's PWM on a stand-in directory. The
# lines are read from outside tprd's requests: the kernel's debugfs while
# held, the sysfs GPIO interface once released. Checks the enable line and
# the LED by line name and a button by chip label and offset, a session
# with the enable line high while the motor runs and low after a stop,
# the line released after kill -9, active-low outputs, edge events of the
# power button (line 3) starting and pausing the resident daemon, and a
# line that is busy or missing.
. /rig/guest_lib.sh
set -u

pwm_standin
grep -q "gpiochip0: GPIOs .*9030000.pl061" /sys/kernel/debug/gpio ||
    fail "no PL061 at gpiochip0: $(cat /sys/kernel/debug/gpio)"
for l in TPR_ENABLE TPR_LED TPR_START TPR_NEXT; do
    line_is $l free || fail "$l is not a free line of the PL061: $(line_state $l)"
done

# end_tprd SIGNAL: tprd ($pid) ends on it with exit 0.
end_tprd() {
    kill -"$1" $pid
    wait $pid
    rc=$?
    [ $rc = 0 ] || fail "tprd exit $rc after SIG$1"
}

# held_out NAME: tprd holds the line as an output, at either level (the
# LED blinks: one look at it).
held_out() {
    case $(line_state "$1") in "tprd out "*) return 0 ;; esac
    return 1
}

# conf FILE: the system config, the lines given by name (looked up on
# every chip) and by chip label and offset; $outputs_low: the enable line
# and the LED active-low; $data, $pwm_dir, $led: as named.
outputs_low=false data=/tmp/data pwm_dir=$pwm_root led=TPR_LED
conf() {
    cat >"$1" <<CONF
[device]
rate = 100 Hz
[motor]
backend = pwm
pwm_root = $pwm_dir
pwmchip = 0
channel = 0
period = 25 kHz
min_duty = 20 %
enable = TPR_ENABLE
enable_active_low = $outputs_low
[buttons]
start_pause = 9030000.pl061:3
next = TPR_NEXT
; QEMU's power button pulls its line high while pressed
active_low = false
[indicators]
led = $led
active_low = $outputs_low
[paths]
data_dir = $data
socket = $data/tprd.sock
CONF
}

# 1. A session (--once, the simulated hand following the cues): the enable
# line high while the motor runs, low after SIGINT; then kill -9 while it
# runs.
conf /tmp/tprd.conf
show=/tmp/out.once
tprd --config /tmp/tprd.conf --muscle rectus_femoris --duration 60 >/tmp/out.once 2>&1 &
pid=$!
# treating: the session's once-a-second line names the repetition (or
# tprd is gone: no use waiting).
treating() { grep -q " rep 1/" "$1" || ! kill -0 $pid; }
wait_for 300 treating /tmp/out.once && kill -0 $pid || fail "the session did not start treating"
line_is TPR_START "tprd in lo" || fail "start button (9030000.pl061:3) not held as input: $(line_state TPR_START)"
line_is TPR_NEXT "tprd in lo" || fail "next button not held as input: $(line_state TPR_NEXT)"
held_out TPR_LED || fail "LED not held as output: $(line_state TPR_LED)"
wait_for 300 motor_running || fail "motor never ran"
wait_for 100 line_is TPR_ENABLE "tprd out hi" || fail "enable not high with the motor running: $(line_state TPR_ENABLE)"
echo "ok: treating: enable $(line_state TPR_ENABLE), LED $(line_state TPR_LED), buttons $(line_state TPR_START) / $(line_state TPR_NEXT)"
end_tprd INT
motor_stopped || fail "motor duty $(motor_duty) after the stop"
for l in TPR_ENABLE TPR_LED TPR_START TPR_NEXT; do
    line_is $l free || fail "$l not released after the stop: $(line_state $l)"
done

# What a released line reads: exported through sysfs, a second holder.
base=$(cat /sys/class/gpio/gpiochip*/base)
released() {
    echo $((base + $1)) >/sys/class/gpio/export || fail "cannot export line $1: still held?"
    r="$(cat /sys/class/gpio/gpio$((base + $1))/direction) $(cat /sys/class/gpio/gpio$((base + $1))/value)"
    echo $((base + $1)) >/sys/class/gpio/unexport
    echo "$r"
}
after_stop=$(released 0)
[ "$after_stop" = "out 0" ] || fail "enable after the stop reads '$after_stop', expected driven low"
echo "ok: after SIGINT: motor off, every line released, enable left driven low ($after_stop)"

show=/tmp/out.kill
tprd --config /tmp/tprd.conf --muscle rectus_femoris --duration 60 --no-record >/tmp/out.kill 2>&1 &
pid=$!
wait_for 300 motor_running || fail "motor never ran"
wait_for 100 line_is TPR_ENABLE "tprd out hi" || fail "enable not high: $(line_state TPR_ENABLE)"
kill -KILL $pid
wait $pid
wait_for 50 line_is TPR_ENABLE free || fail "enable still held after kill -9: $(line_state TPR_ENABLE)"
after_kill=$(released 0)
echo "ok: after kill -9: enable released"
echo "note: the PL061 (no pin controller to return a freed line to input) keeps driving a released line: enable reads '$after_kill' after kill -9; the Pi's pin controller makes it an input and the board's pull-down holds it low"

# 2. The resident daemon, idle, the outputs active-low; the power button's
# edges, through epoll, start the session and pause it.
outputs_low=true
conf /tmp/tprd.conf
show=/tmp/out.daemon
tprd --config /tmp/tprd.conf >/tmp/out.daemon 2>&1 &
pid=$!
wait_for 300 test -S /tmp/data/tprd.sock || fail "the daemon made no control socket"
status() { tprctl --socket /tmp/data/tprd.sock --json status; }
daemon_is() { status | grep -Eq "\"daemon\": ?\"$1\""; }
daemon_is idle || fail "daemon not idle: $(status)"
line_is TPR_ENABLE "tprd out hi" || fail "active-low enable not high (off) while idle: $(line_state TPR_ENABLE)"
press_power
wait_for 300 daemon_is running || fail "the power button did not start a session: $(status)"
wait_for 300 motor_running || fail "motor never ran"
wait_for 100 line_is TPR_ENABLE "tprd out lo" || fail "active-low enable not low (on) with the motor running: $(line_state TPR_ENABLE)"
echo "ok: power button pressed: session running, active-low enable $(line_state TPR_ENABLE), LED $(line_state TPR_LED)"

# 3. A line another process holds, while the daemon runs: a second tprd
# (its own data directory, socket and PWM) fails naming the line.
mkdir -p /tmp/pwm2/pwmchip0/pwm0
: >/tmp/pwm2/pwmchip0/export
for f in period duty_cycle enable; do echo 0 >/tmp/pwm2/pwmchip0/pwm0/$f; done
data=/tmp/data2 pwm_dir=/tmp/pwm2
conf /tmp/busy.conf
show="$show /tmp/out.busy"
tprd --config /tmp/busy.conf --muscle rectus_femoris --duration 5 --no-record >/tmp/out.busy 2>&1
rc=$?
[ $rc = 1 ] || fail "a busy enable line: tprd exit $rc, expected 1 (device fault)"
grep -q "\[motor\] enable TPR_ENABLE: cannot request as output: Device or resource busy" /tmp/out.busy ||
    fail "no clear error naming the busy line"
[ "$(head -n 1 /tmp/pwm2/pwmchip0/pwm0/duty_cycle)" = 0 ] || fail "the second tprd's motor not off"
kill -0 $pid || fail "the daemon died"
held_out TPR_ENABLE || fail "the daemon lost its enable line: $(line_state TPR_ENABLE)"
echo "ok: busy line: $(grep -o 'enable TPR_ENABLE.*' /tmp/out.busy | head -n 1); exit 1, its motor off"

press_power
wait_for 300 daemon_is paused || fail "the second press did not pause the session: $(status)"
wait_for 100 motor_stopped || fail "motor running while paused"
wait_for 100 line_is TPR_ENABLE "tprd out hi" || fail "active-low enable not high (off) while paused: $(line_state TPR_ENABLE)"
echo "ok: power button pressed again: paused, motor off, enable $(line_state TPR_ENABLE)"
end_tprd TERM

# 4. A line name no chip has.
outputs_low=false data=/tmp/data pwm_dir=$pwm_root led=TPR_NO_SUCH_LINE
conf /tmp/missing.conf
show=/tmp/out.missing
tprd --config /tmp/missing.conf --muscle rectus_femoris --duration 5 --no-record >/tmp/out.missing 2>&1
rc=$?
[ $rc = 1 ] || fail "a missing line: tprd exit $rc, expected 1 (device fault)"
grep -q "\[indicators\] led TPR_NO_SUCH_LINE: no such line" /tmp/out.missing ||
    fail "no clear error naming the missing line"
motor_stopped || fail "motor not off"
for l in TPR_ENABLE TPR_START TPR_NEXT; do
    line_is $l free || fail "$l left held after the failed start: $(line_state $l)"
done
echo "ok: missing line: $(grep -o 'led TPR_NO_SUCH_LINE.*' /tmp/out.missing | head -n 1); exit 1, motor off, lines released"
