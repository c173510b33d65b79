// The target's functions are inline in include/CLedgerSystem.h; SwiftPM wants a source file.
#include "CLedgerSystem.h"
