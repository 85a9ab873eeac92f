#!/bin/sh
# bench/ols.sh - time `fgcode stats ols` (read the CSV and fit) against R's
# read.csv + lm + summary on the same file, and compare their estimates.
# A report, not a test: it exits 0 whether or not the target (fgcode at
# least 10 times faster, the same estimates to 10 significant digits) is
# met, and non-zero only when a step fails to run.
#
# Run from the build directory after `make fgcode bench/gen-ols`:
#   sh /path/to/src/bench/ols.sh
# or set the paths:
#   FGCODE=./fgcode GEN_OLS=./bench/gen-ols sh /path/to/bench/ols.sh
#
# Environment:
#   BENCH_ROWS    rows of the data set                 (default 1000000)
#   BENCH_P       predictors                           (default 12)
#   BENCH_SEED    generator seed                       (default 1)
#   BENCH_REPEAT  runs of each program; the table shows the median and
#                 the best wall-clock time             (default 3)
#   BENCH_TMPDIR  where the CSV goes (default: mktemp -d); BENCH_KEEP=1
#                 keeps it
#   BENCH_EXACT   1: also solve the normal equations exactly (python3,
#                 integers: gen-ols prints at most six decimals) and say
#                 how far fgcode and R are from that; about a minute for
#                 a million rows
#   FGCODE, GEN_OLS, RSCRIPT  the programs (default ./fgcode,
#                 ./bench/gen-ols, Rscript)
#
# Both programs are timed as whole processes (start-up included) with
# `date +%s.%N`, on the same file, already in the page cache.  R also
# reports its own read and fit times.  Without Rscript, fgcode alone is
# reported (R is a benchmark dependency only: apt-get install r-base-core).

set -u

FGCODE=${FGCODE:-./fgcode}
GEN_OLS=${GEN_OLS:-./bench/gen-ols}
RSCRIPT=${RSCRIPT:-Rscript}
BENCH_ROWS=${BENCH_ROWS:-1000000}
BENCH_P=${BENCH_P:-12}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_REPEAT=${BENCH_REPEAT:-3}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_EXACT=${BENCH_EXACT:-0}

die() {
	echo "bench/ols.sh: $*" >&2
	exit 1
}

[ -x "$FGCODE" ] || die "no fgcode at $FGCODE (set FGCODE)"
[ -x "$GEN_OLS" ] || die "no generator at $GEN_OLS (make bench/gen-ols)"
if [ -n "${BENCH_TMPDIR:-}" ]; then
	DIR=$BENCH_TMPDIR
	mkdir -p "$DIR" || die "cannot create $DIR"
else
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/fgcode-bench-ols.XXXXXX") ||
	    die "mktemp failed"
fi
[ "$BENCH_KEEP" = 1 ] || trap 'rm -rf "$DIR"' EXIT

now() { date +%s.%N; }
# median and minimum of the numbers on stdin
stats() {
	sort -n | awk '{ v[NR] = $1 } END {
	    if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
	    printf "%.3f %.3f\n", m, v[1] }'
}
# b - a, from two date +%s.%N stamps
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f\n", b - a }'; }

CSV=$DIR/ols.csv
echo "generating $BENCH_ROWS rows x $BENCH_P predictors ..."
"$GEN_OLS" -n "$BENCH_ROWS" -p "$BENCH_P" -s "$BENCH_SEED" > "$CSV" ||
    die "gen-ols failed"
BYTES=$(wc -c < "$CSV")
cat "$CSV" > /dev/null
XS=$(awk -F, 'NR == 1 { for (i = 2; i <= NF; i++)
    printf "%s%s", $i, i < NF ? "," : ""; exit }' "$CSV")

: > "$DIR/t.fg"
i=0
while [ $i -lt "$BENCH_REPEAT" ]; do
	t0=$(now)
	"$FGCODE" stats ols "$CSV" --y y --x "$XS" --format json --quiet \
	    > "$DIR/fg.json" || die "fgcode stats ols failed"
	t1=$(now)
	elapsed "$t0" "$t1" >> "$DIR/t.fg"
	i=$((i + 1))
done
set -- $(stats < "$DIR/t.fg")
FG_MED=$1 FG_BEST=$2

HAVE_R=0
if command -v "$RSCRIPT" > /dev/null 2>&1; then
	HAVE_R=1
	cat > "$DIR/lm.R" <<'EOF'
a <- commandArgs(TRUE)
t0 <- proc.time()[["elapsed"]]
d <- read.csv(a[1])
t1 <- proc.time()[["elapsed"]]
s <- summary(lm(y ~ ., data = d))
t2 <- proc.time()[["elapsed"]]
cf <- coef(s)
writeLines(sprintf("%.17g %.17g", cf[, 1], cf[, 2]), a[2])
cat(sprintf("%.3f %.3f\n", t1 - t0, t2 - t1))
EOF
	: > "$DIR/t.r"
	: > "$DIR/t.rin"
	i=0
	while [ $i -lt "$BENCH_REPEAT" ]; do
		t0=$(now)
		"$RSCRIPT" "$DIR/lm.R" "$CSV" "$DIR/r.txt" >> "$DIR/t.rin" ||
		    die "R failed"
		t1=$(now)
		elapsed "$t0" "$t1" >> "$DIR/t.r"
		i=$((i + 1))
	done
	set -- $(stats < "$DIR/t.r")
	R_MED=$1 R_BEST=$2
	R_READ=$(cut -d' ' -f1 "$DIR/t.rin" | stats | cut -d' ' -f1)
	R_FIT=$(cut -d' ' -f2 "$DIR/t.rin" | stats | cut -d' ' -f1)
	# fgcode's estimates and standard errors, one term a line
	tr -d ' \n' < "$DIR/fg.json" | sed 's/"terms":\[//; s/\],"r2".*//' |
	    tr '}' '\n' | sed -n 's/.*"estimate":\([^,]*\),"se":\([^,]*\),.*/\1 \2/p' \
	    > "$DIR/fg.txt"
	CMP=$(paste -d' ' "$DIR/fg.txt" "$DIR/r.txt" | awk '
	    function rel(a, b) { d = a - b; d = d < 0 ? -d : d;
	        b = b < 0 ? -b : b; return b > 0 ? d / b : d }
	    { e = rel($1, $3); s = rel($2, $4); if (e > me) me = e;
	      if (s > ms) ms = s; n++ }
	    END { printf "%d %.3g %.3g\n", n, me, ms }')
	set -- $CMP
	NTERMS=$1 MAXREL_EST=$2 MAXREL_SE=$3
fi

EXACT=
if [ "$BENCH_EXACT" = 1 ] && command -v python3 > /dev/null 2>&1; then
	cat > "$DIR/exact.py" <<'EOF'
import sys
from fractions import Fraction as Q
def scaled(s):  # s * 10^6 as an integer (at most six decimals)
    neg = s.startswith('-')
    a, _, b = s.lstrip('-').partition('.')
    v = int(a + b.ljust(6, '0'))
    return -v if neg else v
rows = open(sys.argv[1])
p = len(rows.readline().split(','))          # y + predictors
A = [[0] * (p + 1) for _ in range(p + 1)]     # [1 x y]'[1 x y]
for line in rows:
    t = line.rstrip('\n').split(',')
    r = [10 ** 6] + [scaled(v) for v in t[1:]] + [scaled(t[0])]
    for a in range(p + 1):
        ra, Aa = r[a], A[a]
        for b in range(a, p + 1):
            Aa[b] += ra * r[b]
M = [[Q(A[min(a, b)][max(a, b)]) for b in range(p + 1)] for a in range(p)]
for k in range(p):
    M[k] = [v / M[k][k] for v in M[k]]
    for i in range(p):
        if i != k and M[i][k] != 0:
            f = M[i][k]
            M[i] = [x - f * y for x, y in zip(M[i], M[k])]
exact = [M[a][p] for a in range(p)]
def worst(path):
    got = [float(l.split()[0]) for l in open(path)]
    return max(abs(Q(g) - e) / abs(e) for g, e in zip(got, exact))
out = ['fgcode %.3g' % worst(sys.argv[2])]
if len(sys.argv) > 3:
    out.append('R %.3g' % worst(sys.argv[3]))
print(', '.join(out))
EOF
	[ -s "$DIR/fg.txt" ] || tr -d ' \n' < "$DIR/fg.json" |
	    sed 's/"terms":\[//; s/\],"r2".*//' | tr '}' '\n' |
	    sed -n 's/.*"estimate":\([^,]*\),"se":\([^,]*\),.*/\1 \2/p' \
	    > "$DIR/fg.txt"
	echo "solving exactly ..."
	if [ $HAVE_R = 1 ]; then
		EXACT=$(python3 "$DIR/exact.py" "$CSV" "$DIR/fg.txt" "$DIR/r.txt")
	else
		EXACT=$(python3 "$DIR/exact.py" "$CSV" "$DIR/fg.txt")
	fi
fi

echo
echo "data: $BENCH_ROWS rows x $BENCH_P predictors, $BYTES bytes ($CSV)"
printf '%-34s %10s %10s\n' "" "median s" "best s"
printf '%-34s %10s %10s\n' "fgcode stats ols (read + fit)" "$FG_MED" "$FG_BEST"
if [ $HAVE_R = 1 ]; then
	printf '%-34s %10s %10s\n' "R read.csv + lm + summary" "$R_MED" "$R_BEST"
	printf '%-34s %10s\n' "  of which read.csv (R's clock)" "$R_READ"
	printf '%-34s %10s\n' "  of which lm + summary" "$R_FIT"
	RATIO=$(awk -v a="$R_MED" -v b="$FG_MED" 'BEGIN { print a / b }')
	RATIO_BEST=$(awk -v a="$R_BEST" -v b="$FG_BEST" 'BEGIN { print a / b }')
	printf 'ratio R / fgcode: %.1f (median), %.1f (best); target >= 10\n' \
	    "$RATIO" "$RATIO_BEST"
	echo "estimates ($NTERMS terms): max relative difference $MAXREL_EST;" \
	    "standard errors: $MAXREL_SE (target: < 1e-10)"
	awk -v r="$RATIO" -v e="$MAXREL_EST" 'BEGIN {
	    print (r >= 10 && e < 1e-10) ? "target met" : "target NOT met" }'
else
	echo "Rscript not found: fgcode alone (install r-base-core to compare)"
fi
[ -n "$EXACT" ] && echo "max relative error of the estimates against the" \
    "exact solution: $EXACT"
exit 0
