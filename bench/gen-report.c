/* gen-report.c - write a synthetic coded project, as SQL for sqlite3, for
 * the report benchmark (bench/report.sh).
 *
 * usage: gen-report SOURCES CODINGS SEED > project.sql
 *        sqlite3 bench.db < project.sql    (bench.db made by fgcode init)
 *
 * Writes one transaction that fills an empty fgcode project (schema of
 * schemas/0001-init.sql): SOURCES / 5 focus groups in twenty cities (the
 * five of the fixtures among them), each with six participants (gender,
 * age 18-70, profession; attributes religion and social_media), five
 * transcripts per group of 60 turns (every fifth by the moderator, who is
 * no participant) of 6 to 30 words mixing Russian, Kazakh and English, the
 * fifteen codes of fixtures/codebook.yaml (ids 1-15, in tree order), and
 * CODINGS codings spread evenly over the sources: a run of whole words
 * inside a participant's turn, one in twenty running on into the next
 * turn, codes drawn unevenly (the first codes more often).  Offsets are
 * code points and bytes as fgcode stores them; excerpts are the exact
 * text.  Hashes are placeholders (unique, not SHA-256 of anything).
 *
 * The output depends only on the arguments (splitmix64 from SEED, integer
 * arithmetic).  On stderr: one line "sources S turns T codings C bytes B".
 * Links with nothing but libc. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	uint64_t z;

	z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static unsigned
rnd(unsigned n)
{
	return (unsigned)(rng_next() % n);
}

static const char *const words[] = {
	"and", "the", "social", "media", "Instagram", "WhatsApp", "family",
	"children", "divorce", "marriage", "phone", "internet", "mother",
	"father", "shame", "tradition", "young", "people", "city", "village",
	"don't", "mother-in-law", "it's", "duty", "nation", "law",
	"\xd1\x83\xd1\x8f\xd1\x82",                             /* уят */
	"\xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c\xd1\x8f",             /* семья */
	"\xd0\xb4\xd0\xb5\xd1\x82\xd0\xb8",                     /* дети */
	"\xd1\x80\xd0\xb0\xd0\xb7\xd0\xb2\xd0\xbe\xd0\xb4",     /* развод */
	"\xd0\xbc\xd0\xb5\xd1\x87\xd0\xb5\xd1\x82\xd1\x8c",     /* мечеть */
	"\xd2\x9b\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b",             /* қазақ */
	"\xd2\xb1\xd1\x8f\xd1\x82",                             /* ұят */
	"\xd2\xb1\xd1\x80\xd0\xbf\xd0\xb0\xd2\x9b",             /* ұрпақ */
	"\xd3\x99\xd0\xb6\xd0\xb5",                             /* әже */
	"\xd0\xba\xd0\xb5\xd0\xbb\xd1\x96\xd0\xbd",             /* келін */
	"\xd2\x9b\xd0\xb0\xd1\x88\xd0\xb0\xd0\xbd",             /* қашан */
	"\xd0\xbd\xd0\xb5\xd1\x82",                             /* нет */
};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const cities[] = { "Almaty", "Nur-Sultan", "Shymkent",
    "Aktau", "Kyzylorda", "Karaganda", "Aktobe", "Taraz", "Pavlodar",
    "Oskemen", "Semey", "Atyrau", "Kostanay", "Petropavl", "Oral",
    "Temirtau", "Turkistan", "Kokshetau", "Taldykorgan", "Ekibastuz" };

static const struct {
	const char *name;
	int parent;            /* id, 0 for none */
} codes[] = {
	{ "uyat", 0 }, { "uyat-clothing", 1 },
	{ "\xd1\x83\xd1\x8f\xd1\x82-\xd0\xb2-\xd1\x81\xd0\xb5\xd0\xbc\xd1\x8c"
	    "\xd0\xb5", 1 },                                    /* уят-в-семье */
	{ "divorce-and-ICT", 0 }, { "online-infidelity", 4 },
	{ "duty-to-have-children", 0 }, { "pressure-from-elders", 6 },
	{ "same-sex-visibility", 0 }, { "calls-for-ban", 8 },
	{ "gender-nonconforming-pop", 8 }, { "same-sex-parents", 0 },
	{ "interethnic-marriage", 0 }, { "religion", 0 },
	{ "social-media-use", 0 }, { "generational-divide", 0 },
};
#define NCODES (sizeof codes / sizeof codes[0])

/* Code points of UTF-8 s[0..n). */
static long
cps(const char *s, size_t n)
{
	long c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* s as an SQL string literal. */
static void
sql_str(const char *s, size_t n)
{
	size_t i;

	putchar('\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			putchar('\'');
		putchar(s[i]);
	}
	putchar('\'');
}

struct turn {
	long start_b, end_b, start_cp, end_cp;
	int part;              /* 0 moderator, 1..6 the group's participants */
	int nw;
	long wb[32];           /* byte offset of each word's start */
	long we[32];           /* and end */
};

#define TURNS 60

int
main(int argc, char **argv)
{
	long nsources = argc > 1 ? atol(argv[1]) : 10000;
	long ncodings = argc > 2 ? atol(argv[2]) : 1000000;
	long ngroups, s, g, p, k, done = 0, bytes = 0, nturns = 0;
	static struct turn turn[TURNS];
	static char text[TURNS * 32 * 24 + 1024];

	rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	if (nsources < 1 || ncodings < 0) {
		fprintf(stderr, "usage: gen-report SOURCES CODINGS SEED\n");
		return 2;
	}
	ngroups = nsources / 5 > 0 ? nsources / 5 : 1;
	printf("PRAGMA foreign_keys = OFF;\nBEGIN;\n");
	for (g = 1; g <= ngroups; g++) {
		const char *city = cities[rnd(20)];

		printf("INSERT INTO focus_group (id, fg, city, date, language, "
		    "size, created_at) VALUES (%ld, '%ld', '%s', '2019-07-%02u', "
		    "'ru/kk', 6, '2026-01-01T00:00:00Z');\n", g, g, city,
		    1 + rnd(28));
		if (strcmp(city, "Nur-Sultan") == 0)
			printf("INSERT INTO group_attr VALUES (%ld, 'city_alias', "
			    "'Astana');\n", g);
		for (p = 1; p <= 6; p++) {
			long id = (g - 1) * 6 + p;
			static const char *const rel[] = { "Muslim", "Muslim",
			    "Muslim", "none", "Orthodox" };
			static const char *const sm[] = { "daily", "daily",
			    "weekly", "never" };

			printf("INSERT INTO participant (id, group_id, pid, "
			    "gender, age, profession) VALUES (%ld, %ld, 'P%ld', "
			    "'%s', %u, 'teacher');\n", id, g, p, rnd(2) ?
			    "female" : "male", 18 + rnd(53));
			printf("INSERT INTO participant_attr VALUES (%ld, "
			    "'religion', '%s'), (%ld, 'social_media', '%s');\n",
			    id, rel[rnd(5)], id, sm[rnd(4)]);
		}
	}
	for (k = 0; k < (long)NCODES; k++) {
		printf("INSERT INTO code (id, name, parent_id, sort, "
		    "created_at) VALUES (%ld, '%s', ", k + 1, codes[k].name);
		if (codes[k].parent)
			printf("%d", codes[k].parent);
		else
			printf("NULL");
		printf(", %ld, '2026-01-01T00:00:00Z');\n", k + 1);
	}
	for (s = 1; s <= nsources; s++) {
		long gid = (s - 1) % ngroups + 1, len = 0, cp = 0, want, i;
		long per = ncodings / nsources + (s <= ncodings % nsources);

		/* the text: one line per turn, "Label: words" */
		for (i = 0; i < TURNS; i++) {
			struct turn *t = &turn[i];
			int w, nw = 6 + (int)rnd(25);
			char label[16];
			int n;

			t->part = i % 5 == 0 ? 0 : 1 + (int)rnd(6);
			n = snprintf(label, sizeof label, "%s: ", t->part ?
			    "P" : "Moderator");
			if (t->part)
				n = snprintf(label, sizeof label, "P%d: ",
				    t->part);
			memcpy(text + len, label, (size_t)n);
			len += n;
			cp += n;
			t->start_b = len;
			t->start_cp = cp;
			t->nw = nw;
			for (w = 0; w < nw; w++) {
				const char *wd = words[rnd(NWORDS)];
				size_t wl = strlen(wd);

				if (w > 0) {
					text[len++] = ' ';
					cp++;
				}
				t->wb[w] = len;
				memcpy(text + len, wd, wl);
				len += (long)wl;
				cp += cps(wd, wl);
				t->we[w] = len;
			}
			t->end_b = len;
			t->end_cp = cp;
			text[len++] = '\n';
			cp++;
		}
		bytes += len;
		printf("INSERT INTO source (id, name, path, file_sha256, "
		    "text_sha256, text, n_cp, n_bytes, body_line, encoding, "
		    "had_bom, crlf_count, cr_count, profile, group_id, "
		    "imported_at, imported_by) VALUES (%ld, 's%05ld.txt', "
		    "'s%05ld.txt', '%064ld', 'a%063ld', ", s, s, s, s, s);
		sql_str(text, (size_t)len);
		printf(", %ld, %ld, 1, 'UTF-8', 0, 0, 0, 'plain', %ld, "
		    "'2026-01-01T00:00:00Z', 'bench');\n", cp, len, gid);
		for (i = 0; i < TURNS; i++) {
			struct turn *t = &turn[i];

			printf("INSERT INTO turn (source_id, seq, speaker, "
			    "speaker_raw, participant_id, start_cp, end_cp, "
			    "start_b, end_b, line_start, line_end) VALUES "
			    "(%ld, %ld, ", s, i + 1);
			if (t->part)
				printf("'P%d', 'P%d', %ld, ", t->part, t->part,
				    (gid - 1) * 6 + t->part);
			else
				printf("'Moderator', 'Moderator', NULL, ");
			printf("%ld, %ld, %ld, %ld, %ld, %ld);\n", t->start_cp,
			    t->end_cp, t->start_b, t->end_b, i + 1, i + 1);
			nturns++;
		}
		/* the codings of this source */
		for (want = 0; want < per; want++) {
			struct turn *t;
			long a, b, acp, bcp;
			int ti, w0, w1, code;

			do
				ti = (int)rnd(TURNS);
			while (turn[ti].part == 0);
			t = &turn[ti];
			w0 = (int)rnd((unsigned)t->nw);
			w1 = w0 + (int)rnd(6);
			if (w1 >= t->nw)
				w1 = t->nw - 1;
			a = t->wb[w0];
			b = t->we[w1];
			if (rnd(20) == 0 && ti + 1 < TURNS)
				b = turn[ti + 1].we[0];
			/* codes 1..15, the first ones more often */
			code = 1 + (int)(rnd(NCODES) * rnd(NCODES) / NCODES);
			acp = t->start_cp + cps(text + t->start_b,
			    (size_t)(a - t->start_b));
			bcp = acp + cps(text + a, (size_t)(b - a));
			printf("INSERT INTO coding (source_id, code_id, start_cp, "
			    "end_cp, start_b, end_b, excerpt, excerpt_sha256, "
			    "coder, created_at) VALUES (%ld, %d, %ld, %ld, %ld, "
			    "%ld, ", s, code, acp, bcp, a, b);
			sql_str(text + a, (size_t)(b - a));
			printf(", 'e%063ld', '%s', '2026-01-01T00:00:00Z');\n",
			    done, rnd(3) ? "aigerim" : "dana");
			done++;
		}
	}
	printf("COMMIT;\n");
	fprintf(stderr, "sources %ld turns %ld codings %ld bytes %ld\n",
	    nsources, nturns, done, bytes);
	return ferror(stdout) ? 1 : 0;
}
