/*
 * Test-side builder of raw table buffers, so each test states its scenario
 * ("row 1 has state 99") instead of byte arithmetic.
 *
 * The builder knows the Windows layouts from the test kit's statement of them
 * (kit_layout.c, written from the SDK structs), never from the library, so the
 * tests check the library against an independent statement of the format. Every
 * buffer is heap-allocated at exactly its length so ASan and valgrind catch
 * any read past its end.
 */
#ifndef MIBTCP_TESTKIT_TABLE_BUILDER_H
#define MIBTCP_TESTKIT_TABLE_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kit_layout.h"
#include "mibtcp.h"

/* Values every default row carries; a test changes only what it is about. */
#define TB_DEFAULT_STATE 5u /* ESTABLISHED */
#define TB_DEFAULT_REMOTE_PORT 443u
#define TB_DEFAULT_FLAGS 0u
#define TB_DEFAULT_OFFLOAD_STATE 0u
/* 2024-02-29T12:34:56.7890123Z (date -u -d 2024-02-29T12:34:56Z +%s = 1709210096). */
#define TB_DEFAULT_CREATED INT64_C(133536836967890123)

extern const uint8_t tb_default_local_addr4[4];
extern const uint8_t tb_default_remote_addr4[4];
extern const uint8_t tb_default_local_addr6[16];
extern const uint8_t tb_default_remote_addr6[16];

typedef struct tb_table {
    mibtcp_kind kind;
    size_t header;
    size_t stride;
    uint32_t rows;       /* rows laid out when the table was built */
    uint8_t *bytes;      /* the table's first byte */
    size_t len;          /* bytes the table occupies */
    uint8_t *allocation; /* what tb_free() releases; bytes - allocation = placement offset */
} tb_table;

/* ---- layout (the test kit's statement of the Windows ABI, see kit_layout.h) ---- */

size_t tb_kind_header(mibtcp_kind kind);
size_t tb_kind_stride(mibtcp_kind kind);
mibtcp_family tb_kind_family(mibtcp_kind kind);
bool tb_kind_is_tcp(mibtcp_kind kind);
/* Does a row of @p kind carry @p field? (ROW_PADDING: the kind has padding holes.) */
bool tb_has_field(mibtcp_kind kind, mibtcp_field field);
/* Offset inside the row and size of @p field; aborts if the kind has no such field. */
size_t tb_field_offset(mibtcp_kind kind, mibtcp_field field);
size_t tb_field_size(mibtcp_kind kind, mibtcp_field field);
/* Row offsets of the padding holes of UDP module rows (hole 0 or 1). */
size_t tb_padding_hole_offset(mibtcp_kind kind, unsigned hole);

/* ---- default row contents, so tests can state what they expect ---- */

uint16_t tb_default_local_port(uint32_t row);
uint32_t tb_default_pid(uint32_t row);
int64_t tb_default_created(uint32_t row);
uint8_t tb_default_module_info_byte(size_t index);
const uint8_t *tb_default_local_addr(mibtcp_family family);
const uint8_t *tb_default_remote_addr(mibtcp_family family);
/* The DWORD Windows stores for @p port: network order in the low 16 bits. */
uint32_t tb_port_raw(uint16_t port);

/* ---- building ---- */

/* @p nrows valid default rows, dwNumEntries = nrows, zero padding, exact length. */
void tb_init(tb_table *tb, mibtcp_kind kind, uint32_t nrows);
void tb_free(tb_table *tb);

void tb_set_count(tb_table *tb, uint32_t count);
void tb_header_padding(tb_table *tb, uint32_t value);
/* Append @p n bytes of non-zero slack after the laid-out rows. */
void tb_trailing(tb_table *tb, size_t n);
/* Cut (or extend with zeros) the buffer to exactly @p len bytes. */
void tb_resize(tb_table *tb, size_t len);
/* Move the table to offset @p k of a fresh allocation (unaligned base pointers). */
void tb_place_at_offset(tb_table *tb, size_t k);

void tb_row_state(tb_table *tb, uint32_t row, uint32_t state);
void tb_row_port(tb_table *tb, uint32_t row, mibtcp_field port_field, uint32_t raw);
void tb_row_pid(tb_table *tb, uint32_t row, uint32_t pid);
void tb_row_created(tb_table *tb, uint32_t row, int64_t filetime);
void tb_row_addr(tb_table *tb, uint32_t row, mibtcp_field addr_field, const uint8_t *addr);
/* Any DWORD field (scope ids, offload state, flags, ports, ...). */
void tb_row_u32(tb_table *tb, uint32_t row, mibtcp_field field, uint32_t value);
void tb_row_padding(tb_table *tb, uint32_t row, unsigned hole, uint32_t value);
void tb_row_module_info(tb_table *tb, uint32_t row, const uint8_t info[MIBTCP_MODULE_INFO_SIZE]);

/* ---- where things are ---- */

size_t tb_row_offset(const tb_table *tb, uint32_t row);
/* Byte offset of @p field of @p row from the start of the table. */
size_t tb_field_at(const tb_table *tb, uint32_t row, mibtcp_field field);
/* header + rows * stride: where the laid-out rows end. */
size_t tb_rows_end(const tb_table *tb);

/* Little-endian stores for tests that poke bytes themselves. */
void tb_store_le32(uint8_t *p, uint32_t value);
void tb_store_le64(uint8_t *p, uint64_t value);

#endif
