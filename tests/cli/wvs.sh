#!/bin/sh
# wvs.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "wvs" "not written yet"
done_testing
