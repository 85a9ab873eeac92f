#!/bin/sh
# workbench.sh - the coding workbench driven by scripted keys, checked by
# screen dumps: opening, moving, selecting, coding (Cyrillic too),
# overlapping codings, undo/redo, search, help, resize and escapes.
. "${top_srcdir:-.}/tests/tui/lib.sh"

fixture_project || { notok "fixture project"; done_testing; exit 1; }
n_codings() { sqlite3 fgcode.db "SELECT count(*) FROM coding"; }
base=$(n_codings)

# 1. opening: the first source is open, the source list has focus
tui ':save-display 01-open.screen<Enter>'
screen 01-open

# 2. open another source and move: Down twice, Enter, j j l l w
tui 'jj<Enter>' 'jjllw' ':save-display 02-move.screen<Enter>'
screen 02-move

# 3. page down, bottom, top
tui '<Tab><PgDn>:save-display 03-pgdn.screen<Enter>' \
    'G:save-display 04-bottom.screen<Enter>' \
    'g:save-display 05-top.screen<Enter>'
screen 03-pgdn
screen 04-bottom
screen 05-top

# 4. select five characters and code them with a Cyrillic code picked by
#    typing part of its name
tui '<Tab>jvllll' ':save-display 06-select.screen<Enter>' \
    'cв-се<Enter>' ':save-display 07-coded.screen<Enter>'
screen 06-select
screen 07-coded
expect "one coding added" $((base + 1)) "$(n_codings)"
expect "coded with уят-в-семье, 5 code points, by the coder" \
	"уят-в-семье|5|tester" \
	"$(sqlite3 fgcode.db "SELECT k.name, c.end_cp - c.start_cp, c.coder
	    FROM coding c JOIN code k ON k.id = c.code_id
	    ORDER BY c.id DESC LIMIT 1")"
expect "the stored excerpt is the text at the range" "1" \
	"$(sqlite3 fgcode.db "SELECT substr(s.text, c.start_cp + 1,
	    c.end_cp - c.start_cp) = c.excerpt FROM coding c JOIN source s
	    ON s.id = c.source_id ORDER BY c.id DESC LIMIT 1")"

# 5. overlapping codings: code the whole turn twice, remove one (asks
#    which), then undo and redo
before=$(n_codings)
tui '<Tab>jj' 'V:code uyat<Enter>' 'V:code religion<Enter>' \
    ':save-display 08-overlap.screen<Enter>' \
    'x<Dump:09-which.screen>1' \
    ':save-display 10-removed.screen<Enter>' \
    'u:save-display 11-undo.screen<Enter>' \
    '<C-r>:save-display 12-redo.screen<Enter>'
screen 08-overlap
screen 09-which
screen 10-removed
screen 11-undo
screen 12-redo
expect "two added, one removed (undo, redo)" $((before + 1)) "$(n_codings)"

# 6. a new code from the picker, created on y
tui '<Tab>jc' 'ұят-жаңа<Dump:13-picker.screen><Enter>' \
    '<Dump:13-confirm.screen>y' ':save-display 13-newcode.screen<Enter>'
screen 13-picker
screen 13-confirm
screen 13-newcode
expect "new code created" "1" \
	"$(sqlite3 fgcode.db "SELECT count(*) FROM code WHERE name = 'ұят-жаңа'")"

# 7. search with a Unicode pattern (\b on Cyrillic needs UCP), next and
#    previous; fg03 has ұят twice and уят once
tui '<Tab>/\b[ұу]ят\b<Enter>' ':save-display 14-search.screen<Enter>' \
    'n:save-display 15-next.screen<Enter>' \
    'N:save-display 16-prev.screen<Enter>' \
    '/no such thing at all<Enter>:save-display 17-notfound.screen<Enter>'
screen 14-search
screen 15-next
screen 16-prev
screen 17-notfound

# 8. help, resize, a small terminal
tui '?<Dump:18-help.screen><Esc>' \
    '<Resize:100x30>:save-display 19-big.screen<Enter>' \
    '<Resize:60x15>:save-display 20-small.screen<Enter>' \
    '<Resize:10x2>:save-display 21-tiny.screen<Enter>' \
    '<Resize:80x24>:save-display 22-back.screen<Enter>'
for s in 18-help 19-big 20-small 21-tiny 22-back; do screen $s; done

# 9. a transcript with escape sequences, control characters, tabs, wide
#    and combining characters: shown visibly, never sent raw
printf 'A: plain\nB: esc \033[31mred\033[0m bell \007 tab\there\nA: 日本語 wide and e\314\201 combining, 👍🏽 emoji\nB: C1 \302\233 end\n' > esc.txt
fg import -q esc.txt
tui 'G<Enter>' ':save-display 23-escapes.screen<Enter>'
screen 23-escapes
expect "no raw ESC byte in the dump" "0" \
	"$(tr -dc '\033' < 23-escapes.screen | wc -c | tr -d ' ')"

# 10. :report freq in the workbench
tui ':report freq city<Enter>' 'q'
expect "report view exits cleanly" "0" "$?"
done_testing
