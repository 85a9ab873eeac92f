#!/bin/sh
# two-process.sh - two fgcode processes on one project (F18): the
# workbench stays open while another coder writes from the command line;
# nothing fails with "database is locked", and the change appears after
# :reload.
. "${top_srcdir:-.}/tests/tui/lib.sh"

fixture_project || { notok "fixture project"; done_testing; exit 1; }
printf '%s\n' ':save-display 01-before.screen<Enter>' '<Wait:go>' \
    ':reload<Enter>:save-display 02-after.screen<Enter>' \
    '<Tab>V:code religion<Enter>' ':save-display 03-mine.screen<Enter>' \
    > keys
FGCODE_SCRIPT=keys timeout 60 "$FGCODE" tui > tui.out 2> tui.err &
pid=$!
i=0
while [ ! -f 01-before.screen ] && [ $i -lt 500 ]; do
	sleep 0.05
	i=$((i + 1))
done
expect "the workbench is up" yes "$([ -f 01-before.screen ] && echo yes)"
FGCODE_CODER=other "$FGCODE" code add fg03-aktau.txt generational-divide \
    --turn 1 > other.out 2> other.err
expect "the other process writes while the workbench is open" 0 "$?"
expect "no 'database is locked'" 0 "$(grep -c 'locked' other.err tui.err | awk -F: '{s+=$2} END {print s+0}')"
touch go
wait $pid
expect "the workbench exits cleanly" 0 "$?"
screen 01-before
screen 02-after
screen 03-mine
expect "both codings stored" "other|generational-divide tester|religion" \
	"$(sqlite3 fgcode.db "SELECT c.coder || '|' || k.name FROM coding c
	    JOIN code k ON k.id = c.code_id ORDER BY c.id DESC LIMIT 2" |
	    sort | tr '\n' ' ' | sed 's/ $//')"
expect "integrity" ok "$(sqlite3 fgcode.db 'PRAGMA integrity_check')"
done_testing
