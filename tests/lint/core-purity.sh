#!/bin/sh
# core-purity.sh - the core library never includes curses, prints to the
# terminal or exits: errors are returned (STYLE.md).
src=${top_srcdir:-.}/src/core
n=0
check() {
	n=$((n + 1))
	# string literals (SQL's printf()) and comments do not count
	hits=$(for f in "$src"/*.c "$src"/*.h; do
		perl -0777 -pe 's{/\*.*?\*/}{my $c = $&; $c =~ tr/\n//cd; $c}gse;
		    s{"(?:[^"\\\n]|\\.)*"}{""}g' "$f" |
		    grep -nE "$2" | sed "s|^|$f:|"
	done)
	if [ -n "$hits" ]; then
		echo "not ok $n - $1"
		echo "$hits" | sed 's/^/# /'
	else
		echo "ok $n - $1"
	fi
}
check "no curses in src/core" '#include *[<"](n?curses|ncursesw)'
check "no printf/puts/perror in src/core" '\b(printf|fprintf|vfprintf|vprintf|dprintf|puts|fputs|fputc|putchar|perror) *\('
check "no exit/abort in src/core" '(^|[^_a-z])(exit|_Exit|abort) *\('
check "no stdout/stderr in src/core" '\b(stdout|stderr)\b'
echo "1..$n"
