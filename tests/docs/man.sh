#!/bin/sh
# man.sh - tests of the manual pages in man/ (TAP).
#
#  1. Lint: mandoc -Tlint -Wwarning and groff -mandoc -ww -z (UTF-8 input
#     and output, as man(1) runs it) report nothing
#     (each skipped when the tool is absent); at 80 columns no rendered line
#     is wider than 80 cells.
#  2. Examples: every block marked
#         .\" TEST: KIND [ARG]
#         .Bd -literal ...
#     is extracted and run, in page order, by one shell per page whose
#     working directory holds a copy of fixtures/ and fgcode on PATH.
#     KIND is one of
#       sh          lines "$ CMD" are commands (a trailing backslash
#                   continues one on the next line) and must exit 0;
#                   the lines after a command, if any, are its expected
#                   standard output, exactly, or only its first lines when
#                   the last one is "..."
#       file NAME   the block is written to NAME, for later sh blocks
#       codebook    a fresh project must accept it: fgcode codebook import
#       transcript  a fresh project must accept it: fgcode import
#       profile     fgcode import --profile FILE must accept it on the
#                   block's sample (the next block, of kind "sample"), or
#                   on an empty transcript when no sample follows
#       sample      a transcript for the profile before it
#  3. SYNOPSIS of fgcode(1) = usage of each command (fgcode help CMD) and
#     of fgcode itself (fgcode --help), whitespace normalised.
#  4. EXIT STATUS of fgcode(1) lists exactly the statuses of
#     src/core/error.h (FG_STATUS_INFO).

top_srcdir=$(cd "${top_srcdir:-.}" && pwd)
. "$top_srcdir/tests/cli/lib.sh"

MANDIR=$top_srcdir/man
PAGES="fgcode.1 fgcode-transcript.5 fgcode-codebook.5 fgcode-model.5 fgcode-link.5 fgcode-audit.7"
BS=$(printf '\b')
have() { command -v "$1" > /dev/null 2>&1; }

# render PAGE WIDTH: the page as plain UTF-8 text (no overstriking).
render() {
	if have mandoc; then
		mandoc -Tutf8 -O width="$2" "$1"
	elif have groff; then
		groff -k -mandoc -Tutf8 -rLL="$2"n -P-cbou "$1" 2> /dev/null
	else
		return 1
	fi | sed "s/.$BS//g"
}

# ---- 1. lint ----------------------------------------------------------

for p in $PAGES; do
	f=$MANDIR/$p
	if have mandoc; then
		out=$(mandoc -Tlint -Wwarning "$f" 2>&1)
		if [ -z "$out" ]; then
			ok "$p: mandoc -Tlint"
		else
			notok "$p: mandoc -Tlint"
			echo "$out" | sed 's/^/# /'
		fi
	else
		skip "$p: mandoc -Tlint" "mandoc not installed"
	fi
	if have groff; then
		out=$(groff -k -Tutf8 -mandoc -ww -z "$f" 2>&1)
		if [ -z "$out" ]; then
			ok "$p: groff -ww"
		else
			notok "$p: groff -ww"
			echo "$out" | sed 's/^/# /'
		fi
	else
		skip "$p: groff -ww" "groff not installed"
	fi
	if render "$f" 80 > "$TMP/.r80" 2> /dev/null; then
		w=$(wc -L < "$TMP/.r80")
		if [ "$w" -le 80 ]; then
			ok "$p: fits 80 columns"
		else
			notok "$p: fits 80 columns (widest line $w)"
			while IFS= read -r l; do
				[ "$(printf '%s' "$l" | wc -L)" -gt 80 ] &&
				    echo "# $l"
			done < "$TMP/.r80"
		fi
	else
		skip "$p: fits 80 columns" "no mandoc or groff"
	fi
done

# ---- 2. examples --------------------------------------------------------

mkdir -p "$TMP/bin"
ln -s "$FGCODE" "$TMP/bin/fgcode"

# extract PAGE DIR: write DIR/N (block text, roff escapes resolved) and
# DIR/N.kind ("KIND ARG LINE") for every marked block; malformed marks and
# unknown escapes go to DIR/errors.
extract() {
	awk -v dir="$2" -v page="$(basename "$1")" '
	function unescape(s,    out, c, i) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c != "\\") { out = out c; continue }
			c = substr(s, i + 1, 1)
			if (c == "e") { out = out "\\"; i++ }
			else if (c == "&") { i++ }
			else if (c == "-") { out = out "-"; i++ }
			else if (substr(s, i + 1, 3) == "(aq") { out = out "\047"; i += 3 }
			else if (substr(s, i + 1, 3) == "(dq") { out = out "\""; i += 3 }
			else if (substr(s, i + 1, 3) == "(ga") { out = out "`"; i += 3 }
			else if (substr(s, i + 1, 3) == "(ti") { out = out "~"; i += 3 }
			else if (substr(s, i + 1, 3) == "(ha") { out = out "^"; i += 3 }
			else {
				printf "%s:%d: unsupported escape in a TEST block: %s\n",
				    page, NR, s >> (dir "/errors")
				out = out "\\"
			}
		}
		return out
	}
	/^\.\\" TEST:/ {
		kind = $0; sub(/^\.\\" TEST: */, "", kind)
		want = NR + 1; next
	}
	want == NR {
		if ($0 !~ /^\.Bd -literal/) {
			printf "%s:%d: TEST mark not followed by .Bd -literal\n",
			    page, NR - 1 >> (dir "/errors")
			want = 0; next
		}
		n++; inblock = 1
		printf "%s %d\n", kind, NR + 1 > (dir "/" n ".kind")
		printf "" > (dir "/" n)
		next
	}
	inblock && /^\.Ed/ { inblock = 0; close(dir "/" n); next }
	inblock && /^[.\047]/ {
		printf "%s:%d: request inside a TEST block: %s\n", page, NR,
		    $0 >> (dir "/errors")
		next
	}
	inblock { print unescape($0) > (dir "/" n) }
	' "$1"
}

# End marker of the here-documents that carry blocks into the script.
EOT=FGCODE_MAN_EXAMPLE_EOT

for p in $PAGES; do
	blk=$TMP/blocks/$p
	work=$TMP/work/$p
	mkdir -p "$blk" "$work"
	cp -R "$FIXTURES" "$work/fixtures"
	chmod -R u+w "$work/fixtures"   # read-only under make distcheck
	extract "$MANDIR/$p" "$blk"
	if [ -s "$blk/errors" ]; then
		notok "$p: TEST blocks well formed"
		sed 's/^/# /' "$blk/errors"
	fi
	# Build one script for the page: every command's stdout, stderr and
	# exit status go to $res/C.{out,err,rc}; checks come afterwards.
	res=$TMP/results/$p
	mkdir -p "$res"
	script=$TMP/script-$p.sh
	: > "$TMP/checks-$p"
	{
		echo "PATH='$TMP/bin':\$PATH; export PATH"
		echo "cd '$work' || exit 99"
	} > "$script"
	c=0
	i=1
	while [ -f "$blk/$i" ]; do
		# "KIND LINE" or "file NAME LINE"
		set -- $(cat "$blk/$i.kind")
		kind=$1
		if [ "$kind" = file ]; then
			name=$2 line=$3
		else
			line=$2
		fi
		case $kind in
		sh)
			# Split into commands and their expected output.
			awk -v res="$res" -v start="$c" '
			BEGIN { c = start; cont = 0 }
			cont { cmd[c] = cmd[c] "\n" $0; cont = /\\$/; next }
			/^\$ / {
				c++; cmd[c] = substr($0, 3); cont = /\\$/
				printf "" > (res "/" c ".want"); next
			}
			{ print > (res "/" c ".want") }
			END {
				for (k = start + 1; k <= c; k++) {
					print cmd[k] > (res "/" k ".cmd")
					close(res "/" k ".cmd")
				}
				print c > (res "/.count")
			}' "$blk/$i"
			n1=$((c + 1))
			c=$(cat "$res/.count")
			k=$n1
			while [ "$k" -le "$c" ]; do
				{
					echo "{"
					cat "$res/$k.cmd"
					echo "} > '$res/$k.out' 2> '$res/$k.err' < /dev/null"
					echo "echo \$? > '$res/$k.rc'"
				} >> "$script"
				echo "sh $k $line" >> "$TMP/checks-$p"
				k=$((k + 1))
			done
			;;
		file)
			{
				echo "cat > '$name' << '$EOT'"
				cat "$blk/$i"
				echo "$EOT"
			} >> "$script"
			;;
		codebook|transcript|profile)
			c=$((c + 1))
			d=$TMP/fresh/$p.$i
			case $kind in
			codebook) f=codebook.yaml
			   run="fgcode init && fgcode codebook import $f" ;;
			transcript) f=example.txt
			   run="fgcode init && fgcode import $f" ;;
			profile) f=profile.yaml
			   if [ -f "$blk/$((i + 1)).kind" ] &&
			       [ "$(cut -d' ' -f1 "$blk/$((i + 1)).kind")" = sample ]
			   then
				cp "$blk/$((i + 1))" "$TMP/sample-$p-$i.txt"
			   else
				: > "$TMP/sample-$p-$i.txt"
			   fi
			   run="cp '$TMP/sample-$p-$i.txt' sample.txt && fgcode init && fgcode import --profile $f sample.txt" ;;
			esac
			{
				echo "mkdir -p '$d' && ("
				echo "cd '$d' && export FGCODE_DB='$d/fgcode.db' &&"
				echo "cat > $f << '$EOT'"
				cat "$blk/$i"
				echo "$EOT"
				echo "$run"
				echo ") > '$res/$c.out' 2> '$res/$c.err' < /dev/null"
				echo "echo \$? > '$res/$c.rc'"
			} >> "$script"
			echo "$kind $c $line" >> "$TMP/checks-$p"
			;;
		sample) ;;
		*)
			notok "$p:$line: unknown TEST kind '$kind'"
			;;
		esac
		i=$((i + 1))
	done
	if [ "$i" -eq 1 ]; then
		skip "$p: examples" "no TEST blocks"
		continue
	fi
	sh "$script" > /dev/null 2>&1
	while read -r kind k line; do
		if [ "$kind" = sh ]; then
			# (no backslashes: some echo(1)s would interpret them)
			what="$p:$line: \$ $(head -n 1 "$res/$k.cmd" | tr -d '\\')"
		else
			what="$p:$line: $kind example accepted"
		fi
		rc=$(cat "$res/$k.rc" 2> /dev/null || echo "not run")
		if [ "$rc" != 0 ]; then
			notok "$what (exit $rc)"
			sed 's/^/# /' "$res/$k.err" "$res/$k.out" 2> /dev/null
			continue
		fi
		if [ "$kind" = sh ] && [ -s "$res/$k.want" ]; then
			if [ "$(tail -n 1 "$res/$k.want")" = "..." ]; then
				m=$(($(wc -l < "$res/$k.want") - 1))
				sed '$d' "$res/$k.want" > "$res/$k.cmpw"
				head -n "$m" "$res/$k.out" > "$res/$k.cmpg"
			else
				cp "$res/$k.want" "$res/$k.cmpw"
				cp "$res/$k.out" "$res/$k.cmpg"
			fi
			if ! cmp -s "$res/$k.cmpw" "$res/$k.cmpg"; then
				notok "$what (output differs from the page)"
				diff -u "$res/$k.cmpw" "$res/$k.cmpg" | sed 's/^/# /'
				continue
			fi
		fi
		ok "$what"
	done < "$TMP/checks-$p"
done

# ---- 3. SYNOPSIS of fgcode(1) against the usage messages --------------

# norm: one line per synopsis form, whitespace normalised the same way on
# both sides (runs of blanks, blanks inside brackets, around | and before
# ...).
norm() {
	sed 's/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g' |
	sed 's/[[:space:]][[:space:]]*/ /g; s/^ //; s/ $//' |
	sed 's/ *| */|/g; s/\([[(]\) /\1/g; s/ \([])]\)/\1/g; s/ \.\.\./.../g'
}

if render "$MANDIR/fgcode.1" 250 > "$TMP/.r" 2> /dev/null; then
	# The SYNOPSIS section, continuation lines joined to their form.
	awk '
	/^SYNOPSIS/ { on = 1; next }
	on && /^[^ ]/ { on = 0 }
	on && /^     fgcode/ { if (cur != "") print cur; cur = $0; next }
	on && /^      +[^ ]/ { cur = cur " " $0; next }
	END { if (cur != "") print cur }
	' "$TMP/.r" | norm > "$TMP/synopsis"
	"$FGCODE" --help 2>&1 | sed -n '/^$/q; s/^usage://; p' | norm \
	    > "$TMP/usage.main"
	grep -v '^fgcode [a-z]' "$TMP/synopsis" > "$TMP/syn.main"
	grep '^fgcode help' "$TMP/synopsis" >> "$TMP/syn.main"
	sort -o "$TMP/syn.main" "$TMP/syn.main"
	sort -o "$TMP/usage.main" "$TMP/usage.main"
	if cmp -s "$TMP/syn.main" "$TMP/usage.main"; then
		ok "fgcode.1 SYNOPSIS: fgcode --help"
	else
		notok "fgcode.1 SYNOPSIS: fgcode --help"
		diff -u "$TMP/syn.main" "$TMP/usage.main" | sed 's/^/# /'
	fi
	# The commands fgcode knows, with their summaries.
	"$FGCODE" help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ {
	    n = $1; $1 = ""; print n "\t" $0 } on && /^$/ { exit }' \
	    > "$TMP/commands"
	cut -f1 "$TMP/commands" > "$TMP/names"
	while IFS='	' read -r name summary; do
		case $summary in
		*"not implemented"*)
			skip "fgcode.1 SYNOPSIS: $name" "command not written yet"
			continue
			;;
		esac
		"$FGCODE" help "$name" 2>&1 | sed 's/^usage://' | norm |
		    sort > "$TMP/usage.$name"
		grep -E "^fgcode $name( |\$)" "$TMP/synopsis" | sort \
		    > "$TMP/syn.$name"
		if [ -s "$TMP/syn.$name" ] &&
		    cmp -s "$TMP/syn.$name" "$TMP/usage.$name"; then
			ok "fgcode.1 SYNOPSIS: $name"
		else
			notok "fgcode.1 SYNOPSIS: $name (page -, fgcode help +)"
			diff -u "$TMP/syn.$name" "$TMP/usage.$name" |
			    sed 's/^/# /'
		fi
	done < "$TMP/commands"
	# No form for a command fgcode does not have.
	extra=$(grep '^fgcode [a-z]' "$TMP/synopsis" | cut -d' ' -f2 |
	    grep -vxF -f "$TMP/names" | grep -vx help)
	if [ -z "$extra" ]; then
		ok "fgcode.1 SYNOPSIS: no unknown commands"
	else
		notok "fgcode.1 SYNOPSIS: no unknown commands"
		echo "$extra" | sed 's/^/# /'
	fi
else
	skip "fgcode.1 SYNOPSIS" "no mandoc or groff"
fi

# ---- 4. EXIT STATUS of fgcode(1) against error.h -------------------------

sed -n 's/^[[:space:]]*_([A-Z]*, *\([0-9][0-9]*\), *".*$/\1/p' \
    "$top_srcdir/src/core/error.h" | sort -n > "$TMP/status.h"
awk '/^\.Sh EXIT STATUS/ { on = 1; next } on && /^\.Sh/ { on = 0 }
    on && /^\.It [0-9]/ { print $2 }' "$MANDIR/fgcode.1" | sort -n \
    > "$TMP/status.man"
if [ -s "$TMP/status.h" ] && cmp -s "$TMP/status.h" "$TMP/status.man"; then
	ok "fgcode.1 EXIT STATUS lists statuses $(tr '\n' ' ' < "$TMP/status.h")"
else
	notok "fgcode.1 EXIT STATUS = error.h (page -, error.h +)"
	diff -u "$TMP/status.man" "$TMP/status.h" | sed 's/^/# /'
fi

# ---- 5. KEYS of fgcode(1) against the key table of the workbench ---------

awk '/^\.\\" tests\/docs\/man.sh checks that it matches\./ { on = 1; next }
    on && /^\.Sh/ { on = 0 } on { print }' "$MANDIR/fgcode.1" \
    > "$TMP/keys.man"
"$FGCODE" tui --keys-mdoc > "$TMP/keys.tui"
if [ -s "$TMP/keys.man" ] && cmp -s "$TMP/keys.man" "$TMP/keys.tui"; then
	ok "fgcode.1 KEYS is the workbench's key table"
else
	notok "fgcode.1 KEYS = fgcode tui --keys-mdoc (page -, table +)"
	diff -u "$TMP/keys.man" "$TMP/keys.tui" | sed 's/^/# /'
fi

done_testing
