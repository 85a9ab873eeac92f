#!/bin/sh
# basics.sh - init, help, --version, project location, bad usage.
. "${top_srcdir:-.}/tests/cli/lib.sh"

step 01-init fg init
step 02-init-again fg init
step 03-help fg help init
fg frobnicate > unknown.out 2> unknown.err
expect "an unknown command exits 2" 2 "$?"
expect "an unknown command is named" "fgcode: no such command 'frobnicate'" \
    "$(head -n 1 unknown.err)"
expect "then the usage with every command" "$(fg --help | grep -c '^  [a-z]')" \
    "$(grep -c '^  [a-z]' unknown.err)"
step 05-no-project fg --db nowhere.db sources
FGCODE_DB=env.db fg init -q
expect "FGCODE_DB names the project" "yes" "$([ -f env.db ] && echo yes)"
printf 'not a database at all, just some text that is long enough\n%.0s' $(seq 1 100) > junk.db
step 06-not-a-project fg --db junk.db sources
expect "WAL mode" "wal" "$(sqlite3 fgcode.db 'PRAGMA journal_mode')"
expect "schema version = number of migrations" "$(ls "$SRCDIR_ABS"/schemas/*.sql | wc -l | tr -d " ")" "$(sqlite3 fgcode.db "PRAGMA user_version")"
done_testing
