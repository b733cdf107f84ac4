/* Reading JSON input (process lists): a strict RFC 8259 scanner over a
 * sequence of JSON texts separated by white space (one document, or JSON
 * Lines), that reports each object's scalar members and where each object
 * ends, at any depth. Pure: no I/O, no allocation, linear in the input,
 * nesting refused past JSON_SCAN_MAX_DEPTH. */
#ifndef MIBTCP_TOOL_JSON_SCAN_H
#define MIBTCP_TOOL_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_SCAN_MAX_DEPTH 64

typedef enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING } json_type;

/* A scalar member of an object. Strings are unescaped (UTF-8; a lone
 * surrogate becomes U+FFFD) and NUL-terminated; a number is its text. The
 * texts live until the next member is reported. */
typedef struct json_member {
    unsigned depth; /* of the object: 1 for a top-level object */
    const char *key;
    size_t key_len;
    json_type type;
    const char *value; /* "" for null, false, true */
    size_t value_len;
} json_member;

typedef struct json_handler {
    void *ctx;
    void (*member)(void *ctx, const json_member *m);
    void (*object_end)(void *ctx, unsigned depth); /* after the object's last member */
} json_handler;

typedef struct json_error {
    size_t offset; /* byte of the input where the problem lies */
    const char *message;
} json_error;

/* Scan text[0, len). @p scratch holds len + 2 bytes (the unescaped key and
 * value: never longer than their escaped forms, plus two NULs). @return
 * false, with *err, at the first byte that is not JSON. */
bool json_scan(const char *text, size_t len, char *scratch, const json_handler *h, json_error *err);

#endif
