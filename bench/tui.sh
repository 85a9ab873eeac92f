#!/bin/sh
# tui.sh - how the coding workbench copes with a very large transcript.
#
# Generates one transcript of BENCH_TURNS turns (default 500000, about
# 50 MB of mixed Cyrillic and Latin text), imports it, and runs scripted
# workbench sessions on it with no display:
#   open    open the source and quit
#   session open, go to the end (G), page up three times, search a
#           pattern, apply ten codings (each on the next match), quit
# and the same on a transcript a tenth the size, to show that time and
# memory do not grow with the transcript (the workbench fetches only what
# is on screen).  Prints wall time and peak RSS of each.
#
# Run from the build directory: make bench-tui, or
#   FGCODE=./fgcode sh /path/to/src/bench/tui.sh
set -eu
FGCODE=${FGCODE:-./fgcode}
FGCODE=$(cd "$(dirname "$FGCODE")" && pwd)/$(basename "$FGCODE")
TURNS=${BENCH_TURNS:-500000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/fgcode-bench-tui.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"

# gen N FILE: N turns of 6-24 words, speakers in rotation, deterministic
# (a linear congruential generator in awk's integer-safe range).
gen() {
	awk -v n="$1" 'BEGIN {
		split("the and of social media divorce family children " \
		    "shame mother father phone city village work money " \
		    "wedding instagram whatsapp parents", lat, " ")
		split("уят ұят семья развод қыз бала әже той келін стыдно " \
		    "телефон мама папа деньги работа город ауыл ғой өмір " \
		    "үй һәм", cyr, " ")
		split("Moderator Aigerim Nurlan Dana Болат Айгерим", spk, " ")
		s = 12345
		for (i = 1; i <= n; i++) {
			s = (s * 1103515245 + 12345) % 2147483648
			k = 6 + s % 19
			line = spk[1 + i % 6] ":"
			for (j = 0; j < k; j++) {
				s = (s * 1103515245 + 12345) % 2147483648
				if (s % 10 < 6)
					line = line " " lat[1 + int(s / 16) % 20]
				else
					line = line " " cyr[1 + int(s / 16) % 21]
			}
			print line
		}
	}' > "$2"
}

# measure NAME DB KEYS: run the workbench with KEYS; prints seconds and
# peak RSS in MiB.
measure() {
	printf '%s\n' "$3" > keys
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %M' -o t.out env FGCODE_NO_DISPLAY=1 \
		    FGCODE_SCRIPT=keys TERM=xterm LINES=40 COLUMNS=120 \
		    "$FGCODE" --db "$2" tui
		read -r secs kb < t.out
	else
		start=$(date +%s.%N)
		env FGCODE_NO_DISPLAY=1 FGCODE_SCRIPT=keys TERM=xterm LINES=40 \
		    COLUMNS=120 "$FGCODE" --db "$2" tui &
		pid=$!
		kb=0
		while kill -0 $pid 2>/dev/null; do
			m=$(awk '/VmHWM/ { print $2 }' /proc/$pid/status \
			    2>/dev/null || echo 0)
			[ "${m:-0}" -gt "$kb" ] && kb=$m
			sleep 0.01
		done
		wait $pid
		secs=$(echo "$(date +%s.%N) - $start" | bc)
	fi
	printf '%-8s %-10s %8.2f s %8.1f MiB\n' "$1" "$4" "$secs" \
	    "$(echo "$kb / 1024" | bc -l)"
}

session='<Enter>G<PgUp><PgUp><PgUp>/развод\s+қыз<Enter>'
i=1
while [ $i -le 10 ]; do
	session="$session"'V:code bench-'$i'<Enter>n'
	i=$((i + 1))
done
session="$session"':quit<Enter>'

small=$((TURNS / 10))
gen "$TURNS" big.txt
gen "$small" small.txt
echo "big transcript: $TURNS turns, $(wc -c < big.txt) bytes;" \
    "small: $small turns, $(wc -c < small.txt) bytes"
for f in big small; do
	"$FGCODE" --db $f.db init -q
	"$FGCODE" --db $f.db import -q $f.txt
	i=1
	while [ $i -le 10 ]; do
		"$FGCODE" --db $f.db code add $f.txt bench-$i --turn 1 --create \
		    -q > /dev/null
		"$FGCODE" --db $f.db code rm -q "$("$FGCODE" --db $f.db codings \
		    --format tsv | tail -1 | cut -f1)"
		i=$((i + 1))
	done
done
echo "what     transcript    time       peak RSS"
measure open big.db '<Enter>:quit<Enter>' big
measure open small.db '<Enter>:quit<Enter>' small
measure session big.db "$session" big
measure session small.db "$session" small
echo "codings applied in the big session: $(sqlite3 big.db \
    'SELECT count(*) FROM coding')"
