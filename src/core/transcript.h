/* transcript.h - (being written) */
#ifndef FG_TRANSCRIPT_H
#define FG_TRANSCRIPT_H
#endif
