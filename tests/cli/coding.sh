#!/bin/sh
# coding.sh - code add (turn, chars, every match, nth, --create, errors),
# code rm, code apply (all or nothing), the codings listing, and the field
# cases F03 (emoji offsets), F11 (empty matches, runaway pattern) and F19
# (spreadsheet-safe CSV).
. "${top_srcdir:-.}/tests/cli/lib.sh"

mkdir t
cp "$FIXTURES"/transcripts/*.txt t/
cp "$FIXTURES/codebook.yaml" "$FIXTURES/codings.yaml" .
cp "$FIXTURES/broken/codings-unknown-code.yaml" .
fg init --quiet
fg import -q t/*.txt
fg codebook import -q codebook.yaml
count() { sql "SELECT count(*) FROM coding"; }

step 01-add-turn fg code add fg03-aktau.txt uyat --turn 6 \
	--memo "Saule on the beach photo"
step 02-add-same fg code add fg03-aktau.txt uyat --turn 6
step 03-add-every-match fg code add fg03-aktau.txt social-media-use \
	--match 'Instagram'
step 04-add-nth fg --coder dana code add fg03-aktau.txt religion \
	--match '[Уу]ят|ұят' --nth 2
step 05-add-chars fg --coder dana code add 1 uyat --chars 872:878
expect "excerpt of 872:878" "«ұят!»" \
	"$(sql "SELECT excerpt FROM coding WHERE start_cp = 872")"
step 06-unknown-code fg code add fg03-aktau.txt shame --turn 6
# the batch's second entry uses the code 'shame', not defined yet
step 07-apply-broken fg code apply codings-unknown-code.yaml
expect "a broken batch writes nothing" 7 "$(count)"
step 08-create fg code add fg03-aktau.txt shame --turn 6 --create
step 09-unknown-source fg code add nowhere.txt uyat --turn 1
step 10-no-such-turn fg code add fg03-aktau.txt uyat --turn 99
step 11-no-match fg code add fg03-aktau.txt uyat --match zebra
step 12-bad-regex fg code add fg03-aktau.txt uyat --match '('
step 13-reversed fg code add fg03-aktau.txt uyat --chars 10:5
step 14-out-of-bounds fg code add fg03-aktau.txt uyat --chars 0:999999
step 15-no-selector fg code add fg03-aktau.txt uyat
step 16-two-selectors fg code add fg03-aktau.txt uyat --turn 1 --chars 0:5
step 17-nth-with-turn fg code add fg03-aktau.txt uyat --turn 1 --nth 2
expect "codings so far" 8 "$(count)"

step 18-codings fg codings
step 19-codings-tsv fg codings --source fg03-aktau.txt --coder dana \
	--format tsv
step 20-codings-json fg codings --code uyat --format json
step 21-rm fg code rm 7
step 22-rm-again fg code rm 7
step 23-rm-bad-id fg code rm seven
expect "after rm" 7 "$(count)"

step 24-apply fg code apply codings.yaml
expect "every fixture coding applied" 75 "$(count)"
step 25-apply-again fg code apply codings.yaml
expect "nothing added twice" 75 "$(count)"

# ---- field cases ----
if have_shared field-cases/F03.txt; then
	cp "$SHARED/field-cases/F03.txt" "$SHARED/field-cases/F11.txt" \
	    "$SHARED/field-cases/F19.txt" .
	fg --db f.db init --quiet
	fg --db f.db import -q F03.txt F11.txt F19.txt
	# F03: code points vs bytes around emoji
	step 26-f03-match fg --db f.db code add F03.txt rough --create \
		--match 'night shifts are rough'
	step 27-f03-chars fg --db f.db code add F03.txt overtime --create \
		--chars 205:236
	step 28-f03-inside-cluster fg --db f.db code add F03.txt x --create \
		--chars 60:70
	step 29-f03-codings fg --db f.db codings --source F03.txt --format tsv
	# F11: every pattern finishes
	step 30-f11-words fg --db f.db code add F11.txt words --create \
		--match '\w*'
	step 31-f11-lookahead fg --db f.db code add F11.txt beforeq --create \
		--match '(?=\?)'
	step 32-f11-linestart fg --db f.db code add F11.txt linestart \
		--create --match '(?m)^'
	step 33-f11-runaway fg --db f.db code add F11.txt runaway --create \
		--match '(a+)+$'
	expect "F11: 11 codings, none from the failed patterns" 11 \
		"$(sqlite3 f.db "SELECT count(*) FROM coding c JOIN source s ON
		    s.id = c.source_id WHERE s.name = 'F11.txt'")"
	expect "F11: failed patterns left no codes behind" 0 \
		"$(sqlite3 f.db "SELECT count(*) FROM code WHERE name IN
		    ('beforeq', 'linestart', 'runaway')")"
	# F19: spreadsheet-safe CSV
	fg --db f.db --coder ana code add -q >/dev/null F19.txt budget --create \
		--match '=SUM\(1\+1\) is what the budget sheet said, I swear\.'
	fg --db f.db --coder ana code add -q >/dev/null F19.txt cost --create \
		--match '\+1 to that\. The café charged €4,50 for "tea"\.'
	fg --db f.db --coder ana code add -q >/dev/null F19.txt rota --create \
		--match '-- well, I disagree;\nthe rota was fine\.'
	fg --db f.db --coder ana code add -q >/dev/null F19.txt comms --create \
		--match '@channel said it first\.'
	fg --db f.db --coder ana code add -q >/dev/null F19.txt misc --create \
		--match '\tTabbed start, naïve question: Зоя said «да» 👍'
	step 34-f19-csv fg --db f.db codings --source F19.txt --format csv
	fg --db f.db codings --source F19.txt --format csv > f19.csv
	expect "F19: starts with the UTF-8 BOM" efbbbf \
		"$(head -c 3 f19.csv | od -An -tx1 | tr -d ' \n')"
	expect "F19: 6 records end in CRLF" 6 \
		"$(grep -c "$(printf '\r')\$" f19.csv)"
	expect "F19: the two-line quote is one field" 1 \
		"$(grep -c "\"'-- well, I disagree;\$" f19.csv)"
	expect "F19: every quote neutralised" 5 \
		"$(grep -c ",\"'[=+@$(printf '\t')-]" f19.csv)"
	expect "F19: the @Sam speaker neutralised" 1 \
		"$(grep -c ",\"'@Sam\"," f19.csv)"
	expect "F19: offsets untouched" 1 \
		"$(grep -c '^15,F19.txt,cost,88,133,88,136,3,P2,' f19.csv)"
	step 35-f19-tsv fg --db f.db codings --source F19.txt --format tsv
else
	skip "field cases F03, F11, F19" "../shared not present"
fi
done_testing
