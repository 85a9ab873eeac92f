/* report.h - (being written) */
#ifndef FG_REPORT_H
#define FG_REPORT_H
#endif
