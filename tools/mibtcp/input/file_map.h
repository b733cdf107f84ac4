/* Read-only memory mappings of regular files, so that a slice of a
 * multi-gigabyte file, or a whole memory image, costs the pages it touches,
 * not a copy: `dump` maps the slice it decodes, `carve` the whole image.
 *
 * A mapped file that another process truncates while we read it would kill
 * the tool with SIGBUS on POSIX systems. Mapping installs a handler that
 * turns a fault inside the mapping into a jump back to the landing point the
 * faulting thread set with FILE_MAP_CAUGHT(): main() sets one for the main
 * thread (FILE_MAP_FAULTED()), and each thread that reads a mapping sets its
 * own (the signal is delivered to the thread that faulted, and a jump may
 * only land in the thread that set the point). The landing code reports an
 * I/O error (file_map_report_fault()). Windows refuses to truncate a file
 * that has a mapped view (ERROR_USER_MAPPED_FILE), so there the fault cannot
 * happen. */
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

/* Maps bytes [offset, offset + len) of the open file fd (len > 0), named
 * COMMAND and NAME in the fault report. False when the system cannot map it
 * (the caller reads the bytes instead). */
bool file_map_open(int fd, uint64_t offset, size_t len, const char *command, const char *name, file_map *map);

/* Maps the whole regular file at @p path (an empty file maps to no bytes),
 * for one sequential pass. On failure prints "mibtcp COMMAND: PATH: problem"
 * on stderr and returns false. */
bool file_map_path(const char *command, const char *path, file_map *map);

void file_map_close(file_map *map);

/* One line on stderr: the mapped file named at file_map_open() shrank. */
void file_map_report_fault(void);

#ifdef _WIN32
typedef int file_map_landing;
typedef int file_map_catch_state;
#define FILE_MAP_CAUGHT(landing) ((void)(landing), false)
#define FILE_MAP_FAULTED() false
static inline file_map_catch_state file_map_catch_save(void)
{
    return 0;
}
static inline void file_map_catch_restore(file_map_catch_state saved)
{
    (void)saved;
}
#else
#include <setjmp.h>
typedef sigjmp_buf file_map_landing;
/* The landing point of this thread's faults, if it has set one. */
extern _Thread_local sigjmp_buf *file_map_catcher;
/* True when control came back here from a fault inside a mapping in this
 * thread: use as the whole condition of an if, before the thread reads a
 * mapping, with a @p landing (a file_map_landing) that outlives the reads. */
#define FILE_MAP_CAUGHT(landing) (sigsetjmp(*(file_map_catcher = &(landing)), 1) != 0)
extern file_map_landing file_map_main_landing;
#define FILE_MAP_FAULTED() FILE_MAP_CAUGHT(file_map_main_landing)
/* Save this thread's landing point before FILE_MAP_CAUGHT() replaces it,
 * and restore it before the new one goes out of scope. */
typedef sigjmp_buf *file_map_catch_state;
static inline file_map_catch_state file_map_catch_save(void)
{
    return file_map_catcher;
}
static inline void file_map_catch_restore(file_map_catch_state saved)
{
    file_map_catcher = saved;
}
#endif

#endif
