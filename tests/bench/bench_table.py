#!/usr/bin/env python3
"""scripts/bench's table: every figure of tprd's performance with the command
that produced it. Usage: bench_table.py BUILD_DIR SOURCE_DIR [--smoke]
(--smoke: the same measurements, seconds each, so that none of them rots)."""
import os, re, shutil, signal, subprocess, sys, tempfile, time

build, src = sys.argv[1], sys.argv[2]
smoke = "--smoke" in sys.argv[3:]
tprd = f"{build}/controller/daemon/tprd"
conf = f"{src}/config/tprd.conf"
bench = f"{build}/bench"
tmp = tempfile.mkdtemp(prefix="tprd-bench.")
rows = []  # (figure, value, command)


def row(figure, value, command):
    rows.append((figure, value, command))
    print(f"  {figure}: {value}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def have(prog):
    return shutil.which(prog) is not None


def tprd_cmd(secs, record=False):
    data = ["--data-dir", tempfile.mkdtemp(dir=tmp)] if record else ["--no-record"]
    return [tprd, "--config", conf, "--quiet", "--duration", str(secs)] + data


LOOP = re.compile(r"(\d+) ticks at \d+ Hz, (\d+) overruns, latency min (\d+) p50 (\d+) p99 (\d+) "
                  r"p99\.9 (\d+) max (\d+) us, tick run p50 (\d+) p99 (\d+) max (\d+) us")


def loop_line(out):
    m = LOOP.search(out)
    if not m:
        raise SystemExit(f"bench: no loop line in tprd's output:\n{out}")
    return [int(x) for x in m.groups()]


def quantiles(hist, qs):
    """Nearest rank, as tprd's histogram: the smallest value that q of the counts do not exceed."""
    n = sum(hist.values())
    out = []
    for q in qs:
        need, seen = max(1, -(-int(q * n * 1000 + 0.5) // 1000)), 0
        for v in sorted(hist):
            seen += hist[v]
            if seen >= need:
                out.append(v)
                break
    return out


def cyclictest(ticks):
    cmd = ["cyclictest", "-m", "-p", "40", "-i", "1000", "-l", str(ticks), "-q", "-h", "10000"]
    out = run(cmd).stdout
    hist = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[0].isdigit():
            hist[int(f[0])] = hist.get(int(f[0]), 0) + int(f[1])
        m = re.search(r"# Histogram Overflows: (\d+)", line)
        if m and int(m.group(1)):
            hist[10000] = hist.get(10000, 0) + int(m.group(1))
    return quantiles(hist, (0.5, 0.99, 0.999)), cmd


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def latency():
    rounds, secs = (2, 1) if smoke else (4, 20)
    if not have("cyclictest"):
        row("loop vs cyclictest", "cyclictest not installed (Debian package rt-tests)", "")
        return
    t, c = [], []
    for _ in range(rounds):  # alternating, never at the same time
        r = run(tprd_cmd(secs))
        t.append(loop_line(r.stdout)[3:6])
        q, ccmd = cyclictest(secs * 1000)
        c.append(q)
    tcmd = " ".join(tprd_cmd(secs)).replace(tprd, "tprd")
    for i, name in enumerate(("p50", "p99", "p99.9")):
        tm, cm = median([x[i] for x in t]), median([x[i] for x in c])
        ratio = f"{tm / cm:.2f}" if cm else "-"
        row(f"wake-up latency {name}, µs: tprd / cyclictest (median of {rounds} rounds of {secs * 1000} ticks)",
            f"{tm:g} / {cm:g} = {ratio}",
            f"{tcmd}  (loop line)  alternating with  {' '.join(ccmd)}")
    row("wake-up latency per round, µs (p50/p99/p99.9)",
        "tprd " + ", ".join("/".join(map(str, x)) for x in t) + "; cyclictest " +
        ", ".join("/".join(map(str, x)) for x in c), "as above")


def core():
    ticks = 100000 if smoke else 10000000
    cmd = [f"{bench}/bench_core", "--ticks", str(ticks)]
    m = re.search(r"= ([\d.]+) ns per tick", run(cmd).stdout)
    row(f"core step, ns per tick ({ticks} ticks)", m.group(1), " ".join(cmd).replace(build + "/", ""))
    if not have("valgrind"):
        row("core step, instructions per tick", "valgrind not installed", "")
        return
    n = 10000 if smoke else 100000
    out = f"{tmp}/callgrind.out"
    cg = ["valgrind", "--tool=callgrind", "--toggle-collect=tpr_core_step", f"--callgrind-out-file={out}",
          f"{bench}/bench_core", "--ticks", str(n)]
    run(cg)
    ann = run(["callgrind_annotate", out]).stdout
    m = re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", ann) or re.search(r"([\d,]+)\s+PROGRAM TOTALS", ann)
    ir = int(m.group(1).replace(",", ""))
    row(f"core step, instructions per tick ({n} ticks)", f"{ir / n:.0f}",
        " ".join(cg).replace(build + "/", "").replace(out, "OUT") + "; callgrind_annotate OUT")


def steady(cmd_for, measure):
    """measure(cmd) -> (ticks, counts) for a short and a long run; the difference per tick."""
    short, long_ = (1, 2) if smoke else (2, 10)
    t0, c0 = measure(cmd_for(short))
    t1, c1 = measure(cmd_for(long_))
    return {k: (c1.get(k, 0) - c0.get(k, 0)) / (t1 - t0) for k in set(c0) | set(c1)}, short, long_


def allocations():
    lib = f"{bench}/lib/malloc_count.so"

    def measure(cmd):
        r = run(cmd, env=dict(os.environ, LD_PRELOAD=lib))
        m = re.search(r"malloc_count: fifo (\d+) other (\d+)", r.stderr)
        return loop_line(r.stdout)[0], {"loop": int(m.group(1)), "other": int(m.group(2))}

    for record in (False, True):
        per, a, b = steady(lambda s: tprd_cmd(s, record), measure)
        row(f"allocations per tick, {'recording' if record else 'not recording'}: loop thread / others",
            f"{per['loop']:.4f} / {per['other']:.4f}",
            f"LD_PRELOAD=bench/lib/malloc_count.so tprd ... --duration {a} and {b}"
            f"{'' if record else ' --no-record'}, difference per tick")


def syscalls():
    if not have("strace"):
        row("system calls per tick", "strace not installed", "")
        return

    def measure(cmd):
        out = f"{tmp}/strace"
        r = run(["strace", "-f", "-c", "-o", out] + cmd)
        counts = {}
        for line in open(out):
            f = line.split()
            if len(f) >= 5 and f[-1] not in ("total", "syscall") and f[3].isdigit():
                counts[f[-1]] = int(f[3])
        return loop_line(r.stdout)[0], counts

    per, a, b = steady(lambda s: tprd_cmd(s), measure)
    top = sorted(((v, k) for k, v in per.items() if v >= 0.0005), reverse=True)
    row("system calls per tick, not recording (all threads)",
        f"{sum(v for v, _ in top):.3f}: " + ", ".join(f"{k} {v:.3f}" for v, k in top),
        f"strace -f -c tprd ... --no-record --duration {a} and {b}, difference per tick")


def cpu_rss():
    secs = 1 if smoke else 60
    fmt = ["/usr/bin/time", "-f", "%P %M"]
    cmd = tprd_cmd(secs, True)
    r = run(fmt + cmd)
    cpu, rss = r.stderr.strip().splitlines()[-1].split()
    row(f"CPU of one core and peak RSS, {secs} s at 1 kHz, recording a session",
        f"{cpu}, {int(rss) / 1024:.1f} MB",
        " ".join(fmt + cmd[:-1]).replace(tprd, "tprd") + " DIR")
    # Idle: the resident daemon with no session.
    sock = f"{tmp}/idle.sock"
    cmd = [tprd, "--config", conf, "--quiet", "--data-dir", f"{tmp}/idle", "--socket", sock]
    p = subprocess.Popen(fmt + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(secs)
    for child in run(["pgrep", "-P", str(p.pid)]).stdout.split():
        os.kill(int(child), signal.SIGTERM)
    err = p.communicate()[1]
    cpu, rss = err.strip().splitlines()[-1].split()
    row(f"CPU of one core and peak RSS, {secs} s at 1 kHz, idle (resident, no session)",
        f"{cpu}, {int(rss) / 1024:.1f} MB", " ".join(fmt) + " tprd --config C --data-dir D --socket S; SIGTERM after the time")


def replay():
    n = 20000 if smoke else 3600000
    cmd = [f"{bench}/bench_replay", "--samples", str(n)]
    m = re.search(r"= ([\d.]+) M samples/s", run(cmd).stdout)
    row(f"replay throughput, {n / 3.6e6:.3g} h trace at 1 kHz", f"{m.group(1)} M samples/s",
        " ".join(cmd).replace(build + "/", ""))


def strace_times(cmd, until_exit=True):
    """Run cmd under strace -f -ttt (only the calls named); returns (start, lines, kill time)."""
    out = f"{tmp}/trace"
    st = ["strace", "-f", "-ttt", "--seccomp-bpf", "-o", out, "-e",
          "trace=execve,timerfd_create,read,close,exit_group"] + cmd
    p = subprocess.Popen(st, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return p, out


def startup_and_stop():
    if not have("strace"):
        row("start-up and SIGTERM", "strace not installed", "")
        return
    rounds = 1 if smoke else 5
    first, off, gone = [], [], []
    for _ in range(rounds):
        sock = f"{tmp}/s.sock"
        cmd = [tprd, "--config", conf, "--quiet", "--data-dir", f"{tmp}/s", "--socket", sock]
        p, out = strace_times(cmd)
        for _ in range(200):
            if os.path.exists(sock):
                break
            time.sleep(0.01)
        time.sleep(0.2)
        child = int(run(["pgrep", "-P", str(p.pid)]).stdout.split()[0])
        t_kill = time.time()
        os.kill(child, signal.SIGTERM)
        p.wait()
        lines = open(out).read().splitlines()
        ev = [(l.split()[0], float(l.split()[1]), l) for l in lines if len(l.split()) > 2]
        t_exec = next(t for _, t, l in ev if "execve(" in l)
        # The loop thread makes the timer; its first 8-byte read of it is
        # the first tick's wake-up (after epoll_wait when buttons are watched).
        loop_pid = next(pid for pid, t, l in ev if "timerfd_create(" in l)
        t_first = next(t for pid, t, l in ev if pid == loop_pid and ("read(" in l or "read resumed>" in l)
                       and l.endswith("= 8"))
        # The loop's way out: motor off, then its timer closed.
        t_off = next(t for pid, t, l in ev if pid == loop_pid and t > t_kill and l.split()[2].startswith("close("))
        t_exit = max(t for _, t, l in ev)
        first.append((t_first - t_exec) * 1e3)
        off.append((t_off - t_kill) * 1e3)
        gone.append((t_exit - t_kill) * 1e3)
        os.unlink(sock) if os.path.exists(sock) else None
    how = "strace -f -ttt --seccomp-bpf -e trace=execve,timerfd_create,read,close,exit_group tprd (resident)"
    row(f"start-up, exec to the first tick, ms (median of {rounds})", f"{median(first):.1f}",
        how + ": execve to the loop's first timer wake-up")
    row(f"SIGTERM to motor off, ms (median of {rounds})", f"{median(off):.2f}",
        how + ": kill to the loop closing its timer (right after motor off)")
    row(f"SIGTERM to exit, ms (median of {rounds})", f"{median(gone):.1f}", how + ": kill to the last exit")


try:
    for part in (latency, core, allocations, syscalls, cpu_rss, replay, startup_and_stop):
        part()
finally:
    shutil.rmtree(tmp, ignore_errors=True)

load = open("/proc/loadavg").read().split()[:3]
print(f"tprd performance ({'smoke run' if smoke else 'full run'}; {os.cpu_count()} CPUs, load average {' '.join(load)}"
      f" at the end; SCHED_FIFO 40 and memory locked when permitted)\n")
print("| figure | value | command |")
print("|---|---|---|")
for f, v, c in rows:
    print(f"| {f} | {v} | `{c}` |" if c else f"| {f} | {v} | |")
