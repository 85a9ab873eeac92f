#!/bin/sh
# tmux.sh - one smoke test in a real terminal: tmux runs the workbench,
# send-keys types, capture-pane reads the screen.  Skipped without tmux.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! command -v tmux > /dev/null 2>&1; then
	skip "tmux smoke test" "tmux is not installed"
	done_testing
	exit 0
fi
fg init -q && fg roster import -q "$FIXTURES/roster.yaml" &&
    fg import -q "$FIXTURES"/transcripts/*.txt &&
    fg codebook import -q "$FIXTURES/codebook.yaml"
sock="fgcode-test-$$"
unset TMUX
tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 \
    "cd '$TMP' && TERM=xterm-256color FGCODE_CODER=tester '$FGCODE' tui; echo exit=\$? > '$TMP/exit'; sleep 5"
cap() { tmux -L "$sock" capture-pane -p > "$TMP/pane"; }
waitfor() {
	i=0
	while [ $i -lt 100 ]; do
		cap
		grep -q "$1" "$TMP/pane" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
waitfor "Sources (7)"
expect "the workbench draws in a real terminal" 0 "$?"
tmux -L "$sock" send-keys Tab j V c
tmux -L "$sock" send-keys -l "religion"
tmux -L "$sock" send-keys Enter
waitfor "coded \["
expect "coding from a real terminal" 0 "$?"
tmux -L "$sock" send-keys '?'
waitfor "fgcode keys"
expect "help in a real terminal" 0 "$?"
tmux -L "$sock" send-keys Escape q
i=0
while [ ! -f "$TMP/exit" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
expect "quits with status 0" "exit=0" "$(cat "$TMP/exit" 2>/dev/null)"
tmux -L "$sock" kill-server 2>/dev/null
expect "the coding is stored" 1 \
	"$(sqlite3 fgcode.db "SELECT count(*) FROM coding")"
done_testing
