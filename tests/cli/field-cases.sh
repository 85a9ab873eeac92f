#!/bin/sh
# field-cases.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "field-cases" "not written yet"
done_testing
