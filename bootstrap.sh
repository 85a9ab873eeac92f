#!/bin/sh
# bootstrap.sh - set fgcode up on a fresh Debian 12 machine.
#
#   ./bootstrap.sh demo   install dependencies, build, run the demo
#   ./bootstrap.sh test   install dependencies, build, run every test layer
#   ./bootstrap.sh deps   only install the Debian packages
#   ./bootstrap.sh build  dependencies + autoreconf/configure/make
#
# Builds in ./build (out of tree).  Installs missing Debian packages with
# apt-get when run as root; otherwise prints the apt-get line and exits 1.
set -eu

PACKAGES="build-essential autoconf automake pkgconf \
libncurses-dev libsqlite3-dev libyaml-dev libpcre2-dev libcmocka-dev \
libutf8proc-dev nettle-dev libjansson-dev libgsl-dev libcsv-dev \
sqlite3 mandoc"
# Only for the tests: tmux (a smoke test in a real terminal), python3 and
# R (independent cross-checks of offsets and of the regressions).  Tests
# that need them skip when they are missing; fgcode never runs them.
TEST_PACKAGES="tmux python3 r-base-core"

here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:-}
case "$cmd" in
demo|test|deps|build) ;;
*)
	echo "usage: ./bootstrap.sh demo|test|deps|build" >&2
	exit 2
	;;
esac

deps() {
	missing=""
	for p in $PACKAGES; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "install ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "fgcode: missing Debian packages; install them with:" >&2
		echo "  sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "==> installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing
}

build() {
	cd "$here"
	if [ ! -x configure ] || [ configure.ac -nt configure ] ||
	    [ Makefile.am -nt configure ]; then
		echo "==> autoreconf"
		autoreconf -fi
	fi
	mkdir -p build
	cd build
	if [ ! -f Makefile ] || [ ../configure -nt Makefile ]; then
		echo "==> configure"
		../configure
	fi
	echo "==> make"
	make -j"$(nproc 2>/dev/null || echo 2)"
}

[ "$cmd" = test ] && PACKAGES="$PACKAGES $TEST_PACKAGES"
deps
[ "$cmd" = deps ] && exit 0
build
case "$cmd" in
test)
	echo "==> make check"
	cd "$here/build"
	if make -j"$(nproc 2>/dev/null || echo 2)" check; then
		rc=0
	else
		rc=1
		cat test-suite.log >&2 || true
	fi
	exit $rc
	;;
demo)
	exec "$here/tools/demo.sh" "$here/build/fgcode" "$here/fixtures"
	;;
esac
