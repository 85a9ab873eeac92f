#!/bin/sh
# provenance.sh - quote IDs and quotes (text, md, json, errors),
# citations (participants, quotes, the seed's footnotes checked and
# stored), the history (log, blame), the audit of a clean project and of
# one tampered with by sqlite3 (a memo forged, an excerpt edited, an event
# deleted, a transcript edited after import), the seed's roster and
# footnotes, and bad input: unknown quotes, a project from a newer
# fgcode, a read-only project file, no project.
. "${top_srcdir:-.}/tests/cli/lib.sh"

have_sqlite3() { command -v sqlite3 > /dev/null 2>&1; }

# (files by relative names: the roster's name is part of its event, whose
# hash the golden files show)
mkdir t
cp "$FIXTURES"/transcripts/*.txt t/
cp "$FIXTURES/roster.yaml" "$FIXTURES/codebook.yaml" "$FIXTURES/codings.yaml" \
    "$FIXTURES/provenance/seed-footnotes.yaml" \
    "$FIXTURES/provenance/seed-methods.yaml" .
fg init -q
fg roster import -q roster.yaml
fg import -q t/*.txt
fg codebook import -q codebook.yaml
fg code add -q fg22-shymkent.txt uyat --match 'Ұят! And the mothers' \
    --memo 'Serik on the photos' > /dev/null
fg --coder dana code add -q fg22-shymkent.txt social-media-use \
    --match 'From the phone\.\nSerik: And the girls' > /dev/null
fg code apply -q codings.yaml

# ---- quotes ----
# The ID of coding 1 computed here from its form (quote.h): "Q-" and 10
# hex digits of SHA-256("fgcode-quote-1\n" TEXT_SHA256 "\n" START "\n" END
# "\n" CODE "\n" CODER).
if have_sqlite3; then
	Q1=$(printf 'fgcode-quote-1\n%s\n%s\n%s\n%s\n%s' \
	    "$(sql "SELECT text_sha256 FROM source WHERE name = \
	    'fg22-shymkent.txt'")" \
	    "$(sql "SELECT start_cp FROM coding WHERE id = 1")" \
	    "$(sql "SELECT end_cp FROM coding WHERE id = 1")" uyat tester |
	    sha256sum | cut -c1-10)
	Q1=Q-$Q1
	expect "the quote ID of coding 1 is its documented form" "$Q1" \
	    "$(fg quote --format tsv | awk -F '\t' '$2 == 1 { print $1 }')"
else
	Q1=$(fg quote --format tsv | awk -F '\t' '$2 == 1 { print $1 }')
	skip "the quote ID of coding 1 is its documented form" "no sqlite3"
fi
Q2=$(fg quote --format tsv | awk -F '\t' '$2 == 2 { print $1 }')
step 01-quote-list fg quote --format tsv
step 02-quote fg quote "$Q1"
step 03-quote-two-turns fg quote "$Q2" --format md
step 04-quote-json fg quote "$(echo "$Q1" | tr a-z A-Z | cut -c1-8)" \
    --format json
step 05-quote-unknown fg quote Q-0000000000
step 06-quote-malformed fg quote Q-12
step 07-quote-bad-format fg quote "$Q1" --format csv

# ---- citations ----
step 08-cite-two fg cite 22:Yerzhan 22:Amangeldy
step 09-cite-one fg cite 21:Gulzhan
step 10-cite-groups fg cite 3:Nurlan 22:Serik 3:Gaisha 3:Aliya 3:Zarina
step 11-cite-range fg cite --range 21:Gulzhan 21:Aigul 21:Meruyert
step 12-cite-quote fg cite --quote "$Q2"
step 13-cite-unknown fg cite 22:Nobody
step 14-cite-usage fg cite 22

# ---- the history ----
step 15-log-source fg log --source fg22-shymkent.txt
step 16-log-code-tsv fg log --code uyat --format tsv
fg code rm -q 1
step 17-blame fg blame "$Q1"
step 18-quote-removed fg quote "$Q1"

# ---- the audit ----
# a project without the study's roster: every check holds
fg --db clean.db init -q
fg --db clean.db import -q t/*.txt
fg --db clean.db codebook import -q codebook.yaml
fg --db clean.db code apply -q codings.yaml
step 19-audit-clean fg --db clean.db audit
step 20-audit-json fg --db clean.db audit --format json
# the study's roster has anomalies of its own
step 21-audit-roster fg audit

if have_sqlite3; then
	sum0=$(sha256sum clean.db)
	fg --db clean.db audit -q > /dev/null
	expect "the audit does not change the project" "$sum0" \
	    "$(sha256sum clean.db)"
	# tampering behind fgcode's back
	cp clean.db tamper.db
	sqlite3 tamper.db "UPDATE coding SET memo = 'forged' WHERE id = 3"
	sqlite3 tamper.db "UPDATE coding SET excerpt = 'I never said that.' \
	    WHERE id = 7"
	sqlite3 tamper.db "DELETE FROM event WHERE id = 5" 2> /dev/null
	expect "the history refuses a delete" "refused" \
	    "$([ $? -ne 0 ] && echo refused)"
	sqlite3 tamper.db "DROP TRIGGER event_no_delete; \
	    DELETE FROM event WHERE id = 5"
	printf 'Moderator: added later.\n' >> t/fg21-shymkent.txt
	step 22-audit-tampered fg --db tamper.db audit
	# a hash published with a manuscript (here: event 5's, which was
	# deleted) must be in the history
	head=$(fg --db clean.db log --format tsv |
	    awk -F '\t' '$1 == 5 { print $9 }')
	step 23-audit-anchor fg --db tamper.db audit -q --head "$head" \
	    --originals "$FIXTURES/transcripts"
	expect "the clean project has the published hash" 0 \
	    "$(fg --db clean.db audit -q --head "$head" \
	    --originals "$FIXTURES/transcripts" > /dev/null; echo $?)"
	# a project from a newer fgcode
	cp clean.db newer.db
	sqlite3 newer.db "PRAGMA user_version = 99"
	step 24-newer fg --db newer.db audit
	step 25-newer-quote fg --db newer.db quote
else
	skip "sqlite3 steps" "no sqlite3"
fi

# a read-only project file is read as it is
cp clean.db ro.db
chmod 444 ro.db
step 26-audit-read-only fg --db ro.db audit -q \
    --originals "$FIXTURES/transcripts"
if [ -w ro.db ]; then
	skip "a read-only project refuses changes" "running as root"
else
	fg --db ro.db code rm 1 > /dev/null 2> ro.err
	expect "a read-only project refuses changes (exit 7)" 7 "$?"
	expect "and says why" yes \
	    "$(grep -q 'read-only: nothing was changed' ro.err && echo yes)"
fi
step 27-audit-no-project fg --db nowhere.db audit
step 28-audit-bad-option fg audit --format csv

# ---- the seed: its roster and footnotes ----
fg --db seed.db init -q
fg --db seed.db roster import -q roster.yaml
fg --db seed.db roster import -q seed-methods.yaml
step 29-seed-check fg --db seed.db cite --check seed-footnotes.yaml
step 30-seed-store fg --db seed.db cite --store seed-footnotes.yaml
step 31-seed-audit fg --db seed.db audit
step 32-seed-log fg --db seed.db log --format tsv

# ---- survey models: a number edited behind fgcode's back ----
fg --db models.db init -q
fg --db models.db wvs load-table -q "$FIXTURES/wvs/seed-table3.yaml" \
    2> /dev/null
expect "models: a fresh load audits clean" 0 \
    "$(fg --db models.db audit > /dev/null; echo $?)"
sqlite3 models.db "UPDATE model_term SET estimate = -0.5, stars = '***'
    WHERE rowid = (SELECT min(rowid) FROM model_term WHERE name = 'urban')"
fg --db models.db audit > models.out
expect "models: an edited estimate is a finding (exit 1)" 1 "$?"
expect "models: the finding names the models" 1 \
    "$(grep -c 'state, models: the stored survey models are not as' models.out)"

done_testing
