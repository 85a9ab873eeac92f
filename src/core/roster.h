/* roster.h - (being written) */
#ifndef FG_ROSTER_H
#define FG_ROSTER_H
#endif
