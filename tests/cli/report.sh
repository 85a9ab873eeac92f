#!/bin/sh
# report.sh - report freq on the fixture project (roster, seven
# transcripts, codebook, the 68 fixture codings) in every grouping and
# format, and its usage errors.
. "${top_srcdir:-.}/tests/cli/lib.sh"

mkdir t
cp "$FIXTURES"/transcripts/*.txt t/
cp "$FIXTURES/roster.yaml" "$FIXTURES/codebook.yaml" \
    "$FIXTURES/codings.yaml" .
fg init --quiet
fg --quiet roster import roster.yaml
fg import -q t/*.txt
fg codebook import -q codebook.yaml
fg code apply -q codings.yaml
# a coding of a speaker label (it overlaps no turn) and one spanning the
# end of turn 1 and the start of turn 2 (it counts for both speakers)
fg code add -q fg03-aktau.txt religion --chars 0:9 > /dev/null
fg code add -q fg03-aktau.txt religion \
	--match 'open Instagram\?\nAliya: Honestly' > /dev/null

step 01-by-city fg report freq --by city
step 02-by-fg-csv fg report freq --by fg --format csv
step 03-by-gender-md fg report freq --by gender --code uyat \
	--code divorce-and-ICT --format md
step 04-by-ageband-tsv fg report freq --by ageband --format tsv
step 05-own-bands fg report freq --by ageband --bands 18-24,25-39,40+ \
	--code uyat-clothing --code generational-divide
step 06-by-speaker-json fg report freq --by speaker --code calls-for-ban \
	--format json
step 07-by-source fg report freq --by source --code religion \
	--code gender-nonconforming-pop

# a few cells recomputed with plain SQL, another way round
expect "uyat-clothing in Shymkent: 3 codings" 3 \
	"$(sql "SELECT count(*) FROM coding c JOIN code k ON k.id = c.code_id
	    JOIN source s ON s.id = c.source_id JOIN focus_group g ON
	    g.id = s.group_id WHERE k.name = 'uyat-clothing' AND
	    g.city = 'Shymkent'")"
expect "the 70 codings overlap 70 (coding, turn) pairs" 70 \
	"$(sql "SELECT count(*) FROM coding c JOIN turn t ON
	    t.source_id = c.source_id AND t.start_cp < c.end_cp AND
	    t.end_cp > c.start_cp")"

step 08-no-by fg report freq
step 09-bad-by fg report freq --by age
step 10-bad-bands fg report freq --by ageband --bands 30-49,18-29
step 11-bands-without-ageband fg report freq --by city --bands 18-29
step 12-unknown-code fg report freq --by city --code shame
step 13-no-report fg report --by city
done_testing
