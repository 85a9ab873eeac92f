#!/bin/sh
# corpus.sh - real public transcripts from ../shared/corpus: the Vostok 1
# radio log (Russian, Spacelog format) and the Apollo 11 onboard recorder
# (Spacelog, time stamps).  Skipped when ../shared is absent.
. "${top_srcdir:-.}/tests/cli/lib.sh"

VOSTOK=corpus/vostok1-radio-ru-en/MAIN
APOLLO=corpus/apollo11-onboard-cm/CM

if ! have_shared "$VOSTOK" || ! have_shared "$APOLLO"; then
	skip "corpus" "../shared/corpus is absent"
	done_testing
	exit 0
fi

fg init -q
cp "$SHARED/$VOSTOK" MAIN
cp "$SHARED/$APOLLO" CM

# label_lines LABEL FILE: lines that start with "LABEL:" and then a space
# or the line end.
label_lines() {
	awk -v w="$1:" 'index($0, w) == 1 && (length($0) == length(w) ||
	    substr($0, length(w) + 1, 1) == " ") { n++ } END { print n + 0 }' "$2"
}

# ---- Vostok 1 ----
step 01-import-vostok fg import --profile spacelog MAIN
step 02-speakers-vostok fg speakers MAIN --format tsv
# Independent counts from the file: a turn is a line "Label: text" (a
# space or the line end after the colon) that is not a "_key:" metadata
# line nor a "[time]" line; this gives 282 turns and Кедр 124 as
# SOURCES.md says.  Line 825 "Кедр:… огни ..." (no space after the colon)
# is not a label line: it continues "Кедр: Произошло…" of line 822 after a
# _comment line.
want_turns=$(grep -cE '^[^_[][^:]*:( |$)' MAIN)
expect "vostok: 282 turns (SOURCES.md)" 282 "$want_turns"
expect "vostok: turns (one per label line)" "$want_turns" "$(sql "SELECT count(*) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'MAIN'")"
expect "vostok: 12 speakers" 12 "$(sql "SELECT count(DISTINCT speaker) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'MAIN'")"
for who in 'Кедр' 'Заря 1 (Королев)' 'Заря 1 (Каманин)' 'Заря 2 (Титарев)'; do
	expect "vostok: turns of $who" "$(label_lines "$who" MAIN)" \
	    "$(fg speakers --format tsv MAIN | awk -F '\t' -v w="$who" '$1 == w { print $3 }')"
done
expect "vostok: Заря 1 (Королев) 56 as SOURCES.md says" 56 "$(grep -c '^Заря 1 (Королев):' MAIN)"
expect "vostok: _comment and _note lines are notes" "$(grep -cE '^_(comment|note):' MAIN)" "$(sql 'SELECT count(*) FROM turn_note')"
# the first turn: line 5 of the file, before launch
expect "vostok: first turn" "Кедр|-00:01:57:00|5|Как слышите меня?" \
    "$(sql "SELECT t.speaker, t.timestamp, t.line_start, substr(s.text, t.start_cp + 1, t.end_cp - t.start_cp) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'MAIN' AND t.seq = 1")"

# ---- Apollo 11 ----
step 03-import-apollo fg import --profile spacelog CM
step 04-speakers-apollo fg speakers --format tsv CM
for who in CDR CMP LMP CC MS SC; do
	expect "apollo: turns of $who" "$(label_lines "$who" CM)" \
	    "$(fg speakers --format tsv CM | awk -F '\t' -v w="$who" '$1 == w { print $3 }')"
done
# Time stamps: "[00:00:29:27]" on line 11 opens the block of turn 4 (line
# 12, "CMP: How about this ...").
expect "apollo: a turn's time stamp" "CMP|00:00:29:27|12" \
    "$(sql "SELECT speaker, timestamp, line_start FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'CM' AND substr(s.text, t.start_cp + 1, 29) = 'How about this ... circuit co'")"
expect "apollo: every turn has a time stamp" 0 "$(sql "SELECT count(*) FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'CM' AND t.timestamp IS NULL")"
# the last turn's stamp is the last "[...]" line of the file
expect "apollo: last time stamp" "$(grep -E '^\[' CM | tail -n 1 | tr -d '[]')" \
    "$(sql "SELECT timestamp FROM turn t JOIN source s ON s.id = t.source_id WHERE s.name = 'CM' ORDER BY seq DESC LIMIT 1")"
step 05-sources fg sources
done_testing
