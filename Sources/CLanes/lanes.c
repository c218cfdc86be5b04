// CLanes is a header-only C target (include/lanes.h); SwiftPM wants one source file.
#include "lanes.h"
