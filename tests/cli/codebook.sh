#!/bin/sh
# codebook.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "codebook" "not written yet"
done_testing
