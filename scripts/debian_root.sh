# Helpers for scripts/build_deb.sh and scripts/smoke_arm64.sh (sourced, not run): a Debian root in
# a folder made with debootstrap, kept as a tarball in a cache folder keyed on what went into it,
# and commands run inside it with chroot (under qemu-user-static for another CPU).
#
# The cache is $IPLEDGER_CACHE (default /var/cache/ipledger-ci): base roots, a root with CPython
# built in it, Debian's downloaded packages and pip's wheels. Delete the folder to start afresh.

CACHE=${IPLEDGER_CACHE:-/var/cache/ipledger-ci}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
export DEBIAN_FRONTEND=noninteractive
MOUNTED=()

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Host tools: debootstrap, zstd, objdump (binutils), dpkg-deb; qemu-user-static with binfmt for arm64.
host_tools() {
  local need=() p
  for p in debootstrap zstd binutils "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    as_root apt-get update -q
    as_root apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
  as_root mkdir -p "$CACHE"
}

key_of() { printf '%s\n' "$@" | sha256sum | cut -c1-12; }

# make_base SUITE ARCH DIR: a minimal Debian root (debootstrap minbase, with security updates),
# unpacked from $CACHE/SUITE-ARCH-base-KEY.tar.zst when there, else made and kept there.
make_base() {
  local suite=$1 arch=$2 dir=$3 key tarball security
  key=$(key_of base-v1 "$suite" "$arch" "$MIRROR")
  tarball="$CACHE/$suite-$arch-base-$key.tar.zst"
  if [ ! -s "$tarball" ]; then
    local tmp="$CACHE/tmp-base-$suite-$arch-$$"
    rm -rf "$tmp"
    echo "debootstrap $suite $arch (kept in $tarball)"
    # for another CPU debootstrap runs the second stage in the root under qemu-user-static (binfmt)
    as_root debootstrap --variant=minbase --arch="$arch" "$suite" "$tmp" "$MIRROR" >"$CACHE/debootstrap-$suite-$arch.log"
    security="deb http://deb.debian.org/debian-security $suite-security main"
    [ "$MIRROR" = http://deb.debian.org/debian ] && echo "$security" >>"$tmp/etc/apt/sources.list"
    echo "deb $MIRROR $suite-updates main" >>"$tmp/etc/apt/sources.list"
    rm -rf "$tmp"/var/cache/apt/archives/*.deb
    as_root tar -C "$tmp" -cf - . | zstd -q -T0 -3 -o "$tarball.part" && mv "$tarball.part" "$tarball"
    rm -rf "$tmp"
  fi
  unpack "$tarball" "$dir"
}

unpack() { rm -rf "$2" && mkdir -p "$2" && zstd -q -d -c "$1" | as_root tar -C "$2" -xf -; }
pack() { as_root tar -C "$1" -cf - . | zstd -q -T0 -3 -o "$2.part" && mv "$2.part" "$2"; }

# mount_root DIR: /proc, /dev and the caches for apt's downloads and pip's wheels, and the host's
# name servers and CA bundle (pip reaches PyPI through whatever certificate the host trusts).
mount_root() {
  local dir=$1 suite_arch=$2
  mkdir -p "$CACHE/apt-$suite_arch/partial" "$CACHE/pip" "$dir/root/.cache/pip"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  cp "${PIP_CERT:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}" "$dir/etc/build-host-ca.crt" 2>/dev/null || true
  as_root mount -t proc proc "$dir/proc"
  as_root mount --bind /dev "$dir/dev"
  as_root mount --bind "$CACHE/apt-$suite_arch" "$dir/var/cache/apt/archives"
  as_root mount --bind "$CACHE/pip" "$dir/root/.cache/pip"
  MOUNTED+=("$dir/root/.cache/pip" "$dir/var/cache/apt/archives" "$dir/dev" "$dir/proc")
}

umount_all() {
  local m
  for m in "${MOUNTED[@]}"; do as_root umount -l "$m" 2>/dev/null || true; done
  MOUNTED=()
}

# in_root DIR COMMAND...: run in the root with a clean environment (the host's variables, such as
# a CA bundle path or pip's find-links, mean nothing there).
in_root() {
  local dir=$1; shift
  local cert=()
  [ -s "$dir/etc/build-host-ca.crt" ] && cert=(PIP_CERT=/etc/build-host-ca.crt)
  as_root chroot "$dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore "${cert[@]}" "$@"
}

apt_in_root() {
  local dir=$1; shift
  in_root "$dir" apt-get update -q >/dev/null
  in_root "$dir" apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# The project's runtime dependencies, read from pyproject.toml (one requirement a line).
project_requirements() {
  python3 -c "import tomllib,sys;print('\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))"
}

# Only the application's files, as a clean copy (no venv, build output or caches).
copy_source() {
  rm -rf "$1" && mkdir -p "$1"
  cp -r app db resources build.spec pyproject.toml "$1/"
  find "$1" -name __pycache__ -prune -exec rm -rf {} +
}

elapsed() { echo "$(( $(date +%s) - $1 ))s"; }
