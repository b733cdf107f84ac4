#include "common/process_list.h"

#include <stdlib.h>
#include <string.h>

#include "common/csv_record.h"
#include "common/json_scan.h"
#include "common/observed_time.h"

const char *process_format_name(process_format format)
{
    switch (format) {
    case PROCESS_VOLATILITY: return "volatility3 windows.pslist";
    case PROCESS_VELOCIRAPTOR: return "velociraptor Windows.System.Pslist";
    case PROCESS_TASKLIST:
    default: return "tasklist /v /fo csv";
    }
}

typedef struct builder {
    process_list *list;
    size_t capacity, names_capacity;
    bool out_of_memory;
} builder;

static bool grow(void **items, size_t *capacity, size_t need, size_t size)
{
    if (need <= *capacity) {
        return true;
    }
    size_t wanted = *capacity ? *capacity : 64;
    while (wanted < need) {
        if (wanted > SIZE_MAX / 2 / size) {
            return false;
        }
        wanted *= 2;
    }
    void *bigger = realloc(*items, wanted * size);
    if (bigger == NULL) {
        return false;
    }
    *items = bigger;
    *capacity = wanted;
    return true;
}

static bool add_entry(builder *b, uint32_t pid, bool has_start, int64_t start, const char *name, size_t name_len)
{
    process_list *l = b->list;
    if (name_len > SIZE_MAX - l->names_len - 1 ||
        !grow((void **)&l->names, &b->names_capacity, l->names_len + name_len + 1, 1) ||
        !grow((void **)&l->entries, &b->capacity, l->count + 1, sizeof *l->entries)) {
        b->out_of_memory = true;
        return false;
    }
    memcpy(l->names + l->names_len, name, name_len);
    l->names[l->names_len + name_len] = '\0';
    l->entries[l->count++] = (process_entry){pid, has_start, start, l->names_len};
    l->names_len += name_len + 1;
    return true;
}

/* Decimal digits only, at most UINT32_MAX. */
static bool parse_pid(const char *text, size_t len, uint32_t *pid)
{
    uint64_t v = 0;
    if (len == 0 || len > 10) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        v = v * 10 + (uint64_t)(text[i] - '0');
    }
    if (v > UINT32_MAX) {
        return false;
    }
    *pid = (uint32_t)v;
    return true;
}

/* ---- JSON: Volatility 3 and Velociraptor ---- */

#define NAME_MAX_BYTES 1024 /* longer names are cut (at a UTF-8 character boundary) */

typedef struct json_process {
    bool has_pid, has_start, bad_start;
    uint32_t pid;
    int64_t start;
    char name[NAME_MAX_BYTES];
    size_t name_len;
} json_process;

typedef struct json_reading {
    builder *b;
    json_process at[JSON_SCAN_MAX_DEPTH + 2]; /* the object open at each depth */
    bool volatility, velociraptor;
} json_reading;

static void take_name(json_process *p, const json_member *m)
{
    size_t n = m->value_len < NAME_MAX_BYTES ? m->value_len : NAME_MAX_BYTES;
    while (n < m->value_len && n > 0 && ((unsigned char)m->value[n] & 0xC0) == 0x80) {
        n--; /* not inside a character */
    }
    memcpy(p->name, m->value, n);
    p->name_len = n;
}

static void json_member_seen(void *ctx, const json_member *m)
{
    json_reading *r = ctx;
    json_process *p = &r->at[m->depth];
    const bool vol_key = strcmp(m->key, "PID") == 0 || strcmp(m->key, "ImageFileName") == 0;
    const bool velo_key = strcmp(m->key, "Pid") == 0 || strcmp(m->key, "Name") == 0;
    r->volatility |= vol_key;
    r->velociraptor |= velo_key;
    if (strcmp(m->key, "PID") == 0 || strcmp(m->key, "Pid") == 0) {
        p->has_pid = (m->type == JSON_NUMBER || m->type == JSON_STRING) && parse_pid(m->value, m->value_len, &p->pid);
    } else if (strcmp(m->key, "ImageFileName") == 0 || strcmp(m->key, "Name") == 0) {
        if (m->type == JSON_STRING) {
            take_name(p, m);
        }
    } else if (strcmp(m->key, "CreateTime") == 0 && m->type == JSON_STRING && m->value_len > 0) {
        p->has_start = observed_time_parse(m->value, &p->start);
        p->bad_start = !p->has_start;
    }
}

static void json_object_done(void *ctx, unsigned depth)
{
    json_reading *r = ctx;
    json_process *p = &r->at[depth];
    if (p->has_pid && !r->b->out_of_memory) {
        r->b->list->bad_times += p->bad_start;
        (void)add_entry(r->b, p->pid, p->has_start, p->start, p->name, p->name_len);
    }
    memset(p, 0, sizeof *p);
}

static size_t line_of(const char *text, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset; i++) {
        line += text[i] == '\n';
    }
    return line;
}

static bool parse_json(const char *text, size_t len, builder *b, process_list_error *err)
{
    json_reading *r = calloc(1, sizeof *r);
    char *scratch = malloc(len + 2);
    if (r == NULL || scratch == NULL) {
        free(r);
        free(scratch);
        b->out_of_memory = true;
        return false;
    }
    r->b = b;
    const json_handler h = {r, json_member_seen, json_object_done};
    json_error jerr;
    bool ok = json_scan(text, len, scratch, &h, &jerr);
    if (!ok) {
        err->line = line_of(text, jerr.offset);
        err->message = jerr.message;
    } else if (r->volatility == r->velociraptor) {
        err->line = 1;
        err->message = r->volatility ? "both Volatility (PID, ImageFileName) and Velociraptor (Pid, Name) keys"
                                     : "JSON without PID/ImageFileName (Volatility 3) or Pid/Name (Velociraptor) keys";
        ok = false;
    } else {
        b->list->format = r->volatility ? PROCESS_VOLATILITY : PROCESS_VELOCIRAPTOR;
    }
    free(scratch);
    free(r);
    return ok;
}

/* ---- CSV: tasklist ---- */

static bool same_text_ci(const char *a, size_t len, const char *b)
{
    if (len != strlen(b)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        const char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
        const char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
        if (x != y) {
            return false;
        }
    }
    return true;
}

static bool parse_tasklist(const char *text, size_t len, builder *b, process_list_error *err)
{
    char *scratch = malloc(len + CSV_MAX_FIELDS);
    if (scratch == NULL) {
        b->out_of_memory = true;
        return false;
    }
    b->list->format = PROCESS_TASKLIST;
    csv_reader reader;
    csv_reader_init(&reader, text, len, scratch);
    csv_fields f;
    const char *problem = NULL;
    size_t pid_column = 1;
    bool first = true, ok = true;
    int got;
    while (ok && (got = csv_next(&reader, &f, &problem)) == 1) {
        if (first) {
            first = false;
            size_t named = CSV_MAX_FIELDS;
            for (size_t i = 0; i < f.count; i++) {
                if (same_text_ci(f.field[i], f.length[i], "PID")) {
                    named = i;
                }
            }
            if (named != CSV_MAX_FIELDS) {
                pid_column = named;
                continue; /* the header */
            }
        }
        uint32_t pid;
        if (f.count <= pid_column || !parse_pid(f.field[pid_column], f.length[pid_column], &pid)) {
            problem = "no process ID (decimal digits) in the PID column";
            ok = false;
            break;
        }
        ok = add_entry(b, pid, false, 0, f.field[0], f.length[0]);
    }
    if (ok && got < 0) {
        ok = false;
    }
    if (!ok && !b->out_of_memory) {
        err->line = reader.line;
        err->message = problem;
    }
    free(scratch);
    return ok;
}

/* ---- text encodings ---- */

/* UTF-16 LE (after its mark) as UTF-8; unpaired surrogates become U+FFFD. */
static char *utf16le_to_utf8(const unsigned char *in, size_t len, size_t *out_len)
{
    const size_t units = len / 2;
    char *out = units <= (SIZE_MAX - 1) / 3 ? malloc(units * 3 + 1) : NULL;
    if (out == NULL) {
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < units; i++) {
        uint32_t c = (uint32_t)in[2 * i] | (uint32_t)in[2 * i + 1] << 8;
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < units) {
            const uint32_t low = (uint32_t)in[2 * i + 2] | (uint32_t)in[2 * i + 3] << 8;
            if (low >= 0xDC00 && low < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                i++;
            }
        }
        if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            out[n++] = (char)c;
        } else if (c < 0x800) {
            out[n++] = (char)(0xC0 | c >> 6);
            out[n++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[n++] = (char)(0xE0 | c >> 12);
            out[n++] = (char)(0x80 | (c >> 6 & 0x3F));
            out[n++] = (char)(0x80 | (c & 0x3F));
        } else { /* a pair: two units, four bytes */
            out[n++] = (char)(0xF0 | c >> 18);
            out[n++] = (char)(0x80 | (c >> 12 & 0x3F));
            out[n++] = (char)(0x80 | (c >> 6 & 0x3F));
            out[n++] = (char)(0x80 | (c & 0x3F));
        }
    }
    *out_len = n;
    return out;
}

static int compare_entries(const void *x, const void *y)
{
    const process_entry *a = x, *b = y;
    if (a->pid != b->pid) {
        return a->pid < b->pid ? -1 : 1;
    }
    if (a->has_start != b->has_start) {
        return a->has_start ? 1 : -1;
    }
    if (a->start != b->start) {
        return a->start < b->start ? -1 : 1;
    }
    return a->name < b->name ? -1 : a->name > b->name;
}

bool process_list_parse(const char *text, size_t len, process_list *out, process_list_error *err)
{
    memset(out, 0, sizeof *out);
    err->line = 0;
    err->message = NULL;
    char *converted = NULL;
    if (len >= 2 && (unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) {
        converted = utf16le_to_utf8((const unsigned char *)text + 2, len - 2, &len);
        if (converted == NULL) {
            err->message = "out of memory";
            return false;
        }
        text = converted;
    } else if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    size_t first = 0;
    while (first < len && (text[first] == ' ' || text[first] == '\t' || text[first] == '\r' || text[first] == '\n')) {
        first++;
    }
    builder b = {out, 0, 0, false};
    bool ok;
    if (first == len) {
        err->line = 1;
        err->message = "no processes: the file is empty";
        ok = false;
    } else if (text[first] == '[' || text[first] == '{') {
        ok = parse_json(text, len, &b, err);
    } else {
        ok = parse_tasklist(text, len, &b, err);
    }
    free(converted);
    if (ok && out->count == 0) {
        err->line = 1;
        err->message = "no processes in the list";
        ok = false;
    }
    if (!ok || b.out_of_memory) {
        if (b.out_of_memory) {
            err->line = 0;
            err->message = "out of memory";
        }
        process_list_free(out);
        return false;
    }
    qsort(out->entries, out->count, sizeof *out->entries, compare_entries);
    return true;
}

void process_list_free(process_list *list)
{
    free(list->entries);
    free(list->names);
    memset(list, 0, sizeof *list);
}

size_t process_list_find(const process_list *list, uint32_t pid, size_t *first)
{
    size_t lo = 0, hi = list->count;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (list->entries[mid].pid < pid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    *first = lo;
    size_t n = 0;
    while (lo + n < list->count && list->entries[lo + n].pid == pid) {
        n++;
    }
    return n;
}

long process_list_owner(const process_list *list, uint32_t pid, bool has_created, int64_t created, bool *reused,
                        bool *ambiguous)
{
    *reused = false;
    *ambiguous = false;
    size_t first;
    const size_t n = process_list_find(list, pid, &first);
    if (n == 0) {
        return -1;
    }
    const process_entry *e = &list->entries[first];
    bool any_start = false;
    for (size_t i = 0; i < n; i++) {
        any_start |= e[i].has_start;
    }
    if (has_created && any_start) {
        /* by start time, unknown first: the last one started by then */
        const int64_t limit = created > INT64_MAX - PROCESS_START_SLACK ? INT64_MAX : created + PROCESS_START_SLACK;
        long owner = -1;
        for (size_t i = 0; i < n; i++) {
            if (e[i].has_start && e[i].start <= limit) {
                owner = (long)(first + i);
            }
        }
        if (owner >= 0) {
            return owner;
        }
        if (e[0].has_start) { /* sorted, unknown start times first: every one is known */
            *reused = true;
            return -1;
        }
    }
    if (n == 1) {
        return (long)first;
    }
    *ambiguous = true;
    return -1;
}
