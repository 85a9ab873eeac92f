#!/bin/sh
# man.sh - (being written)
. "${top_srcdir:-.}/tests/cli/lib.sh"
skip man "not written yet"
done_testing
