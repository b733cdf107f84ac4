/* Hex text as analysts paste it, decoded to bytes:
 *   xxd -p            0300000000000000...
 *   xxd               00000000: 0300 0000 0000 0000  ........
 *   hexdump -C        00000000  03 00 00 00 00 00 00 00  00 00 |........|
 *   WinDbg db         00000000`0012f000  03 00 00 00-00 00 00 00  ........
 *   lists             03 00 00 00 / 0x03, 0x00, 0x00 / 03,00,00
 * '#' starts a comment. Pure: no I/O, no allocation, so it is fuzzed and
 * unit-tested like the library. */
#ifndef MIBTCP_TOOL_HEX_TEXT_H
#define MIBTCP_TOOL_HEX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hex_error {
    size_t line;   /* 1-based */
    size_t column; /* 1-based, in bytes */
    const char *message;
} hex_error;

/* Decodes text[0..len) into out (capacity out_cap; len / 2 + 1 always
 * suffices). Returns false with *err filled on malformed input. */
bool hex_text_decode(const char *text, size_t len, uint8_t *out, size_t out_cap, size_t *out_len, hex_error *err);

#endif
