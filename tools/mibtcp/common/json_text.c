#include <inttypes.h>

#include "common/json_text.h"
#include "common/utf8_json.h"

void json_write_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        char escaped[7];
        size_t consumed;
        const size_t n = json_escape_char(p, &consumed, escaped);
        if (n > 0) {
            fwrite(escaped, 1, n, out);
        } else {
            fwrite(p, 1, consumed, out);
        }
        p += consumed;
    }
    fputc('"', out);
}

void json_begin(json_object *o, FILE *out)
{
    o->out = out;
    o->has_members = false;
    fputc('{', out);
}

static void key(json_object *o, const char *name)
{
    if (o->has_members) {
        fputc(',', o->out);
    }
    o->has_members = true;
    json_write_string(o->out, name);
    fputc(':', o->out);
}

void json_string(json_object *o, const char *name, const char *value)
{
    key(o, name);
    if (value == NULL) {
        fputs("null", o->out);
    } else {
        json_write_string(o->out, value);
    }
}

void json_int(json_object *o, const char *name, int64_t value)
{
    key(o, name);
    fprintf(o->out, "%" PRId64, value);
}

void json_uint(json_object *o, const char *name, uint64_t value)
{
    key(o, name);
    fprintf(o->out, "%" PRIu64, value);
}

void json_int_string(json_object *o, const char *name, int64_t value)
{
    key(o, name);
    fprintf(o->out, "\"%" PRId64 "\"", value);
}

void json_uint_string(json_object *o, const char *name, uint64_t value)
{
    key(o, name);
    fprintf(o->out, "\"%" PRIu64 "\"", value);
}

void json_bool(json_object *o, const char *name, bool value)
{
    key(o, name);
    fputs(value ? "true" : "false", o->out);
}

void json_end(json_object *o)
{
    fputc('}', o->out);
}
