#!/bin/sh
# field-cases.sh - import behaviour on the field cases of
# ../shared/field-cases (README.md there has the expected values): F01
# (Windows-1252), F06 (invisible and compatibility characters), F07
# (declared speakers vs other colons), F10 (Markdown + YAML front matter).
# Skipped when ../shared is absent.
. "${top_srcdir:-.}/tests/cli/lib.sh"

FC=field-cases
if ! have_shared "$FC/README.md"; then
	skip "field cases" "../shared/field-cases is absent"
	done_testing
	exit 0
fi
for f in F01.txt F06.txt F07.txt F10.md; do
	cp "$SHARED/$FC/$f" .
done
fg init -q

# ---- F01: Windows-1252 ----
step 01-F01-refused fg import F01.txt
expect "F01: refused file writes nothing" 0 "$(sql 'SELECT count(*) FROM source')"
step 02-F01-windows-1252 fg import --encoding windows-1252 F01.txt
expect "F01: cp [119,133) is the quote" "coffee cost €2" \
    "$(sql "SELECT substr(text, 120, 14) FROM source WHERE name = 'F01.txt'")"
expect "F01: b [129,145) is the quote" "coffee cost €2" \
    "$(sql "SELECT CAST(substr(CAST(text AS BLOB), 130, 16) AS TEXT) FROM source WHERE name = 'F01.txt'")"
expect "F01: € is U+20AC, curly quotes and dashes decoded, no C1 controls" "8364|1|1|1|1|0" \
    "$(sql "SELECT unicode(substr(text, 132, 1)), instr(text, char(8220)) > 0, instr(text, char(8221)) > 0, instr(text, char(8211)) > 0, instr(text, char(8230)) > 0, instr(text, char(128)) FROM source WHERE name = 'F01.txt'")"
expect "F01: encoding and CRLF recorded" "windows-1252|4|0" \
    "$(sql "SELECT encoding, crlf_count, had_bom FROM source WHERE name = 'F01.txt'")"

# ---- F06: NBSP, narrow NBSP, soft hyphen, ZWSP, ligature ----
step 03-F06 fg import F06.txt
step 04-F06-speakers fg speakers --format tsv F06.txt
expect "F06: speakers stored without trailing spaces or format characters" 0 \
    "$(sql "SELECT count(*) FROM turn WHERE speaker GLOB '*[ ]' OR instr(speaker, char(160)) OR instr(speaker, char(8203))")"
expect "F06: verbatim text keeps the ligature and the soft hyphen" "1|1" \
    "$(sql "SELECT instr(text, char(64257)) > 0, instr(text, char(173)) > 0 FROM source WHERE name = 'F06.txt'")"

# ---- F07: declared speakers ----
step 05-F07 fg import --speaker Moderator --speaker "Ana M." --speaker "Dr. Osei" F07.txt
step 06-F07-speakers fg speakers --format tsv F07.txt
expect "F07: 8 turns" 8 "$(sql "SELECT count(*) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'F07.txt'")"
expect "F07: turn order" "Moderator,Ana M.,Moderator,Ana M.,Dr. Osei,Moderator,Ana M.,Dr. Osei" \
    "$(sql "SELECT group_concat(speaker, ',') FROM (SELECT speaker FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'F07.txt' ORDER BY seq)")"
expect "F07: the preamble (lines 1-2) is no turn" 3 \
    "$(sql "SELECT min(line_start) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'F07.txt'")"

# ---- F10: Markdown + front matter ----
step 07-F10-refused fg import F10.md
expect "F10: refused file writes nothing" 0 "$(sql "SELECT count(*) FROM source WHERE name = 'F10.md'")"
mkdir fixed
sed 's/^site: Depot: North$/site: "Depot: North"/' F10.md > fixed/F10.md
step 08-F10-fixed fg import fixed/F10.md
expect "F10: front matter as typed" "consent=yes,country=NO,date=2023-04-05,duration=45:10,start=10:30" \
    "$(sql "SELECT group_concat(key || '=' || value, ',') FROM (SELECT a.key, a.value FROM source_attr a JOIN source s ON s.id = a.source_id WHERE s.name = 'F10.md' AND a.key IN ('country', 'consent', 'date', 'start', 'duration') ORDER BY a.key)")"
expect "F10: attributes are TEXT" "text" \
    "$(sql "SELECT DISTINCT typeof(a.value) FROM source_attr a JOIN source s ON s.id = a.source_id WHERE s.name = 'F10.md'")"
expect "F10: site kept with its colon, the list as JSON" 'Depot: North|["shift-work","pay"]' \
    "$(sql "SELECT (SELECT value FROM source_attr WHERE key = 'site'), (SELECT value FROM source_attr WHERE key = 'tags')")"
step 09-F10-speakers fg speakers --format tsv F10.md
expect "F10: profile markdown, body after the front matter" "markdown|12|0" \
    "$(sql "SELECT profile, body_line, instr(text, 'consent') FROM source WHERE name = 'F10.md'")"
# README: in the body after the front matter the questions are at cp
# [34,72) [160,197) [228,253).
expect "F10: stored text at the README's offsets" \
    "How long have you worked at the depot?|Did anything change after the merger?|Who decides the rota now?" \
    "$(sql "SELECT substr(text, 35, 38) || '|' || substr(text, 161, 37) || '|' || substr(text, 229, 25) FROM source WHERE name = 'F10.md'")"
step 10-sources fg sources
done_testing
