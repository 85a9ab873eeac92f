/* wvs.h - (being written) */
#ifndef FG_WVS_H
#define FG_WVS_H
#endif
