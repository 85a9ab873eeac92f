#!/bin/sh
# provenance.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "provenance" "not written yet"
done_testing
