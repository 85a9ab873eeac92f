/* gen-ols.c - write a regression data set as CSV to standard output, for
 * bench/ols.sh.
 *
 *   bench/gen-ols [-n ROWS] [-p PREDICTORS] [-s SEED] > ols.csv
 *
 * Columns y, x1 .. xP (default 1,000,000 rows, 12 predictors).  The
 * predictors cycle through survey-like kinds: a 0/1 dummy, an age in
 * years (18-90), a 1-10 scale, a decimal with six places in (-1, 1), an
 * income-like amount with two places (1,000-100,000), a count (0-20);
 * they are drawn independently, so the design is well conditioned.
 *   y = 1.5 + sum_j (-1)^j j/10 * x_j / scale_j + e
 * with scale_j the kind's typical size and e about N(0, 1) (a sum of 12
 * uniforms less 6), printed with six decimals.  Deterministic
 * (splitmix64, no libm): the same options give the same bytes.  C99,
 * libc only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t
next64(void)
{
	uint64_t z = (state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double
unif(void)
{
	return (double)(next64() >> 11) * (1.0 / 9007199254740992.0);
}

/* An integer in [lo, hi]. */
static long
between(long lo, long hi)
{
	return lo + (long)(next64() % (uint64_t)(hi - lo + 1));
}

int
main(int argc, char **argv)
{
	static const double scale[6] = { 1, 50, 5, 1, 50000, 10 };
	long rows = 1000000, i;
	int p = 12, j, k;
	char *line, *q;

	state = 1;
	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "-n") == 0 && k + 1 < argc)
			rows = atol(argv[++k]);
		else if (strcmp(argv[k], "-p") == 0 && k + 1 < argc)
			p = atoi(argv[++k]);
		else if (strcmp(argv[k], "-s") == 0 && k + 1 < argc)
			state = strtoull(argv[++k], NULL, 10);
		else {
			fprintf(stderr, "usage: gen-ols [-n ROWS] "
			    "[-p PREDICTORS] [-s SEED]\n");
			return 2;
		}
	}
	if (rows < 1 || p < 1 || p > 1000) {
		fprintf(stderr, "gen-ols: need -n >= 1 and 1 <= -p <= 1000\n");
		return 2;
	}
	if ((line = malloc((size_t)p * 32 + 64)) == NULL) {
		fprintf(stderr, "gen-ols: out of memory\n");
		return 1;
	}
	fputs("y", stdout);
	for (j = 1; j <= p; j++)
		printf(",x%d", j);
	putchar('\n');
	for (i = 0; i < rows; i++) {
		double y = 1.5, e = -6;

		q = line;
		for (j = 1; j <= p; j++) {
			int kind = (j - 1) % 6;
			double x, b = (j % 2 ? -1 : 1) * j / 10.0;

			switch (kind) {
			case 0:
				x = (double)between(0, 1);
				q += sprintf(q, ",%d", (int)x);
				break;
			case 1:
				x = (double)between(18, 90);
				q += sprintf(q, ",%d", (int)x);
				break;
			case 2:
				x = (double)between(1, 10);
				q += sprintf(q, ",%d", (int)x);
				break;
			case 3: {
				long v = between(-999999, 999999);

				x = v / 1e6;
				q += sprintf(q, ",%s0.%06ld", v < 0 ? "-" : "",
				    v < 0 ? -v : v);
				break;
			}
			case 4: {
				long v = between(100000, 10000000);

				x = v / 100.0;
				q += sprintf(q, ",%ld.%02ld", v / 100, v % 100);
				break;
			}
			default:
				x = (double)between(0, 20);
				q += sprintf(q, ",%d", (int)x);
			}
			y += b * x / scale[kind];
		}
		for (k = 0; k < 12; k++)
			e += unif();
		printf("%.6f%s\n", y + e, line);
	}
	free(line);
	return 0;
}
