/* The format in which sdk_layout_probe.c hands the Windows SDK's layout numbers
 * to the host-side checker. The probe is only ever compiled (never run: there
 * is no Windows to run it on), so the numbers travel as constant data in the
 * probe's object file, found by a magic marker and decoded byte by byte. x86
 * is little-endian and constant integers need no relocation, so the bytes in
 * the object file are exactly the values the cross compiler computed.
 *
 * Blob layout (all integers are little-endian uint32):
 *   0  magic, MIBTCP_LAYOUT_MAGIC_SIZE bytes, no NUL
 *  16  format version
 *  20  pointer width of the target in bits (tells x86_64 from i686 objects)
 *  24  number of records
 *  28  size of the notes text in bytes, including its NUL
 *  32  records: {kind, field, offset, size}, each a mibtcp_kind / mibtcp_field
 *      number from mibtcp.h and a byte offset and size
 *  ..  notes: NUL-terminated text, one line per note
 *
 * Records per kind: NUM_ENTRIES (dwNumEntries in the table), HEADER_PADDING
 * (the bytes between dwNumEntries and the first row; size 0 when there are
 * none), ROW (offsetof(table, table) = header size, sizeof(row) = stride),
 * then one record per member of the row struct, and ROW_PADDING for every
 * hole between two members. */
#ifndef MIBTCP_LAYOUT_BLOB_H
#define MIBTCP_LAYOUT_BLOB_H

#define MIBTCP_LAYOUT_MAGIC "mibtcp-sdk-lyt:1"
#define MIBTCP_LAYOUT_MAGIC_SIZE 16
#define MIBTCP_LAYOUT_FORMAT_VERSION 1

#define MIBTCP_LAYOUT_VERSION_OFFSET 16
#define MIBTCP_LAYOUT_POINTER_BITS_OFFSET 20
#define MIBTCP_LAYOUT_RECORD_COUNT_OFFSET 24
#define MIBTCP_LAYOUT_NOTES_SIZE_OFFSET 28
#define MIBTCP_LAYOUT_RECORDS_OFFSET 32
#define MIBTCP_LAYOUT_RECORD_SIZE 16

#endif
