#!/bin/sh
# demo.sh - the demo that './bootstrap.sh demo' runs, end to end on the
# fixtures: its whole output is a golden file.
. "${top_srcdir:-.}/tests/cli/lib.sh"

step 01-demo sh "$SRCDIR_ABS/tools/demo.sh" "$FGCODE" "$FIXTURES" "$TMP/demo.db"
expect "demo project has 7 sources" 7 "$(sqlite3 demo.db 'SELECT count(*) FROM source')"
expect "demo project has 26 groups" 26 "$(sqlite3 demo.db 'SELECT count(*) FROM focus_group')"
expect "every fixture coding applied" \
	"$(grep -c '^  - source:' "$FIXTURES/codings.yaml")" \
	"$(sqlite3 demo.db 'SELECT count(*) FROM coding')"
done_testing
