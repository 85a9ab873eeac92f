#!/bin/sh
# import.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "import" "not written yet"
done_testing
