#!/bin/sh
# valgrind-tap.sh PROGRAM - like cmocka-tap.sh, under valgrind memcheck
# (make check-valgrind).  A leak or error makes the program exit 99.
# PCRE2's JIT code reads past the subject on purpose (safely); valgrind
# cannot tell, so the interpreter is used under it.
FGCODE_NO_JIT=1
export FGCODE_NO_JIT
exec sh "$(dirname "$0")/cmocka-tap.sh" valgrind -q --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite "$@"
