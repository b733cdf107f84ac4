#include "common/csv_record.h"

void csv_reader_init(csv_reader *r, const char *text, size_t len, char *scratch)
{
    r->text = text;
    r->len = len;
    r->at = 0;
    r->line = 0;
    r->scratch = scratch;
}

static bool at_line_end(const csv_reader *r)
{
    return r->at >= r->len || r->text[r->at] == '\n' ||
           (r->text[r->at] == '\r' && r->at + 1 < r->len && r->text[r->at + 1] == '\n') ||
           (r->text[r->at] == '\r' && r->at + 1 == r->len);
}

static void skip_line_end(csv_reader *r)
{
    if (r->at < r->len && r->text[r->at] == '\r') {
        r->at++;
    }
    if (r->at < r->len && r->text[r->at] == '\n') {
        r->at++;
    }
}

int csv_next(csv_reader *r, csv_fields *out, const char **problem)
{
    while (r->at < r->len && at_line_end(r)) { /* empty lines */
        skip_line_end(r);
        r->line++;
    }
    if (r->at >= r->len) {
        return 0;
    }
    r->line++;
    out->count = 0;
    /* A record's unquoted fields are never longer than its text: written
     * from its first byte's place in scratch, with a NUL after each. */
    char *w = r->scratch + r->at;
    size_t nuls = 0;
    for (;;) {
        if (out->count == CSV_MAX_FIELDS) {
            *problem = "more fields than a record may have";
            return -1;
        }
        char *field = w + nuls;
        size_t n = 0;
        if (r->at < r->len && r->text[r->at] == '"') {
            r->at++;
            for (;;) {
                if (r->at >= r->len) {
                    *problem = "a quoted field is never closed";
                    return -1;
                }
                const char c = r->text[r->at++];
                if (c == '"') {
                    if (r->at < r->len && r->text[r->at] == '"') {
                        r->at++;
                    } else {
                        break;
                    }
                } else if (c == '\n') {
                    r->line++;
                }
                field[n++] = c;
            }
            if (!at_line_end(r) && r->text[r->at] != ',') {
                *problem = "text after a closing quote";
                return -1;
            }
        } else {
            while (!at_line_end(r) && r->text[r->at] != ',') {
                field[n++] = r->text[r->at++];
            }
        }
        field[n] = '\0';
        out->field[out->count] = field;
        out->length[out->count] = n;
        out->count++;
        w += n;
        nuls++;
        if (r->at < r->len && r->text[r->at] == ',') {
            r->at++;
            continue;
        }
        skip_line_end(r);
        return 1;
    }
}
