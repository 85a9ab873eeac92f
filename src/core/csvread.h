/* csvread.h - stream a CSV file record by record (RFC 4180, via libcsv).
 *
 * The file is read in 64 KiB pieces and handed to libcsv one line at a
 * time, so memory stays bounded by the longest record whatever the file
 * size, and every record knows the line it starts on (quoted fields may
 * span lines).  What is accepted:
 *   - fields separated by commas, records by LF, CRLF or CR; a missing
 *     final line break is fine; blank lines are skipped;
 *   - quoted fields with "" for a quote and line breaks kept as they are
 *     (a CRLF inside quotes stays CRLF);
 *   - a quote inside an unquoted field is kept as data (abc"def), as most
 *     writers and the csv-spectrum suite expect;
 *   - spaces are data (RFC 4180): they are not trimmed;
 *   - a UTF-8 byte order mark at the start is skipped.
 * What is refused, as FG_INPUT with FILE:LINE: invalid UTF-8, a NUL byte,
 * anything but a delimiter or line break after a closing quote ("ab"c), a
 * quoted field still open at the end of the file, and a record with a
 * different number of fields than the header. */
#ifndef FG_CSVREAD_H
#define FG_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

struct fg_csv;

/* One record, borrowed from the reader: valid until the next call of
 * fg_csv_next() or fg_csv_close(). */
struct fg_csv_record {
	size_t nfields;
	char *const *fields;     /* NUL-terminated valid UTF-8, no NUL inside */
	const size_t *lens;      /* byte lengths of the fields */
	const int *lines;        /* 1-based line where each field starts */
	int line;                /* 1-based line where the record starts */
	size_t number;           /* 1-based record number, header excluded */
};

/* Open path ("-" for standard input) for reading.  With header != 0 the
 * first record is read at once and gives the column names (an empty file
 * is then an error).  On success *out is a new reader, freed with
 * fg_csv_close().  FG_NOTFOUND / FG_IO when the file cannot be opened,
 * FG_INPUT for a malformed header record, FG_NOMEM. */
enum fg_status fg_csv_open(const char *path, int header, struct fg_csv **out,
    struct fg_error *err);

/* The same over an open stream, which stays the caller's (it is not
 * closed); name is used in error messages (copied). */
enum fg_status fg_csv_open_stream(FILE *fp, const char *name, int header,
    struct fg_csv **out, struct fg_error *err);

/* Number of columns: the header's, or (without a header) the first
 * record's once it has been read; 0 before that. */
size_t fg_csv_ncols(const struct fg_csv *c);

/* Name of column i (borrowed), or NULL without a header or out of range. */
const char *fg_csv_name(const struct fg_csv *c, size_t i);

/* Index of the header column called exactly name; -1 when there is none,
 * -2 when several columns have that name. */
long fg_csv_column(const struct fg_csv *c, const char *name);

/* The file name used in messages (borrowed). */
const char *fg_csv_file(const struct fg_csv *c);

/* Read the next data record.  On FG_OK *rec is the record, or NULL at the
 * end of the file.  Errors: FG_INPUT with the file and line in err, FG_IO,
 * FG_NOMEM, FG_LIMIT (a field too large).  After an error the reader can
 * only be closed. */
enum fg_status fg_csv_next(struct fg_csv *c, const struct fg_csv_record **rec,
    struct fg_error *err);

/* Call fn for every remaining record, in order, until the end of the file,
 * a reader error, or fn returning something other than FG_OK (which is
 * then returned; fn fills err itself). */
typedef enum fg_status (*fg_csv_row_fn)(void *data,
    const struct fg_csv_record *rec, struct fg_error *err);
enum fg_status fg_csv_each(struct fg_csv *c, fg_csv_row_fn fn, void *data,
    struct fg_error *err);

/* Close the reader (and the file it opened); NULL is a no-op. */
void fg_csv_close(struct fg_csv *c);

/* Result of fg_csv_number. */
enum fg_csv_num {
	FG_CSV_NUM_OK = 0,       /* *out holds the value */
	FG_CSV_NUM_EMPTY,        /* empty or blank: a missing value */
	FG_CSV_NUM_BAD,          /* not a decimal number */
	FG_CSV_NUM_RANGE         /* a number too large for long double */
};

/* Parse a numeric cell: optional spaces or tabs around a decimal number
 * [+-]digits[.digits][(e|E)[+-]digits] (or with leading .digits), read
 * with strtold in the C locale whatever the process locale is, so that
 * nothing is lost to double rounding.  No hex, inf or nan. */
enum fg_csv_num fg_csv_number(const char *s, long double *out);

#endif
