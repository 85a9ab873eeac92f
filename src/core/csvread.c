/* csvread.c - stream a CSV file record by record with libcsv, tracking
 * line numbers (see csvread.h). */
#include "config.h"

#include "core/csvread.h"

#include <csv.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"

#define CHUNK 65536

struct fg_csv {
	FILE *fp;
	int own_fp;              /* opened by us: fclose on close */
	char *name;
	struct csv_parser p;
	int p_init;
	unsigned char *buf;      /* CHUNK bytes of input */
	size_t len, pos;         /* bytes in buf, next byte to feed */
	int eof;                 /* fread hit the end */
	int started;             /* BOM check done */
	int fini;                /* csv_fini called: no more records */
	int at_start;            /* libcsv is between records */
	int line;                /* line of the piece being fed */
	/* the record being assembled by the callbacks */
	struct fg_buf data;      /* field bytes, each followed by NUL */
	size_t *offs, *lens;
	int *lines;
	size_t nf, capf;
	int ready;               /* a complete record is in the slots */
	/* the record handed out */
	char **ptrs;
	size_t capp;
	struct fg_csv_record rec;
	size_t number;
	size_t ncols;
	char **names;            /* header, or NULL */
	int header;
	/* an error raised inside a callback */
	enum fg_status st;
	struct fg_error cberr;
};

static enum fg_status slots(struct fg_csv *c, size_t k,
    struct fg_error *err);

/* Count line breaks (LF, CRLF, lone CR) in s[0..n). */
static int
breaks(const char *s, size_t n)
{
	size_t i;
	int k = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n ||
		    s[i + 1] != '\n')))
			k++;
	return k;
}

static void
cb_error(struct fg_csv *c, enum fg_status code, int line, const char *msg)
{
	if (c->st != FG_OK)
		return;
	c->st = fg_error_set(&c->cberr, code, c->name, line, 0, "%s", msg);
}

static void
on_field(void *s, size_t n, void *data)
{
	struct fg_csv *c = data;
	const char *f = s ? s : "";
	const unsigned char *u = (const unsigned char *)f;
	unsigned any = 0;
	int start = c->line;
	size_t bad, i;

	if (c->st != FG_OK)
		return;
	/* one pass to see whether the slower checks are needed: bytes
	 * below 0x20 (NUL, CR, LF) or from 0x80 (non-ASCII) */
	for (i = 0; i < n; i++)
		any |= (u[i] < 0x20) | (u[i] >> 7);
	if (any)
		start -= breaks(f, n);
	if (c->ready) {
		/* cannot happen: one line holds at most one record end */
		cb_error(c, FG_INPUT, c->line, "internal: two records on one "
		    "line");
		return;
	}
	if (any && memchr(f, '\0', n) != NULL) {
		bad = (size_t)((const char *)memchr(f, '\0', n) - f);
		cb_error(c, FG_INPUT, start + breaks(f, bad), "NUL byte in "
		    "a field");
		return;
	}
	if (any && !fg_utf8_valid(f, n, &bad)) {
		cb_error(c, FG_INPUT, start + breaks(f, bad), "invalid UTF-8 "
		    "(convert the file to UTF-8 first)");
		return;
	}
	if (c->nf == c->capf) {
		struct fg_error e;

		if (slots(c, 1, &e) != FG_OK) {
			cb_error(c, FG_NOMEM, 0, "out of memory");
			return;
		}
	}
	c->offs[c->nf] = c->data.len;
	c->lens[c->nf] = n;
	c->lines[c->nf] = start;
	if (fg_buf_add(&c->data, f, n) != FG_OK ||
	    fg_buf_addc(&c->data, '\0') != FG_OK) {
		cb_error(c, FG_NOMEM, 0, "out of memory");
		return;
	}
	c->nf++;
}

static void
on_record(int ch, void *data)
{
	struct fg_csv *c = data;

	(void)ch;
	if (c->st == FG_OK)
		c->ready = 1;
}

static int
no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

/* Fill buf with more input (keeping bytes from pos on).  Sets eof. */
static enum fg_status
fill(struct fg_csv *c, struct fg_error *err)
{
	size_t n;

	if (c->pos > 0) {
		memmove(c->buf, c->buf + c->pos, c->len - c->pos);
		c->len -= c->pos;
		c->pos = 0;
	}
	while (!c->eof && c->len < CHUNK) {
		n = fread(c->buf + c->len, 1, CHUNK - c->len, c->fp);
		c->len += n;
		if (n == 0) {
			if (ferror(c->fp))
				return fg_error_set(err, FG_IO, c->name, 0, 0,
				    "read error: %s", strerror(errno));
			c->eof = 1;
		}
		if (n > 0)
			break;
	}
	return FG_OK;
}

/* Hand s[0..n) to libcsv.  A quote inside an unquoted field is a strict
 * mode error that we accept: that one byte is fed again in lenient mode.
 * Any other parse error is a stray quote inside a quoted field. */
static enum fg_status
feed(struct fg_csv *c, const unsigned char *s, size_t n, struct fg_error *err)
{
	size_t k;

	while (n > 0) {
		k = csv_parse(&c->p, s, n, on_field, on_record, c);
		if (c->st != FG_OK)
			break;
		if (k == n)
			return FG_OK;
		switch (csv_error(&c->p)) {
		case CSV_EPARSE:
			if (!c->p.quoted && s[k] == '"') {
				c->p.status = 0;
				csv_set_opts(&c->p, 0);
				csv_parse(&c->p, s + k, 1, on_field, on_record,
				    c);
				csv_set_opts(&c->p, CSV_STRICT |
				    CSV_STRICT_FINI);
				k++;
				break;
			}
			return fg_error_set(err, FG_INPUT, c->name, c->line, 0,
			    "unexpected '%c' after a closing quote (a quote "
			    "inside a quoted field must be doubled)",
			    s[k] >= 0x20 && s[k] < 0x7F ? s[k] : '?');
		case CSV_ENOMEM:
			return fg_error_set(err, FG_NOMEM, c->name, c->line, 0,
			    "out of memory");
		default:
			return fg_error_set(err, FG_LIMIT, c->name, c->line, 0,
			    "field too large");
		}
		s += k;
		n -= k;
	}
	if (c->st != FG_OK) {
		*err = c->cberr;
		return c->st;
	}
	return FG_OK;
}

/* Length of a line without its line break (LF, CRLF or CR). */
static size_t
content_len(const unsigned char *b, size_t n)
{
	if (n > 0 && b[n - 1] == '\n')
		n--;
	if (n > 0 && b[n - 1] == '\r')
		n--;
	return n;
}

/* Make room for k more field slots. */
static enum fg_status
slots(struct fg_csv *c, size_t k, struct fg_error *err)
{
	size_t cap;
	size_t *o, *l;
	int *ln;

	if (c->nf + k <= c->capf)
		return FG_OK;
	cap = c->capf ? 2 * c->capf : 16;
	while (cap < c->nf + k)
		cap *= 2;
	o = realloc(c->offs, cap * sizeof *o);
	if (o != NULL)
		c->offs = o;
	l = o ? realloc(c->lens, cap * sizeof *l) : NULL;
	if (l != NULL)
		c->lens = l;
	ln = l ? realloc(c->lines, cap * sizeof *ln) : NULL;
	if (ln == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	c->lines = ln;
	c->capf = cap;
	return FG_OK;
}

/* A whole line without quotes, between records: what libcsv would do
 * (fields split at commas, spaces kept, an empty line skipped), without
 * it - one copy of the line, commas turned into NULs.  Most data files
 * are all such lines. */
static enum fg_status
fast_line(struct fg_csv *c, const char *b, size_t end, struct fg_error *err)
{
	const unsigned char *u = (const unsigned char *)b;
	size_t n = content_len(u, end), i, start, bad;
	unsigned any = 0;
	char *d;

	if (n == 0)
		return FG_OK;
	for (i = 0; i < n; i++)
		any |= (u[i] < 0x20) | (u[i] >> 7);
	if (any && memchr(b, '\0', n) != NULL)
		return fg_error_set(err, FG_INPUT, c->name, c->line, 0,
		    "NUL byte in a field");
	if (any && !fg_utf8_valid(b, n, &bad))
		return fg_error_set(err, FG_INPUT, c->name, c->line, 0,
		    "invalid UTF-8 (convert the file to UTF-8 first)");
	if (fg_buf_reserve(&c->data, n + 1) != FG_OK)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	d = c->data.p + c->data.len;
	memcpy(d, b, n);
	d[n] = '\0';
	for (start = i = 0;; i++) {
		if (i < n && d[i] != ',')
			continue;
		if (c->nf == c->capf && slots(c, 1, err) != FG_OK)
			return FG_NOMEM;
		c->offs[c->nf] = c->data.len + start;
		c->lens[c->nf] = i - start;
		c->lines[c->nf] = c->line;
		c->nf++;
		if (i == n)
			break;
		d[i] = '\0';
		start = i + 1;
	}
	c->data.len += n + 1;
	c->ready = 1;
	return FG_OK;
}

/* Feed the next line (or what there is of it) to the parser; at the end
 * of the input finish the parser. */
static enum fg_status
step(struct fg_csv *c, struct fg_error *err)
{
	const unsigned char *b, *t, *cr;
	size_t end;
	int nl = 0;
	enum fg_status st;

	for (;;) {
		if (!c->started && c->len - c->pos < 3 && !c->eof) {
			if ((st = fill(c, err)) != FG_OK)
				return st;
			continue;
		}
		if (!c->started) {
			c->started = 1;
			if (c->len - c->pos >= 3 &&
			    memcmp(c->buf + c->pos, "\xEF\xBB\xBF", 3) == 0)
				c->pos += 3;
		}
		b = c->buf + c->pos;
		end = c->len - c->pos;
		/* the first LF or CR (memchr is much faster than a loop) */
		t = memchr(b, '\n', end);
		if (t != NULL)
			end = (size_t)(t - b);
		if ((cr = memchr(b, '\r', end)) != NULL) {
			t = cr;
			end = (size_t)(t - b);
		}
		if (t != NULL && *t == '\n') {
			end++;
			nl = 1;
			break;
		}
		if (t != NULL && end + 1 < c->len - c->pos) {
			end += 1 + (t[1] == '\n');
			nl = 1;
			break;
		}
		if (t != NULL && c->eof) {
			end++;
			nl = 1;
			break;
		}
		if (t != NULL && c->pos == 0 && c->len == CHUNK) {
			/* a CR ends a full buffer: feed the line up to it,
			 * and look at the CR again once more is read */
			break;
		}
		if (t == NULL && (c->eof || (c->pos == 0 &&
		    c->len == CHUNK))) {
			/* the rest of the file, or a part of a long line */
			break;
		}
		if ((st = fill(c, err)) != FG_OK)
			return st;
	}
	if (end > 0 && (nl || c->eof) && c->at_start &&
	    memchr(b, '"', end) == NULL) {
		st = fast_line(c, (const char *)b, end, err);
		c->pos += end;
		if (st != FG_OK)
			return st;
		c->line += nl;
		return FG_OK;
	}
	if (end > 0) {
		st = feed(c, b, end, err);
		c->pos += end;
		if (st != FG_OK)
			return st;
		/* between records again when a record ended with this line;
		 * an empty line changes nothing; a piece of a line (nl == 0)
		 * leaves libcsv inside a record */
		if (!nl)
			c->at_start = 0;
		else if (c->ready)
			c->at_start = 1;
		else if (content_len(b, end) > 0)
			c->at_start = 0;
		c->line += nl;
		return FG_OK;
	}
	/* the end of the input */
	if (csv_fini(&c->p, on_field, on_record, c) != 0 ||
	    csv_error(&c->p) == CSV_EPARSE) {
		/* an unterminated quoted field: it started as many lines
		 * back as its text (still in libcsv's buffer) has breaks */
		int start = c->line - (c->p.entry_buf ? breaks((const char *)
		    c->p.entry_buf, c->p.entry_pos) : 0);
		c->fini = 1;
		return fg_error_set(err, FG_INPUT, c->name, start, 0,
		    "quoted field not closed at the end of the file");
	}
	c->fini = 1;
	if (c->st != FG_OK) {
		*err = c->cberr;
		return c->st;
	}
	return FG_OK;
}

/* Read the next raw record into the slots (c->nf fields).  Returns FG_OK
 * with c->ready set, or FG_OK with it unset at the end. */
static enum fg_status
raw_next(struct fg_csv *c, struct fg_error *err)
{
	enum fg_status st;

	c->ready = 0;
	c->nf = 0;
	fg_buf_reset(&c->data);
	while (!c->ready && !c->fini)
		if ((st = step(c, err)) != FG_OK)
			return st;
	if (c->ready && c->nf == 0) {
		/* a record of no field cannot come from libcsv, but be safe */
		return raw_next(c, err);
	}
	return FG_OK;
}

/* Fill c->rec from the slots. */
static enum fg_status
publish(struct fg_csv *c, struct fg_error *err)
{
	size_t i;

	if (c->nf > c->capp) {
		char **p = realloc(c->ptrs, c->nf * sizeof *p);
		if (p == NULL)
			return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		c->ptrs = p;
		c->capp = c->nf;
	}
	for (i = 0; i < c->nf; i++)
		c->ptrs[i] = c->data.p + c->offs[i];
	c->rec.nfields = c->nf;
	c->rec.fields = c->ptrs;
	c->rec.lens = c->lens;
	c->rec.lines = c->lines;
	c->rec.line = c->lines[0];
	return FG_OK;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

enum fg_status
fg_csv_next(struct fg_csv *c, const struct fg_csv_record **rec,
    struct fg_error *err)
{
	enum fg_status st;

	*rec = NULL;
	for (;;) {
		if ((st = raw_next(c, err)) != FG_OK)
			return st;
		if (!c->ready)
			return FG_OK;
		/* a line of only spaces, in a file of several columns */
		if (c->nf == 1 && c->ncols != 1 &&
		    blank(c->data.p, c->lens[0]))
			continue;
		break;
	}
	if (c->ncols == 0)
		c->ncols = c->nf;
	if (c->nf != c->ncols)
		return fg_error_set(err, FG_INPUT, c->name, c->lines[0], 0,
		    "record has %zu field%s, %s %zu", c->nf,
		    c->nf == 1 ? "" : "s", c->names ? "the header has" :
		    "the first record has", c->ncols);
	if ((st = publish(c, err)) != FG_OK)
		return st;
	c->rec.number = ++c->number;
	*rec = &c->rec;
	return FG_OK;
}

enum fg_status
fg_csv_each(struct fg_csv *c, fg_csv_row_fn fn, void *data,
    struct fg_error *err)
{
	const struct fg_csv_record *rec;
	enum fg_status st;

	for (;;) {
		if ((st = fg_csv_next(c, &rec, err)) != FG_OK)
			return st;
		if (rec == NULL)
			return FG_OK;
		if ((st = fn(data, rec, err)) != FG_OK)
			return st;
	}
}

void
fg_csv_close(struct fg_csv *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->own_fp && c->fp != NULL)
		fclose(c->fp);
	if (c->p_init)
		csv_free(&c->p);
	if (c->names != NULL) {
		for (i = 0; i < c->ncols; i++)
			free(c->names[i]);
		free(c->names);
	}
	free(c->name);
	free(c->buf);
	fg_buf_free(&c->data);
	free(c->offs);
	free(c->lens);
	free(c->lines);
	free(c->ptrs);
	free(c);
}

static enum fg_status
read_header(struct fg_csv *c, struct fg_error *err)
{
	enum fg_status st;
	size_t i;

	if ((st = raw_next(c, err)) != FG_OK)
		return st;
	if (!c->ready)
		return fg_error_set(err, FG_INPUT, c->name, 0, 0,
		    "empty file: expected a header row of column names");
	if ((c->names = calloc(c->nf, sizeof *c->names)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	c->ncols = c->nf;
	for (i = 0; i < c->nf; i++) {
		size_t n = c->lens[i] + 1;

		if ((c->names[i] = malloc(n)) == NULL)
			return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		memcpy(c->names[i], c->data.p + c->offs[i], n);
	}
	return FG_OK;
}

static enum fg_status
open_common(FILE *fp, int own, const char *name, int header,
    struct fg_csv **out, struct fg_error *err)
{
	struct fg_csv *c;
	enum fg_status st;

	*out = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL) {
		if (own)
			fclose(fp);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	c->fp = fp;
	c->own_fp = own;
	c->line = 1;
	c->at_start = 1;
	c->header = header != 0;
	c->name = malloc(strlen(name) + 1);
	c->buf = malloc(CHUNK);
	if (c->name == NULL || c->buf == NULL ||
	    csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fg_csv_close(c);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	c->p_init = 1;
	strcpy(c->name, name);
	csv_set_space_func(&c->p, no_space);
	if (c->header && (st = read_header(c, err)) != FG_OK) {
		fg_csv_close(c);
		return st;
	}
	*out = c;
	return FG_OK;
}

enum fg_status
fg_csv_open_stream(FILE *fp, const char *name, int header,
    struct fg_csv **out, struct fg_error *err)
{
	return open_common(fp, 0, name, header, out, err);
}

enum fg_status
fg_csv_open(const char *path, int header, struct fg_csv **out,
    struct fg_error *err)
{
	FILE *fp;

	*out = NULL;
	if (strcmp(path, "-") == 0)
		return open_common(stdin, 0, "<stdin>", header, out, err);
	if ((fp = fopen(path, "rb")) == NULL)
		return fg_error_set(err, errno == ENOENT ? FG_NOTFOUND : FG_IO,
		    path, 0, 0, "cannot open: %s", strerror(errno));
	return open_common(fp, 1, path, header, out, err);
}

size_t
fg_csv_ncols(const struct fg_csv *c)
{
	return c->ncols;
}

const char *
fg_csv_name(const struct fg_csv *c, size_t i)
{
	return c->names != NULL && i < c->ncols ? c->names[i] : NULL;
}

long
fg_csv_column(const struct fg_csv *c, const char *name)
{
	long found = -1;
	size_t i;

	if (c->names == NULL)
		return -1;
	for (i = 0; i < c->ncols; i++)
		if (strcmp(c->names[i], name) == 0) {
			if (found >= 0)
				return -2;
			found = (long)i;
		}
	return found;
}

const char *
fg_csv_file(const struct fg_csv *c)
{
	return c->name;
}

/* ---- numbers ---- */

/* Exact powers of ten: 10^k needs 2.33 k bits, so up to 10^27 fits the
 * 64-bit mantissa of a long double. */
static const long double pow10_exact[] = {
	1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L,
	1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
	1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};

/* strtold on s[0..n) in the C locale; FG_CSV_NUM_RANGE on overflow. */
static enum fg_csv_num
slow_number(const char *s, size_t n, long double *out)
{
	static locale_t cloc;
	char tmp[128], *copy = tmp, *e;
	long double v;
	locale_t old;

	if (n >= sizeof tmp && (copy = malloc(n + 1)) == NULL)
		return FG_CSV_NUM_BAD;
	memcpy(copy, s, n);
	copy[n] = '\0';
	if (cloc == (locale_t)0)
		cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	old = cloc != (locale_t)0 ? uselocale(cloc) : (locale_t)0;
	v = strtold(copy, &e);
	if (old != (locale_t)0)
		uselocale(old);
	if (copy != tmp)
		free(copy);
	/* only an overflow gives an infinity here (the syntax has no inf);
	 * x - x != 0 tests for it without FXAM, which valgrind mishandles */
	if (!(v - v == 0))
		return FG_CSV_NUM_RANGE;
	*out = v;
	return FG_CSV_NUM_OK;
}

/* One pass checks the syntax and, in the common case, computes the value
 * without strtold: at most 19 significant digits make an exact 64-bit
 * integer m, and with |k| <= 27 the power 10^k is exact too, so m * 10^k
 * (or m / 10^-k) is a single correctly rounded operation - the very value
 * strtold returns.  Otherwise strtold does it. */
enum fg_csv_num
fg_csv_number(const char *s, long double *out)
{
	const char *p, *start, *end;
	unsigned long long m = 0;
	int neg = 0, sig = 0, k = 0, e = 0, eneg = 0, mant = 0, fast = 1;
	size_t n;
	long double v;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return FG_CSV_NUM_EMPTY;
	start = p = s;
	end = s + n;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++) {
		mant = 1;
		if (m == 0 && *p == '0')
			continue;
		if (++sig > 19)
			fast = 0;
		else
			m = m * 10 + (unsigned)(*p - '0');
		if (sig > 19)
			k++;
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++) {
			mant = 1;
			if (sig >= 19) {
				fast &= *p == '0';
				continue;
			}
			k--;
			if (m == 0 && *p == '0')
				continue;
			sig++;
			m = m * 10 + (unsigned)(*p - '0');
		}
	if (!mant)
		return FG_CSV_NUM_BAD;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			eneg = *p++ == '-';
		if (!(*p >= '0' && *p <= '9'))
			return FG_CSV_NUM_BAD;
		for (; *p >= '0' && *p <= '9'; p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
	}
	if (p != end)
		return FG_CSV_NUM_BAD;
	k += eneg ? -e : e;
	if (fast && m == 0) {
		*out = neg ? -0.0L : 0.0L;
		return FG_CSV_NUM_OK;
	}
	if (!fast || k > 27 || k < -27)
		return slow_number(start, n, out);
	v = k >= 0 ? (long double)m * pow10_exact[k] :
	    (long double)m / pow10_exact[-k];
	*out = neg ? -v : v;
	return FG_CSV_NUM_OK;
}
