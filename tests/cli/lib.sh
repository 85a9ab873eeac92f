# lib.sh - shared code of the CLI golden-file tests (sourced, POSIX sh).
#
# Each test script runs the real fgcode binary in a fresh temporary
# directory with time, coder, locale and HOME pinned, and compares what a
# step printed (stdout, stderr, exit status) with a golden file
# tests/cli/expected/SCRIPT/STEP.  Set FGCODE_UPDATE_GOLDEN=1 to rewrite the
# golden files from the current output (then review the diff!).
# Output is TAP: one "ok"/"not ok" line per step, the plan at the end.

set -u
: "${top_srcdir:=.}"
: "${FGCODE:=$PWD/fgcode}"
: "${FIXTURES:=$(cd "$top_srcdir" && pwd)/fixtures}"
TESTS_DIR=$(cd "$top_srcdir/tests/cli" && pwd)
SRCDIR_ABS=$(cd "$top_srcdir" && pwd)
SCRIPT_NAME=$(basename "$0" .sh)
GOLDEN_DIR="$TESTS_DIR/expected/$SCRIPT_NAME"
SHARED=$(cd "$top_srcdir/.." 2>/dev/null && pwd)/shared

export TZ=UTC LC_ALL=C.UTF-8 FGCODE_NOW=2026-01-01T00:00:00Z
export FGCODE_CODER=tester
unset FGCODE_DB
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fgcode-cli.XXXXXX")
export HOME="$TMP/home"
mkdir -p "$HOME"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 99

n=0
failed=0

fg() { "$FGCODE" "$@"; }

ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP ${2:-}"; }

# step NAME CMD [ARGS...]: run CMD, compare with the golden file NAME.
step() {
	name=$1
	shift
	"$@" > "$TMP/.out" 2> "$TMP/.err"
	rc=$?
	{
		echo "\$ $*"
		echo "--- stdout"
		cat "$TMP/.out"
		echo "--- stderr"
		cat "$TMP/.err"
		echo "--- exit $rc"
	} | sed "s|$TMP|\$TMP|g; s|$FGCODE|fgcode|g; s|$FIXTURES|\$FIXTURES|g; s|$SRCDIR_ABS|\$SRCDIR|g" > "$TMP/.got"
	if [ "${FGCODE_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$GOLDEN_DIR"
		cp "$TMP/.got" "$GOLDEN_DIR/$name"
	fi
	if [ ! -f "$GOLDEN_DIR/$name" ]; then
		notok "$name (no golden file $GOLDEN_DIR/$name)"
		sed 's/^/# /' "$TMP/.got"
	elif cmp -s "$TMP/.got" "$GOLDEN_DIR/$name"; then
		ok "$name"
	else
		notok "$name"
		diff -u "$GOLDEN_DIR/$name" "$TMP/.got" | sed 's/^/# /'
	fi
}

# expect NAME EXPECTED ACTUAL: a single computed value.
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		notok "$1"
		echo "#   expected: $2"
		echo "#   got:      $3"
	fi
}

# have_shared REL: true when ../shared/REL exists (tests skip otherwise).
have_shared() { [ -e "$SHARED/$1" ]; }

# sql QUERY: run a query on ./fgcode.db with sqlite3 (when installed).
sql() { sqlite3 -batch -noheader fgcode.db "$1"; }

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
