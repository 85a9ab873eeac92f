/* joint.h - (being written) */
#ifndef FG_JOINT_H
#define FG_JOINT_H
#endif
