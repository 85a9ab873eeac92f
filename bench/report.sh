#!/bin/sh
# bench/report.sh - time `fgcode report freq`, `report crosstab` and
# `report joint` on a large synthetic project against the same counts
# computed by plain SQL in `sqlite3` on the same file, as ratios.  A
# report, not a test: it exits 0 whether or not the target (fgcode no
# slower than the plain SQL) is met, and non-zero only when a step fails.
#
# Run from the build directory after `make fgcode bench/gen-report`:
#   sh /path/to/src/bench/report.sh
# or set the paths:
#   FGCODE=./fgcode GEN_REPORT=./bench/gen-report sh /path/to/bench/report.sh
#
# Environment:
#   BENCH_SOURCES  transcripts                              (default 10000)
#   BENCH_CODINGS  codings                                  (default 1000000)
#   BENCH_SEED     generator seed                           (default 1)
#   BENCH_REPEAT   runs of each command; the table shows the median and
#                  the best wall-clock time                 (default 3)
#   BENCH_TMPDIR   where the project goes (default: mktemp -d); BENCH_KEEP=1
#                  keeps it; BENCH_REUSE=1 uses the project already there
#                  (from a run with BENCH_KEEP=1) instead of building one
#   FGCODE, GEN_REPORT, SQLITE3  the programs (default ./fgcode,
#                  ./bench/gen-report, sqlite3)
#
# The project: gen-report's SQL (BENCH_SOURCES / 5 focus groups of six
# participants, 60 turns per transcript, the fixture codebook, the codings
# spread evenly) read by sqlite3 into a project made by `fgcode init`, and
# the seed's Table 3 loaded with `fgcode wvs load-table`.  Each command is
# timed as a whole process (start-up included) with `date +%s.%N`, on the
# same file, already in the page cache; output goes to /dev/null.
#
# What is compared:
#   freq      fgcode report freq --by city
#             sqlite3: per code and city, and per code, the distinct
#             codings, turns overlapped, participants and focus groups
#   crosstab  fgcode report crosstab --cols city
#             sqlite3: codings per code and city, per code, per city
#   crosstab  fgcode report crosstab --cols gender
#   (gender)  sqlite3: distinct codings per code and gender of the turns
#             they overlap, per code, per gender
#   joint     fgcode report joint --link fixtures/link/seed-link.yaml
#             --format csv (participant unit; also words spoken, codings
#             per side, groups, rates, readings, two quotes per row, and
#             the digests of the codebook, roster, sources and codings)
#             sqlite3: for every participant who speaks, whether each
#             model's and term's codes overlap their turns, then the units
#             and units with the codes of both sides of every linked row
#             (a subset of what fgcode computes)

set -u

FGCODE=${FGCODE:-./fgcode}
GEN_REPORT=${GEN_REPORT:-./bench/gen-report}
SQLITE3=${SQLITE3:-sqlite3}
BENCH_SOURCES=${BENCH_SOURCES:-10000}
BENCH_CODINGS=${BENCH_CODINGS:-1000000}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_REPEAT=${BENCH_REPEAT:-3}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_REUSE=${BENCH_REUSE:-0}
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)

die() {
	echo "bench/report.sh: $*" >&2
	exit 1
}

command -v "$SQLITE3" > /dev/null 2>&1 || die "needs $SQLITE3"
[ -x "$FGCODE" ] || die "no $FGCODE (make fgcode)"
[ -x "$GEN_REPORT" ] || die "no $GEN_REPORT (make bench/gen-report)"
FGCODE=$(cd "$(dirname "$FGCODE")" && pwd)/$(basename "$FGCODE")

if [ -n "${BENCH_TMPDIR:-}" ]; then
	TMP=$BENCH_TMPDIR
	mkdir -p "$TMP" || die "cannot make $TMP"
else
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/fgcode-bench-report.XXXXXX") ||
	    die "mktemp"
fi
[ "$BENCH_KEEP" = 1 ] || trap 'rm -rf "$TMP"' EXIT
DB=$TMP/bench.db

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }

# ---- the project ----------------------------------------------------------
echo "bench/report.sh: $BENCH_SOURCES sources, $BENCH_CODINGS codings" \
    "(seed $BENCH_SEED) in $TMP"
t0=$(now)
if [ "$BENCH_REUSE" = 1 ] && [ -f "$DB" ]; then
	echo "reusing $DB"
else
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$FGCODE" --db "$DB" init --quiet || die "fgcode init failed"
	"$GEN_REPORT" "$BENCH_SOURCES" "$BENCH_CODINGS" "$BENCH_SEED" |
	    "$SQLITE3" -batch "$DB" ||
	    die "loading the generated project failed"
	"$FGCODE" --db "$DB" --quiet wvs load-table \
	    "$SRCDIR/fixtures/wvs/seed-table3.yaml" 2> /dev/null ||
	    die "wvs load-table failed"
fi
t1=$(now)
echo "ready in $(elapsed "$t0" "$t1") s: $("$SQLITE3" "$DB" "SELECT
    (SELECT count(*) FROM source) || ' sources, ' || (SELECT count(*) FROM
    turn) || ' turns, ' || (SELECT count(*) FROM coding) || ' codings, ' ||
    (SELECT count(*) FROM participant) || ' participants, ' ||
    (SELECT sum(n_bytes) / 1048576 FROM source) || ' MiB of text'")"
echo

# ---- the plain SQL --------------------------------------------------------
FREQ_SQL="WITH att AS (SELECT c.id AS cid, c.code_id AS code, t.id AS tid,
    t.participant_id AS pid, s.group_id AS gid, g.city AS city FROM coding c
    JOIN source s ON s.id = c.source_id LEFT JOIN turn t ON t.source_id =
    c.source_id AND t.start_cp < c.end_cp AND t.end_cp > c.start_cp LEFT
    JOIN focus_group g ON g.id = s.group_id)
  SELECT code, city, count(DISTINCT cid), count(DISTINCT tid),
    count(DISTINCT pid), count(DISTINCT gid) FROM att GROUP BY code, city
  UNION ALL SELECT code, NULL, count(DISTINCT cid), count(DISTINCT tid),
    count(DISTINCT pid), count(DISTINCT gid) FROM att GROUP BY code;"
XCITY_SQL="WITH att AS (SELECT c.code_id AS code, g.city AS city FROM
    coding c JOIN source s ON s.id = c.source_id LEFT JOIN focus_group g ON
    g.id = s.group_id)
  SELECT code, city, count(*) FROM att GROUP BY code, city
  UNION ALL SELECT code, NULL, count(*) FROM att GROUP BY code
  UNION ALL SELECT NULL, city, count(*) FROM att GROUP BY city;"
XGENDER_SQL="WITH att AS (SELECT c.id AS cid, c.code_id AS code, p.gender
    AS gender FROM coding c LEFT JOIN turn t ON t.source_id = c.source_id
    AND t.start_cp < c.end_cp AND t.end_cp > c.start_cp LEFT JOIN
    participant p ON p.id = t.participant_id)
  SELECT code, gender, count(DISTINCT cid) FROM att GROUP BY code, gender
  UNION ALL SELECT code, NULL, count(DISTINCT cid) FROM att GROUP BY code
  UNION ALL SELECT NULL, gender, count(DISTINCT cid) FROM att GROUP BY
    gender;"
# gen-report's code ids: 4 divorce-and-ICT, 5 online-infidelity, 6 duty,
# 8 same-sex-visibility, 9 calls-for-ban, 11 same-sex-parents, 13 religion,
# 14 social-media-use
cols=""
for m in m1 m2 m3; do
	for side in "female:gender = 'female'" "male:gender = 'male'" \
	    "a30:age BETWEEN 30 AND 49" "a50:age >= 50" "a18:age BETWEEN 18 AND 29" \
	    "rel:rel = 1" "norel:rel = 0" "duty:duty = 1" "noduty:duty = 0" \
	    "sm:sm = 1" "nosm:sm = 0" \
	    "urban:city IN ('Almaty', 'Nur-Sultan', 'Shymkent')" \
	    "rural:city IN ('Aktau', 'Kyzylorda')"; do
		cond=${side#*:}
		cols="$cols, sum(CASE WHEN $cond THEN 1 ELSE 0 END),
		    sum(CASE WHEN $cond THEN $m ELSE 0 END)"
	done
done
JOINT_SQL="WITH pt AS (SELECT participant_id AS pid, source_id AS sid,
    start_cp AS s, end_cp AS e FROM turn WHERE participant_id IS NOT NULL),
  hits AS (SELECT pt.pid, c.code_id AS k FROM pt JOIN coding c ON
    c.source_id = pt.sid AND c.start_cp < pt.e AND c.end_cp > pt.s WHERE
    c.code_id IN (4, 5, 6, 8, 9, 11, 13, 14)),
  pf AS (SELECT p.id, p.gender, p.age, g.city,
    coalesce(max(h.k IN (4, 5)), 0) AS m1,
    coalesce(max(h.k IN (8, 9)), 0) AS m2,
    coalesce(max(h.k = 11), 0) AS m3,
    coalesce(max(h.k = 13), 0) AS rel,
    coalesce(max(h.k = 6), 0) AS duty,
    coalesce(max(h.k = 14), 0) AS sm
    FROM participant p JOIN focus_group g ON g.id = p.group_id
    JOIN (SELECT DISTINCT pid FROM pt) sp ON sp.pid = p.id
    LEFT JOIN hits h ON h.pid = p.id GROUP BY p.id)
  SELECT count(*) $cols FROM pf;"

# ---- timing -----------------------------------------------------------------
# run N CMD...: wall-clock seconds of each of N runs, one per line
run() {
	n=$1
	shift
	i=0
	while [ "$i" -lt "$n" ]; do
		a=$(now)
		"$@" > /dev/null 2> "$TMP/.err" || {
			cat "$TMP/.err" >&2
			die "failed: $*"
		}
		b=$(now)
		elapsed "$a" "$b"
		echo
		i=$((i + 1))
	done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
best() { sort -n | head -1; }
sql() { "$SQLITE3" -batch "$DB" "$1"; }

printf '%-18s %12s %12s %12s %12s %8s %8s\n' report "fgcode med" \
    "fgcode best" "sqlite3 med" "sqlite3 best" "ratio" "best"
compare() {
	name=$1
	query=$2
	shift 2
	run "$BENCH_REPEAT" "$@" > "$TMP/.f"
	run "$BENCH_REPEAT" sql "$query" > "$TMP/.s"
	fm=$(median < "$TMP/.f")
	fb=$(best < "$TMP/.f")
	sm=$(median < "$TMP/.s")
	sb=$(best < "$TMP/.s")
	printf '%-18s %12s %12s %12s %12s %8s %8s\n' "$name" "$fm" "$fb" \
	    "$sm" "$sb" "$(echo "$fm $sm" | awk '{ printf "%.2f", $1 / $2 }')" \
	    "$(echo "$fb $sb" | awk '{ printf "%.2f", $1 / $2 }')"
}
compare freq "$FREQ_SQL" "$FGCODE" --db "$DB" report freq --by city
compare crosstab "$XCITY_SQL" "$FGCODE" --db "$DB" report crosstab \
    --cols city
compare "crosstab (gender)" "$XGENDER_SQL" "$FGCODE" --db "$DB" report \
    crosstab --cols gender
compare joint "$JOINT_SQL" "$FGCODE" --db "$DB" --quiet report joint \
    --link "$SRCDIR/fixtures/link/seed-link.yaml" --format csv
echo
echo "ratio: fgcode's median over sqlite3's; best: best over best;" \
    "target: at most 1.00"
