#!/usr/bin/env bash
# Boot Debian's own kernel under QEMU and run one guest test on its real
# drivers, with the tprd and tprctl of the build under test.
#
# Usage: rig.sh CACHE GUEST_TEST TPRD TPRCTL [SYSROOT]
#   CACHE       the directory tests/kernel/fetch.sh unpacked into (an
#               amd64 guest on QEMU's pc machine, or an arm64 one on virt)
#   GUEST_TEST  a busybox sh script run by the guest as root; its first
#               "# modules:" line names the kernel modules it may load
#               (their dependencies come along); on arm64 its first
#               "# gpio-line-names:" line names the PL061's lines in the
#               device tree (- for an unnamed line); it gets guest_lib.sh
#   SYSROOT     for programs of another architecture than the host's: the
#               root their shared libraries come from (scripts/sysroot)
#
# The initramfs holds busybox, the two programs and tprd's backend modules
# (tpr-*.so, beside it) with every shared library they need (at the same
# paths, so an RPATH still finds them), the kernel modules and the test. The guest runs the test, prints "rig: exit STATUS" on the
# serial console and powers off; this script exits with that status and
# prints the console when it is not 0. On arm64 each "rig: powerdown N"
# line the guest prints gets QEMU's system_powerdown, a pulse on the
# PL061's line 3 (the virt machine's power button). Exit 77 (ctest's skip)
# with the reason when QEMU cannot run at all.
set -euo pipefail

cache=$(cd "$1" && pwd)
guest_test=$2
tprd=$3
tprctl=$4
sysroot=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
arch=$(cat "$cache/arch" 2>/dev/null || echo amd64)
# A guest boots, tests and powers off in 20-50 s under TCG on a busy
# 2-core machine; this bounds a hung one.
boot_timeout=${TPRD_RIG_TIMEOUT:-150}

case $arch in
    amd64) qemu_name=qemu-system-x86_64 qemu_package=qemu-system-x86 ;;
    arm64) qemu_name=qemu-system-aarch64 qemu_package=qemu-system-arm ;;
    *) echo "FAIL: no guest for $arch" && exit 1 ;;
esac
qemu=$(command -v $qemu_name || true)
if [ -z "$qemu" ]; then
    echo "skip: $qemu_name is not installed (scripts/deps installs $qemu_package)"
    exit 77
fi
root=$cache/root
kernel=$cache/vmlinux
[ -f "$kernel" ] || {
    echo "FAIL: no kernel in $cache (tests/kernel/fetch.sh $cache)"
    exit 1
}
kver=$(ls "$root/lib/modules")
moddir=$root/lib/modules/$kver

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kernel-rig.XXXXXX")
helpers=
trap 'for h in $helpers; do kill "$h" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
init=$tmp/init
mkdir -p "$init"/{bin,dev,proc,sys,tmp,rig/modules}

# busybox, installed as every applet when the guest starts; the host runs
# the arm64 one (static) under qemu-user to pack the archive.
cp "$root/bin/busybox" "$init/bin/busybox"
host_busybox=("$root/bin/busybox")
[ "$arch" = amd64 ] || host_busybox=(qemu-aarch64 "$root/bin/busybox")

# The programs. Native ones: their libraries go into the archive straight
# from the host (below), at the paths ldd resolves them to, so an RPATH
# still finds them. Others: their libraries are copied from the sysroot.
# tprd's backend modules go beside it, where it looks for them first.
mapfile -t modules < <(ls "${tprd%/*}"/tpr-*.so 2>/dev/null)
[ ${#modules[@]} -gt 0 ] || {
    echo "FAIL: no backend modules (tpr-*.so) beside $tprd"
    exit 1
}
cp "$tprd" "$tprctl" "${modules[@]}" "$init/rig/"
libs=
if [ -n "$sysroot" ]; then
    # shellcheck source=cross_libs.sh
    . "$here/cross_libs.sh"
    cross_libs "$sysroot" "$tprd" "$tprctl" "${modules[@]}" | while read -r from to; do
        mkdir -p "$init${to%/*}"
        cp -L "$from" "$init$to"
    done
else
    libs=$(ldd "$tprd" "$tprctl" "${modules[@]}" | awk '/=> \// { print $3 } /^\t\// { print $1 }' | sort -u)
fi

# The modules the test names, each with its dependencies first, listed in
# rig/modules/NAME for guest_lib.sh's load.
deps_of() {
    local rel
    rel=$(awk -v m="/$1.ko:" 'index($1, m) { sub(":", "", $1); print; exit }' "$moddir/modules.dep")
    [ -n "$rel" ] || {
        echo "FAIL: no module $1 in $kver" >&2
        return 1
    }
    set -- $rel
    local self=$1
    shift
    local d
    for d in "$@"; do
        d=${d##*/}
        deps_of "${d%.ko}"
    done
    echo "$self"
}
for m in $(sed -n 's/^# modules: *//p' "$guest_test" | head -n 1); do
    for rel in $(deps_of "$m" | awk '!seen[$0]++'); do
        cp "$moddir/$rel" "$init/rig/modules/"
        echo "/rig/modules/${rel##*/}" >>"$init/rig/modules/$m"
    done
done

cp "$here/guest_lib.sh" "$init/rig/"
cp "$guest_test" "$init/rig/test.sh"
cat >"$init/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/rig
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# /tmp stays the initramfs's own (writable): a tmpfs over it would hide the
# libraries of a build tree under /tmp, which an RPATH names there.
cd /tmp
# A line of its own: the firmware's last escape codes precede it.
echo
echo "note: booted in $(cut -d' ' -f1 /proc/uptime) s"
mount -t debugfs debugfs /sys/kernel/debug
sh /rig/test.sh
echo "rig: exit $?"
poweroff -f
INIT
chmod +x "$init/init"
# Two archives, one after the other (the kernel unpacks both): the guest's
# files, and the libraries read where they are, each directory above them
# first (the kernel makes no missing parents). Through the fetched
# busybox's cpio: the host needs no cpio.
cpio=("${host_busybox[@]}" cpio -o -H newc -L)
{
    (cd "$init" && find . | "${cpio[@]}")
    (cd / && for lib in $libs; do
        d=${lib%/*}
        while [ -n "$d" ]; do
            echo "${d#/}"
            d=${d%/*}
        done
    done | sort -u && printf '%s\n' $libs | sed 's|^/||') | (cd / && "${cpio[@]}")
} 2>/dev/null >"$tmp/initrd"

console=$tmp/console
# Two virtual CPUs, each a host thread: the loop thread and the test's
# shell run side by side, a third faster even on a busy 2-core host.
machine=(-accel tcg,thread=multi -smp 2 -m 512)
if [ "$arch" = amd64 ]; then
    # qboot instead of SeaBIOS: it starts the kernel at once, halving the boot.
    machine+=(-machine pc -bios qboot.rom)
    append="console=ttyS0 quiet panic=-1 rdinit=/init i8042.noaux i8042.nokbd i8042.nopnp"
else
    # The device tree is QEMU's own for this machine (so dumped with the
    # same options) with the PL061's lines named and without the gpio-keys
    # node, whose driver would hold line 3 (the power button) in a kernel
    # that builds it in; Debian's has it as a module the guest never loads.
    machine+=(-machine virt,acpi=off -cpu cortex-a53)
    append="console=ttyAMA0 quiet panic=-1 rdinit=/init"
    if ! "$qemu" "${machine[@]}" -machine dumpdtb="$tmp/virt.dtb" -nographic >"$tmp/qemu.log" 2>&1; then
        echo "skip: QEMU cannot make the virt machine here:"
        cat "$tmp/qemu.log"
        exit 77
    fi
    command -v fdtput >/dev/null || {
        echo "FAIL: no fdtput (scripts/deps installs device-tree-compiler)"
        exit 1
    }
    names=()
    for n in $(sed -n 's/^# gpio-line-names: *//p' "$guest_test" | head -n 1); do
        [ "$n" = - ] && n=
        names+=("$n")
    done
    fdtput -r "$tmp/virt.dtb" /gpio-keys
    [ ${#names[@]} -eq 0 ] || fdtput -t s "$tmp/virt.dtb" /pl061@9030000 gpio-line-names "${names[@]}"
    machine+=(-dtb "$tmp/virt.dtb")
    # The power button: system_powerdown through QEMU's monitor (its input
    # and output are FIFOs; QEMU opens both for reading and writing) for
    # each "rig: powerdown" line of the console.
    mkfifo "$tmp/mon.in" "$tmp/mon.out"
    machine+=(-monitor "pipe:$tmp/mon")
    cat "$tmp/mon.out" >/dev/null &
    helpers="$helpers $!"
    # Until QEMU is gone: then writing to its monitor ends this too.
    (
        exec 3>"$tmp/mon.in"
        sent=0
        while [ -f "$tmp/initrd" ] && sleep 0.1; do
            n=$(grep -c '^rig: powerdown' "$console" 2>/dev/null || true)
            for ((; sent < ${n:-0}; sent++)); do echo system_powerdown >&3; done
        done
    ) 2>/dev/null &
    helpers="$helpers $!"
fi
start=$(date +%s.%N)
set +e
timeout --foreground "$boot_timeout" "$qemu" "${machine[@]}" \
    -kernel "$kernel" -initrd "$tmp/initrd" -append "$append" \
    -nographic -no-reboot -nodefaults -serial "file:$console" >"$tmp/qemu.log" 2>&1
qrc=$?
set -e
rm -f "$tmp/initrd"
secs=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }')

rc=$(sed -n 's/^rig: exit \([0-9]*\).*/\1/p' "$console" 2>/dev/null | tail -n 1)
if [ -z "$rc" ]; then
    if [ $qrc -eq 124 ]; then
        echo "FAIL: the guest did not finish in ${boot_timeout} s"
    elif [ $qrc -ne 0 ] && ! [ -s "$console" ]; then
        # QEMU never got as far as the kernel: nothing here can run it.
        echo "skip: QEMU cannot boot a guest here:"
        cat "$tmp/qemu.log"
        exit 77
    else
        echo "FAIL: the guest stopped without a result (QEMU exit $qrc)"
    fi
    cat "$tmp/qemu.log" "$console"
    exit 1
fi
if [ "$rc" != 0 ]; then
    echo "FAIL: the guest test exited $rc; its console:"
    cat "$console"
    exit 1
fi
grep -E '^(ok|note):' "$console" | tr -d '\r'
echo "guest booted, tested and powered off in $secs s"
