#include "common/owner_class.h"

const char *owner_class(bool has_pid, uint32_t pid)
{
    return !has_pid ? "unknown" : pid == 0 ? "idle" : pid == 4 ? "system" : "process";
}
