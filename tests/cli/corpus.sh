#!/bin/sh
# corpus.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "corpus" "not written yet"
done_testing
