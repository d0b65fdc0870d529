#!/usr/bin/env bash
# install-control-plane.sh — idempotent installer for the real Kubernetes control plane used by
# the tests, `make demo` and the benchmarks. Only Debian packages are used (no other downloads):
#
#   * etcd 3.4 ................................ Debian package etcd-server (/usr/bin/etcd)
#   * jemalloc ................................ Debian package libjemalloc2 (the operator's malloc
#                                               in its image, the benchmarks and one test)
#   * kube-apiserver, kube-controller-manager,
#     kubectl v1.20.2 ......................... built once, offline, from Debian's source package
#                                               `kubernetes` with Debian's golang-go, GOPATH mode,
#                                               vendored dependencies.
#     One fix is applied: vendored github.com/modern-go/reflect2 v1.0.1 crashes under Go >= 1.18
#     (SIGSEGV in mapiterinit when a custom resource is created); it is replaced by Debian's
#     golang-github-modern-go-reflect2-dev (1.0.2, the upstream fix).
#
# Result: $CACHE_DIR/bin/{kube-apiserver,kube-controller-manager,kubectl}; prints $CACHE_DIR/bin.
# Env: SPARK_OPERATOR_CACHE (default ~/.cache/spark-operator), KEEP_BUILD=1 keeps the build tree
#      (~2 GiB) under $CACHE_DIR/build, FORCE_REBUILD=1 rebuilds.
set -euo pipefail

CACHE_DIR="${SPARK_OPERATOR_CACHE:-$HOME/.cache/spark-operator}"
BIN_DIR="$CACHE_DIR/bin"
BINARIES=(kube-apiserver kube-controller-manager kubectl)
log() { echo "[install-control-plane] $*" >&2; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

apt_updated=0
apt_update_once() { [ $apt_updated -eq 1 ] || { log "apt-get update"; $SUDO apt-get update -qq; apt_updated=1; }; }
ensure_pkgs() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_update_once
  log "apt-get install ${missing[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

all_ok() {
  [ -x "$BIN_DIR/kube-apiserver" ] && "$BIN_DIR/kube-apiserver" --version 2>/dev/null | grep -q '^Kubernetes v1\.20\.' &&
  [ -x "$BIN_DIR/kube-controller-manager" ] && "$BIN_DIR/kube-controller-manager" --version 2>/dev/null | grep -q '^Kubernetes v1\.20\.' &&
  [ -x "$BIN_DIR/kubectl" ] && "$BIN_DIR/kubectl" version --client --short 2>/dev/null | grep -q 'v1\.20\.'
}

# Runtime packages (always): etcd, openssl for the test PKI, util-linux for unshare/flock, and
# jemalloc (libjemalloc2), which the operator's image preloads and the tests and benchmarks run
# the operator binary with (docs/benchmarks.md, "Memory: the allocator").
ensure_pkgs etcd-server openssl curl ca-certificates util-linux libjemalloc2

if all_ok && [ "${FORCE_REBUILD:-0}" != 1 ]; then
  log "control plane present in $BIN_DIR"
  echo "$BIN_DIR"
  exit 0
fi

# Build-time packages.
ensure_pkgs dpkg-dev golang-go make rsync golang-github-modern-go-reflect2-dev

# A deb-src entry for Debian's own mirror (same URIs/suites as the binary entries).
ensure_deb_src() {
  apt_update_once
  if [ -n "$(apt-cache showsrc kubernetes 2>/dev/null | grep -m1 '^Version: 1\.20')" ]; then return 0; fi
  local dst=/etc/apt/sources.list.d/spark-operator-src.sources
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    log "adding deb-src entries to $dst (copied from debian.sources)"
    sed -e 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$dst" >/dev/null
  elif [ -f /etc/apt/sources.list ]; then
    dst=/etc/apt/sources.list.d/spark-operator-src.list
    log "adding deb-src lines to $dst (copied from sources.list)"
    grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee "$dst" >/dev/null
  else
    log "no Debian sources file found"; exit 1
  fi
  apt_updated=0; apt_update_once
}
ensure_deb_src

mkdir -p "$BIN_DIR"
exec 9>"$CACHE_DIR/.build.lock"
flock 9
if all_ok && [ "${FORCE_REBUILD:-0}" != 1 ]; then echo "$BIN_DIR"; exit 0; fi  # built meanwhile

BUILD_DIR="$CACHE_DIR/build"
rm -rf "$BUILD_DIR"; mkdir -p "$BUILD_DIR"; cd "$BUILD_DIR"
t0=$(date +%s)
log "apt-get source kubernetes (into $BUILD_DIR)"
apt-get source -qq kubernetes >/dev/null 2>"$BUILD_DIR/apt-source.log" || { cat "$BUILD_DIR/apt-source.log" >&2; exit 1; }
SRC=$(find "$BUILD_DIR" -maxdepth 1 -type d -name 'kubernetes-1.20*' | head -n1)
[ -d "$SRC/cmd/kube-apiserver" ] && [ -d "$SRC/vendor" ] || { log "unexpected source tree: $SRC"; exit 1; }

log "replacing vendored modern-go/reflect2 1.0.1 with Debian's 1.0.2 (Go >= 1.18 fix)"
R2=/usr/share/gocode/src/github.com/modern-go/reflect2
V="$SRC/vendor/github.com/modern-go/reflect2"
rm -f "$V"/*.go "$V"/*.s
cp "$R2"/*.go "$R2"/*.s "$V"/

for what in "${BINARIES[@]}"; do
  log "building $what with $(go version) (offline, GOPATH mode)"
  (
    cd "$SRC"
    export GO111MODULE=off GOPROXY=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=0 HOME="$BUILD_DIR"
    make WHAT="cmd/$what" >>"$BUILD_DIR/make.log" 2>&1
  ) || { tail -40 "$BUILD_DIR/make.log" >&2; log "build failed; log: $BUILD_DIR/make.log"; exit 1; }
  install -m 0755 "$SRC/_output/bin/$what" "$BIN_DIR/$what.tmp"
  mv -f "$BIN_DIR/$what.tmp" "$BIN_DIR/$what"
done
t1=$(date +%s)
log "built ${BINARIES[*]} in $((t1 - t0)) s"
if [ "${KEEP_BUILD:-0}" != 1 ]; then rm -rf "$BUILD_DIR"; fi
echo "$BIN_DIR"
