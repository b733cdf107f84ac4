/* Where the memory inside an image file lies: one raw region, the memory
 * ranges of a Windows minidump (virtual addresses), or the ranges of a LiME
 * physical memory dump. Tables never span two regions. */
#ifndef MIBTCP_TOOL_IMAGE_CONTAINER_H
#define MIBTCP_TOOL_IMAGE_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum address_space {
    ADDRESS_NONE,     /* raw: offsets are file offsets */
    ADDRESS_VIRTUAL,  /* minidump: "va" */
    ADDRESS_PHYSICAL, /* LiME: "pa" */
} address_space;

typedef struct image_region {
    uint64_t file_offset;
    uint64_t length;
    uint64_t address; /* of the region's first byte; the file offset for raw images */
} image_region;

typedef struct image_layout {
    const char *format; /* "raw", "minidump", "lime" */
    address_space space;
    image_region *regions;
    size_t count;
} image_layout;

/* The whole file as one raw region. @return false only when out of memory. */
bool image_layout_raw(uint64_t len, image_layout *out);

/* Recognise a container by its magic (raw when none matches) and list its
 * regions, every one inside the file. A malformed container prints one line
 * "mibtcp COMMAND: NAME: problem" on stderr and returns false. */
bool image_layout_detect(const char *command, const char *name, const uint8_t *bytes, uint64_t len,
                         image_layout *out);

void image_layout_free(image_layout *layout);

#endif
