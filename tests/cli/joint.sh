#!/bin/sh
# joint.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip "joint" "not written yet"
done_testing
