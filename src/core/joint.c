/* joint.c - (being written) */
#include "config.h"
#include "core/joint.h"
int fg_joint_placeholder_;
