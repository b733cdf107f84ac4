/* A whole image file in memory without copying it: mapped read-only, so
 * memory stays flat however large the image (a heap copy only where the
 * platform has no mmap). */
#ifndef MIBTCP_TOOL_IMAGE_MAP_H
#define MIBTCP_TOOL_IMAGE_MAP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct image_map {
    const uint8_t *bytes;
    uint64_t len;
    void *handle_; /* private: what image_unmap() releases */
} image_map;

/* On failure prints "mibtcp COMMAND: PATH: problem" on stderr and returns false. */
bool image_map_file(const char *command, const char *path, image_map *map);
void image_unmap(image_map *map);

#endif
