#!/bin/sh
# coding.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "coding" "not written yet"
done_testing
