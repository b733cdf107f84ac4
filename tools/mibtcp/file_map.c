#include "file_map.h"

#ifdef _WIN32
#include <io.h>
#include <windows.h>

bool file_map_open(int fd, uint64_t offset, size_t len, file_map *map)
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

#else
#include <signal.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

sigjmp_buf file_map_landing;

/* The one live mapping the fault handler guards (the tool maps one input). */
static volatile uintptr_t guarded_begin, guarded_end;

static void on_fault(int signal_number, siginfo_t *info, void *context)
{
    (void)context;
    const uintptr_t at = (uintptr_t)info->si_addr;
    if (at >= guarded_begin && at < guarded_end) {
        siglongjmp(file_map_landing, 1);
    }
    /* Not ours: a real bug. Fall back to the default action, which the
     * faulting instruction triggers again on return. */
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

bool file_map_open(int fd, uint64_t offset, size_t len, file_map *map)
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
#endif
