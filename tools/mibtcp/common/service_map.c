#include "common/service_map.h"

#include <stdlib.h>
#include <string.h>

#include "common/csv_record.h"

static bool parse_tag(const char *text, size_t len, uint64_t *tag)
{
    unsigned base = 10;
    if (len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
        len -= 2;
    }
    if (len == 0) {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        const char c = text[i];
        const int d = c >= '0' && c <= '9'                 ? c - '0'
                      : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                           : -1;
        if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / base) {
            return false;
        }
        v = v * base + (uint64_t)d;
    }
    *tag = v;
    return true;
}

static int compare_tags(const void *x, const void *y)
{
    const service_entry *a = x, *b = y;
    return a->tag < b->tag ? -1 : a->tag > b->tag ? 1 : a->name < b->name ? -1 : a->name > b->name;
}

static bool header_line(const csv_fields *f)
{
    return f->count == 2 && (strcmp(f->field[0], "tag") == 0 || strcmp(f->field[0], "Tag") == 0);
}

bool service_map_parse(const char *text, size_t len, service_map *out, size_t *line, const char **message)
{
    memset(out, 0, sizeof *out);
    *line = 0;
    *message = NULL;
    char *scratch = malloc(len + CSV_MAX_FIELDS);
    /* the names, NUL-terminated, never longer than the text plus one NUL per line */
    char *names = len <= SIZE_MAX / 2 - 2 ? malloc(2 * len + 2) : NULL;
    size_t names_len = 0, capacity = 0;
    bool ok = scratch != NULL && names != NULL;
    if (!ok) {
        *message = "out of memory";
    }
    csv_reader r;
    csv_reader_init(&r, text, len, scratch);
    csv_fields f;
    int got = 0;
    while (ok && (got = csv_next(&r, &f, message)) == 1) {
        *line = r.line;
        if (r.line == 1 && header_line(&f)) {
            continue;
        }
        uint64_t tag;
        if (f.count != 2 || !parse_tag(f.field[0], f.length[0], &tag)) {
            *message =
                f.count != 2 ? "a line needs two fields: tag,name" : "a tag is a decimal or 0x hex 64-bit number";
            ok = false;
            break;
        }
        if (out->count == capacity) {
            capacity = capacity ? capacity * 2 : 64;
            service_entry *bigger =
                capacity <= SIZE_MAX / sizeof *bigger ? realloc(out->entries, capacity * sizeof *bigger) : NULL;
            if (bigger == NULL) {
                *message = "out of memory";
                ok = false;
                break;
            }
            out->entries = bigger;
        }
        memcpy(names + names_len, f.field[1], f.length[1] + 1);
        out->entries[out->count++] = (service_entry){tag, names_len};
        names_len += f.length[1] + 1;
    }
    if (ok && got < 0) {
        *line = r.line;
        ok = false;
    }
    free(scratch);
    out->names = names;
    if (ok && out->count > 1) {
        qsort(out->entries, out->count, sizeof *out->entries, compare_tags);
        for (size_t i = 1; i < out->count && ok; i++) {
            if (out->entries[i].tag == out->entries[i - 1].tag &&
                strcmp(names + out->entries[i].name, names + out->entries[i - 1].name) != 0) {
                *line = 0;
                *message = "a tag is given twice, with different names";
                ok = false;
            }
        }
    }
    if (!ok) {
        service_map_free(out);
    }
    return ok;
}

void service_map_free(service_map *map)
{
    free(map->entries);
    free(map->names);
    memset(map, 0, sizeof *map);
}

const char *service_map_name(const service_map *map, uint64_t tag)
{
    size_t lo = 0, hi = map->count;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (map->entries[mid].tag < tag) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < map->count && map->entries[lo].tag == tag ? map->names + map->entries[lo].name : NULL;
}
