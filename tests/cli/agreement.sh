#!/bin/sh
# agreement.sh - report agreement (Cohen's kappa of two coders) on field
# case F20: the transcript imported with fgcode import, the codings of
# F20.codings.csv applied one row at a time with code add --chars and
# --coder, a codebook with the never-used code "staff".  Expected values
# (README F20, worked by hand): delay cp 26/41/14/54, Po 0.5926, Pe
# 0.5015, kappa 0.183; delay turn Po 0.5, Pe 0.5, kappa 0.000; calm 1.000;
# explain 0.000; staff n/a with Po 1.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if ! have_shared field-cases/F20.codings.csv; then
	skip "agreement F20" "no /work/shared"
	echo "1..$n"
	exit 0
fi

cp "$SHARED/field-cases/F20.txt" .
cat > codebook.yaml <<'YAML'
codes:
  - name: delay
  - name: calm
  - name: explain
  - name: staff
YAML
fg init --quiet
fg import -q F20.txt
fg codebook import -q codebook.yaml
# coder,code,quote,occurrence,cp_start,cp_end,... (no commas in quotes)
tail -n +2 "$SHARED/field-cases/F20.codings.csv" |
while IFS= read -r row; do
	coder=${row%%,*}
	rest=${row#*,}
	code=${rest%%,*}
	s=$(printf '%s\n' "$row" | awk -F, '{ print $(NF-3) }')
	e=$(printf '%s\n' "$row" | awk -F, '{ print $(NF-2) }')
	fg code add -q --coder "$coder" F20.txt "$code" --chars "$s:$e" \
	    > /dev/null || echo "code add failed: $row" >&2
done
expect "seven codings applied" 7 "$(fg codings --format tsv | tail -n +2 | wc -l | tr -d ' ')"

step 01-cp fg report agreement --coder A --coder B
step 02-turn fg report agreement --coder A --coder B --unit turn
step 03-cp-csv fg report agreement --coder A --coder B --code delay \
	--format csv
step 04-turn-json fg report agreement --coder A --coder B --unit turn \
	--code staff --code calm --format json
step 05-source-md fg -q report agreement --coder A --coder B \
	--source F20.txt --format md

# the F20 values, field by field
row() { fg -q report agreement --coder A --coder B --format tsv "$@" |
	awk -F'\t' -v c="$CODE" -v f="$FIELD" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } $1 == c { print $col[f] }'; }
CODE=delay FIELD=both; expect "delay cp both" 26 "$(row)"
CODE=delay FIELD=a_only; expect "delay cp A only" 41 "$(row)"
CODE=delay FIELD=b_only; expect "delay cp B only" 14 "$(row)"
CODE=delay FIELD=neither; expect "delay cp neither" 54 "$(row)"
CODE=delay FIELD=po; expect "delay cp Po" 0.5926 "$(row)"
CODE=delay FIELD=pe; expect "delay cp Pe" 0.5015 "$(row)"
CODE=delay FIELD=kappa; expect "delay cp kappa" 0.183 "$(row)"
CODE=delay FIELD=po; expect "delay turn Po" 0.5000 "$(row --unit turn)"
CODE=delay FIELD=pe; expect "delay turn Pe" 0.5000 "$(row --unit turn)"
CODE=delay FIELD=kappa; expect "delay turn kappa" 0.000 "$(row --unit turn)"
CODE=calm FIELD=kappa; expect "calm cp kappa" 1.000 "$(row)"
CODE=calm FIELD=kappa; expect "calm turn kappa" 1.000 "$(row --unit turn)"
CODE=explain FIELD=kappa; expect "explain cp kappa" 0.000 "$(row)"
CODE=staff FIELD=kappa; expect "staff kappa n/a" n/a "$(row)"
CODE=staff FIELD=po; expect "staff Po 1" 1.0000 "$(row)"

# usage errors
step 10-one-coder fg report agreement --coder A
step 11-same-coder fg report agreement --coder A --coder A
step 12-bad-unit fg report agreement --coder A --coder B --unit group
step 13-unknown-coder fg report agreement --coder A --coder Z
step 14-not-for-freq fg report freq --by source --source F20.txt

done_testing
