/* history.h - (being written) */
#ifndef FG_HISTORY_H
#define FG_HISTORY_H
#endif
