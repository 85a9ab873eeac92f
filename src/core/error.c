/* error.c - status codes and error records. */
#include "config.h"

#include "core/error.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int exit;
	const char *desc;
} status_info[] = {
#define FG_STATUS_ROW(name, exit, desc) { #name, exit, desc },
	FG_STATUS_INFO(FG_STATUS_ROW)
#undef FG_STATUS_ROW
};

void
fg_error_clear(struct fg_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof *err);
	err->code = FG_OK;
}

enum fg_status
fg_error_vset(struct fg_error *err, enum fg_status code, const char *file,
    int line, int col, const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return code;
}

enum fg_status
fg_error_set(struct fg_error *err, enum fg_status code, const char *file,
    int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fg_error_vset(err, code, file, line, col, fmt, ap);
	va_end(ap);
	return code;
}

const char *
fg_status_name(enum fg_status code)
{
	if ((int)code < 0 || code >= FG_STATUS_COUNT)
		return "UNKNOWN";
	return status_info[code].name;
}

const char *
fg_status_desc(enum fg_status code)
{
	if ((int)code < 0 || code >= FG_STATUS_COUNT)
		return "unknown status";
	return status_info[code].desc;
}

int
fg_status_exit(enum fg_status code)
{
	if ((int)code < 0 || code >= FG_STATUS_COUNT)
		return 70;
	return status_info[code].exit;
}
