/* doc/formats.md against the library: the layout table between the
 * <!-- layout-table --> markers must give, for every kind, the header size,
 * the row size and every field's offset and size that mibtcp_kind_layout()
 * gives, list no field the kind lacks and miss none it has, and tile each
 * row exactly (fields and padding holes cover every byte once).
 * Usage: formats_table_test doc/formats.md */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_fields.h"
#include "mibtcp.h"

enum { MAX_ROW = 256 };

static int failures;

static void fail(const char *kind, const char *what)
{
    fprintf(stderr, "doc/formats.md, %s: %s\n", kind, what);
    failures++;
}

static bool field_by_name(const char *name, size_t len, mibtcp_field *field)
{
    for (size_t f = 0; f < mibtcp_field_count(); f++) {
        const char *candidate = mibtcp_field_name((mibtcp_field)f);
        if (strlen(candidate) == len && memcmp(candidate, name, len) == 0) {
            *field = (mibtcp_field)f;
            return true;
        }
    }
    return false;
}

/* One "| `kind` | table | header | row size | fields |" line. */
static void check_line(char *line, bool seen[])
{
    char *cells[6];
    size_t n = 0;
    for (char *p = strchr(line, '|'); p != NULL && n < 6; p = strchr(p + 1, '|')) {
        cells[n++] = p + 1;
        *p = '\0';
    }
    if (n < 6) {
        fail(line, "a layout line needs five cells");
        return;
    }
    char name[32];
    unsigned header, stride;
    if (sscanf(cells[0], " `%31[a-z0-9-]`", name) != 1 || sscanf(cells[2], "%u", &header) != 1 ||
        sscanf(cells[3], "%u", &stride) != 1) {
        fail(cells[0], "unreadable kind, header or row size");
        return;
    }
    mibtcp_kind kind;
    if (mibtcp_kind_from_name(name, strlen(name), &kind) != MIBTCP_OK) {
        fail(name, "not a kind the library knows");
        return;
    }
    seen[kind] = true;
    mibtcp_row_layout layout;
    if (mibtcp_kind_layout(kind, &layout) != MIBTCP_OK || header != layout.header || stride != layout.stride ||
        stride > MAX_ROW) {
        fail(name, "header or row size differs from the library's");
        return;
    }
    unsigned coverage[MAX_ROW] = {0};
    bool listed[64] = {false};
    bool first_padding = true;
    for (char *token = strtok(cells[4], " "); token != NULL; token = strtok(NULL, " ")) {
        const char *at = strchr(token, '@');
        unsigned offset, size = 4;
        mibtcp_field field;
        if (at == NULL || sscanf(at + 1, "%u", &offset) != 1 || !field_by_name(token, (size_t)(at - token), &field)) {
            fail(name, "unreadable field (name@offset or name@offset[size], names as mibtcp_field_name gives them)");
            continue;
        }
        const char *bracket = strchr(at, '[');
        if (bracket != NULL && sscanf(bracket + 1, "%u", &size) != 1) {
            fail(name, token);
            continue;
        }
        uint64_t lib_offset, lib_size;
        const bool reported_here = field != MIBTCP_FIELD_ROW_PADDING || first_padding;
        if (field == MIBTCP_FIELD_ROW_PADDING) {
            first_padding = false; /* the library reports the first hole; tiling checks the others */
        }
        if (!kit_layout_field(&layout, field, &lib_offset, &lib_size)) {
            fail(name, "lists a field the library says the kind does not have");
        } else if (reported_here && (lib_offset != offset || lib_size != size)) {
            char message[128];
            snprintf(message, sizeof message, "%s: library says offset %u size %u", token, (unsigned)lib_offset,
                     (unsigned)lib_size);
            fail(name, message);
        }
        if ((size_t)field < sizeof listed) {
            listed[field] = true;
        }
        for (unsigned b = offset; b < offset + size && b < MAX_ROW; b++) {
            coverage[b]++;
        }
    }
    for (size_t f = 0; f < mibtcp_field_count() && f < sizeof listed; f++) {
        if (kit_layout_has(&layout, (mibtcp_field)f) && !listed[f]) {
            char message[64];
            snprintf(message, sizeof message, "the kind's field %s is not listed", mibtcp_field_name((mibtcp_field)f));
            fail(name, message);
        }
    }
    for (unsigned b = 0; b < stride; b++) {
        if (coverage[b] != 1) {
            char message[64];
            snprintf(message, sizeof message, "row byte %u is covered %u times", b, coverage[b]);
            fail(name, message);
            break;
        }
    }
}

int main(int argc, char **argv)
{
    FILE *doc = argc == 2 ? fopen(argv[1], "r") : NULL;
    if (doc == NULL) {
        fprintf(stderr, "usage: formats_table_test doc/formats.md\n");
        return 2;
    }
    bool seen[64] = {false};
    bool inside = false;
    char line[1024];
    while (fgets(line, sizeof line, doc) != NULL) {
        if (strncmp(line, "<!-- layout-table", 17) == 0) {
            inside = true;
        } else if (strncmp(line, "<!-- /layout-table", 18) == 0) {
            inside = false;
        } else if (inside && strncmp(line, "| `", 3) == 0) {
            check_line(line, seen);
        }
    }
    fclose(doc);
    for (size_t k = 1; k <= mibtcp_kind_count() && k < sizeof seen; k++) {
        if (!seen[k]) {
            fail(mibtcp_kind_name((mibtcp_kind)k), "kind missing from the layout table");
        }
    }
    if (failures == 0) {
        printf("doc/formats.md layout table matches the library for %zu kinds\n", mibtcp_kind_count());
    }
    return failures == 0 ? 0 : 1;
}
