/* gen-wvs.c - write a SYNTHETIC World Values Survey wave 7 shaped CSV for
 * Kazakhstan to standard output.
 *
 *   tools/gen-wvs [-n ROWS] [-s SEED] > wvs7-kaz-synthetic.csv
 *
 * The real WVS file cannot be redistributed, so fgcode's tests and
 * examples use this one: same column names and codes as WVS-7 for the
 * items the seed study uses, every respondent in Kazakhstan (B_COUNTRY
 * 398), about 62% of them ethnic Kazakhs (Q290 398025; the other ethnic
 * codes 398001-398024 are made up), WVS missing codes (-1 don't know,
 * -2 no answer, -4 not asked, -5 missing) sprinkled over the items, and
 * weights W_WEIGHT around 1.  None of it is real data.
 *
 * Planted effects.  With female = Q260 == 2, a30 = Q262 in 30..49,
 * a50 = Q262 >= 50, edu = Q275 >= 6, lmc = Q287 == 3, wc = Q287 == 4,
 * rel = Q173 == 1, duty = Q37 in {1, 2}, urban = H_URBRURAL == 1 and
 * sm = Q207 in {1, 2}, the answers are rounded, and clipped to their
 * scale, from
 *   Q185     = 6.0 + .33 female + .80 a30 + .12 a50 + .11 edu + .13 lmc
 *              - .01 wc - .60 rel - 1.80 duty + .80 urban - .90 sm
 *              + 1.5 z
 *   Q182     = 3.2 + .16 female + .34 a30 + .07 a50 - .10 edu + .03 lmc
 *              + .42 wc - .58 rel - .01 duty - .20 urban + .19 sm
 *              + 1.2 z
 *   6 - Q36  = 3.6 - .02 female + .23 a30 + .06 a50 + .14 edu + .20 lmc
 *              + .01 wc + .03 rel - .38 duty - .32 urban + .22 sm
 *              + .6 z
 * with z about standard normal (a sum of 12 uniforms less 6)
 * (the slopes are the seed's Table 3, rounded; the intercepts are moved
 * to the middle of the scales so that little is clipped).  Rounding and
 * clipping bias the slopes a little: fitted on 200,000 rows they come out
 * within .05 of these values (see tests/cli/wvs.sh).
 *
 * Deterministic: the same -n and -s give the same bytes on every
 * platform with IEEE doubles (splitmix64, draws in a fixed order, normal
 * draws as sums of uniforms, no libm, values printed with fixed
 * decimals).  The committed fixtures/wvs/wvs7-kaz-synthetic.csv is
 * tools/gen-wvs > fixtures/wvs/wvs7-kaz-synthetic.csv.  C99, libc only. */
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

/* Uniform in [0, 1) with 53 bits. */
static double
unif(void)
{
	return (double)(next64() >> 11) * (1.0 / 9007199254740992.0);
}

/* Approximately standard normal: the sum of 12 uniforms less 6 (mean 0,
 * variance 1, within +-6), which needs no libm and so gives the same
 * bits everywhere. */
static double
normal(void)
{
	double s = 0;
	int i;

	for (i = 0; i < 12; i++)
		s += unif();
	return s - 6;
}

static int
bern(double p)
{
	return unif() < p;
}

/* A category 1..n drawn with the n probabilities p (summing to 1). */
static int
pick(const double *p, int n)
{
	double u = unif(), c = 0;
	int i;

	for (i = 0; i < n - 1; i++) {
		c += p[i];
		if (u < c)
			return i + 1;
	}
	return n;
}

/* A WVS missing code now and then: with probability p, -1 (don't know)
 * mostly, else -2 (no answer); otherwise v. */
static int
maybe_missing(int v, double p)
{
	if (!bern(p))
		return v;
	return bern(.7) ? -1 : -2;
}

/* x rounded to the nearest whole number (halves up), clipped to
 * [lo, hi]. */
static int
clip_round(double x, int lo, int hi)
{
	if (x < lo)
		return lo;
	if (x >= hi)
		return hi;
	return (int)(x + .5);
}

/* Frequency of use of an information source, 1 daily .. 5 never: daily
 * or weekly with probability pdw (daily the share daily of those), else
 * monthly, less than monthly or never in the proportions rest. */
static int
use_freq(double pdw, double daily, const double rest[3])
{
	if (pdw < .02)
		pdw = .02;
	if (pdw > .98)
		pdw = .98;
	if (bern(pdw))
		return bern(daily) ? 1 : 2;
	return 2 + pick(rest, 3);
}

static int
age_draw(void)
{
	/* adults 18-91, fewer of them at older ages */
	double u = unif();

	if (u < .27)
		return 18 + (int)(unif() * 12);            /* 18-29 */
	if (u < .68)
		return 30 + (int)(unif() * 20);            /* 30-49 */
	if (u < .95)
		return 50 + (int)(unif() * 20);            /* 50-69 */
	return 70 + (int)(unif() * 22);                    /* 70-91 */
}

int
main(int argc, char **argv)
{
	static const double class_p[5] = { .03, .20, .40, .30, .07 };
	static const double relig_p[3] = { .75, .20, .05 };
	static const double duty_p[5] = { .35, .35, .15, .10, .05 };
	static const double other_p[5] = { .30, .20, .15, .15, .20 };
	static const double rest_net[3] = { .196, .188, .616 };
	static const double rest_sm[3] = { .168, .168, .664 };
	static const double rest_phone[3] = { .185, .270, .545 };
	long rows = 1200, i;
	uint64_t seed = 20181101;
	int k;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "-n") == 0 && k + 1 < argc)
			rows = atol(argv[++k]);
		else if (strcmp(argv[k], "-s") == 0 && k + 1 < argc)
			seed = strtoull(argv[++k], NULL, 10);
		else {
			fprintf(stderr, "usage: gen-wvs [-n ROWS] [-s SEED]\n");
			return 2;
		}
	}
	if (rows < 1) {
		fprintf(stderr, "gen-wvs: -n must be at least 1\n");
		return 2;
	}
	state = seed;
	puts("B_COUNTRY,B_COUNTRY_ALPHA,D_INTERVIEW,W_WEIGHT,H_URBRURAL,"
	    "Q36,Q37,Q173,Q182,Q185,Q201,Q202,Q203,Q204,Q205,Q206,Q207,Q208,"
	    "Q260,Q262,Q275,Q287,Q290");
	for (i = 0; i < rows; i++) {
		int female = bern(.54), age = age_draw(), urban = bern(.58);
		int kazakh = bern(.62), band = age < 30 ? 0 : age < 50 ? 1 : 2;
		int edu_level, cls, relig, duty, sm, internet, phone, q207;
		int a30 = band == 1, a50 = band == 2, edu, lmc, wc, rel, dty;
		int q185, q182, q36, q290, q262, q201, q202, q203, q205, q208;
		double pdw, w, y;

		/* education: ISCED 0-8, tertiary more likely in towns and
		 * under 50 */
		{
			double pt = .12 + .14 * urban + (band < 2 ? .06 : 0);
			double u = unif();

			if (u < pt)
				edu_level = 6 + (int)(unif() * 3);
			else if (u < pt + .15)
				edu_level = 5;
			else
				edu_level = (int)(unif() * 5);
		}
		cls = pick(class_p, 5);
		relig = pick(relig_p, 3);
		duty = pick(duty_p, 5);
		/* information sources, after the seed's Table 2 */
		pdw = .596 + .24 * (urban - .5) + (band == 0 ? .07 :
		    band == 2 ? -.04 : 0);
		internet = use_freq(pdw, .755, rest_net);
		pdw = .465 + .30 * (urban - .5) + (band == 0 ? .13 :
		    band == 2 ? -.15 : .01);
		q207 = use_freq(pdw, .785, rest_sm);
		pdw = .622 + .36 * (urban - .5) + (band == 0 ? .11 :
		    band == 2 ? -.07 : -.02) + (female ? .045 : -.045);
		phone = use_freq(pdw, .825, rest_phone);

		edu = edu_level >= 6;
		lmc = cls == 3;
		wc = cls == 4;
		rel = relig == 1;
		dty = duty <= 2;
		sm = q207 <= 2;

		y = 6.0 + .33 * female + .80 * a30 + .12 * a50 + .11 * edu +
		    .13 * lmc - .01 * wc - .60 * rel - 1.80 * dty +
		    .80 * urban - .90 * sm + 1.5 * normal();
		q185 = clip_round(y, 1, 10);
		y = 3.2 + .16 * female + .34 * a30 + .07 * a50 - .10 * edu +
		    .03 * lmc + .42 * wc - .58 * rel - .01 * dty -
		    .20 * urban + .19 * sm + 1.2 * normal();
		q182 = clip_round(y, 1, 10);
		y = 3.6 - .02 * female + .23 * a30 + .06 * a50 + .14 * edu +
		    .20 * lmc + .01 * wc + .03 * rel - .38 * dty -
		    .32 * urban + .22 * sm + .6 * normal();
		q36 = 6 - clip_round(y, 1, 5);

		q290 = kazakh ? 398025 : 398001 + (int)(unif() * 24);
		q262 = age;
		w = .55 + .9 * unif() + (urban ? -.05 : .05);

		/* missing codes; more on the sensitive items */
		q185 = maybe_missing(q185, .08);
		q182 = maybe_missing(q182, .14);
		q36 = maybe_missing(q36, .12);
		duty = maybe_missing(duty, .04);
		relig = maybe_missing(relig, .03);
		cls = maybe_missing(cls, .04);
		edu_level = maybe_missing(edu_level, .01);
		q207 = maybe_missing(q207, .02);
		internet = maybe_missing(internet, .02);
		phone = maybe_missing(phone, .01);
		if (bern(.005))
			q262 = -5;
		if (bern(.01))
			q290 = -2;

		/* the other sources, drawn in a fixed order (not inside
		 * printf's arguments, whose order C leaves open) */
		q201 = pick(other_p, 5);
		q202 = pick(other_p, 5);
		q203 = pick(other_p, 5);
		q205 = bern(.04) ? -4 : pick(other_p, 5);
		q208 = pick(other_p, 5);
		printf("398,KAZ,%ld,%.6f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,"
		    "%d,%d,%d,%d,%d,%d,%d\n", 398070001L + i, w,
		    urban ? 1 : 2, q36, duty, relig, q182, q185, q201, q202,
		    q203, phone, q205, internet, q207, q208, female ? 2 : 1,
		    q262, edu_level, cls, q290);
	}
	return 0;
}
