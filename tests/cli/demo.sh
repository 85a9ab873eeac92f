#!/bin/sh
# demo.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "demo" "not written yet"
done_testing
