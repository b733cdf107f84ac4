#include "input/image_container.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINIDUMP_SIGNATURE 0x504D444Du /* "MDMP" */
#define MINIDUMP_VERSION 0xA793u       /* low word of the version field */
#define MINIDUMP_HEADER_SIZE 32u
#define MINIDUMP_DIRECTORY_ENTRY 12u
#define MEMORY_LIST_STREAM 5u   /* MINIDUMP_STREAM_TYPE MemoryListStream */
#define MEMORY64_LIST_STREAM 9u /* MINIDUMP_STREAM_TYPE Memory64ListStream */
#define MEMORY_DESCRIPTOR_SIZE 16u
#define MEMORY64_DESCRIPTOR_SIZE 16u
#define LIME_MAGIC 0x4C694D45u
#define LIME_VERSION 1u
#define LIME_HEADER_SIZE IMAGE_LIME_HEADER_SIZE

/* Container fields, read little-endian from the file (any host). */
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Is [offset, offset + size) inside a file of len bytes (no overflow)? */
static bool inside(uint64_t offset, uint64_t size, uint64_t len)
{
    return offset <= len && size <= len - offset;
}

static bool add_region(image_layout *l, size_t *capacity, uint64_t file_offset, uint64_t length, uint64_t address)
{
    if (length == 0) {
        return true;
    }
    if (l->count == *capacity) {
        const size_t grown = *capacity == 0 ? 16 : *capacity * 2;
        image_region *r = grown <= SIZE_MAX / sizeof *r ? realloc(l->regions, grown * sizeof *r) : NULL;
        if (r == NULL) {
            return false;
        }
        l->regions = r;
        *capacity = grown;
    }
    l->regions[l->count++] = (image_region){file_offset, length, address};
    return true;
}

static bool malformed(const char *command, const char *name, const char *format, const char *problem)
{
    fprintf(stderr, "mibtcp %s: %s: malformed %s: %s (--container raw scans it as raw bytes)\n", command, name, format,
            problem);
    return false;
}

static bool out_of_memory(const char *command, const char *name)
{
    fprintf(stderr, "mibtcp %s: %s: out of memory\n", command, name);
    return false;
}

bool image_layout_raw(uint64_t len, image_layout *out)
{
    size_t capacity = 0;
    *out = (image_layout){"raw", ADDRESS_NONE, NULL, 0};
    return add_region(out, &capacity, 0, len, 0);
}

/* Ranges of a memory address space never wrap past 2^64. */
static bool range_fits(uint64_t address, uint64_t length)
{
    return length == 0 || address <= UINT64_MAX - (length - 1);
}

/* The container's bytes as far as they are in hand: a whole file (have ==
 * len), or the start of a stream (len unknown: UINT64_MAX). */
typedef struct container_bytes {
    const uint8_t *b;
    uint64_t have, len;
    uint64_t need; /* metadata lies up to here, past what is in hand */
} container_bytes;

/* Returned by the parsers when metadata lies past what is in hand. */
static const char need_more[] = "needs more of the stream";

/* Metadata at [offset, offset + size): inside the container, and in hand
 * (else cb->need says how far to read). */
static const char *metadata(container_bytes *cb, uint64_t offset, uint64_t size, const char *outside)
{
    if (!inside(offset, size, cb->len)) {
        return outside;
    }
    if (offset + size > cb->have) {
        cb->need = offset + size;
        return need_more;
    }
    return NULL;
}

static const char *memory_list(container_bytes *cb, uint64_t rva, uint64_t size, image_layout *l, size_t *capacity)
{
    const char *problem = metadata(cb, rva, size, "MemoryListStream lies outside the file");
    if (size < 4) {
        return "MemoryListStream lies outside the file";
    }
    if (problem != NULL) {
        return problem;
    }
    const uint64_t count = le32(cb->b + rva);
    if (count > (size - 4) / MEMORY_DESCRIPTOR_SIZE) {
        return "MemoryListStream holds fewer descriptors than it counts";
    }
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *d = cb->b + rva + 4 + i * MEMORY_DESCRIPTOR_SIZE;
        const uint64_t start = le64(d), data_size = le32(d + 8), data_rva = le32(d + 12);
        if (!inside(data_rva, data_size, cb->len)) {
            return "a memory range's bytes lie outside the file";
        }
        if (!range_fits(start, data_size)) {
            return "a memory range wraps past the top of the address space";
        }
        if (!add_region(l, capacity, data_rva, data_size, start)) {
            return NULL;
        }
    }
    return "";
}

static const char *memory64_list(container_bytes *cb, uint64_t rva, uint64_t size, image_layout *l, size_t *capacity)
{
    const char *problem = metadata(cb, rva, size, "Memory64ListStream lies outside the file");
    if (size < 16) {
        return "Memory64ListStream lies outside the file";
    }
    if (problem != NULL) {
        return problem;
    }
    const uint64_t count = le64(cb->b + rva);
    uint64_t data = le64(cb->b + rva + 8);
    if (count > (size - 16) / MEMORY64_DESCRIPTOR_SIZE) {
        return "Memory64ListStream holds fewer descriptors than it counts";
    }
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *d = cb->b + rva + 16 + i * MEMORY64_DESCRIPTOR_SIZE;
        const uint64_t start = le64(d), data_size = le64(d + 8);
        if (!inside(data, data_size, cb->len)) {
            return "a memory range's bytes lie outside the file";
        }
        if (!range_fits(start, data_size)) {
            return "a memory range wraps past the top of the address space";
        }
        if (!add_region(l, capacity, data, data_size, start)) {
            return NULL;
        }
        data += data_size;
    }
    return "";
}

static int by_file_offset(const void *a, const void *b)
{
    const image_region *x = a, *y = b;
    if (x->file_offset != y->file_offset) {
        return x->file_offset < y->file_offset ? -1 : 1;
    }
    if (x->length != y->length) {
        return x->length < y->length ? -1 : 1;
    }
    return x->address < y->address ? -1 : x->address > y->address;
}

/* In file order (a stream reads them so), each range once: a directory that
 * lists the same memory list twice, or a list that repeats a descriptor,
 * would report every hit in it twice. */
static void sort_unique_regions(image_layout *l)
{
    if (l->count < 2) {
        return; /* qsort() wants a valid array even for no elements */
    }
    qsort(l->regions, l->count, sizeof *l->regions, by_file_offset);
    size_t kept = 1;
    for (size_t i = 1; i < l->count; i++) {
        if (by_file_offset(&l->regions[i], &l->regions[kept - 1]) != 0) {
            l->regions[kept++] = l->regions[i];
        }
    }
    l->count = kept;
}

/* @return "" parsed, need_more, NULL out of memory, or the problem. */
static const char *minidump_regions(container_bytes *cb, image_layout *l)
{
    size_t capacity = 0;
    *l = (image_layout){"minidump", ADDRESS_VIRTUAL, NULL, 0};
    const char *problem = metadata(cb, 0, MINIDUMP_HEADER_SIZE, "header too short or not version 0xA793");
    if (problem != NULL) {
        return problem;
    }
    if ((le32(cb->b + 4) & 0xFFFFu) != MINIDUMP_VERSION) {
        return "header too short or not version 0xA793";
    }
    const uint64_t streams = le32(cb->b + 8), directory = le32(cb->b + 12);
    problem = metadata(cb, directory, streams * MINIDUMP_DIRECTORY_ENTRY, "stream directory lies outside the file");
    if (problem != NULL) {
        return problem;
    }
    bool any = false;
    for (uint64_t i = 0; i < streams; i++) {
        const uint8_t *e = cb->b + directory + i * MINIDUMP_DIRECTORY_ENTRY;
        const uint32_t type = le32(e);
        if (type != MEMORY_LIST_STREAM && type != MEMORY64_LIST_STREAM) {
            continue;
        }
        problem = type == MEMORY_LIST_STREAM ? memory_list(cb, le32(e + 8), le32(e + 4), l, &capacity)
                                             : memory64_list(cb, le32(e + 8), le32(e + 4), l, &capacity);
        if (problem == NULL || problem[0] != '\0') {
            return problem;
        }
        any = true;
    }
    sort_unique_regions(l);
    return any ? "" : "no MemoryListStream or Memory64ListStream";
}

static bool parse_minidump(const char *command, const char *name, const uint8_t *b, uint64_t len, image_layout *l)
{
    container_bytes cb = {b, len, len, 0};
    const char *problem = minidump_regions(&cb, l);
    if (problem == NULL || problem[0] != '\0') {
        image_layout_free(l);
        return problem == NULL ? out_of_memory(command, name) : malformed(command, name, "minidump", problem);
    }
    return true;
}

image_layout_status image_layout_minidump_prefix(const char *command, const char *name, const uint8_t *prefix,
                                                 uint64_t have, bool ended, image_layout *out, uint64_t *need)
{
    container_bytes cb = {prefix, have, ended ? have : UINT64_MAX, 0};
    const char *problem = minidump_regions(&cb, out);
    if (problem != NULL && problem[0] == '\0') {
        return IMAGE_LAYOUT_OK;
    }
    image_layout_free(out);
    if (problem == need_more) {
        *need = cb.need;
        return IMAGE_LAYOUT_NEED_MORE;
    }
    (void)(problem == NULL ? out_of_memory(command, name) : malformed(command, name, "minidump", problem));
    return IMAGE_LAYOUT_BAD;
}

const char *image_lime_range(const uint8_t header[IMAGE_LIME_HEADER_SIZE], uint64_t *address, uint64_t *size)
{
    const uint64_t start = le64(header + 8), end = le64(header + 16);
    if (le32(header) != LIME_MAGIC) {
        return "a range header is missing or has no LiME magic";
    }
    if (le32(header + 4) != LIME_VERSION) {
        return "a range header is not LiME version 1 (the only version there is)";
    }
    if (end < start || end - start == UINT64_MAX) {
        return "a range ends before it starts";
    }
    *address = start;
    *size = end - start + 1;
    return NULL;
}

static bool parse_lime(const char *command, const char *name, const uint8_t *b, uint64_t len, image_layout *l)
{
    size_t capacity = 0;
    *l = (image_layout){"lime", ADDRESS_PHYSICAL, NULL, 0};
    uint64_t at = 0;
    while (at < len) {
        uint64_t start = 0, size = 0;
        const char *problem = !inside(at, LIME_HEADER_SIZE, len) ? "a range header is missing or has no LiME magic"
                                                                 : image_lime_range(b + at, &start, &size);
        if (problem == NULL && !inside(at + LIME_HEADER_SIZE, size, len)) {
            problem = "a range's bytes run past the end of the file";
        }
        if (problem != NULL) {
            image_layout_free(l);
            return malformed(command, name, "LiME file", problem);
        }
        if (!add_region(l, &capacity, at + LIME_HEADER_SIZE, size, start)) {
            image_layout_free(l);
            return out_of_memory(command, name);
        }
        at += LIME_HEADER_SIZE + size;
    }
    return true;
}

image_container image_container_of(const uint8_t *bytes, uint64_t len)
{
    if (len >= 4 && le32(bytes) == MINIDUMP_SIGNATURE) {
        return IMAGE_MINIDUMP;
    }
    return len >= 4 && le32(bytes) == LIME_MAGIC ? IMAGE_LIME : IMAGE_RAW;
}

bool image_layout_detect(const char *command, const char *name, const uint8_t *bytes, uint64_t len, image_layout *out)
{
    switch (image_container_of(bytes, len)) {
    case IMAGE_MINIDUMP: return parse_minidump(command, name, bytes, len, out);
    case IMAGE_LIME: return parse_lime(command, name, bytes, len, out);
    default: return image_layout_raw(len, out) || out_of_memory(command, name);
    }
}

bool image_minidump_time(const uint8_t *bytes, uint64_t len, uint32_t *unix_seconds)
{
    if (image_container_of(bytes, len) != IMAGE_MINIDUMP || len < MINIDUMP_HEADER_SIZE) {
        return false;
    }
    *unix_seconds = le32(bytes + 20); /* MINIDUMP_HEADER.TimeDateStamp */
    return *unix_seconds != 0;
}

bool image_container_malformed(const char *command, const char *name, image_container container, const char *problem)
{
    return malformed(command, name, container == IMAGE_MINIDUMP ? "minidump" : "LiME file", problem);
}

void image_layout_free(image_layout *layout)
{
    free(layout->regions);
    layout->regions = NULL;
    layout->count = 0;
}
