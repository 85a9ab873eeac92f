/* ols.h - (being written) */
#ifndef FG_OLS_H
#define FG_OLS_H
#endif
