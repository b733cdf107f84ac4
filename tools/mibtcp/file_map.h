/* A read-only memory mapping of part of a regular file, so a slice of a
 * multi-gigabyte image costs the pages it touches, not a copy of the file.
 *
 * A mapped file that another process truncates while we read it would kill
 * the tool with SIGBUS on POSIX systems. file_map_open() installs a handler
 * that turns a fault inside the mapping into a jump back to the landing
 * point FILE_MAP_FAULTED() set in main(), which reports an I/O error.
 * Windows refuses to truncate a file that has a mapped view
 * (ERROR_USER_MAPPED_FILE), so there the fault cannot happen. */
#ifndef MIBTCP_TOOL_FILE_MAP_H
#define MIBTCP_TOOL_FILE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct file_map {
    const uint8_t *bytes; /* the requested range */
    size_t len;
    void *base; /* the mapping, from a page (allocation granule) boundary */
    size_t base_len;
} file_map;

/* Maps bytes [offset, offset + len) of the open file fd (len > 0). False
 * when the system cannot map it (the caller reads the bytes instead). */
bool file_map_open(int fd, uint64_t offset, size_t len, file_map *map);
void file_map_close(file_map *map);

#ifdef _WIN32
#define FILE_MAP_FAULTED() false
#else
#include <setjmp.h>
extern sigjmp_buf file_map_landing;
/* True when control came back here from a fault inside a mapping: use as
 * the whole condition of an if, before any file is mapped. */
#define FILE_MAP_FAULTED() (sigsetjmp(file_map_landing, 1) != 0)
#endif

#endif
