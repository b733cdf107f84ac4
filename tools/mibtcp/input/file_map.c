#include "input/file_map.h"
#include "cli/diagnostics.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>
#endif

/* What file_map_report_fault() names: the one input the tool maps. */
static const char *fault_command, *fault_name;

void file_map_report_fault(void)
{
    fprintf(stderr, "mibtcp %s: %s: I/O error: the file shrank while being read\n", fault_command ? fault_command : "",
            fault_name ? display_name(fault_name) : "input");
}

static bool complain(const char *command, const char *path, const char *problem)
{
    fprintf(stderr, "mibtcp %s: %s: %s\n", command, display_name(path), problem);
    return false;
}

#ifdef _WIN32
#define open _open
#define close _close
#define fstat _fstat64
#define stat_t struct _stat64
#ifndef S_ISREG
#define S_ISREG(m) (((m)&_S_IFMT) == _S_IFREG)
#define S_ISDIR(m) (((m)&_S_IFMT) == _S_IFDIR)
#endif

bool file_map_open(int fd, uint64_t offset, size_t len, const char *command, const char *name, file_map *map)
{
    *map = (file_map){NULL, 0, NULL, 0};
    const HANDLE file = (HANDLE)_get_osfhandle(fd);
    if (file == INVALID_HANDLE_VALUE || len == 0) {
        return false;
    }
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    const uint64_t start = offset - offset % info.dwAllocationGranularity;
    const uint64_t lead = offset - start;
    if (len > SIZE_MAX - lead) {
        return false;
    }
    const HANDLE mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, 0, NULL);
    if (mapping == NULL) {
        return false;
    }
    void *view = MapViewOfFile(mapping, FILE_MAP_READ, (DWORD)(start >> 32), (DWORD)start, (SIZE_T)(lead + len));
    CloseHandle(mapping); /* the view keeps the mapping alive */
    if (view == NULL) {
        return false;
    }
    fault_command = command;
    fault_name = name;
    *map = (file_map){(const uint8_t *)view + lead, len, view, (size_t)(lead + len)};
    return true;
}

void file_map_close(file_map *map)
{
    if (map->base != NULL) {
        UnmapViewOfFile(map->base);
    }
    *map = (file_map){NULL, 0, NULL, 0};
}

static void advise_sequential(const file_map *map)
{
    (void)map;
}

#else
#define stat_t struct stat

_Thread_local sigjmp_buf *file_map_catcher;
file_map_landing file_map_main_landing;

/* The one live mapping the fault handler guards (the tool maps one input). */
static volatile uintptr_t guarded_begin, guarded_end;

static void on_fault(int signal_number, siginfo_t *info, void *context)
{
    (void)context;
    const uintptr_t at = (uintptr_t)info->si_addr;
    sigjmp_buf *landing = file_map_catcher;
    if (at >= guarded_begin && at < guarded_end && landing != NULL) {
        siglongjmp(*landing, 1);
    }
    /* Not ours (or a thread with no landing point): a real bug. Fall back to
     * the default action, which the faulting instruction triggers again on
     * return. */
    signal(signal_number, SIG_DFL);
}

static void guard(const void *base, size_t len)
{
    guarded_begin = (uintptr_t)base;
    guarded_end = (uintptr_t)base + len;
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO;
    action.sa_sigaction = on_fault;
    (void)sigaction(SIGBUS, &action, NULL);
}

bool file_map_open(int fd, uint64_t offset, size_t len, const char *command, const char *name, file_map *map)
{
    *map = (file_map){NULL, 0, NULL, 0};
    const long page = sysconf(_SC_PAGESIZE);
    if (len == 0 || page <= 0) {
        return false;
    }
    const uint64_t start = offset - offset % (uint64_t)page;
    const uint64_t lead = offset - start;
    if (len > SIZE_MAX - lead || start > (uint64_t)INT64_MAX || (uint64_t)(off_t)start != start) {
        return false;
    }
    void *base = mmap(NULL, (size_t)(lead + len), PROT_READ, MAP_PRIVATE, fd, (off_t)start);
    if (base == MAP_FAILED) {
        return false;
    }
    fault_command = command;
    fault_name = name;
    guard(base, (size_t)(lead + len));
    *map = (file_map){(const uint8_t *)base + lead, len, base, (size_t)(lead + len)};
    return true;
}

void file_map_close(file_map *map)
{
    if (map->base != NULL) {
        guarded_begin = guarded_end = 0;
        (void)munmap(map->base, map->base_len);
    }
    *map = (file_map){NULL, 0, NULL, 0};
}

static void advise_sequential(const file_map *map)
{
    /* One sequential pass: let the kernel read ahead. */
    (void)posix_madvise(map->base, map->base_len, POSIX_MADV_SEQUENTIAL);
}
#endif

bool file_map_path(const char *command, const char *path, file_map *map)
{
    *map = (file_map){(const uint8_t *)"", 0, NULL, 0};
    const int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return complain(command, path, strerror(errno));
    }
    stat_t st;
    if (fstat(fd, &st) != 0) {
        const int stat_errno = errno;
        close(fd);
        return complain(command, path, strerror(stat_errno));
    }
    if (!S_ISREG(st.st_mode)) {
        const bool is_dir = S_ISDIR(st.st_mode);
        close(fd);
        return complain(command, path,
                        is_dir ? "is a directory, not a file" : "not a regular file (use - for a stream)");
    }
    if ((uint64_t)st.st_size > SIZE_MAX) {
        close(fd);
        return complain(command, path, "too large to map on this host");
    }
    const size_t len = (size_t)st.st_size;
    if (len == 0) {
        close(fd);
        return true;
    }
    errno = 0;
    const bool mapped = file_map_open(fd, 0, len, command, path, map);
    const int map_errno = errno;
    close(fd);
    if (!mapped) {
        return complain(command, path, map_errno != 0 ? strerror(map_errno) : "cannot be mapped");
    }
    advise_sequential(map);
    return true;
}
