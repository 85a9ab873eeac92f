/* quote.h - (being written) */
#ifndef FG_QUOTE_H
#define FG_QUOTE_H
#endif
