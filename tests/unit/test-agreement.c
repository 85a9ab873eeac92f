/* test-agreement.c - unit tests of core/agreement: Cohen's kappa of two
 * coders.  Expected values: field case F20 (worked out by hand in
 * /work/shared/field-cases/README.md and re-checked here: delay cp: pA =
 * 67/135, pB = 40/135, Po = 80/135, Pe = 9140/18225) and the published
 * examples of /work/shared/data/agreement/expected.yaml. */
#include "config.h"

#include "unit.h"

#include <math.h>

#include "core/agreement.h"

static void
test_binary_f20(void **state)
{
	struct fg_kappa2 k;

	(void)state;
	/* delay, cp unit */
	fg_kappa2_compute(26, 41, 14, 54, &k);
	assert_int_equal(k.n, 135);
	assert_true(k.defined);
	assert_true(fabs(k.po - 0.592593) < 1e-5);
	assert_true(fabs(k.pe - 0.501509) < 1e-5);
	assert_true(fabs(k.kappa - 0.182719) < 1e-5);
	assert_true(k.coded_defined);
	assert_true(fabs(k.po_coded - 26.0 / 81.0) < 1e-9);
	/* delay, turn unit: 1 1 1 1 */
	fg_kappa2_compute(1, 1, 1, 1, &k);
	assert_true(k.defined);
	assert_true(fabs(k.po - 0.5) < 1e-12 && fabs(k.pe - 0.5) < 1e-12);
	assert_true(k.kappa == 0.0 && !signbit(k.kappa));
	/* calm: identical */
	fg_kappa2_compute(14, 0, 0, 121, &k);
	assert_true(k.defined && k.kappa == 1.0);
	fg_kappa2_compute(1, 0, 0, 3, &k);
	assert_true(k.defined && k.kappa == 1.0);
	/* explain: only A, 16 cp: exactly 0, not negative */
	fg_kappa2_compute(0, 16, 0, 119, &k);
	assert_true(k.defined);
	assert_true(k.kappa == 0.0 && !signbit(k.kappa));
	assert_true(k.coded_defined && k.po_coded == 0.0);
	/* staff: never used: undefined with a reason, Po = 1 */
	fg_kappa2_compute(0, 0, 0, 135, &k);
	assert_false(k.defined);
	assert_non_null(k.reason);
	assert_true(k.po == 1.0 && k.pe == 1.0);
	assert_false(k.coded_defined);
	/* everything coded by both: undefined too */
	fg_kappa2_compute(5, 0, 0, 0, &k);
	assert_false(k.defined);
	assert_non_null(k.reason);
	/* no units */
	fg_kappa2_compute(0, 0, 0, 0, &k);
	assert_false(k.defined);
	/* perfect disagreement: -1 */
	fg_kappa2_compute(0, 2, 2, 0, &k);
	assert_true(k.defined && fabs(k.kappa + 1.0) < 1e-12);
}

static void
test_matrix_inline(void **state)
{
	/* Cohen (1968): unweighted .492, weighted .348 */
	static const double c68[9] = { 0.44, 0.07, 0.09, 0.05, 0.20, 0.05,
	    0.01, 0.03, 0.06 };
	static const double c68w[9] = { 0, 1, 3, 1, 0, 6, 3, 6, 0 };
	/* Fleiss, Cohen & Everitt (1969): .429, weighted .507 */
	static const double fce[9] = { 106, 10, 4, 22, 28, 10, 2, 12, 6 };
	static const double fcea[9] = { 1.0, 0.0, 0.4444, 0.0, 1.0, 0.6667,
	    0.4444, 0.6667, 1.0 };
	double fcew[9], po, pe, k;
	struct fg_error err;
	int i;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_kappa_matrix(c68, NULL, 3, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.4915) < 0.0001);
	assert_true(fabs(po - 0.70) < 1e-9);
	assert_int_equal(fg_kappa_matrix(c68, c68w, 3, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.3478) < 0.0001);
	assert_int_equal(fg_kappa_matrix(fce, NULL, 3, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.4286) < 0.0001);
	for (i = 0; i < 9; i++)
		fcew[i] = 1.0 - fcea[i];
	assert_int_equal(fg_kappa_matrix(fce, fcew, 3, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.5071) < 0.0001);
	/* 2x2 the same as fg_kappa2_compute (F20 delay) */
	{
		static const double d[4] = { 26, 41, 14, 54 };

		assert_int_equal(fg_kappa_matrix(d, NULL, 2, &po, &pe, &k,
		    &err), FG_OK);
		assert_true(fabs(k - 0.182719) < 1e-5);
	}
	/* empty and degenerate tables are errors, not NaN */
	{
		static const double z[4] = { 0, 0, 0, 0 };
		static const double one[4] = { 0, 0, 0, 7 };

		assert_int_equal(fg_kappa_matrix(z, NULL, 2, &po, &pe, &k,
		    &err), FG_INPUT);
		assert_int_equal(fg_kappa_matrix(one, NULL, 2, &po, &pe, &k,
		    &err), FG_INPUT);
	}
}

/* Read a units x coders csv (first column a quoted row id, no commas in
 * values) into v[unit][coder] as the number each value starts with. */
static size_t
read_units(const char *path, int v[64][8], size_t *ncoders)
{
	char line[1024];
	size_t nu = 0;
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));   /* header */
	while (fgets(line, sizeof line, fp) != NULL && nu < 64) {
		char *p = line, *f;
		size_t c = 0;

		while ((f = strsep(&p, ",")) != NULL) {
			if (*f == '"')
				f++;
			if (c > 0 && c <= 8)
				v[nu][c - 1] = atoi(f);
			c++;
		}
		*ncoders = c - 1;
		nu++;
	}
	fclose(fp);
	return nu;
}

static void
pair_table(int v[64][8], size_t nu, size_t a, size_t b, int lo, int hi,
    double *m)
{
	size_t u, k = (size_t)(hi - lo + 1);

	memset(m, 0, k * k * sizeof *m);
	for (u = 0; u < nu; u++)
		m[(size_t)(v[u][a] - lo) * k + (size_t)(v[u][b] - lo)] += 1;
}

static void
test_matrix_files(void **state)
{
	const char *diag = unit_shared("data/agreement/irr/diagnoses.csv");
	const char *anx = unit_shared("data/agreement/irr/anxiety.csv");
	int v[64][8];
	double m[36], w[36], po, pe, k;
	struct fg_error err;
	size_t nu, nc;
	int i, j;

	(void)state;
	if (diag == NULL || anx == NULL)
		skip();
	fg_error_clear(&err);
	nu = read_units(diag, v, &nc);
	assert_int_equal(nu, 30);
	assert_int_equal(nc, 6);
	pair_table(v, nu, 1, 2, 1, 5, m);     /* rater2 vs rater3 */
	assert_int_equal(fg_kappa_matrix(m, NULL, 5, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.6311) < 0.0001);
	pair_table(v, nu, 0, 1, 1, 5, m);     /* rater1 vs rater2 */
	assert_int_equal(fg_kappa_matrix(m, NULL, 5, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.6512) < 0.0001);
	nu = read_units(anx, v, &nc);
	assert_int_equal(nu, 20);
	pair_table(v, nu, 0, 1, 1, 6, m);
	assert_int_equal(fg_kappa_matrix(m, NULL, 6, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.1195) < 0.0001);
	for (i = 0; i < 6; i++)
		for (j = 0; j < 6; j++)
			w[i * 6 + j] = (double)((i - j) * (i - j)) / 25.0;
	assert_int_equal(fg_kappa_matrix(m, w, 6, &po, &pe, &k, &err),
	    FG_OK);
	assert_true(fabs(k - 0.2968) < 0.0001);
}

/* F20 in a project built by hand: text, turns (spans counted by hand:
 * "Moderator: " 11 cp, "P1: " etc. 4 cp), codes and codings of
 * F20.codings.csv. */
static const char f20_text[] =
    "Moderator: How was the wait?\n"
    "P1: The wait was long and nobody explained the delay.\n"
    "P2: For me the delay was short.\n"
    "P3: I did not mind.\n";

static void
exec(struct fg_db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static void
build_f20(struct fg_db *db)
{
	sqlite3_stmt *st;

	assert_int_equal(strlen(f20_text), 135);
	assert_int_equal(sqlite3_prepare_v2(db->db, "INSERT INTO source (id, "
	    "name, path, file_sha256, text_sha256, text, n_cp, n_bytes, "
	    "body_line, encoding, had_bom, crlf_count, cr_count, profile, "
	    "imported_at, imported_by) VALUES (1, 'F20.txt', 'F20.txt', 'x', "
	    "'y', ?1, 135, 135, 1, 'UTF-8', 0, 0, 0, 'generic', 'now', 't')",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, f20_text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	exec(db, "INSERT INTO turn (source_id, seq, speaker, speaker_raw, "
	    "start_cp, end_cp, start_b, end_b, line_start, line_end) VALUES "
	    "(1, 1, 'Moderator', 'Moderator', 11, 28, 11, 28, 1, 1),"
	    "(1, 2, 'P1', 'P1', 33, 82, 33, 82, 2, 2),"
	    "(1, 3, 'P2', 'P2', 87, 114, 87, 114, 3, 3),"
	    "(1, 4, 'P3', 'P3', 119, 134, 119, 134, 4, 4)");
	exec(db, "INSERT INTO code (id, name, sort, created_at) VALUES "
	    "(1, 'delay', 1, 'now'), (2, 'calm', 2, 'now'), "
	    "(3, 'explain', 3, 'now'), (4, 'staff', 4, 'now')");
	exec(db, "INSERT INTO coding (source_id, code_id, start_cp, end_cp, "
	    "start_b, end_b, excerpt, excerpt_sha256, coder, created_at) "
	    "VALUES "
	    "(1, 1, 33, 81, 33, 81, 'e', 'h', 'A', 'now'),"
	    "(1, 1, 94, 113, 94, 113, 'e', 'h', 'A', 'now'),"
	    "(1, 1, 55, 81, 55, 81, 'e', 'h', 'B', 'now'),"
	    "(1, 1, 119, 133, 119, 133, 'e', 'h', 'B', 'now'),"
	    "(1, 2, 119, 133, 119, 133, 'e', 'h', 'A', 'now'),"
	    "(1, 2, 119, 133, 119, 133, 'e', 'h', 'B', 'now'),"
	    "(1, 3, 55, 71, 55, 71, 'e', 'h', 'A', 'now'),"
	    /* another coder and an overlapping duplicate of A's: no effect */
	    "(1, 1, 0, 135, 0, 135, 'e', 'h', 'C', 'now'),"
	    "(1, 1, 40, 60, 40, 60, 'e', 'h', 'A', 'now')");
}

static void
test_f20_db(void **state)
{
	struct fg_agree_opts o;
	struct fg_kappa2 k;
	struct fg_table *t;
	struct fg_error err;
	struct fg_db *db;
	char path[64];

	(void)state;
	db = unit_db_open(path);
	build_f20(db);
	fg_error_clear(&err);
	memset(&o, 0, sizeof o);
	o.coder_a = "A";
	o.coder_b = "B";
	o.unit = FG_AGREE_CP;
	assert_int_equal(fg_agreement_code(db, &o, 1, &k, &err), FG_OK);
	assert_int_equal(k.both, 26);
	assert_int_equal(k.a_only, 41);
	assert_int_equal(k.b_only, 14);
	assert_int_equal(k.neither, 54);
	assert_int_equal(fg_agreement_code(db, &o, 3, &k, &err), FG_OK);
	assert_int_equal(k.a_only, 16);
	assert_true(k.defined && k.kappa == 0.0);
	o.unit = FG_AGREE_TURN;
	assert_int_equal(fg_agreement_code(db, &o, 1, &k, &err), FG_OK);
	assert_int_equal(k.both, 1);
	assert_int_equal(k.a_only, 1);
	assert_int_equal(k.b_only, 1);
	assert_int_equal(k.neither, 1);
	assert_int_equal(fg_agreement_code(db, &o, 2, &k, &err), FG_OK);
	assert_true(k.defined && k.kappa == 1.0);
	assert_int_equal(fg_agreement(db, &o, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 4);
	assert_string_equal(fg_table_cell(t, 0, 0), "delay");
	assert_string_equal(fg_table_cell(t, 0, 7), "0.5000");
	assert_string_equal(fg_table_cell(t, 0, 9), "0.000");
	assert_string_equal(fg_table_cell(t, 3, 0), "staff");
	assert_string_equal(fg_table_cell(t, 3, 7), "1.0000");
	assert_string_equal(fg_table_cell(t, 3, 9), "n/a");
	fg_table_free(t);
	o.unit = FG_AGREE_CP;
	assert_int_equal(fg_agreement(db, &o, &t, &err), FG_OK);
	assert_string_equal(fg_table_cell(t, 0, 7), "0.5926");
	assert_string_equal(fg_table_cell(t, 0, 8), "0.5015");
	assert_string_equal(fg_table_cell(t, 0, 9), "0.183");
	assert_string_equal(fg_table_cell(t, 1, 9), "1.000");
	assert_string_equal(fg_table_cell(t, 2, 9), "0.000");
	fg_table_free(t);
	/* errors: same coder, unknown coder */
	o.coder_b = "A";
	assert_int_equal(fg_agreement(db, &o, &t, &err), FG_USAGE);
	o.coder_b = "Z";
	assert_int_equal(fg_agreement(db, &o, &t, &err), FG_NOTFOUND);
	unit_db_close(db, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binary_f20),
		cmocka_unit_test(test_matrix_inline),
		cmocka_unit_test(test_matrix_files),
		cmocka_unit_test(test_f20_db),
	};

	return cmocka_run_group_tests_name("agreement", tests, NULL, NULL);
}
