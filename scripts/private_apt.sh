# Sourced by scripts that fetch Debian packages without installing them and
# without touching the system's apt configuration: apt runs on a private
# source list, package lists and cache under a directory of the build tree.
# The mirror is the one the system's own apt sources name.

# The Debian mirror of the system's main archive: the first URI of a deb
# source (deb822 .sources or one-line sources.list) serving .../debian.
debian_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '$1 == "URIs:" { for (i = 2; i <= NF; i++) print $i }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) { print $i; break } }' "$f"
    done
}

# private_apt STATE_DIR SUITE [ARCH]: sets the arrays `apt` and `apt_cache`
# to apt-get and apt-cache commands on the suite's main component of the
# system's mirror, with their state under STATE_DIR, for ARCH (default: the
# system's), and private_apt_uri to the mirror. Returns 1 when the system
# names no Debian mirror.
private_apt() {
    local state=$1 suite=$2 arch=${3:-$(dpkg --print-architecture)} uri opts=
    uri=$(debian_mirror | grep -E '/debian/?$' | head -n 1 || true)
    [ -n "$uri" ] || return 1
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -f "$keyring" ] && opts="[signed-by=$keyring] "
    echo "deb $opts$uri $suite main" >"$state/sources.list"
    local common=(-o "Dir::Etc::SourceList=$state/sources.list" -o Dir::Etc::SourceParts=-
        -o "Dir::State=$state" -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
        -o Dir::State::Status=/dev/null -o APT::Sandbox::User=root
        -o "APT::Architecture=$arch" -o "APT::Architectures=$arch")
    apt=(apt-get -q "${common[@]}")
    apt_cache=(apt-cache "${common[@]}")
    private_apt_uri=$uri
}
