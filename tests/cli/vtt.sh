#!/bin/sh
# vtt.sh - importing WebVTT files: field case F08 (Zoom and Teams exports;
# the turns, times and texts of ../shared/field-cases/README.md), the
# Oakland council captions of ../shared/corpus (no speakers, CART ">>"
# marks), --profile webvtt on another name, and a file that is not
# WebVTT.  Expected texts are the README's; corpus counts come from awk on
# the file.  Skipped when ../shared is absent.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# turns FILE: "seq|speaker|timestamp|text" of each turn, the text read from
# the stored text at the turn's code-point range.
turns() {
	sql "SELECT t.seq, t.speaker, t.timestamp, substr(s.text, t.start_cp + 1,
	    t.end_cp - t.start_cp) FROM turn t JOIN source s ON s.id =
	    t.source_id WHERE s.name = '$1' ORDER BY t.seq"
}

fg init -q

# ---- a file that is not WebVTT, and --profile on another name ----
printf '1\n00:00:01,000 --> 00:00:02,000\nAna: hi\n' > notes.vtt
step 01-not-webvtt fg import notes.vtt
expect "a refused file writes nothing" 0 "$(sql 'SELECT count(*) FROM source')"
printf 'WEBVTT\n\n00:01.000 --> 00:02.500\n<v Ana>hi &amp; bye</v>\n' > cues.txt
step 02-profile-webvtt fg import --profile webvtt cues.txt
expect "--profile webvtt: the rendered text" "Ana: hi & bye" \
    "$(sql "SELECT text FROM source WHERE name = 'cues.txt'")"

FC=field-cases
if ! have_shared "$FC/F08.zoom.vtt"; then
	skip "F08 and the corpus" "../shared is absent"
	done_testing
	exit 0
fi
cp "$SHARED/$FC/F08.zoom.vtt" "$SHARED/$FC/F08.teams.vtt" .

# ---- F08: Zoom ----
step 03-F08-zoom fg import F08.zoom.vtt
step 04-F08-zoom-speakers fg speakers F08.zoom.vtt
expect "F08 zoom: turns, times and texts" "1|Moderator|00:00:01.200-00:00:04.000|Welcome, can everyone hear me?
2|Lina Park|00:00:04.500-00:00:11.250|Yes, loud and clear. The new schedule confused a lot of people.
3|Moderator|00:00:11.300-00:00:12.000|Why was that?
4|(unknown)|00:00:12.100-00:00:15.600|10:30 Standup: it moved twice in one week." \
    "$(turns F08.zoom.vtt)"
expect "F08 zoom: no speaker '10:30 Standup'" 0 \
    "$(sql "SELECT count(*) FROM turn WHERE speaker LIKE '%Standup%'")"
expect "F08 zoom: SHA-256 of the original bytes" \
    "$(sha256sum F08.zoom.vtt | cut -d' ' -f1)" \
    "$(sql "SELECT file_sha256 FROM source WHERE name = 'F08.zoom.vtt'")"
expect "F08 zoom: no scaffolding in the stored text" "0|0|0|0|0|0" \
    "$(sql "SELECT instr(text, 'WEBVTT'), instr(text, 'Kind:'),
    instr(text, 'Language:'), instr(text, 'Recording started'),
    instr(text, '-->'), instr(text, '00:00') FROM source
    WHERE name = 'F08.zoom.vtt'")"

# ---- F08: Teams (BOM, CRLF, GUIDs, <v> without </v>, entities) ----
step 05-F08-teams fg import F08.teams.vtt
step 06-F08-teams-speakers fg speakers F08.teams.vtt
expect "F08 teams: turns, times and texts" "1|Lina Park|00:01:02.500-00:01:05.000|It changed twice in one week.
2|Omar Haddad|00:01:05.100-00:01:09.900|I missed a shift because of it & lost pay. Nobody told us <why>.
3|Lina Park|00:01:10.000-00:01:12.400|Same here." \
    "$(turns F08.teams.vtt)"
expect "F08 teams: no GUID, setting, tag or entity in the text" "0|0|0|0|0" \
    "$(sql "SELECT instr(text, '3f1c2a7e'), instr(text, 'align:'),
    instr(text, '<v'), instr(text, '&amp;'), instr(text, '<i>') FROM source
    WHERE name = 'F08.teams.vtt'")"
expect "F08 teams: BOM and CRLF recorded" "1|17" \
    "$(sql "SELECT had_bom, crlf_count FROM source WHERE name = 'F08.teams.vtt'")"

# coding a turn codes exactly its utterance
fg code add --create F08.teams.vtt pay --turn 2 > /dev/null 2>&1
step 07-F08-coding fg codings --format tsv

# ---- the Oakland council captions: no speakers ----
OAK=corpus/council-captions-vtt/oakland_captions.vtt
if have_shared "$OAK"; then
	cp "$SHARED/$OAK" .
	fg import -q oakland_captions.vtt
	# cues whose payload has a non-blank line (the first cue is empty)
	want=$(awk '/-->/ { cue = 1; has = 0; next }
	    cue && /^[ \t]*$/ { if (has) n++; cue = 0; next }
	    cue { has = 1 }
	    END { if (cue && has) n++; print n }' oakland_captions.vtt)
	expect "oakland: one turn per non-empty cue" "$want" \
	    "$(sql "SELECT count(*) FROM turn t JOIN source s ON s.id =
	    t.source_id WHERE s.name = 'oakland_captions.vtt'")"
	expect "oakland: 424 cues, 423 turns" "424 423" \
	    "$(grep -c -- '-->' oakland_captions.vtt) $want"
	expect "oakland: one speaker, (unknown)" "(unknown)" \
	    "$(fg speakers --format tsv oakland_captions.vtt | sed 1d | cut -f1)"
	expect "oakland: no timing line, tag or cue number in the text" "0|0|0" \
	    "$(sql "SELECT instr(text, '-->'), instr(text, '<'),
	    instr(text, 'WEBVTT') FROM source
	    WHERE name = 'oakland_captions.vtt'")"
	expect "oakland: the >> marks kept (54)" 54 \
	    "$(sql "SELECT (length(text) - length(replace(text, '>>', '')))
	    / 2 FROM source WHERE name = 'oakland_captions.vtt'")"
	expect "oakland: the first turn" "00:02:28.168-00:02:31.360|successor agency/city council. >> good morning, welcome to" \
	    "$(turns oakland_captions.vtt | sed -n '1p' | cut -d'|' -f3-)"
else
	skip "oakland captions" "../shared/$OAK is absent"
fi
done_testing
