#!/bin/sh
# valgrind-tap.sh PROGRAM - like cmocka-tap.sh, under valgrind memcheck
# (make check-valgrind).  A leak or error makes the program exit 99.
exec "$(dirname "$0")/cmocka-tap.sh" valgrind -q --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite "$@"
