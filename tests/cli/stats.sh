#!/bin/sh
# stats.sh - fgcode stats ols: table and JSON output, listwise deletion,
# no-intercept models, errors (unknown column, non-numeric value with
# FILE:LINE, collinear and constant columns, too few rows, bad UTF-8,
# usage), exit statuses.  The JSON values are checked against an
# independent computation in exact rational arithmetic (python3
# fractions, p-values from mpmath's incomplete beta function), and three
# NIST StRD datasets go through the CLI end to end.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# Survey-like data: a quoted field spans lines 4-5, row 4 lacks hours and
# row 11 lacks score (both dropped when those columns are used).
cat > survey.csv <<'EOF'
id,group,age,hours,score,wave,note
1,A,23,5.5,61.2,1,plain
2,B,35,3.0,70.4,1,"has, comma"
3,A,41,7.25,80.1,1,"two
lines"
4,B,29,,65.0,1,missing hours
5,A,52,2.5,84.9,1,
6,B,47,6.0,83.3,1,ok
7,A,31,4.75,68.8,1,ok
8,B,60,1.5,90.2,1,ok
9,A,38,8.0,77.7,1,ok
10,B,26,3.5,62.5,1,ok
11,A,44,5.0,,1,missing score
12,B,55,6.5,88.0,1,ok
EOF

step 01-table fg stats ols survey.csv --y score --x age,hours
step 02-json fg stats ols survey.csv --y score --x age --x hours --format json
step 03-no-intercept fg stats ols --no-intercept survey.csv --y score --x age
step 04-quiet fg --quiet stats ols survey.csv --y score --x hours --format json

# ---- the JSON values against exact arithmetic ----
# check.py CSV Y XS INTERCEPT JSON: fit by exact normal equations over
# the rationals read from the CSV text, compare every JSON value.
cat > check.py <<'EOF'
import csv, json, sys
from fractions import Fraction as Q
import mpmath as mp
mp.mp.dps = 50
path, ycol, xcols, icpt, jpath = sys.argv[1:6]
xcols = xcols.split(',')
icpt = icpt == '1'
rows = []
with open(path, newline='', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        vals = [r[ycol]] + [r[c] for c in xcols]
        if any(v.strip() == '' for v in vals):
            continue
        rows.append([Q(v.strip()) for v in vals])
n = len(rows)
X = [([Q(1)] if icpt else []) + r[1:] for r in rows]
y = [r[0] for r in rows]
p = len(X[0])
A = [[sum(X[i][a] * X[i][b] for i in range(n)) for b in range(p)] for a in range(p)]
c = [sum(X[i][a] * y[i] for i in range(n)) for a in range(p)]
# exact inverse of A by Gauss-Jordan
M = [A[a][:] + [Q(int(a == b)) for b in range(p)] for a in range(p)]
for k in range(p):
    piv = next(i for i in range(k, p) if M[i][k] != 0)
    M[k], M[piv] = M[piv], M[k]
    d = M[k][k]
    M[k] = [v / d for v in M[k]]
    for i in range(p):
        if i != k and M[i][k] != 0:
            f = M[i][k]
            M[i] = [a - f * b for a, b in zip(M[i], M[k])]
inv = [row[p:] for row in M]
b = [sum(inv[a][k] * c[k] for k in range(p)) for a in range(p)]
res = [y[i] - sum(X[i][a] * b[a] for a in range(p)) for i in range(n)]
ssr = sum(e * e for e in res)
ybar = sum(y) / n
sst = sum((v - ybar) ** 2 for v in y) if icpt else sum(v * v for v in y)
ssm = sst - ssr
dfr, dfm = n - p, p - (1 if icpt else 0)
s2 = ssr / dfr
def mpq(q): return mp.mpf(q.numerator) / q.denominator
def tp(t, df):  # two-sided p of Student's t
    return mp.betainc(mp.mpf(df) / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True)
want = {'terms': []}
names = (['(Intercept)'] if icpt else []) + xcols
for a in range(p):
    se = mp.sqrt(mpq(s2 * inv[a][a]))
    t = mpq(b[a]) / se
    want['terms'].append({'term': names[a], 'estimate': mpq(b[a]), 'se': se, 't': t, 'p': tp(t, dfr)})
F = mpq((ssm / dfm) / s2)
want.update({'r2': mpq(ssm / sst), 'adj_r2': 1 - mpq(ssr / sst) * (n - (1 if icpt else 0)) / dfr,
             'sigma': mp.sqrt(mpq(s2)), 'f': F,
             'f_p': mp.betainc(mp.mpf(dfr) / 2, mp.mpf(dfm) / 2, 0, dfr / (dfr + dfm * F), regularized=True),
             'df_model': dfm, 'df_resid': dfr, 'n': n})
got = json.load(open(jpath))
bad = []
def cmp(name, g, w, tol):
    if isinstance(w, int):
        if g != w: bad.append('%s: got %r want %r' % (name, g, w))
    elif abs(mp.mpf(g) - w) > tol * abs(w):
        bad.append('%s: got %r want %s' % (name, g, mp.nstr(w, 20)))
if list(got.keys()) != ['terms', 'r2', 'adj_r2', 'sigma', 'f', 'f_p', 'df_model', 'df_resid', 'n']:
    bad.append('keys %r' % list(got.keys()))
if len(got['terms']) != p: bad.append('terms')
for a in range(min(p, len(got['terms']))):
    g, w = got['terms'][a], want['terms'][a]
    if list(g.keys()) != ['term', 'estimate', 'se', 't', 'p']: bad.append('term keys')
    if g['term'] != w['term']: bad.append('term name %r' % g['term'])
    for k in ('estimate', 'se', 't'): cmp('%s.%s' % (w['term'], k), g[k], w[k], 1e-13)
    cmp('%s.p' % w['term'], g['p'], w['p'], 1e-10)
for k in ('r2', 'adj_r2', 'sigma', 'f'): cmp(k, got[k], want[k], 1e-13)
cmp('f_p', got['f_p'], want['f_p'], 1e-10)
for k in ('df_model', 'df_resid', 'n'): cmp(k, got[k], want[k], 0)
print('; '.join(bad) if bad else 'ok')
EOF
if command -v python3 > /dev/null 2>&1 && python3 -c 'import mpmath' 2> /dev/null; then
	fg stats ols survey.csv --y score --x age,hours --format json --quiet > j1.json
	expect "exact check: score ~ age + hours" ok \
	    "$(python3 check.py survey.csv score age,hours 1 j1.json)"
	fg stats ols survey.csv --y score --x age --no-intercept --format json --quiet > j2.json
	expect "exact check: score ~ 0 + age" ok \
	    "$(python3 check.py survey.csv score age 0 j2.json)"
	fg stats ols survey.csv --y age --x id,score,hours --format json --quiet > j3.json
	expect "exact check: age ~ id + score + hours" ok \
	    "$(python3 check.py survey.csv age id,score,hours 1 j3.json)"
else
	skip "exact checks" "python3 with mpmath not available"
	skip "exact checks" "python3 with mpmath not available"
	skip "exact checks" "python3 with mpmath not available"
fi

# ---- errors ----
step 05-unknown-column fg stats ols survey.csv --y score --x age,weight
sed 's/^9,A,38,/9,A,n\/a,/' survey.csv > bad-value.csv
step 06-not-a-number fg stats ols bad-value.csv --y score --x age,hours
cat > months.csv <<'EOF'
age,hours,score,age_months
23,5.5,61.2,276
35,3.0,70.4,420
41,7.25,80.1,492
52,2.5,84.9,624
47,6.0,83.3,564
31,4.75,68.8,372
EOF
step 07-collinear fg stats ols months.csv --y score --x age,hours,age_months
step 08-constant fg stats ols survey.csv --y score --x age,wave
printf 'age,hours,score\n23,5.5,61.2\n35,3.0,70.4\n41,,80.1\n' > short.csv
step 09-too-few-rows fg stats ols short.csv --y score --x age,hours
printf 'age,score\n23,61.2\n35,70\xe9\n' > latin1.csv
step 10-bad-utf8 fg stats ols latin1.csv --y score --x age
step 11-no-file fg stats ols nowhere.csv --y score --x age
step 12-no-y fg stats ols survey.csv --x age
step 13-unknown-statistic fg stats anova survey.csv
step 14-bad-format fg stats ols survey.csv --y score --x age --format tsv
step 15-y-is-x fg stats ols survey.csv --y score --x age,score
step 16-two-files fg stats ols survey.csv survey.csv --y score --x age
printf 'x,y\n1,2\n2,\n3,5\n' > exact.csv
step 17-exact-fit fg stats ols exact.csv --y y --x x --format json

# ---- NIST StRD through the CLI: certified values to 9+ digits ----
# The data block of a .dat file becomes a CSV; check.py-like comparison
# of coefficients, standard errors, residual SD and R^2 (LRE >= 9).
cat > nist.py <<'EOF'
import json, math, re, sys
dat, jpath = sys.argv[1:3]
lines = open(dat).read().split('\n')
head = '\n'.join(lines[:10])
ca, cb = map(int, re.search(r'Certified Values\s*\(lines (\d+) to (\d+)', head).groups())
cert = {}
for l in lines[ca - 1:cb]:
    t = l.split()
    if t and re.match(r'B\d+$', t[0]): cert[t[0]] = (float(t[1]), float(t[2]))
    elif l.strip().startswith('Standard Deviation'): cert['sigma'] = float(t[-1])
    elif l.strip().startswith('R-Squared'): cert['r2'] = float(t[-1])
got = json.load(open(jpath))
def lre(g, w):
    e = abs(g) if w == 0 else abs(g - w) / abs(w)
    return 15 if e == 0 else min(15, -math.log10(e))
worst = 15
names = sorted((k for k in cert if k.startswith('B')), key=lambda k: int(k[1:]))
for k, t in zip(names, got['terms']):
    worst = min(worst, lre(t['estimate'], cert[k][0]), lre(t['se'], cert[k][1]))
worst = min(worst, lre(got['sigma'], cert['sigma']), lre(got['r2'], cert['r2']))
print('ok' if worst >= 9 else 'LRE %.1f' % worst)
EOF
nist_csv() {
	# lines from the "Data (lines A to B)" header, whitespace to commas
	range=$(sed -n 's/.*Data *(lines \([0-9]*\) to \([0-9]*\)).*/\1,\2/p' "$1")
	{ echo "$2"; sed -n "${range}p" "$1" | awk '{ $1 = $1; print }' OFS=,; }
}
if have_shared data/nist-strd/Longley.dat && command -v python3 > /dev/null 2>&1; then
	nist_csv "$SHARED/data/nist-strd/Longley.dat" y,x1,x2,x3,x4,x5,x6 > longley.csv
	fg stats ols longley.csv --y y --x x1,x2,x3,x4,x5,x6 --format json --quiet > l.json
	expect "NIST Longley via the CLI" ok \
	    "$(python3 nist.py "$SHARED/data/nist-strd/Longley.dat" l.json)"
	nist_csv "$SHARED/data/nist-strd/Norris.dat" y,x > norris.csv
	fg stats ols norris.csv --y y --x x --format json --quiet > n.json
	expect "NIST Norris via the CLI" ok \
	    "$(python3 nist.py "$SHARED/data/nist-strd/Norris.dat" n.json)"
	nist_csv "$SHARED/data/nist-strd/NoInt1.dat" y,x > noint1.csv
	fg stats ols noint1.csv --y y --x x --no-intercept --format json --quiet > n1.json
	expect "NIST NoInt1 via the CLI" ok \
	    "$(python3 nist.py "$SHARED/data/nist-strd/NoInt1.dat" n1.json)"
else
	skip "NIST via the CLI" "../shared or python3 absent"
	skip "NIST via the CLI" "../shared or python3 absent"
	skip "NIST via the CLI" "../shared or python3 absent"
fi
# --missing-negative: rows with a negative value in a model column (WVS
# missing codes) are dropped; the count is recomputed here with awk
csvf="$FIXTURES/wvs/wvs7-kaz-synthetic.csv"
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["Q185"] < 0 || $c["H_URBRURAL"] < 0 || $c["Q262"] < 0 { n++ }
    END { print n + 0 }' "$csvf")
fg stats ols "$csvf" --y Q185 --x H_URBRURAL,Q262 --missing-negative \
    > neg.out 2> neg.err
expect "--missing-negative drops the rows with WVS missing codes" \
    "fgcode: 1200 rows, $want dropped for missing values" "$(cat neg.err)"
done_testing
