/* Who owns a socket, in words: PID 0 is the System Idle Process, PID 4 the
 * System process, any other a process. The CLI's rows and sockets and the
 * Python binding's rows all say it with this one function. */
#ifndef MIBTCP_TOOL_OWNER_CLASS_H
#define MIBTCP_TOOL_OWNER_CLASS_H

#include <stdbool.h>
#include <stdint.h>

/* "idle", "system" or "process"; "unknown" when the row has no PID. */
const char *owner_class(bool has_pid, uint32_t pid);

#endif
