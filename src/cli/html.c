/* html.c - (being written) */
#include "config.h"
#include "cli/cli.h"
int fg_html_placeholder_;
