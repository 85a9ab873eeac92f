/* profile.h - (being written) */
#ifndef FG_PROFILE_H
#define FG_PROFILE_H
#endif
