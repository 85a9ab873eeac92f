#!/bin/sh
# cmocka-tap.sh PROGRAM - run a cmocka test program under the TAP driver.
# cmocka 1.1 prints skipped tests as "not ok N # SKIP", which TAP counts as
# a failure; rewrite those lines to "ok N # SKIP".
CMOCKA_MESSAGE_OUTPUT=TAP
export CMOCKA_MESSAGE_OUTPUT
"$@" > "${TMPDIR:-/tmp}/cmocka-tap.$$" 2>&1
rc=$?
sed -e 's/^not ok \([0-9]*\) \(.*\)# SKIP/ok \1 \2# SKIP/' "${TMPDIR:-/tmp}/cmocka-tap.$$"
rm -f "${TMPDIR:-/tmp}/cmocka-tap.$$"
exit $rc
