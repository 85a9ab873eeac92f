/* gen-corpus.c - write a synthetic focus-group corpus for the import
 * benchmark (bench/import.sh).
 *
 * usage: gen-corpus OUTDIR MB FILES SEED
 *
 * Writes FILES transcripts OUTDIR/fg-0001.txt ... in fgcode's default
 * format (YAML front matter with fg, city, date, language, facilitator and
 * participants with id, gender, age; then "Speaker: text" turns, some with
 * continuation lines), together about MB MiB (each file is cut at the first
 * turn boundary past MB * 2^20 / FILES bytes).  The words mix Russian,
 * Kazakh (with ә ғ қ ң ө ұ ү һ і) and Latin-script words.
 *
 * It also writes OUTDIR/turns.csv: the same turns as RFC 4180 CSV with a
 * header line and the columns file, seq, speaker, text, where text is the
 * utterance as fgcode stores it (label and ": " excluded, continuation
 * lines joined with LF, so such fields are quoted).  CRLF ends the records.
 *
 * The output depends only on the arguments: the generator is a splitmix64
 * seeded from SEED, with integer arithmetic only (no rand(), no floating
 * point).  On stdout: one line "files N bytes B largest L turns T".
 * Links with nothing but libc. */
#include <errno.h>
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

/* Uniform in [0, n), n > 0 (the modulo bias is irrelevant here). */
static unsigned
rng_below(unsigned n)
{
	return (unsigned)(rng_next() % n);
}

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const char *const ru_words[] = {
	"семья", "родители", "свадьба", "интернет", "телефон", "девушка",
	"парень", "мама", "бабушка", "работа", "деньги", "город", "село",
	"традиция", "стыдно", "уважение", "молодёжь", "поколение", "фотография",
	"комментарий", "подписчики", "блогер", "муж", "жена", "дети",
	"воспитание", "религия", "свобода", "общество", "соседи", "говорят",
	"думаю", "конечно", "может быть", "например", "всегда", "никогда",
	"сейчас", "раньше", "потом", "очень", "просто", "честно", "правда",
	"нельзя", "можно", "нужно", "хорошо", "плохо", "странно", "нормально",
	"замуж", "ребёнок", "родственники", "праздник", "той", "закон",
	"школа", "университет", "учитель", "врач", "бухгалтер", "водитель",
	"экономист", "студентка", "пенсионер", "новости", "видео", "лайки",
	"чат", "группа", "страница", "реклама", "мнение", "выбор", "жизнь",
	"любовь", "ревность", "развод", "квартира", "зарплата", "кредит",
	"иностранец", "язык", "казахский", "русский", "английский", "и",
	"в", "на", "с", "не", "что", "это", "как", "но", "а", "у", "мы",
	"они", "она", "он", "я", "вы", "для", "по", "из", "о", "же", "бы",
	"все", "тоже", "ещё", "уже", "только", "когда", "если", "потому что",
};

static const char *const kk_words[] = {
	"ұят", "әже", "ата", "қыз", "бала", "келін", "ене", "қайын",
	"ағайын", "ауыл", "үй", "өмір", "жақсы", "жаман", "әке", "ана",
	"ұл", "қала", "әдет", "ғұрып", "салт", "дәстүр", "бата", "сәлем",
	"рахмет", "иә", "жоқ", "әрине", "мүмкін", "білмеймін", "ойлаймын",
	"менің", "сенің", "біздің", "олардың", "қазақ", "тіл", "ғаламтор",
	"әлеуметтік", "желі", "жаңалық", "құрмет", "үлкен", "кіші", "ұлт",
	"тәрбие", "ғашық", "үйлену", "қалыңдық", "күйеу", "шаңырақ", "көрші",
	"һәм", "шаһар", "ақиқат", "ғылым", "білім", "өнер", "еңбек", "төрт",
	"бес", "алты", "ұстаз", "дәрігер", "оқушы", "қарындас", "інім",
	"ұлым", "көңіл", "жүрек", "өкінішке орай", "Құдай", "сұрақ", "жауап",
	"пікір", "үкімет", "заң", "ақша", "жұмыс", "қоғам", "еркіндік",
};

static const char *const la_words[] = {
	"Instagram", "WhatsApp", "TikTok", "YouTube", "Facebook", "Telegram",
	"online", "offline", "stories", "blogger", "followers", "likes",
	"smartphone", "selfie", "hashtag", "feed", "post", "comment", "chat",
	"family", "freedom", "tradition", "respect", "shame", "wedding",
	"parents", "mother", "father", "city", "village", "work", "money",
	"love", "marriage", "children", "school", "university", "the", "a",
	"and", "of", "to", "in", "is", "it", "that", "we", "they", "she",
	"he", "I", "you", "not", "but", "very", "really", "maybe", "always",
	"never", "today", "before", "after", "because", "honestly", "normal",
	"strange", "okay", "uyat", "apa", "toi", "kelin", "Almaty", "Astana",
	"Shymkent", "Aktau", "Kyzylorda", "Seoul", "Istanbul", "Dubai",
	"café", "naïve", "résumé", "déjà vu", "Zoom", "Google", "iPhone",
};

static const char *const f_names[] = {
	"Айгерім", "Әсел", "Гүлнар", "Дана", "Жанар", "Зарина", "Қарлығаш",
	"Ләззат", "Мөлдір", "Нұрсұлу", "Салтанат", "Ұлжан", "Айжан", "Aliya",
	"Gaisha", "Saule", "Madina", "Dinara", "Асель", "Мария", "Ольга",
	"Һадия", "Іңкәр", "Aruzhan",
};

static const char *const m_names[] = {
	"Ерлан", "Нұрлан", "Бауыржан", "Ғалым", "Дәурен", "Қайрат", "Марат",
	"Өмірзақ", "Серік", "Талғат", "Ұлан", "Arman", "Daniyar", "Timur",
	"Ruslan", "Askar", "Дмитрий", "Сергей", "Азамат", "Ілияс", "Yerzhan",
};

static const char *const cities[] = {
	"Aktau", "Almaty", "Nur-Sultan", "Kyzylorda", "Shymkent",
	"Алматы", "Қызылорда", "Шымкент", "Ақтау", "Астана",
};

static const char *const pause_lines[] = {
	"(Смех.)", "(Күлкі.)", "(Laughter.)", "(Пауза.)", "(Все говорят "
	"одновременно.)", "(inaudible)",
};

/* A growable byte buffer for one turn. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((b->p = realloc(b->p, cap)) == NULL) {
			fprintf(stderr, "gen-corpus: out of memory\n");
			exit(1);
		}
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static const char *
pick_word(void)
{
	unsigned r = rng_below(100);

	if (r < 50)
		return ru_words[rng_below(NELEM(ru_words))];
	if (r < 75)
		return kk_words[rng_below(NELEM(kk_words))];
	return la_words[rng_below(NELEM(la_words))];
}

/* Append word w, its first letter upper-cased when cap (ASCII, the
 * two-byte Cyrillic letters а-я (U+0430..U+044F) and the Kazakh ones). */
static void
add_word(struct sbuf *b, const char *w, int cap)
{
	const unsigned char *u = (const unsigned char *)w;
	char tmp[4];

	if (!cap) {
		sb_puts(b, w);
		return;
	}
	if (u[0] >= 'a' && u[0] <= 'z') {
		tmp[0] = (char)(u[0] - 'a' + 'A');
		sb_add(b, tmp, 1);
		sb_puts(b, w + 1);
		return;
	}
	if (u[0] == 0xD0 || u[0] == 0xD1 || u[0] == 0xD2 || u[0] == 0xD3) {
		unsigned cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu), up = cp;

		if (cp >= 0x430 && cp <= 0x44F)
			up = cp - 0x20;
		else if (cp == 0x451 || cp == 0x456)
			up = cp - 0x50;         /* ё і */
		else if (cp >= 0x492 && cp <= 0x4BB && (cp & 1))
			up = cp - 1;            /* ғ қ ң ү ұ һ */
		else if (cp == 0x4D9 || cp == 0x4E9)
			up = cp - 1;            /* ә ө */
		tmp[0] = (char)(0xC0 | (up >> 6));
		tmp[1] = (char)(0x80 | (up & 0x3F));
		sb_add(b, tmp, 2);
		sb_puts(b, w + 2);
		return;
	}
	sb_puts(b, w);
}

/* Append one sentence of 3..16 words. */
static void
add_sentence(struct sbuf *b)
{
	static const char *const ends[] = { ".", ".", ".", "?", "!", "..." };
	unsigned n = 3 + rng_below(14), i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_puts(b, (i > 2 && rng_below(9) == 0) ? ", " : " ");
		if (rng_below(40) == 0) {
			sb_puts(b, "«");
			add_word(b, pick_word(), i == 0);
			sb_puts(b, "»");
		} else
			add_word(b, pick_word(), i == 0);
	}
	sb_puts(b, ends[rng_below(NELEM(ends))]);
}

/* Write s[0..n) as one RFC 4180 CSV field. */
static void
csv_field(FILE *f, const char *s, size_t n)
{
	size_t i;

	if (strcspn(s, ",\"\r\n") >= n) {
		fwrite(s, 1, n, f);
		return;
	}
	putc('"', f);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', f);
		putc(s[i], f);
	}
	putc('"', f);
}

struct person {
	const char *id;
	int female;
	int age;
};

static void
die_io(const char *what, const char *path)
{
	fprintf(stderr, "gen-corpus: %s %s: %s\n", what, path,
	    strerror(errno));
	exit(1);
}

int
main(int argc, char **argv)
{
	struct sbuf turn = { NULL, 0, 0 };
	struct person ppl[8];
	char path[4096], *end;
	const char *dir;
	unsigned long mb, nfiles, fi;
	unsigned long long seed, total = 0, largest = 0, nturns_all = 0;
	unsigned long long per_file;
	FILE *csv;

	if (argc != 5) {
		fprintf(stderr, "usage: gen-corpus OUTDIR MB FILES SEED\n");
		return 2;
	}
	dir = argv[1];
	errno = 0;
	mb = strtoul(argv[2], &end, 10);
	if (errno || *end || mb == 0 || mb > 100000) {
		fprintf(stderr, "gen-corpus: bad size '%s' (MiB, 1..100000)\n",
		    argv[2]);
		return 2;
	}
	nfiles = strtoul(argv[3], &end, 10);
	if (errno || *end || nfiles == 0 || nfiles > 9999) {
		fprintf(stderr, "gen-corpus: bad file count '%s' (1..9999)\n",
		    argv[3]);
		return 2;
	}
	seed = strtoull(argv[4], &end, 10);
	if (errno || *end) {
		fprintf(stderr, "gen-corpus: bad seed '%s'\n", argv[4]);
		return 2;
	}
	rng_state = (uint64_t)seed;
	per_file = (unsigned long long)mb * 1048576ull / nfiles;

	snprintf(path, sizeof path, "%s/turns.csv", dir);
	if ((csv = fopen(path, "w")) == NULL)
		die_io("cannot create", path);
	fputs("file,seq,speaker,text\r\n", csv);

	for (fi = 0; fi < nfiles; fi++) {
		char name[32];
		unsigned np = 3 + rng_below(6), i, seq = 0, prev = 99;
		unsigned long long bytes;
		long pos;
		FILE *f;

		snprintf(name, sizeof name, "fg-%04lu.txt", fi + 1);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if ((f = fopen(path, "w")) == NULL)
			die_io("cannot create", path);
		/* Distinct participant ids within the file. */
		for (i = 0; i < np; i++) {
			unsigned j;

			ppl[i].female = rng_below(2) == 0;
		again:
			ppl[i].id = ppl[i].female ?
			    f_names[rng_below(NELEM(f_names))] :
			    m_names[rng_below(NELEM(m_names))];
			for (j = 0; j < i; j++)
				if (strcmp(ppl[j].id, ppl[i].id) == 0)
					goto again;
			ppl[i].age = 18 + (int)rng_below(50);
		}
		fprintf(f, "---\nfg: %lu\ncity: %s\ndate: 20%02u-%02u-%02u\n"
		    "language: %s\nfacilitator: Moderator\n"
		    "note: \"Synthetic benchmark transcript (gen-corpus, seed "
		    "%llu); random words, not data.\"\nparticipants:\n",
		    fi + 1, cities[rng_below(NELEM(cities))], 19 + rng_below(2),
		    1 + rng_below(12), 1 + rng_below(28),
		    rng_below(3) == 0 ? "kk" : "ru", seed);
		for (i = 0; i < np; i++)
			fprintf(f, "  - id: %s\n    gender: %s\n    age: %d\n",
			    ppl[i].id, ppl[i].female ? "female" : "male",
			    ppl[i].age);
		fputs("---\n", f);

		for (;;) {
			const char *who;
			unsigned k, ns, s, who_i;

			if ((pos = ftell(f)) < 0)
				die_io("cannot write", path);
			if ((unsigned long long)pos >= per_file)
				break;
			/* The moderator speaks about every fifth turn,
			 * never twice in a row, and neither does anyone. */
			do
				who_i = rng_below(5) == 0 ? np :
				    rng_below(np);
			while (who_i == prev);
			prev = who_i;
			who = who_i == np ? "Moderator" : ppl[who_i].id;
			turn.len = 0;
			ns = 1 + rng_below(4);
			for (s = 0; s < ns; s++) {
				if (s > 0)
					sb_puts(&turn, " ");
				add_sentence(&turn);
			}
			/* Continuation lines in about one turn in six. */
			if (rng_below(6) == 0) {
				k = 1 + rng_below(2);
				while (k-- > 0) {
					sb_puts(&turn, "\n");
					if (rng_below(4) == 0)
						sb_puts(&turn, pause_lines[
						    rng_below(NELEM(
						    pause_lines))]);
					else
						add_sentence(&turn);
				}
			}
			seq++;
			fprintf(f, "%s: %s\n", who, turn.p);
			fprintf(csv, "%s,%u,", name, seq);
			csv_field(csv, who, strlen(who));
			putc(',', csv);
			csv_field(csv, turn.p, turn.len);
			fputs("\r\n", csv);
		}
		if (fflush(f) != 0 || ferror(f))
			die_io("cannot write", path);
		bytes = (unsigned long long)pos;
		if (fclose(f) != 0)
			die_io("cannot write", path);
		total += bytes;
		if (bytes > largest)
			largest = bytes;
		nturns_all += seq;
	}
	if (fflush(csv) != 0 || ferror(csv) || fclose(csv) != 0)
		die_io("cannot write", "turns.csv");
	free(turn.p);
	printf("files %lu bytes %llu largest %llu turns %llu\n", nfiles,
	    total, largest, nturns_all);
	return 0;
}
