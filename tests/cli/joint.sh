#!/bin/sh
# joint.sh - the joint display (report joint), link check, crosstab,
# cooccur and quote matrices on the fixture project with the seed's
# published Table 3; a few joint rows recomputed with SQL and Python
# written here; CSV and JSON read back to the same numbers; the HTML page
# holds every term of every model and renders in headless Chromium.
. "${top_srcdir:-.}/tests/cli/lib.sh"

mkdir t
cp "$FIXTURES"/transcripts/*.txt t/
fg init --quiet
fg --quiet roster import "$FIXTURES/roster.yaml"
fg import -q t/*.txt
fg codebook import -q "$FIXTURES/codebook.yaml"
fg code apply -q "$FIXTURES/codings.yaml"
fg wvs load-table -q "$FIXTURES/wvs/seed-table3.yaml" 2> /dev/null
LINK=$FIXTURES/link/seed-link.yaml

step 01-link-check fg link check "$LINK"
step 02-joint fg report joint --link "$LINK"
step 03-joint-group-md fg report joint --link "$LINK" --unit group \
	--quotes 1 --model seed-table3/m3 --format md
fg report joint --link "$LINK" --format csv > joint.csv
fg report joint --link "$LINK" --format json > joint.json
fg report joint --link "$LINK" --format tsv > joint.tsv
fg report joint --link "$LINK" --format html > joint.html
fg report joint --link "$LINK" --unit turn --format json > turn.json
step 04-joint-csv cat joint.csv

have() { command -v "$1" > /dev/null 2>&1; }

# ---- CSV, TSV and JSON read back to the same numbers --------------------
if have python3; then
	out=$(python3 - joint.csv joint.tsv joint.json <<'EOF'
import csv, io, json, math, sys
raw = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
# the header is comment lines: skipped, as R's comment.char would
lines = raw.split("\r\n")
hdr = [l for l in lines if l.startswith("#")]
data = "\r\n".join(l for l in lines if not l.startswith("#"))
recs = list(csv.reader(io.StringIO(data)))
rows = [r for r in recs if r]
names, body = rows[0], rows[1:]
tsv = [l.split("\t") for l in open(sys.argv[2], encoding="utf-8").read()
       .splitlines() if not l.startswith("#")]
doc = json.load(open(sys.argv[3], encoding="utf-8"))
js = doc["rows"]
bad = []
if len(body) != len(js) or len(tsv) - 1 != len(js):
    bad.append("row counts %d %d %d" % (len(body), len(tsv) - 1, len(js)))
nums = 0
for i, (c, t, j) in enumerate(zip(body, tsv[1:], js)):
    for k, name in enumerate(names):
        if name in ("quotes", "quote_ids"):
            continue
        v = j[name]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            nums += 1
            for got in (c[k], t[k]):
                if float(got) != float(v):
                    bad.append("row %d %s: %r vs %r" % (i, name, got, v))
        elif v is None:
            if c[k] != "" or t[k] != "":
                bad.append("row %d %s: %r, %r vs null" % (i, name, c[k], t[k]))
        elif c[k].lstrip("'") != v:
            bad.append("row %d %s: %r vs %r" % (i, name, c[k], v))
    ids = " ".join(q["id"] for q in j["quotes"])
    if c[names.index("quote_ids")] != ids:
        bad.append("row %d quote ids" % i)
keys = [h.split(":", 1)[0][2:] for h in hdr]
for k in ("unit", "codebook", "roster", "sources", "codings", "command",
          "fgcode", "link", "share", "per 1,000 words"):
    if k not in keys or k not in doc["header"]:
        bad.append("header lacks " + k)
if nums < 400:
    bad.append("only %d numbers" % nums)
print("ok" if not bad else "\n".join(bad[:10]))
EOF
)
	expect "CSV, TSV and JSON give the same numbers" ok "$out"
else
	skip "CSV, TSV and JSON give the same numbers" "no python3"
fi

# ---- a few rows recomputed independently -----------------------------------
# field NAME MODEL TERM [FILE]: one number of the JSON report
field() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[4] if len(sys.argv)>4 else "joint.json"))
r=[r for r in d["rows"] if r["model"]==sys.argv[2] and r["term"]==sys.argv[3]][0]
print(r[sys.argv[1]])' "$@"
}

M1="('divorce-and-ICT', 'online-infidelity')"
# participant turns, with the model codes (m1) that overlap them
PT="WITH pt AS (SELECT t.id AS tid, t.participant_id AS pid, t.source_id
    AS sid, t.start_cp AS s, t.end_cp AS e FROM turn t WHERE
    t.participant_id IS NOT NULL),
  hit(tid, cid, code) AS (SELECT pt.tid, c.id, k.name FROM pt JOIN coding
    c ON c.source_id = pt.sid AND c.start_cp < pt.e AND c.end_cp > pt.s
    JOIN code k ON k.id = c.code_id)"
if have python3 && have sqlite3; then
	# m1, Gender (f) vs male, per participant
	expect "m1 female: women who speak" \
		"$(sql "$PT SELECT count(DISTINCT pt.pid) FROM pt JOIN participant
		    p ON p.id = pt.pid WHERE p.gender = 'female'")" \
		"$(field units_s m1 female)"
	expect "m1 female: women with divorce talk" \
		"$(sql "$PT SELECT count(DISTINCT pt.pid) FROM pt JOIN hit ON
		    hit.tid = pt.tid JOIN participant p ON p.id = pt.pid WHERE
		    p.gender = 'female' AND hit.code IN $M1")" \
		"$(field with_s m1 female)"
	expect "m1 female: men with divorce talk" \
		"$(sql "$PT SELECT count(DISTINCT pt.pid) FROM pt JOIN hit ON
		    hit.tid = pt.tid JOIN participant p ON p.id = pt.pid WHERE
		    p.gender = 'male' AND hit.code IN $M1")" \
		"$(field with_c m1 female)"
	expect "m1 female: divorce codings in women's turns" \
		"$(sql "$PT SELECT count(DISTINCT hit.cid) FROM pt JOIN hit ON
		    hit.tid = pt.tid JOIN participant p ON p.id = pt.pid WHERE
		    p.gender = 'female' AND hit.code IN $M1")" \
		"$(field codings_s m1 female)"
	expect "m1 female: groups where women raised it" \
		"$(sql "$PT SELECT count(DISTINCT p.group_id) FROM pt JOIN hit ON
		    hit.tid = pt.tid JOIN participant p ON p.id = pt.pid WHERE
		    p.gender = 'female' AND hit.code IN $M1")" \
		"$(field groups_s m1 female)"
	# m1, Duty to have children (a code): who voiced duty, and of them
	# who voiced divorce talk too
	DUTY="SELECT DISTINCT pt.pid FROM pt JOIN hit ON hit.tid = pt.tid
	    WHERE hit.code = 'duty-to-have-children'"
	expect "m1 duty: participants who spoke of duty" \
		"$(sql "$PT SELECT count(*) FROM ($DUTY)")" \
		"$(field units_s m1 duty)"
	expect "m1 duty: ... and of divorce" \
		"$(sql "$PT SELECT count(DISTINCT pt.pid) FROM pt JOIN hit ON
		    hit.tid = pt.tid WHERE hit.code IN $M1 AND pt.pid IN
		    ($DUTY)")" "$(field with_s m1 duty)"
	expect "m1 duty: the others who spoke of divorce" \
		"$(sql "$PT SELECT count(DISTINCT pt.pid) FROM pt JOIN hit ON
		    hit.tid = pt.tid WHERE hit.code IN $M1 AND pt.pid NOT IN
		    ($DUTY)")" "$(field with_c m1 duty)"
	# m3, Urban (city proxy) by turns
	CITY="JOIN participant p ON p.id = pt.pid JOIN focus_group g ON
	    g.id = p.group_id"
	expect "m3 urban by turn: turns in the three big cities" \
		"$(sql "$PT SELECT count(*) FROM pt $CITY WHERE g.city IN
		    ('Almaty', 'Nur-Sultan', 'Shymkent')")" \
		"$(field units_s m3 urban turn.json)"
	expect "m3 urban by turn: of them with same-sex-parents" \
		"$(sql "$PT SELECT count(DISTINCT pt.tid) FROM pt $CITY JOIN hit ON
		    hit.tid = pt.tid WHERE g.city IN ('Almaty', 'Nur-Sultan',
		    'Shymkent') AND hit.code = 'same-sex-parents'")" \
		"$(field with_s m3 urban turn.json)"
	expect "m3 urban by turn: turns in Aktau and Kyzylorda" \
		"$(sql "$PT SELECT count(*) FROM pt $CITY WHERE g.city IN
		    ('Aktau', 'Kyzylorda')")" \
		"$(field units_c m3 urban turn.json)"
	# words spoken by women, counted here in Python from the stored text
	expect "m1 female: words spoken by women" \
		"$(python3 - <<'EOF'
import sqlite3, unicodedata
db = sqlite3.connect("fgcode.db")
def words(s):
    n, inw, join = 0, False, False
    for ch in s:
        if unicodedata.category(ch)[0] in "LMN":
            if not inw and not join:
                n += 1
            inw, join = True, False
        elif inw and ch in "'\u2019-":
            inw, join = False, True
        else:
            inw, join = False, False
    return n
total = 0
for text, s, e in db.execute("""SELECT s.text, t.start_cp, t.end_cp FROM
        turn t JOIN source s ON s.id = t.source_id JOIN participant p ON
        p.id = t.participant_id WHERE p.gender = 'female'"""):
    total += words(text[s:e])
print(total)
EOF
)" "$(field words_s m1 female)"
	# readings by the rule in fgcode-link(5), from the numbers
	expect "every reading follows the rule" "ok" "$(python3 - <<'EOF'
import json
d = json.load(open("joint.json"))
bad = []
ind = {"higher": 1, "lower": -1, "none": 0}
for r in d["rows"]:
    want = "silent"
    if r["units_s"] is not None:
        q = 0 if r["stars"] == "" else (1 if r["estimate"] > 0 else -1)
        s, c = r["share_s"], r["share_c"]
        small = (r["units_s"] < 5 or r["units_c"] < 5 or
                 r["with_s"] + r["with_c"] < 5)
        if not small and ind[r["indicates"]] != 0:
            hi, lo = max(s, c), min(s, c)
            dd = 0
            if s != c and (lo == 0 or hi / lo >= 1.5):
                dd = 1 if s > c else -1
            want = "convergent" if q == dd * ind[r["indicates"]] \
                else "divergent"
    if r["reading"] != want:
        bad.append("%s %s: %s, want %s" % (r["model"], r["term"],
                   r["reading"], want))
print("ok" if not bad else "; ".join(bad))
EOF
)"
else
	skip "rows recomputed with SQL and Python" "no python3 or sqlite3"
fi

# ---- HTML ---------------------------------------------------------------
if have sqlite3; then
	missing=$(sql "SELECT DISTINCT label FROM model_term" |
		while IFS= read -r label; do
			grep -qF ">$label<" joint.html || echo "$label"
		done)
	expect "the HTML names every term of every model" "" "$missing"
else
	skip "the HTML names every term of every model" "no sqlite3"
fi
expect "the HTML has every model and term row" 33 \
	"$(grep -c '<tr class="t">' joint.html)"
expect "the HTML runs no script and fetches nothing" 0 \
	"$(grep -ciE '<script|<link|src=|href=|@import|url\(' joint.html)"
if have chromium; then
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --screenshot="$TMP/joint.png" --window-size=1200,2000 \
	    "file://$TMP/joint.html" > /dev/null 2>&1
	size=$(wc -c < "$TMP/joint.png" 2> /dev/null || echo 0)
	expect "Chromium renders the HTML (a screenshot of some size)" yes \
		"$([ "$size" -gt 50000 ] && echo yes || echo "no: $size bytes")"
	[ -n "${FGCODE_KEEP_SCREENSHOT:-}" ] &&
	    cp "$TMP/joint.png" "$FGCODE_KEEP_SCREENSHOT"
else
	skip "Chromium renders the HTML" "chromium not installed"
fi

# ---- crosstab, cooccur, quotes --------------------------------------------
step 05-crosstab fg report crosstab --cols city
step 06-crosstab-percent-md fg report crosstab --rows code \
	--cols social_media --percent row --code uyat --code social-media-use \
	--code religion --format md
step 07-crosstab-participants fg report crosstab --cols ageband \
	--count participants --code divorce-and-ICT --code same-sex-parents
step 08-cooccur fg report cooccur --unit participant --code uyat \
	--code uyat-clothing --code duty-to-have-children \
	--code pressure-from-elders --code religion
step 09-quotes fg report quotes --code calls-for-ban --by gender
if ! have sqlite3; then
	skip "crosstab and cooccur counted by SQL" "no sqlite3"
else
expect "crosstab: uyat-clothing in Shymkent, counted by SQL" \
	"$(sql "SELECT count(DISTINCT c.id) FROM coding c JOIN code k ON
	    k.id = c.code_id JOIN source s ON s.id = c.source_id JOIN
	    focus_group g ON g.id = s.group_id WHERE k.name = 'uyat-clothing'
	    AND g.city = 'Shymkent'")" \
	"$(fg report crosstab --cols city --format tsv |
	    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	    $1 == "uyat-clothing" { print $c["Shymkent"] }')"
expect "cooccur: turns with both uyat and uyat-clothing, by SQL" \
	"$(sql "SELECT count(*) FROM turn t WHERE EXISTS (SELECT 1 FROM coding
	    c JOIN code k ON k.id = c.code_id WHERE k.name = 'uyat' AND
	    c.source_id = t.source_id AND c.start_cp < t.end_cp AND c.end_cp >
	    t.start_cp) AND EXISTS (SELECT 1 FROM coding c JOIN code k ON
	    k.id = c.code_id WHERE k.name = 'uyat-clothing' AND c.source_id =
	    t.source_id AND c.start_cp < t.end_cp AND c.end_cp >
	    t.start_cp)")" \
	"$(fg report cooccur --code uyat --code uyat-clothing --format tsv |
	    awk -F'\t' '$1 == "uyat" { print $3 }')"
fi

# ---- errors ---------------------------------------------------------------
sed 's/code: same-sex-parents/code: same-sex-parent/' "$LINK" > bad-code.yaml
sed 's/when: gender == female/when: gender = female/' "$LINK" > bad-cond.yaml
sed 's/^  duty:/  dutty:/' "$LINK" > bad-term.yaml
sed 's/seed-table3\/m3/seed-table3\/m4/' "$LINK" > bad-model.yaml
sed 's/when: gender == female/when: sex == female/' "$LINK" > bad-attr.yaml
step 10-link-unknown-code fg link check bad-code.yaml
step 11-link-bad-condition fg link check bad-cond.yaml
step 12-link-unknown-term fg report joint --link bad-term.yaml
step 13-link-unknown-model fg link check bad-model.yaml
step 14-link-unknown-attribute fg link check bad-attr.yaml
step 15-joint-no-model fg report joint
step 16-joint-bad-unit fg report joint --link "$LINK" --unit segment
step 17-html-elsewhere fg report freq --by city --format html
step 18-crosstab-no-cols fg report crosstab --percent row
step 19-quotes-option fg report quotes --code uyat --by city --link x
step 20-models-without-link fg report joint --model seed-table3/m1 \
	--quotes 0
done_testing
