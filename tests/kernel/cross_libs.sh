# shellcheck shell=bash
# Sourced by rig.sh: the shared libraries of programs built for another
# architecture, which the host's ldd cannot list.

# cross_libs SYSROOT PROGRAM...: "FROM TO" for the dynamic loader and each
# library the programs need, directly or through another library: FROM the
# file on the host, TO its path in the guest. A library is looked up in the
# RPATH or RUNPATH of the file that needs it (a host path, kept as it is in
# the guest), then in the sysroot's multiarch library directories.
cross_libs() {
    local sysroot=$1 file dir lib from interp
    shift
    local todo=("$@") seen=" "
    interp=$(readelf -l "$1" | sed -n 's/.*program interpreter: \(.*\)\]/\1/p')
    [ -n "$interp" ] && echo "$sysroot$interp $interp"
    while [ ${#todo[@]} -gt 0 ]; do
        file=${todo[0]}
        todo=("${todo[@]:1}")
        # One look at the dynamic section: the RPATH or RUNPATH directories
        # on the first line, the libraries needed on the second.
        local dirs needed
        { read -r dirs && read -r needed; } < <(readelf -d "$file" | awk -F'[][]' '
            /\(R(UN)?PATH\)/ { gsub(":", " ", $2); d = d " " $2 }
            /\(NEEDED\)/ { n = n " " $2 }
            END { print d; print n }')
        for lib in $needed; do
            case $seen in *" $lib "*) continue ;; esac
            seen="$seen$lib "
            from=
            for dir in $dirs; do
                [ -f "$dir/$lib" ] && from=$dir/$lib && echo "$from $from" && break
            done
            if [ -z "$from" ]; then
                for dir in /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu; do
                    [ -f "$sysroot$dir/$lib" ] && from=$sysroot$dir/$lib && echo "$from $dir/$lib" && break
                done
            fi
            [ -n "$from" ] || {
                echo "cross_libs: $lib, needed by $file, is not in $sysroot" >&2
                return 1
            }
            todo+=("$from")
        done
    done
}
