#!/bin/sh
# report.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "report" "not written yet"
done_testing
