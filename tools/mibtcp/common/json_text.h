/* Minimal JSON output: one object at a time, keys in call order. */
#ifndef MIBTCP_TOOL_JSON_TEXT_H
#define MIBTCP_TOOL_JSON_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct json_object {
    FILE *out;
    bool has_members;
} json_object;

void json_begin(json_object *o, FILE *out);
void json_string(json_object *o, const char *key, const char *value); /* value NULL -> null */
void json_int(json_object *o, const char *key, int64_t value);
void json_uint(json_object *o, const char *key, uint64_t value);
/* 64-bit values that can exceed 2^53 (addresses, raw values, FILETIMEs):
 * a JSON string of decimal digits, which every JSON reader keeps exact. */
void json_int_string(json_object *o, const char *key, int64_t value);
void json_uint_string(json_object *o, const char *key, uint64_t value);
void json_bool(json_object *o, const char *key, bool value);
void json_end(json_object *o); /* "}" without newline */

/* A JSON string literal, escaped per RFC 8259; bytes that are not UTF-8
 * become U+FFFD, so the output is valid whatever a file name holds. */
void json_write_string(FILE *out, const char *s);

#endif
