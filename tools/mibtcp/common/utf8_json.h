/* JSON string escaping shared by every JSON writer of the tool. */
#ifndef MIBTCP_TOOL_UTF8_JSON_H
#define MIBTCP_TOOL_UTF8_JSON_H

#include <stddef.h>

/* The escaped form of the character at s (NUL-terminated input): sets
 * *consumed to the bytes it spans and returns its text in out (at most
 * 7 bytes, not terminated), or returns 0 when the byte needs no escaping.
 * Invalid or truncated UTF-8 sequences become U+FFFD, one byte at a time. */
size_t json_escape_char(const unsigned char *s, size_t *consumed, char out[7]);

#endif
