# lib.sh - scripted-key tests of the terminal interface (sourced).
#
# Keys go to fgcode through $FGCODE_SCRIPT (see src/tui/input.c for the
# syntax), FGCODE_NO_DISPLAY makes curses draw to no terminal, and
# ':save-display FILE' writes the screen as text.  Screens are compared
# with tests/tui/expected/SCRIPT/NAME.screen (FGCODE_UPDATE_GOLDEN=1
# rewrites them: read every one before committing).
. "${top_srcdir:-.}/tests/cli/lib.sh"

export TERM=xterm LINES=24 COLUMNS=80 FGCODE_NO_DISPLAY=1
SCREEN_DIR="$SRCDIR_ABS/tests/tui/expected/$SCRIPT_NAME"

# A project with the fixture roster, transcripts, codebook and codings.
fixture_project() {
	fg init -q &&
	fg roster import -q "$FIXTURES/roster.yaml" &&
	fg import -q "$FIXTURES"/transcripts/*.txt &&
	fg codebook import -q "$FIXTURES/codebook.yaml" &&
	fg code apply -q "$FIXTURES/codings.yaml" > /dev/null
}

# tui KEYS...: run the interface with these keys (one argument per line
# of the script); its exit status is the step's.
tui() {
	printf '%s\n' "$@" > "$TMP/.keys"
	FGCODE_SCRIPT="$TMP/.keys" timeout 60 "$FGCODE" tui \
	    > "$TMP/.tui.out" 2> "$TMP/.tui.err"
}

# screen NAME: compare $TMP/NAME.screen with the expected screen.
screen() {
	got="$TMP/$1.screen"
	want="$SCREEN_DIR/$1.screen"
	if [ "${FGCODE_UPDATE_GOLDEN:-}" = 1 ] && [ -f "$got" ]; then
		mkdir -p "$SCREEN_DIR"
		cp "$got" "$want"
	fi
	if [ ! -f "$got" ]; then
		notok "screen $1 (no screen saved)"
		sed 's/^/# /' "$TMP/.tui.err"
	elif [ ! -f "$want" ]; then
		notok "screen $1 (no expected screen $want)"
		sed 's/^/# /' "$got"
	elif cmp -s "$got" "$want"; then
		ok "screen $1"
	else
		notok "screen $1"
		diff -u "$want" "$got" | sed 's/^/# /'
	fi
}
