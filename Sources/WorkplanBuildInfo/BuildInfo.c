#include "WorkplanBuildInfo.h"

#ifndef WORKPLAN_COMMIT
#define WORKPLAN_COMMIT ""
#endif

const char *workplan_build_commit(void) { return WORKPLAN_COMMIT; }
