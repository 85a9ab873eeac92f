#!/bin/sh
# demo.sh FGCODE FIXTURES [DB] - the main job of fgcode on the bundled
# fixtures: a new project, the study's roster and seven transcripts
# imported, the codebook loaded, the fixture codings applied, the
# code-frequency report printed, and the joint display of the seed's
# published Table 3 beside the focus groups.  Run by './bootstrap.sh demo'.
set -eu
fgcode=$1
fixtures=$2
db=${3:-$(dirname "$fgcode")/demo.db}

rm -f "$db" "$db-wal" "$db-shm"
export FGCODE_DB="$db"
run() {
	echo
	echo "\$ fgcode $*"
	"$fgcode" "$@"
}
run init
run roster import "$fixtures/roster.yaml"
run import "$fixtures"/transcripts/*.txt
run sources
run codebook import "$fixtures/codebook.yaml"
run code apply "$fixtures/codings.yaml"
run codes
run report freq --by city
run report freq --by gender --code uyat --code divorce-and-ICT
# The joint display: the seed's published Table 3 beside the focus groups.
run wvs load-table "$fixtures/wvs/seed-table3.yaml"
run report joint --link "$fixtures/link/seed-link.yaml"
echo
echo "The demo project is $db; explore it with:"
echo "  FGCODE_DB=$db $fgcode codings --code uyat"
echo "  FGCODE_DB=$db $fgcode tui"
# On a terminal, open the coding workbench on the demo project.
if [ -t 0 ] && [ -t 1 ] && [ -z "${FGCODE_DEMO_NO_TUI:-}" ]; then
	echo
	printf 'Opening the coding workbench (? shows the keys, q quits) ... '
	sleep 2
	exec "$fgcode" tui
fi
