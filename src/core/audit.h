/* audit.h - (being written) */
#ifndef FG_AUDIT_H
#define FG_AUDIT_H
#endif
