/* model.h - (being written) */
#ifndef FG_MODEL_H
#define FG_MODEL_H
#endif
