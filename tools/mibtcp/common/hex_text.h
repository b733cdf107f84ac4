/* Hex text as analysts paste it, decoded to bytes. Styles (one per input,
 * chosen from its first line; every other line must follow it):
 *   lists, xxd -p     03 00 00 00 / 0x03, 0x00 / 03,00 / 0300000000000000
 *   xxd               00000000: 0300 0000 0000 0000  ........
 *   xxd -e            00000000: 00000003 00000000  ........   (little-endian groups)
 *   hexdump -C        00000000  03 00 00 00 00 00 00 00  00 00 |........|
 *   WinDbg db         00000000`0012f000  03 00 00 00-00 00 00 00  ........
 *   WinDbg dw/dd/dq   0012f000  00000003 00000000   (32-bit address; little-endian)
 *   od, hexdump       0000000 0003 0000 ...  (od -tx1/-tx2/-tx4/-tx8, hexdump; octal or
 *                                             hex offsets; the last line's length trims
 *                                             the zero padding of the last group)
 * Groups of several bytes are read in the order their tool writes them:
 * byte order for lists, xxd -p, xxd (2-byte groups) and hexdump -C;
 * little-endian words for WinDbg dw/dd/dq, od and hexdump (an x86 host's),
 * and xxd -e. An xxd dump with wider groups is xxd -e unless its ASCII
 * column shows the bytes in group order (xxd -g4). Addresses must advance
 * by the bytes of each line, so a line of data is never taken for one.
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

/* 0..15 for a hex digit (either case), -1 for anything else. */
int hex_digit_value(char c);

#endif
