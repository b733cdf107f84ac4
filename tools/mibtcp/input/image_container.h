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
bool image_layout_detect(const char *command, const char *name, const uint8_t *bytes, uint64_t len, image_layout *out);

void image_layout_free(image_layout *layout);

/* ---- containers read as a stream (once, forward) ---- */

typedef enum image_container { IMAGE_RAW, IMAGE_MINIDUMP, IMAGE_LIME } image_container;

/* The container the first @p len bytes (at least 4 to tell) announce. */
image_container image_container_of(const uint8_t *bytes, uint64_t len);

typedef enum image_layout_status {
    IMAGE_LAYOUT_OK,
    IMAGE_LAYOUT_NEED_MORE, /* the metadata lies up to *need: read that far and ask again */
    IMAGE_LAYOUT_BAD,       /* one line said why on stderr */
} image_layout_status;

/* The memory ranges of a minidump from the first @p have bytes of a stream
 * (its length unknown unless it @p ended there: ranges are checked as they
 * are read). */
image_layout_status image_layout_minidump_prefix(const char *command, const char *name, const uint8_t *prefix,
                                                 uint64_t have, bool ended, image_layout *out, uint64_t *need);

#define IMAGE_LIME_HEADER_SIZE 32u

/* A LiME range header: NULL and the range's address and size, or the problem. */
const char *image_lime_range(const uint8_t header[IMAGE_LIME_HEADER_SIZE], uint64_t *address, uint64_t *size);

/* The TimeDateStamp of a minidump's header (Unix seconds UTC: when the dump
 * was written). @return false when the bytes are not a minidump header or
 * the stamp is 0. */
bool image_minidump_time(const uint8_t *bytes, uint64_t len, uint32_t *unix_seconds);

/* One line "mibtcp COMMAND: NAME: malformed minidump|LiME file: PROBLEM ...". @return false. */
bool image_container_malformed(const char *command, const char *name, image_container container, const char *problem);

#endif
