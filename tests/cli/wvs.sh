#!/bin/sh
# wvs.sh - fgcode wvs: the seed's Table 3 loaded as published and shown
# back exactly (checked line by line against the seed when ../shared is
# there), every output format; the seed's three models fitted on the
# SYNTHETIC WVS-7 file and stored; the fit against an independent
# computation (recodes done here from the raw CSV; estimates by exact
# rational least squares in python3, and by R's lm when Rscript is
# installed), weighted and unweighted; the planted effects recovered; the
# descriptive table against counts done here; the design export; the
# generator reproducing the committed file; errors (nothing stored) and
# usage.
. "${top_srcdir:-.}/tests/cli/lib.sh"

SPEC=$FIXTURES/wvs/seed-models.yaml
TABLE=$FIXTURES/wvs/seed-table3.yaml
DATA=$FIXTURES/wvs/wvs7-kaz-synthetic.csv
SEED=$SHARED/seed/000_f29756c184c4020b.txt
have() { command -v "$1" > /dev/null 2>&1; }
have_py() { have python3 && python3 -c 'import fractions' 2> /dev/null; }

fg init -q

# ---- the published table ----
step 01-load-table fg wvs load-table "$TABLE"
step 02-show fg wvs show seed-table3
step 03-show-md fg wvs show seed-table3 --format md
step 04-show-csv fg wvs show seed-table3 --format csv
step 05-show-tex fg wvs show seed-table3 --format tex
step 06-show-json fg wvs show seed-table3/m3 --format json

# The seed prints Table 3 tab-separated: the header line after the title
# and a blank line, then a line per row up to the next blank line.
if have_shared seed/000_f29756c184c4020b.txt; then
	awk '/^TABLE 3\./ { on = 1; next } on == 1 && /^$/ { on = 2; next }
	    on == 2 && /^$/ { exit } on == 2 { print }' "$SEED" > seed.tsv
	fg wvs show seed-table3 --format tsv > shown.tsv
	if [ -s seed.tsv ] && cmp -s seed.tsv shown.tsv; then
		ok "Table 3 shown exactly as the seed prints it"
	else
		notok "Table 3 shown exactly as the seed prints it"
		diff seed.tsv shown.tsv | sed 's/^/# /'
	fi
else
	skip "Table 3 shown exactly as the seed prints it" "no ../shared"
fi

# ---- fitting the seed's models on the synthetic data ----
step 07-fit fg wvs fit "$SPEC"
step 08-fit-exists fg wvs fit "$SPEC"
step 09-list fg wvs show
step 10-side-by-side fg wvs show seed-table3/m1 kaz-2018/m1 \
    "seed-table3/Model 3" kaz-2018/m3
step 11-fit-replace-one fg wvs fit "$SPEC" --replace --model m2 --digits 2
step 12-show-replaced fg wvs show kaz-2018 --format tsv
fg wvs fit "$SPEC" --replace -q > /dev/null
if have sqlite3 && have sha256sum; then
	expect "spec and data SHA-256 stored" \
	    "$(sha256sum < "$SPEC" | cut -c1-64) $(sha256sum < "$DATA" |
	    cut -c1-64)" "$(sql "SELECT spec_sha256 || ' ' || data_sha256 \
	    FROM model_set WHERE name = 'kaz-2018'")"
else
	skip "spec and data SHA-256 stored" "no sqlite3 or sha256sum"
fi

# ---- an independent computation ----
# recode.py DATA WEIGHTED: the seed spec's filters, missing codes and
# recodes written out here, rows with any missing value dropped; prints
# CSV (y1, y2, y3, ten terms, weight) for R and exact.py.
cat > recode.py <<'EOF'
import csv, sys
rows = []
with open(sys.argv[1], newline='') as f:
    for r in csv.DictReader(f):
        v = {k: r[k] for k in r}
        if v['B_COUNTRY'] != '398' or v['Q290'] != '398025':
            continue
        need = ['Q185', 'Q182', 'Q36', 'Q260', 'Q262', 'Q275', 'Q287',
                'Q173', 'Q37', 'H_URBRURAL', 'Q207']
        if any(v[k] == '' or int(v[k]) < 0 for k in need):
            continue
        n = {k: int(v[k]) for k in need}
        rows.append([n['Q185'], n['Q182'], 6 - n['Q36'],
                     int(n['Q260'] == 2), int(30 <= n['Q262'] <= 49),
                     int(n['Q262'] >= 50), int(n['Q275'] >= 6),
                     int(n['Q287'] == 3), int(n['Q287'] == 4),
                     int(n['Q173'] == 1), int(n['Q37'] in (1, 2)),
                     int(n['H_URBRURAL'] == 1), int(n['Q207'] in (1, 2)),
                     v['W_WEIGHT']])
print('y1,y2,y3,female,age30_49,age50_91,university,lower_middle,working,'
      'religious,duty,urban,social_media,w')
for r in rows:
    print(','.join(str(x) for x in r))
EOF
# exact.py DESIGN.csv WEIGHTED: weighted least squares over the rationals
# (normal equations, Gauss-Jordan); prints JSON like fgcode's, estimates
# and R^2 exact, se from the exact s^2 (X'WX)^-1.
cat > exact.py <<'EOF'
import csv, json, math, sys
from fractions import Fraction as Q
weighted = sys.argv[2] == '1'
rows = list(csv.reader(open(sys.argv[1])))[1:]
out = []
for m in range(3):
    y = [Q(r[m]) for r in rows]
    X = [[Q(1)] + [Q(x) for x in r[3:13]] for r in rows]
    w = [Q(r[13]) if weighted else Q(1) for r in rows]
    n, p = len(rows), 11
    A = [[sum(w[i] * X[i][a] * X[i][b] for i in range(n)) for b in range(p)]
         for a in range(p)]
    c = [sum(w[i] * X[i][a] * y[i] for i in range(n)) for a in range(p)]
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
    e = [y[i] - sum(X[i][a] * b[a] for a in range(p)) for i in range(n)]
    ssr = sum(w[i] * e[i] * e[i] for i in range(n))
    ybar = sum(w[i] * y[i] for i in range(n)) / sum(w)
    sst = sum(w[i] * (y[i] - ybar) ** 2 for i in range(n))
    s2 = ssr / (n - p)
    out.append({'n': n, 'r2': float(1 - ssr / sst),
                'adj_r2': float(1 - ssr / sst * Q(n - 1, n - p)),
                'terms': [{'estimate': float(b[a]),
                           'se': math.sqrt(s2 * inv[a][a])} for a in range(p)]})
print(json.dumps(out))
EOF
# compare.py FGCODE.json OTHER.json TOL: every estimate, se, R^2, adj.
# R^2 and n within a relative TOL.
cat > compare.py <<'EOF'
import json, sys
got, want, tol = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), float(sys.argv[3])
bad = []
def cmp(what, g, w):
    if abs(g - w) > tol * max(abs(w), 1e-300):
        bad.append('%s: %r vs %r' % (what, g, w))
for i, (g, w) in enumerate(zip(got, want)):
    if g['n'] != w['n']: bad.append('n %d vs %d' % (g['n'], w['n']))
    for k in ('r2', 'adj_r2'): cmp('m%d %s' % (i + 1, k), g[k], w[k])
    for j, (a, b) in enumerate(zip(g['terms'], w['terms'])):
        for k in ('estimate', 'se'):
            cmp('m%d term %d %s' % (i + 1, j, k), a[k], b[k])
print('; '.join(bad[:5]) if bad else 'ok')
EOF
# lm.R DESIGN.csv WEIGHTED: R's lm on the same recoded rows.
cat > lm.R <<'EOF'
a <- commandArgs(TRUE)
d <- read.csv(a[1])
wts <- if (a[2] == "1") d$w else NULL  # not "w": lm looks in the data first
f <- "~ female + age30_49 + age50_91 + university + lower_middle + working + religious + duty + urban + social_media"
out <- character(0)
for (y in c("y1", "y2", "y3")) {
  s <- summary(lm(as.formula(paste(y, f)), data = d, weights = wts))
  cf <- coef(s)
  t <- paste0('{"estimate": ', sprintf("%.17g", cf[, 1]), ', "se": ', sprintf("%.17g", cf[, 2]), '}', collapse = ", ")
  out <- c(out, sprintf('{"n": %d, "r2": %.17g, "adj_r2": %.17g, "terms": [%s]}', nrow(d), s$r.squared, s$adj.r.squared, t))
}
cat("[", paste(out, collapse = ", "), "]\n")
EOF
for weighted in 0 1; do
	wopt=; label=unweighted
	[ $weighted = 1 ] && { wopt="--weight W_WEIGHT"; label=weighted; }
	# shellcheck disable=SC2086
	fg wvs fit "$SPEC" --dry-run -q --format json $wopt > fit$weighted.json
	if have_py; then
		python3 recode.py "$DATA" > design$weighted.csv
		python3 exact.py design$weighted.csv $weighted > exact$weighted.json
		expect "fit ($label) = exact rational least squares (1e-12)" ok \
		    "$(python3 compare.py fit$weighted.json exact$weighted.json 1e-12)"
	else
		skip "fit ($label) = exact rational least squares" "no python3"
	fi
	if have Rscript && have_py; then
		Rscript lm.R design$weighted.csv $weighted > r$weighted.json 2> r.err
		expect "fit ($label) = R's lm (1e-10)" ok \
		    "$(python3 compare.py fit$weighted.json r$weighted.json 1e-10)"
	else
		skip "fit ($label) = R's lm" "Rscript not installed"
	fi
done

# The planted effects (tools/gen-wvs.c): every coefficient within three
# standard errors (plus the .05 that rounding and clipping may move it).
cat > planted.py <<'EOF'
import json, sys
planted = [
    [6.0, .33, .80, .12, .11, .13, -.01, -.60, -1.80, .80, -.90],
    [3.2, .16, .34, .07, -.10, .03, .42, -.58, -.01, -.20, .19],
    [3.6, -.02, .23, .06, .14, .20, .01, .03, -.38, -.32, .22]]
got = json.load(open(sys.argv[1]))
k = float(sys.argv[2])
bad = []
for m, want in zip(got, planted):
    for t, w in zip(m['terms'], want):
        if abs(t['estimate'] - w) > k * t['se'] + .05:
            bad.append('%s %s: %.3f (%.3f) vs %.2f' % (m['name'], t['name'], t['estimate'], t['se'], w))
print('; '.join(bad) if bad else 'ok')
EOF
if have_py; then
	expect "planted effects recovered (within 3 SE)" ok \
	    "$(python3 planted.py fit0.json 3)"
	# on 200,000 rows the bias of rounding and clipping shows: < .05
	if [ -x "$(dirname "$FGCODE")/tools/gen-wvs" ]; then
		"$(dirname "$FGCODE")/tools/gen-wvs" -n 200000 -s 7 > big.csv
		fg wvs fit "$SPEC" --data big.csv --dry-run -q --format json \
		    > big.json
		expect "planted effects on 200,000 rows (bias < .05)" ok \
		    "$(python3 planted.py big.json 0)"
	else
		skip "planted effects on 200,000 rows" "tools/gen-wvs not built"
	fi
else
	skip "planted effects recovered" "no python3"
	skip "planted effects on 200,000 rows" "no python3"
fi

# The generator reproduces the committed file byte for byte.
if [ -x "$(dirname "$FGCODE")/tools/gen-wvs" ]; then
	"$(dirname "$FGCODE")/tools/gen-wvs" > gen.csv
	expect "tools/gen-wvs reproduces the committed CSV" same \
	    "$(cmp -s gen.csv "$DATA" && echo same || echo differs)"
else
	skip "tools/gen-wvs reproduces the committed CSV" "not built"
fi

# --design: the rows and values the models saw, as recoded here.
fg wvs fit "$SPEC" --dry-run -q --design design.csv > /dev/null
if have_py; then
	expect "--design = the recodes done here" ok "$(python3 - <<'EOF'
import csv
mine = list(csv.reader(open('design0.csv')))[1:]
got = list(csv.reader(open('design.csv')))
ok = got[0] == ['line', 'y_m1', 'y_m2', 'y_m3', 'female', 'age30_49',
    'age50_91', 'university', 'lower_middle', 'working', 'religious', 'duty',
    'urban', 'social_media']
ok = ok and [r[1:] for r in got[1:]] == [r[:13] for r in mine]
print('ok' if ok else 'differs')
EOF
)"
else
	skip "--design = the recodes done here" "no python3"
fi

# ---- the descriptive table ----
step 13-describe fg wvs describe "$SPEC"
step 14-describe-weighted-md fg wvs describe "$SPEC" --weight W_WEIGHT \
    --format md --decimals 2
cat > desc.py <<'EOF'
import csv, sys
from fractions import Fraction as Q
weighted = sys.argv[2] == '1'
items = ['Q206', 'Q207', 'Q204']
groups = [('Women', lambda r: r['Q260'] == 2), ('Men', lambda r: r['Q260'] == 1),
          ('18-29 years old', lambda r: 18 <= r['Q262'] <= 29),
          ('30-49 years old', lambda r: 30 <= r['Q262'] <= 49),
          ('50 + years old', lambda r: r['Q262'] >= 50),
          ('Urban', lambda r: r['H_URBRURAL'] == 1), ('Rural', lambda r: r['H_URBRURAL'] == 2)]
cats = ['Daily', 'Weekly', 'Monthly', 'Less than monthly', 'Never']
freq, valid, share, base = {}, {}, {}, {}
for raw in csv.DictReader(open(sys.argv[1])):
    if raw['B_COUNTRY'] != '398' or raw['Q290'] != '398025':
        continue
    w = Q(raw['W_WEIGHT']) if weighted else Q(1)
    r = {k: int(raw[k]) for k in items + ['Q260', 'Q262', 'H_URBRURAL']}
    for it in items:
        v = r[it]
        if v < 0:
            continue
        freq[it, v] = freq.get((it, v), 0) + w
        valid[it] = valid.get(it, 0) + w
        for g, f in groups:
            if (g in ('Women', 'Men') and r['Q260'] < 0) or \
               (g.endswith('old') and r['Q262'] < 0) or \
               (g in ('Urban', 'Rural') and r['H_URBRURAL'] < 0) or not f(r):
                continue
            base[it, g] = base.get((it, g), 0) + w
            share[it, g] = share.get((it, g), 0) + (w if v in (1, 2) else 0)
bad = []
for row in list(csv.DictReader(open(sys.argv[3], encoding='utf-8-sig'))):
    it, lab = row['item'], row['row']
    if row['section'] == 'Frequency':
        want = 100 * freq.get((it, cats.index(lab) + 1), 0) / valid[it]
    else:
        want = 100 * share[it, lab] / base[it, lab]
    if abs(float(row['percent']) - float(want)) > 1e-9 * float(want or 1):
        bad.append('%s %s %s: %s vs %s' % (row['section'], lab, it, row['percent'], float(want)))
print('; '.join(bad[:5]) if bad else 'ok')
EOF
if have_py; then
	fg wvs describe "$SPEC" --format csv -q > d0.csv
	expect "describe = counts done here" ok "$(python3 desc.py "$DATA" 0 d0.csv)"
	fg wvs describe "$SPEC" --weight W_WEIGHT --format csv -q > d1.csv
	expect "describe weighted = counts done here" ok \
	    "$(python3 desc.py "$DATA" 1 d1.csv)"
else
	skip "describe = counts done here" "no python3"
	skip "describe weighted = counts done here" "no python3"
fi
step 15-describe-json fg wvs describe "$SPEC" --format json -q

# ---- errors: each names the spec line or the column; nothing stored ----
cp "$DATA" data.csv
sed "s|^data: .*|data: data.csv|" "$SPEC" > spec.yaml
before=$(fg wvs show --format tsv | wc -l)
sed 's/when: H_URBRURAL == 1 /when: H_URBRURL == 1 /' spec.yaml > e-column.yaml
step 16-unknown-column fg wvs fit e-column.yaml
awk -F, 'NR == 40 { $10 = "seven" } { print }' OFS=, data.csv > bad.csv
step 17-not-a-number fg wvs fit spec.yaml --data bad.csv
sed 's/- Q290 == 398025 /- Q290 == 398999 /' spec.yaml > e-filters.yaml
step 18-all-filtered fg wvs fit e-filters.yaml
sed 's/when: Q207 in {1, 2}/when: B_COUNTRY == 398/' spec.yaml > e-const.yaml
step 19-constant fg wvs fit e-const.yaml
sed 's/when: Q287 == 4/when: Q287 == 3/' spec.yaml > e-collinear.yaml
step 20-collinear fg wvs fit e-collinear.yaml
sed 's/- Q290 == 398025 /- D_INTERVIEW <= 398070008 /' spec.yaml > e-few.yaml
step 21-too-few-rows fg wvs fit e-few.yaml
sed 's/scale: 1..10/scale: 10/' spec.yaml > e-yaml.yaml
step 22-bad-spec fg wvs fit e-yaml.yaml
step 23-no-such-model fg wvs fit spec.yaml --model m9
expect "nothing stored by the failed fits" "$before" \
    "$(fg wvs show --format tsv | wc -l)"
printf 'models:\n  - {name: a, y: {column: Y, scale: 1..5, low: l, high: h}}\nrows:\n  - {term: x, cells: ["0.5 ** 0.1"]}\n' > bad-table.yaml
step 24-bad-table fg wvs load-table bad-table.yaml
step 25-show-unknown fg wvs show seed-table3/m9
step 26-no-project fg --db none.db wvs show

# ---- usage ----
step 27-usage fg wvs
step 28-unknown-sub fg wvs frob
step 29-two-specs fg wvs fit spec.yaml spec.yaml
step 30-weight-and-unweighted fg wvs fit spec.yaml --weight W --unweighted
step 31-show-replace fg wvs show --replace
step 32-describe-tex fg wvs describe spec.yaml --format tex
step 33-digits fg wvs show --digits 99 seed-table3

done_testing
