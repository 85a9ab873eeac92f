#!/bin/sh
# codebook.sh - codebook import (fixture, errors, re-import, prune),
# export (YAML round trip, JSON) and the codes listing.
. "${top_srcdir:-.}/tests/cli/lib.sh"

cp "$FIXTURES/codebook.yaml" codebook.yaml
for f in codebook-bad-indent codebook-dup-name codebook-no-name; do
	cp "$FIXTURES/broken/$f.yaml" "$f.yaml"
done
fg init --quiet

step 01-import fg codebook import codebook.yaml
step 02-import-again fg codebook import codebook.yaml
step 03-codes fg codes
step 04-codes-tsv fg codes --format tsv
step 05-export fg codebook export
step 06-export-json fg codebook export --format json

# round trip: export, import into a fresh project, export again
fg codebook export > a.yaml
fg --db b.db init --quiet
fg --db b.db --quiet codebook import a.yaml
fg --db b.db codebook export > b.yaml
expect "export round trip gives the same bytes" same \
	"$(cmp -s a.yaml b.yaml && echo same || echo differ)"
expect "15 codes exported" 15 "$(grep -c -- '- name: ' a.yaml)"

# errors: positions from each broken file's first comment
step 07-bad-indent fg --db e.db codebook import codebook-bad-indent.yaml
step 08-dup-name fg codebook import codebook-dup-name.yaml
step 09-no-name fg codebook import codebook-no-name.yaml
printf 'codes:\n  - name: x\n    colour: "#12345g"\n' > bad-colour.yaml
step 10-bad-colour fg codebook import bad-colour.yaml
printf 'codes:\n  - name: "a/b"\n' > bad-name.yaml
step 11-bad-name fg codebook import bad-name.yaml
expect "errors wrote nothing" 15 "$(sql 'SELECT count(*) FROM code')"

# re-import with changes: a description, a new parent, a new code; the
# codes it leaves out are kept (and with --prune removed unless used)
cat > changed.yaml <<'EOF'
codes:
  - name: religion
    description: "Faith as a source of norms."
    children:
      - name: uyat
        colour: "#C0392B"
  - name: ұят
EOF
step 12-reimport-changed fg codebook import changed.yaml
step 13-codes-after fg codes --format tsv
expect "uyat moved under religion" religion \
	"$(sql "SELECT p.name FROM code c JOIN code p ON p.id = c.parent_id
	    WHERE c.name = 'uyat'")"
sql "INSERT INTO source (id, name, path, file_sha256, text_sha256, text, n_cp,
	n_bytes, body_line, encoding, had_bom, crlf_count, cr_count, profile,
	imported_at, imported_by) VALUES (1, 's.txt', 's.txt', 'f', 't', 'hello',
	5, 5, 1, 'utf-8', 0, 0, 0, 'plain', 'now', 'me');
	INSERT INTO coding (source_id, code_id, start_cp, end_cp, start_b, end_b,
	excerpt, excerpt_sha256, coder, created_at) SELECT 1, id, 0, 1, 0, 1, 'h',
	'x', 'me', 'now' FROM code WHERE name = 'pressure-from-elders'"
step 14-prune fg codebook import --prune changed.yaml
step 15-export-after-prune fg codebook export

# usage
step 16-no-subcommand fg codebook
step 17-bad-format fg codebook export --format csv
step 18-missing-file fg codebook import nowhere.yaml
done_testing
