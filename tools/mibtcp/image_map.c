#include "image_map.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

static bool complain(const char *command, const char *path, const char *problem)
{
    fprintf(stderr, "mibtcp %s: %s: %s\n", command, path, problem);
    return false;
}

#ifndef _WIN32
bool image_map_file(const char *command, const char *path, image_map *map)
{
    *map = (image_map){NULL, 0, NULL};
    const int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return complain(command, path, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool is_dir = S_ISDIR(st.st_mode);
        close(fd);
        return complain(command, path, is_dir ? "is a directory, not a file" : "not a regular file (use - for a stream)");
    }
    if ((uint64_t)st.st_size > SIZE_MAX) {
        close(fd);
        return complain(command, path, "too large to map on this host");
    }
    map->len = (uint64_t)st.st_size;
    if (map->len == 0) {
        close(fd);
        map->bytes = (const uint8_t *)"";
        return true;
    }
    void *p = mmap(NULL, (size_t)map->len, PROT_READ, MAP_PRIVATE, fd, 0);
    const int mmap_errno = errno;
    close(fd);
    if (p == MAP_FAILED) {
        return complain(command, path, strerror(mmap_errno));
    }
    /* One sequential pass: let the kernel read ahead. */
    (void)posix_madvise(p, (size_t)map->len, POSIX_MADV_SEQUENTIAL);
    map->bytes = p;
    map->handle_ = p;
    return true;
}

void image_unmap(image_map *map)
{
    if (map->handle_ != NULL) {
        munmap(map->handle_, (size_t)map->len);
    }
    *map = (image_map){NULL, 0, NULL};
}
#else
/* No mmap: read the file into one allocation. */
bool image_map_file(const char *command, const char *path, image_map *map)
{
    *map = (image_map){NULL, 0, NULL};
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return complain(command, path, strerror(errno));
    }
    struct stat st;
    if (stat(path, &st) != 0 || (uint64_t)st.st_size > SIZE_MAX) {
        fclose(f);
        return complain(command, path, "cannot size the file");
    }
    const size_t len = (size_t)st.st_size;
    uint8_t *bytes = malloc(len > 0 ? len : 1);
    if (bytes == NULL) {
        fclose(f);
        return complain(command, path, "out of memory");
    }
    const size_t got = fread(bytes, 1, len, f);
    fclose(f);
    if (got != len) {
        free(bytes);
        return complain(command, path, "short read");
    }
    map->bytes = bytes;
    map->len = len;
    map->handle_ = bytes;
    return true;
}

void image_unmap(image_map *map)
{
    free(map->handle_);
    *map = (image_map){NULL, 0, NULL};
}
#endif
