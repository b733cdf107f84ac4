/* The Windows SDK's layout numbers as measured by a cross compiler: decoded
 * from the object file of sdk_layout_probe.c (format: layout_blob.h). */
#ifndef MIBTCP_TESTS_SDK_LAYOUT_H
#define MIBTCP_TESTS_SDK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mibtcp.h"

#define SDK_LAYOUT_MAX_RECORDS 512
#define SDK_LAYOUT_MAX_NOTES 4096

/* One probed struct member (or hole): kind and field are mibtcp.h numbers,
 * kept raw so that a probe naming an unknown kind or field can be reported. */
typedef struct sdk_record {
    uint32_t kind;
    uint32_t field;
    uint32_t offset;
    uint32_t size;
} sdk_record;

typedef struct sdk_layout {
    uint32_t pointer_bits;
    size_t record_count;
    sdk_record records[SDK_LAYOUT_MAX_RECORDS];
    char notes[SDK_LAYOUT_MAX_NOTES]; /* NUL-terminated, one note per line */
} sdk_layout;

/*
 * Read the probe object at @p path into @p layout. On failure returns false
 * and explains why in @p why (always NUL-terminated).
 */
bool sdk_layout_read(const char *path, sdk_layout *layout, char *why, size_t why_size);

/* Decode a probe blob found in @p bytes (the whole object file). */
bool sdk_layout_decode(const uint8_t *bytes, size_t len, sdk_layout *layout, char *why, size_t why_size);

/* The record of @p field for @p kind, or NULL; the first one for repeated fields (ROW_PADDING). */
const sdk_record *sdk_layout_find(const sdk_layout *layout, mibtcp_kind kind, mibtcp_field field);

/*
 * Copy the records of @p kind that @p keep accepts into @p out, sorted by
 * offset. @return how many there are; if more than @p max, only the first
 * @p max in probe order were copied (SDK_LAYOUT_MAX_RECORDS always suffices).
 */
size_t sdk_layout_select(const sdk_layout *layout, mibtcp_kind kind, bool (*keep)(const sdk_record *record),
                         sdk_record *out, size_t max);

/* Filters for sdk_layout_select(): holes that exist on this target (size > 0);
 * everything that occupies bytes of a row (members and such holes). */
bool sdk_record_is_row_hole(const sdk_record *record);
bool sdk_record_is_row_part(const sdk_record *record);

/* True for the records that describe the table header rather than a row member. */
bool sdk_field_is_header(uint32_t field);

/* Print the probe's notes and, per kind, the header size, stride and row members. */
void sdk_layout_print(const sdk_layout *layout, const char *arch, FILE *out);

#endif
