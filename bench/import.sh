#!/bin/sh
# bench/import.sh - time `fgcode import` against sqlite3's `.import` of the
# same turns as CSV, and record fgcode's peak memory.  A report, not a test:
# it exits 0 whether or not the target is met, and non-zero only when a
# step fails to run (e.g. fgcode import exits with an error).
#
# Run from the build directory (`make bench` does), or set the paths:
#   FGCODE=./fgcode GEN_CORPUS=./bench/gen-corpus sh /path/to/bench/import.sh
#
# Environment:
#   BENCH_MB     corpus size in MiB of transcript files      (default 100)
#   BENCH_FILES  number of transcript files                   (default 10)
#   BENCH_RUNS   list of MB:FILES runs; default "BENCH_MB:BENCH_FILES
#                BENCH_MB/2:BENCH_FILES/2", i.e. a second run with half the
#                corpus in files of the same size, so the largest file stays
#                the same and peak memory should not move
#   BENCH_SEED   generator seed                               (default 1)
#   BENCH_REPEAT times each import is repeated, each into a new database;
#                the table shows the median time and the largest peak RSS
#                (default 3)
#   BENCH_TMPDIR where to put the corpus and databases (default: mktemp -d)
#   BENCH_KEEP   1 to keep the temporary directory
#   BENCH_RSS_PROC  1 to poll /proc even when /usr/bin/time exists
#   FGCODE, GEN_CORPUS, SQLITE3  the programs (default ./fgcode,
#                ./bench/gen-corpus, sqlite3)
#
# What is compared, per run, both on the same freshly written (so cached)
# corpus, each into a new database file:
#   fgcode:  `fgcode init` then `fgcode import --quiet FILE...` (all files
#            in one command); fgcode itself uses journal_mode=WAL and
#            synchronous=NORMAL.  This stores each file's text, front matter,
#            hashes, the focus group, participants and one row per turn
#            with offsets.
#   sqlite3: one `sqlite3 NEW.db` session: PRAGMA journal_mode=WAL;
#            PRAGMA synchronous=NORMAL; CREATE TABLE turns(file TEXT,
#            seq INTEGER, speaker TEXT, text TEXT); .import --csv --skip 1
#            turns.csv turns  (the same turns, label excluded, as CSV).
# Times are wall-clock seconds from `date +%s.%N` around each whole step
# (process start-up included).  Peak RSS is the import process's maximum
# resident set size, from /usr/bin/time -f %M when that exists, else from
# polling VmHWM in /proc/PID/status every 20 ms (which can miss a final
# peak shorter than that).

set -u

FGCODE=${FGCODE:-./fgcode}
GEN_CORPUS=${GEN_CORPUS:-./bench/gen-corpus}
SQLITE3=${SQLITE3:-sqlite3}
BENCH_MB=${BENCH_MB:-100}
BENCH_FILES=${BENCH_FILES:-10}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_REPEAT=${BENCH_REPEAT:-3}
TARGET=1.5

die() {
	echo "bench/import.sh: $*" >&2
	exit 1
}

case $BENCH_MB$BENCH_FILES$BENCH_REPEAT in
*[!0-9]*) die "BENCH_MB, BENCH_FILES and BENCH_REPEAT must be whole numbers" ;;
esac
if [ "$BENCH_MB" -lt 1 ] || [ "$BENCH_FILES" -lt 1 ] ||
    [ "$BENCH_REPEAT" -lt 1 ]; then
	die "BENCH_MB, BENCH_FILES and BENCH_REPEAT must be at least 1"
fi
if [ -z "${BENCH_RUNS:-}" ]; then
	half_mb=$((BENCH_MB / 2))
	half_files=$((BENCH_FILES / 2))
	BENCH_RUNS="$BENCH_MB:$BENCH_FILES"
	if [ "$half_mb" -ge 1 ] && [ "$half_files" -ge 1 ]; then
		BENCH_RUNS="$BENCH_RUNS $half_mb:$half_files"
	fi
fi

[ -x "$FGCODE" ] || die "no fgcode at $FGCODE (run from the build dir or set FGCODE)"
[ -x "$GEN_CORPUS" ] || die "no generator at $GEN_CORPUS (make bench/gen-corpus, or set GEN_CORPUS)"
command -v "$SQLITE3" >/dev/null 2>&1 || die "no $SQLITE3 on PATH (set SQLITE3)"
FGCODE=$(cd "$(dirname "$FGCODE")" && pwd)/$(basename "$FGCODE")
GEN_CORPUS=$(cd "$(dirname "$GEN_CORPUS")" && pwd)/$(basename "$GEN_CORPUS")

if [ "${BENCH_RSS_PROC:-0}" != 1 ] && [ -x /usr/bin/time ] &&
    /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	rss_how="/usr/bin/time -f '%M %U %S' (GNU time)"
else
	rss_how="VmHWM polled from /proc every 20 ms"
	[ -r /proc/self/status ] || rss_how=""
fi

if [ -n "${BENCH_TMPDIR:-}" ]; then
	work=$BENCH_TMPDIR
	mkdir -p "$work" || die "cannot create $work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/fgcode-bench.XXXXXX") ||
		die "cannot create a temporary directory"
fi
cleanup() {
	[ "$BENCH_KEEP" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() {
	date +%s.%N
}

# elapsed T0 T1: seconds between two `now` stamps, 3 decimals.
elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'
}

# run_peak OUTFILE CMD...: run CMD; write "PEAK_KIB CPU_SECONDS" to OUTFILE
# (either may be "?" when it cannot be measured) and return CMD's status.
run_peak() {
	out=$1
	shift
	case $rss_how in
	/usr/bin/time*)
		/usr/bin/time -f '%M %U %S' -o "$out" "$@"
		rc=$?
		# After a failure /usr/bin/time writes "Command exited with
		# non-zero status N" first; the figures are the last line.
		tail -n 1 "$out" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }' \
		    > "$out.t" && mv "$out.t" "$out"
		return $rc
		;;
	"")
		echo "? ?" > "$out"
		"$@"
		return $?
		;;
	esac
	"$@" &
	pid=$!
	hwm=0
	while kill -0 "$pid" 2>/dev/null; do
		v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
		sleep 0.02
	done
	wait "$pid"
	rc=$?
	echo "$hwm ?" > "$out"
	return $rc
}

# median X...: the median of numbers (the mean of the middle two for an
# even count); "?" if any is not a number.
median() {
	printf '%s\n' "$@" | sort -n | awk '
		!/^[0-9.]+$/ { bad = 1 }
		{ v[NR] = $1 }
		END {
			if (bad || NR == 0) { print "?"; exit }
			if (NR % 2) m = v[(NR + 1) / 2]
			else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f\n", m
		}'
}

# minnum X...: the smallest number, "?" if any is not a number.
minnum() {
	printf '%s\n' "$@" | awk '
		!/^[0-9.]+$/ { bad = 1 }
		NR == 1 || $1 + 0 < m { m = $1 + 0 }
		END { if (bad || NR == 0) print "?"; else printf "%.2f\n", m }'
}

# maxnum X...: the largest number, "?" if any is not a number.
maxnum() {
	printf '%s\n' "$@" | awk '
		!/^[0-9]+$/ { bad = 1 }
		$1 + 0 > m { m = $1 + 0 }
		END { print bad ? "?" : m }'
}

# ratio A B: A / B with 2 decimals, "?" when either is not a number.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/) print "?"
		else if (b > 0) printf "%.2f", a / b
		else print "inf" }'
}

mib() {
	case $1 in
	*[!0-9]*|"") echo "?" ;;
	*) awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' ;;
	esac
}

echo "fgcode import benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -srm), $(nproc 2>/dev/null || echo '?') CPUs"
echo "fgcode: $FGCODE ($("$FGCODE" --version 2>/dev/null || echo 'version ?'))"
echo "sqlite3: $(command -v "$SQLITE3") $("$SQLITE3" --version | cut -d' ' -f1)"
echo "peak RSS: ${rss_how:-not measured (no /usr/bin/time, no /proc)}"
echo "work dir: $work"
echo

table=$work/table.txt
: > "$table"
verdict=""
first=1
for run in $BENCH_RUNS; do
	mb=${run%%:*}
	nf=${run#*:}
	dir=$work/corpus-$mb-$nf
	rm -rf "$dir"
	mkdir -p "$dir" || die "cannot create $dir"
	echo "== $mb MiB in $nf files (seed $BENCH_SEED)"
	info=$("$GEN_CORPUS" "$dir" "$mb" "$nf" "$BENCH_SEED") ||
		die "gen-corpus failed"
	# "files N bytes B largest L turns T"
	# shellcheck disable=SC2086 # split on purpose
	set -- $info
	bytes=$4
	largest=$6
	nturns=$8

	sdb=$work/sqlite-$mb-$nf.db
	fdb=$work/fgcode-$mb-$nf.db
	s_times="" f_times="" f_cpus="" s_kibs="" f_kibs=""
	rep=1
	while [ $rep -le "$BENCH_REPEAT" ]; do
		rm -f "$sdb" "$sdb-wal" "$sdb-shm"
		t0=$(now)
		# One connection; each argument is run in turn.
		run_peak "$work/sqlite.out" "$SQLITE3" "$sdb" \
		    "PRAGMA journal_mode=WAL" "PRAGMA synchronous=NORMAL" \
		    "CREATE TABLE turns(file TEXT, seq INTEGER, speaker TEXT, text TEXT)" \
		    ".import --csv --skip 1 '$dir/turns.csv' turns" > /dev/null ||
			die "sqlite3 .import failed"
		t1=$(now)
		s_sec=$(elapsed "$t0" "$t1")
		s_rows=$("$SQLITE3" "$sdb" "SELECT count(*) FROM turns") ||
			s_rows="?"

		rm -f "$fdb" "$fdb-wal" "$fdb-shm"
		t0=$(now)
		FGCODE_DB=$fdb FGCODE_CODER=bench "$FGCODE" init --quiet ||
			die "fgcode init failed"
		run_peak "$work/fgcode.out" env FGCODE_DB="$fdb" \
		    FGCODE_CODER=bench "$FGCODE" import --quiet "$dir"/fg-*.txt ||
			die "fgcode import failed (exit $?)"
		t1=$(now)
		f_sec=$(elapsed "$t0" "$t1")
		f_rows=$("$SQLITE3" "$fdb" "SELECT count(*) FROM turn" \
		    2>/dev/null) || f_rows="?"
		[ "$f_rows" = "$nturns" ] && [ "$s_rows" = "$nturns" ] ||
			echo "warning: turn counts differ: generated $nturns," \
			    "fgcode $f_rows, sqlite3 $s_rows" >&2

		read -r f_kib f_cpu < "$work/fgcode.out"
		read -r s_kib s_cpu < "$work/sqlite.out"
		echo "   run $rep/$BENCH_REPEAT: sqlite3 $s_sec s" \
		    "(CPU $s_cpu s, peak $(mib "$s_kib") MiB)," \
		    "fgcode $f_sec s (CPU $f_cpu s, peak $(mib "$f_kib") MiB)"
		s_times="$s_times $s_sec"
		f_times="$f_times $f_sec"
		f_cpus="$f_cpus $f_cpu"
		s_kibs="$s_kibs $s_kib"
		f_kibs="$f_kibs $f_kib"
		rep=$((rep + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	{
		s_sec=$(median $s_times)
		f_sec=$(median $f_times)
		f_cpu=$(median $f_cpus)
		s_min=$(minnum $s_times)
		f_min=$(minnum $f_times)
		s_rss=$(mib "$(maxnum $s_kibs)")
		f_rss=$(mib "$(maxnum $f_kibs)")
	}
	ratio=$(ratio "$f_sec" "$s_sec")
	best=$(ratio "$f_min" "$s_min")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
	    "$(mib $((bytes / 1024)))" "$nf" "$nturns" "$f_sec" "$s_sec" \
	    "$ratio" "$best" "$f_cpu" "$f_rss" "$(mib $((largest / 1024)))" "$s_rss" \
	    "$(mib $(($(wc -c < "$fdb") / 1024)))" >> "$table"
	if [ $first = 1 ]; then
		first=0
		verdict=$(awk -v r="$ratio" -v t=$TARGET 'BEGIN {
			met = r ~ /^[0-9.]+$/ && r + 0 <= t + 0
			print met ? "TARGET MET" : "TARGET MISSED" }')
		verdict="$verdict: fgcode/sqlite3 = $ratio at $mb MiB, median of $BENCH_REPEAT (target <= ${TARGET}x; best-of-$BENCH_REPEAT ratio $best)"
	fi
	[ "$BENCH_KEEP" = 1 ] || rm -rf "$dir" "$sdb" "$sdb-wal" "$sdb-shm" \
	    "$fdb" "$fdb-wal" "$fdb-shm"
done

echo
{
	printf 'corpus_MiB\tfiles\tturns\tfgcode_s\tsqlite3_s\tratio\tbest_ratio\tfgcode_cpu_s\tfgcode_RSS_MiB\tlargest_file_MiB\tsqlite3_RSS_MiB\tfgcode_db_MiB\n'
	cat "$table"
} | awk -F '\t' '{
	for (i = 1; i <= NF; i++) {
		cell[NR, i] = $i
		if (length($i) > w[i]) w[i] = length($i)
	}
	if (NF > nf) nf = NF
	rows = NR
} END {
	for (r = 1; r <= rows; r++) {
		line = ""
		for (i = 1; i <= nf; i++)
			line = line sprintf(i == 1 ? "%*s" : "  %*s", w[i], cell[r, i])
		print line
	}
}'
echo
echo "$verdict"
exit 0
