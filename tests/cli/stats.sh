#!/bin/sh
# stats.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "stats" "not written yet"
done_testing
