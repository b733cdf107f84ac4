#include "sdk_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit_layout.h"
#include "layout_blob.h"

/* Probe objects are a few kilobytes; anything this large is not one. */
#define SDK_OBJECT_MAX_BYTES (16u * 1024u * 1024u)

static uint32_t load_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool fail(char *why, size_t why_size, const char *message)
{
    snprintf(why, why_size, "%s", message);
    return false;
}

/* Offset of the only occurrence of the magic, or len if there is not exactly one. */
static size_t find_unique_magic(const uint8_t *bytes, size_t len, size_t *occurrences)
{
    size_t found = len;
    *occurrences = 0;
    for (size_t at = 0; len >= MIBTCP_LAYOUT_MAGIC_SIZE && at <= len - MIBTCP_LAYOUT_MAGIC_SIZE; at++) {
        if (memcmp(bytes + at, MIBTCP_LAYOUT_MAGIC, MIBTCP_LAYOUT_MAGIC_SIZE) == 0) {
            ++*occurrences;
            found = at;
        }
    }
    return *occurrences == 1 ? found : len;
}

bool sdk_layout_decode(const uint8_t *bytes, size_t len, sdk_layout *layout, char *why, size_t why_size)
{
    size_t occurrences = 0;
    size_t at = find_unique_magic(bytes, len, &occurrences);
    if (occurrences != 1) {
        snprintf(why, why_size, "the magic \"%s\" occurs %zu times (expected once)", MIBTCP_LAYOUT_MAGIC, occurrences);
        return false;
    }
    const uint8_t *blob = bytes + at;
    size_t available = len - at;
    if (available < MIBTCP_LAYOUT_RECORDS_OFFSET) {
        return fail(why, why_size, "the blob header is truncated");
    }
    uint32_t version = load_u32le(blob + MIBTCP_LAYOUT_VERSION_OFFSET);
    if (version != MIBTCP_LAYOUT_FORMAT_VERSION) {
        snprintf(why, why_size, "blob format version %u, expected %u", (unsigned)version,
                 (unsigned)MIBTCP_LAYOUT_FORMAT_VERSION);
        return false;
    }
    uint32_t record_count = load_u32le(blob + MIBTCP_LAYOUT_RECORD_COUNT_OFFSET);
    uint32_t notes_size = load_u32le(blob + MIBTCP_LAYOUT_NOTES_SIZE_OFFSET);
    if (record_count > SDK_LAYOUT_MAX_RECORDS || notes_size == 0 || notes_size > SDK_LAYOUT_MAX_NOTES) {
        return fail(why, why_size, "record count or notes size out of range");
    }
    size_t notes_at = MIBTCP_LAYOUT_RECORDS_OFFSET + (size_t)record_count * MIBTCP_LAYOUT_RECORD_SIZE;
    if (available < notes_at + notes_size) {
        return fail(why, why_size, "the blob is truncated");
    }
    if (blob[notes_at + notes_size - 1] != '\0') {
        return fail(why, why_size, "the notes are not NUL-terminated");
    }

    layout->pointer_bits = load_u32le(blob + MIBTCP_LAYOUT_POINTER_BITS_OFFSET);
    layout->record_count = record_count;
    for (size_t i = 0; i < record_count; i++) {
        const uint8_t *r = blob + MIBTCP_LAYOUT_RECORDS_OFFSET + i * MIBTCP_LAYOUT_RECORD_SIZE;
        layout->records[i] = (sdk_record){load_u32le(r), load_u32le(r + 4), load_u32le(r + 8), load_u32le(r + 12)};
    }
    memcpy(layout->notes, blob + notes_at, notes_size);
    return true;
}

bool sdk_layout_read(const char *path, sdk_layout *layout, char *why, size_t why_size)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        snprintf(why, why_size, "cannot open %s", path);
        return false;
    }
    uint8_t *bytes = malloc(SDK_OBJECT_MAX_BYTES);
    size_t len = bytes ? fread(bytes, 1, SDK_OBJECT_MAX_BYTES, file) : 0;
    bool read_error = ferror(file) != 0;
    fclose(file);
    bool ok = false;
    if (bytes == NULL) {
        snprintf(why, why_size, "out of memory reading %s", path);
    } else if (read_error) {
        snprintf(why, why_size, "cannot read %s", path);
    } else if (len == SDK_OBJECT_MAX_BYTES) {
        snprintf(why, why_size, "%s is too large to be a probe object", path);
    } else {
        ok = sdk_layout_decode(bytes, len, layout, why, why_size);
    }
    free(bytes);
    return ok;
}

const sdk_record *sdk_layout_find(const sdk_layout *layout, mibtcp_kind kind, mibtcp_field field)
{
    const sdk_record *first = NULL;
    for (size_t i = 0; i < layout->record_count; i++) {
        const sdk_record *r = &layout->records[i];
        if (r->kind == (uint32_t)kind && r->field == (uint32_t)field && (first == NULL || r->offset < first->offset)) {
            first = r;
        }
    }
    return first;
}

static int by_offset(const void *a, const void *b)
{
    uint32_t x = ((const sdk_record *)a)->offset;
    uint32_t y = ((const sdk_record *)b)->offset;
    return (x > y) - (x < y);
}

size_t sdk_layout_select(const sdk_layout *layout, mibtcp_kind kind, bool (*keep)(const sdk_record *record),
                         sdk_record *out, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < layout->record_count; i++) {
        const sdk_record *r = &layout->records[i];
        if (r->kind == (uint32_t)kind && keep(r)) {
            if (count < max) {
                out[count] = *r;
            }
            count++;
        }
    }
    qsort(out, count < max ? count : max, sizeof *out, by_offset);
    return count;
}

bool sdk_record_is_row_hole(const sdk_record *record)
{
    return record->field == (uint32_t)MIBTCP_FIELD_ROW_PADDING && record->size > 0;
}

bool sdk_record_is_row_part(const sdk_record *record)
{
    return !sdk_field_is_header(record->field) && record->size > 0;
}

bool sdk_field_is_header(uint32_t field)
{
    return field == (uint32_t)MIBTCP_FIELD_NUM_ENTRIES || field == (uint32_t)MIBTCP_FIELD_HEADER_PADDING ||
           field == (uint32_t)MIBTCP_FIELD_ROW;
}

void sdk_layout_print(const sdk_layout *layout, const char *arch, FILE *out)
{
    for (const char *note = layout->notes; *note != '\0';) {
        const char *end = strchr(note, '\n');
        int length = (int)(end ? (size_t)(end - note) : strlen(note));
        fprintf(out, "NOTE (%s SDK headers): %.*s\n", arch, length, note);
        note += (size_t)length + (end ? 1u : 0u);
    }
    for (int k = MIBTCP_KIND_UNKNOWN + 1; k <= KIT_KIND_COUNT; k++) {
        mibtcp_kind kind = (mibtcp_kind)k;
        const sdk_record *row = sdk_layout_find(layout, kind, MIBTCP_FIELD_ROW);
        fprintf(out, "%s SDK %-12s", arch, mibtcp_kind_name(kind));
        if (row == NULL) {
            fprintf(out, " not probed\n");
            continue;
        }
        fprintf(out, " header %2u stride %3u:", (unsigned)row->offset, (unsigned)row->size);
        sdk_record parts[SDK_LAYOUT_MAX_RECORDS];
        size_t count = sdk_layout_select(layout, kind, sdk_record_is_row_part, parts, SDK_LAYOUT_MAX_RECORDS);
        for (size_t i = 0; i < count && i < SDK_LAYOUT_MAX_RECORDS; i++) {
            fprintf(out, " %s@%u[%u]", mibtcp_field_name((mibtcp_field)parts[i].field), (unsigned)parts[i].offset,
                    (unsigned)parts[i].size);
        }
        fprintf(out, "\n");
    }
}
