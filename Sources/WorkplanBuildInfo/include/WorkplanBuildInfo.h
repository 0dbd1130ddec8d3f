#ifndef WORKPLAN_BUILD_INFO_H
#define WORKPLAN_BUILD_INFO_H

/// The git commit the binary was built from (`make dist` and `make install` pass it as
/// `-Xcc -DWORKPLAN_COMMIT=...`), or an empty string when the build did not say.
const char *workplan_build_commit(void);

#endif
