#!/bin/sh
# concurrency.sh - field case F18: several fgcode processes on one project
# at once.  Writers queue (BEGIN IMMEDIATE and a busy timeout) instead of
# failing with "database is locked"; readers never see half a command; a
# killed command leaves nothing behind.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! have_shared field-cases/F18.txt; then
	skip "F18" "../shared is absent"
	done_testing
	exit 0
fi
cp "$SHARED/field-cases/F18.txt" .
fg init -q && fg import -q F18.txt
waiting() {
	fg codes --format tsv 2>/dev/null |
	    awk -F'\t' '$2 == "waiting" { print $5; found = 1 }
	    END { if (!found) print 0 }'
}

# A: 2,000 matches in one transaction; B: one manual coding by another
# coder; C: a reader polling every 50 ms while A runs.
fg code add F18.txt waiting --match '\bwait\b' --create --coder ana \
    > a.out 2> a.err &
pa=$!
fg code add F18.txt queue --turn 7 --create --coder ben > b.out 2> b.err &
pb=$!
: > seen
while kill -0 $pa 2>/dev/null; do
	waiting >> seen
	sleep 0.05
done
wait $pa
ra=$?
wait $pb
rb=$?
waiting >> seen
expect "A (2,000 matches) succeeds" 0 "$ra"
expect "B (another coder at the same time) succeeds" 0 "$rb"
expect "the reader only ever saw 0 or 2000 'waiting' codings" "" \
    "$(grep -vxE '0|2000' seen | sort -u | tr '\n' ' ')"
expect "no 'database is locked' anywhere" 0 \
    "$(cat a.err b.err | grep -ci 'locked')"

# D: a much longer auto-code, killed half-way, leaves nothing behind
i=0
while [ $i -lt 40 ]; do cat F18.txt; i=$((i + 1)); done |
    awk '{ sub(/^P[12]:/, "P" (NR % 2 + 1) ":"); print }' > big.txt
fg import -q big.txt
# (the binary itself, not the fg function, so that $! is fgcode's pid)
"$FGCODE" code add big.txt waiting-again --match '\b\w+\b' --create \
    --coder dan > d.out 2> d.err &
pd=$!
sleep 0.5
expect "the long run is still running when killed" yes \
    "$(kill -0 $pd 2>/dev/null && echo yes)"
kill -9 $pd 2>/dev/null
wait $pd 2>/dev/null
expect "the killed run left no codings" 0 \
    "$(sqlite3 fgcode.db "SELECT count(*) FROM coding WHERE coder = 'dan'")"
expect "the killed run left no code" 0 \
    "$(sqlite3 fgcode.db "SELECT count(*) FROM code WHERE name = 'waiting-again'")"
expect "no stale lock: the next command writes" 0 \
    "$(fg code add F18.txt queue --turn 9 --coder ben -q > /dev/null; echo $?)"
expect "final: waiting 2000 by ana" "2000|ana" \
    "$(sqlite3 fgcode.db "SELECT count(*), min(c.coder) FROM coding c JOIN code k ON k.id = c.code_id WHERE k.name = 'waiting'")"
expect "final: queue 2 by ben" "2|ben" \
    "$(sqlite3 fgcode.db "SELECT count(*), min(c.coder) FROM coding c JOIN code k ON k.id = c.code_id WHERE k.name = 'queue'")"
expect "integrity_check" ok "$(sqlite3 fgcode.db 'PRAGMA integrity_check')"

# A writer that cannot get the lock in time (here held by a sqlite3 shell
# for 3 s; fgcode told to wait only 0.2 s) fails cleanly: exit 5, a plain
# "try again", nothing written.
(echo "BEGIN IMMEDIATE;"; sleep 0.5; touch held; sleep 3; echo "COMMIT;") |
    sqlite3 fgcode.db &
ph=$!
i=0
while [ ! -f held ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
before=$(sqlite3 fgcode.db "SELECT count(*) FROM coding")
FGCODE_BUSY_TIMEOUT_MS=200 fg code add F18.txt queue --turn 11 --coder ben \
    > busy.out 2> busy.err
expect "busy writer exits 5" 5 "$?"
expect "busy writer says to try again" 1 "$(grep -c 'try again' busy.err)"
expect "busy writer never says 'locked'" 0 "$(grep -ci 'locked' busy.err)"
expect "a reader is not held up by the writer" 0 \
    "$(timeout 2 "$FGCODE" codes > /dev/null 2>&1; echo $?)"
wait $ph
expect "busy writer wrote nothing" "$before" \
    "$(sqlite3 fgcode.db "SELECT count(*) FROM coding")"
done_testing
