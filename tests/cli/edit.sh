#!/bin/sh
# edit.sh - fgcode code rename / code merge and fgcode source rm: field
# case F14 end to end (merging codes whose segments are shared or
# overlap; expected values from /work/shared/field-cases/README.md F14 and
# F14.steps.txt), renaming, the refusals, removing a source with and
# without --force and importing the same file again with another
# --encoding; the audit's history and state checks stay clean after each.
. "${top_srcdir:-.}/tests/cli/lib.sh"

# the history, sources and state lines of the audit ("speakers" findings
# come from F14.txt having no focus group and are not about these edits)
audit_lines() {
	fg audit 2> /dev/null | awk '($1 == "sources" || $1 == "history" ||
	    $1 == "state") && $2 != "head:" { print $1, $NF }' | tr '\n' ' '
}
CLEAN="sources ok history ok state ok "

if ! have_shared field-cases/F14.txt; then
	echo "1..0 # SKIP /work/shared/field-cases is missing"
	exit 0
fi
cp "$SHARED/field-cases/F14.txt" .
fg init -q
fg import -q F14.txt
# the six codings of F14.steps.txt
fg --coder ana code add -q F14.txt barriers --chars 42:72 --create >/dev/null
fg --coder ana code add -q F14.txt obstacles --chars 42:72 --create >/dev/null
fg --coder ana code add -q F14.txt barriers --chars 77:102 > /dev/null
fg --coder ana code add -q F14.txt obstacles --chars 88:103 > /dev/null
fg --coder ben code add -q F14.txt obstacles --chars 42:72 > /dev/null
fg --coder ana code add -q F14.txt barriers --chars 119:170 > /dev/null
expect "F14: six codings before the merge" 6 \
    "$(fg codings --format tsv | tail -n +2 | wc -l | tr -d ' ')"

step 01-merge-self fg code merge barriers barriers
step 02-merge-unknown fg code merge barriers nope
step 03-merge fg code merge barriers obstacles
step 04-codes fg codes --format tsv
step 05-codings fg codings --format tsv
expect "F14: barriers is gone" "" \
    "$(fg codings --code barriers --format tsv 2> /dev/null | tail -n +2)"
expect "F14: ana's identical pair is one obstacles coding at [42,72)" 1 \
    "$(fg codings --code obstacles --coder ana --format tsv |
    awk -F '\t' '$4 == 42 && $5 == 72' | wc -l | tr -d ' ')"
expect "F14: ben's coding stays separate at [42,72)" 1 \
    "$(fg codings --code obstacles --coder ben --format tsv |
    awk -F '\t' '$4 == 42 && $5 == 72' | wc -l | tr -d ' ')"
expect "F14: ana's overlapping pair stays 2 segments" 2 \
    "$(fg codings --code obstacles --coder ana --format tsv |
    awk -F '\t' '($4 == 77 && $5 == 102) || ($4 == 88 && $5 == 103)' |
    wc -l | tr -d ' ')"
expect "F14: obstacles for ana: 4 segments (overlaps kept apart)" 4 \
    "$(fg codings --code obstacles --coder ana --format tsv | tail -n +2 |
    wc -l | tr -d ' ')"
expect "F14: obstacles for ben: 1 segment" 1 \
    "$(fg codings --code obstacles --coder ben --format tsv | tail -n +2 |
    wc -l | tr -d ' ')"
expect "audit clean after the merge" "$CLEAN" "$(audit_lines)"

step 06-rename-taken fg code rename obstacles obstacles
step 07-rename-bad fg code rename obstacles a/b
step 08-rename fg code rename obstacles hurdles
expect "rename keeps the 5 codings" 5 \
    "$(fg codings --code hurdles --format tsv | tail -n +2 | wc -l |
    tr -d ' ')"
expect "audit clean after the rename" "$CLEAN" "$(audit_lines)"

step 09-source-rm-refused fg source rm F14.txt
step 10-source-rm-unknown fg source rm nope.txt
step 11-source-rm-force fg source rm F14.txt --force
step 12-sources fg sources --format tsv
expect "audit clean after source rm" "$CLEAN" "$(audit_lines)"
step 13-reimport fg import -q --encoding ISO-8859-1 F14.txt
if command -v sqlite3 > /dev/null 2>&1; then
	expect "the same file imports again with another encoding" \
	    "ISO-8859-1" "$(sql "SELECT encoding FROM source")"
fi
expect "audit clean after the new import" "$CLEAN" "$(audit_lines)"
step 14-source-rm-uncoded fg source rm F14.txt
step 15-usage fg source ls
done_testing
