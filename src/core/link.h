/* link.h - (being written) */
#ifndef FG_LINK_H
#define FG_LINK_H
#endif
