/* agreement.h - intercoder agreement of two coders: Cohen's kappa per code.
 *
 * For a code, every unit of analysis is "coded" or "not coded" by each of
 * the two coders A and B:
 *   FG_AGREE_CP    each code point of the selected sources' texts (the
 *                 whole of source.text); a code point is coded by a coder
 *                 when one of their codings of the code covers it;
 *   FG_AGREE_TURN  each speaker turn of the selected sources; a turn is
 *                 coded by a coder when one of their codings of the code
 *                 overlaps it (turn.start_cp < coding.end_cp and
 *                 turn.end_cp > coding.start_cp).
 * The four counts are both, a_only, b_only, neither; n is their sum.
 *
 * Cohen (1960):  Po = (both + neither) / n
 *                pA = (both + a_only) / n,  pB = (both + b_only) / n
 *                Pe = pA*pB + (1 - pA)*(1 - pB)
 *                kappa = (Po - Pe) / (1 - Pe)
 * kappa is undefined when Pe = 1 (n = 0, neither coder used the code, or
 * both coded every unit); it is then reported with a reason, never as NaN.
 * Po_coded = both / (both + a_only + b_only) is the agreement on the units
 * that at least one coder coded (undefined when there are none). */
#ifndef FG_AGREEMENT_H
#define FG_AGREEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/table.h"

enum fg_agree_unit { FG_AGREE_CP, FG_AGREE_TURN };

/* The 2x2 result for one code. */
struct fg_kappa2 {
	int64_t both, a_only, b_only, neither, n;
	double po, pe, kappa;  /* kappa meaningful only when defined */
	int defined;           /* 0: kappa undefined, see reason */
	const char *reason;    /* static string when !defined, else NULL */
	double po_coded;       /* meaningful only when coded_defined */
	int coded_defined;
};

/* Fill *k from the four counts (all >= 0) with the formulas above.
 * Never fails; a kappa of -0 is stored as 0. */
void fg_kappa2_compute(int64_t both, int64_t a_only, int64_t b_only,
    int64_t neither, struct fg_kappa2 *k);

/* Cohen's kappa of a k x k table of counts or proportions m (row-major,
 * rows coder A's categories, columns coder B's), optionally weighted:
 * w (k x k, row-major) holds DISAGREEMENT weights (0 on the diagonal;
 * NULL = unweighted, i.e. 1 off the diagonal).  kappa_w = 1 -
 * sum(w*o) / sum(w*e), e = row total * column total / N^2.  Sets *po,
 * *pe (unweighted: observed and expected agreement; weighted: 1 -
 * observed and 1 - expected disagreement) and *kappa.  FG_INPUT (nothing
 * written to *kappa) when the total is not positive, a cell is negative,
 * or the expected disagreement is 0 (kappa undefined). */
enum fg_status fg_kappa_matrix(const double *m, const double *w, size_t k,
    double *po, double *pe, double *kappa, struct fg_error *err);

struct fg_agree_opts {
	const char *coder_a, *coder_b;   /* required, different */
	const int64_t *codes;  /* only these code ids; NULL/0 = every code */
	size_t ncodes;
	const int64_t *sources; /* only these source ids; NULL/0 = all */
	size_t nsources;
	enum fg_agree_unit unit;
};

/* Parse "cp" or "turn".  FG_USAGE otherwise. */
enum fg_status fg_agree_unit_parse(const char *s, enum fg_agree_unit *u,
    struct fg_error *err);

/* Count the 2x2 table of one code (over o->sources, o->unit) into *k.
 * FG_DB on a database error. */
enum fg_status fg_agreement_code(struct fg_db *db,
    const struct fg_agree_opts *o, int64_t code, struct fg_kappa2 *k,
    struct fg_error *err);

/* The agreement table, a new table owned by the caller (fg_table_free).
 * One row per code (the selected ones in the order given, else every code
 * in codebook tree order).  Columns: code, unit ("cp" or "turn"), n,
 * both, a_only, b_only, neither (ints), po, pe (4 decimals), kappa (3
 * decimals or "n/a"), po_coded (4 decimals or "n/a"), note (the reason
 * kappa or po_coded is undefined, else empty).  FG_USAGE when the coders
 * are missing or equal; FG_NOTFOUND when a coder has no codings at all in
 * the project (a misspelt name); FG_DB on database errors. */
enum fg_status fg_agreement(struct fg_db *db, const struct fg_agree_opts *o,
    struct fg_table **out, struct fg_error *err);

#endif
