#!/bin/sh
# import.sh - roster import and listing, transcript import (summaries,
# dedupe, all-or-nothing, --set, errors), sources and speakers listings.
. "${top_srcdir:-.}/tests/cli/lib.sh"

fg init -q
cp "$FIXTURES/roster.yaml" roster.yaml
cp "$FIXTURES"/transcripts/*.txt .
cp "$FIXTURES/broken/roster-bad-yaml.yaml" "$FIXTURES/broken/transcript-bad-front-matter.txt" .

# ---- roster ----
step 01-roster-empty fg roster
step 02-roster-import fg roster import roster.yaml
step 03-roster-reimport fg roster import roster.yaml
expect "roster: 26 groups after two imports" 26 "$(sql 'SELECT count(*) FROM focus_group')"
step 04-roster-bad-yaml fg roster import roster-bad-yaml.yaml
step 05-roster-usage fg roster import
step 06-roster-unknown-action fg roster frob
cat > r2.yaml <<'EOF'
groups:
  - fg: 3
    facilitator: Moderator
    participants:
      - id: Gaisha
        gender: female
  - fg: "27"
    city: Taraz
    size: [4]
EOF
step 07-roster-bad-structure fg roster import r2.yaml
expect "roster: a bad group writes nothing" "0|0" "$(sql "SELECT count(*) FROM participant; SELECT count(*) FROM focus_group WHERE fg = '27'" | paste -sd'|')"

# ---- transcripts ----
step 08-import-fixtures fg import fg03-aktau.txt fg06-almaty.txt \
    fg10-almaty.txt fg12-nur-sultan.txt fg18-kyzylorda.txt \
    fg21-shymkent.txt fg22-shymkent.txt
step 09-sources fg sources
step 10-sources-tsv fg --format tsv sources
step 11-speakers fg speakers fg03-aktau.txt
step 12-speakers-csv fg speakers --format csv 5
step 13-roster-after fg roster --format md
# Independent counts: body lines starting with a declared label and ':'
# (facilitator Moderator or a participant id), as fixtures/README.md says.
for f in fg03-aktau fg12-nur-sultan fg18-kyzylorda; do
	ids=$(sed -n '/^participants:/,/^---/p' "$f.txt" | sed -n 's/^ *- id: *//p' | tr -d '\r' | paste -sd'|')
	want=$(tr -d '\r' < "$f.txt" | awk 'NR > 1 && /^---$/ { body = 1; next } body' | grep -cE "^(Moderator|$ids):")
	expect "$f: turns" "$want" "$(sql "SELECT count(*) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = '$f.txt'")"
done
expect "fg18: BOM and 86 CRLF recorded" "1|86|0" "$(sql "SELECT had_bom, crlf_count, cr_count FROM source WHERE name = 'fg18-kyzylorda.txt'")"
expect "fg18: stored text has no CR and no BOM" "0|0" "$(sql "SELECT instr(text, char(13)), instr(text, char(65279)) FROM source WHERE name = 'fg18-kyzylorda.txt'")"
expect "fg06: 'Тәте:' and 'Me:' are not speakers" 0 "$(sql "SELECT count(*) FROM turn WHERE speaker IN ('Тәте', 'Me')")"
expect "every participant turn is linked" 0 "$(sql "SELECT count(*) FROM turn WHERE speaker <> 'Moderator' AND participant_id IS NULL")"
expect "Cyrillic ids linked in fg12" 6 "$(sql "SELECT count(DISTINCT t.participant_id) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'fg12-nur-sultan.txt'")"

# ---- dedupe and all-or-nothing ----
cp fg03-aktau.txt copy-of-fg03.txt
step 14-reimport fg import fg03-aktau.txt copy-of-fg03.txt
expect "no duplicate sources" 7 "$(sql 'SELECT count(*) FROM source')"
cat > new.txt <<'EOF'
Moderator: A new file.
EOF
step 15-one-bad-file fg import new.txt transcript-bad-front-matter.txt
expect "a failed import writes nothing" "7|0" "$(sql "SELECT count(*) FROM source; SELECT count(*) FROM source WHERE name = 'new.txt'" | paste -sd'|')"

# ---- --set, conflicts, errors ----
step 16-set-fg fg import --set fg=25 --set room=B new.txt
expect "--set fg links the group" "25|Shymkent" "$(sql "SELECT g.fg, g.city FROM source s JOIN focus_group g ON g.id = s.group_id WHERE s.name = 'new.txt'")"
expect "--set values are source attributes" "fg=25,room=B" "$(sql "SELECT group_concat(key || '=' || value, ',') FROM (SELECT a.key, a.value FROM source_attr a JOIN source s ON s.id = a.source_id WHERE s.name = 'new.txt' ORDER BY a.key)")"
cat > conflict.txt <<'EOF'
---
fg: 21
city: Almaty
---
Moderator: Hello.
EOF
step 17-conflict fg import conflict.txt
cat > new2.txt <<'EOF'
Moderator: Another new file.
Moderator: With two turns.
EOF
step 18-set-conflict fg import --set city=Almaty --set fg=22 new2.txt
step 18b-same-bytes-new-set fg import --set fg=24 new.txt
cat > newgroup.txt <<'EOF'
---
fg: 99
city: Taraz
date: 2024-05-01
facilitator: Dana
participants:
  - id: Ayan
    age: 30
  - id: Bota
---
Dana: Welcome.
Ayan: Hello.
BOTA: Hi.
Aunt: this is not a speaker
Dana: Thanks.
EOF
step 19-new-group fg import newgroup.txt
expect "a group not in the roster is added" "99|Taraz|2024-05-01|Dana|2" "$(sql "SELECT g.fg, g.city, g.date, g.facilitator, (SELECT count(*) FROM participant p WHERE p.group_id = g.id) FROM focus_group g WHERE fg = '99'")"
step 20-unknown-profile fg import --profile nosuch conflict.txt
step 21-missing-file fg import nosuch.txt
step 22-no-file fg import
step 23-bad-set fg import --set novalue new.txt
step 24-unknown-source fg speakers nosuch.txt
step 25-sources-json fg --format json sources
done_testing
