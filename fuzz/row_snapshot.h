/* Everything the public accessors report about one row, in one plain struct,
 * so that harnesses can compare a row read through the library with the
 * reference decoder's reading, or with the same row of a copy of the buffer
 * at another address. Pointers are stored as offsets from the start of the
 * buffer for that reason. */
#ifndef MIBTCP_FUZZ_ROW_SNAPSHOT_H
#define MIBTCP_FUZZ_ROW_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"

/* Offset standing for a NULL pointer. */
#define FUZZ_NO_OFFSET SIZE_MAX

typedef struct fuzz_endpoint_snapshot {
    bool present; /* what mibtcp_row_local / mibtcp_row_remote returned */
    mibtcp_family family;
    size_t addr_offset;
    uint16_t port;
    uint32_t port_raw;
    uint32_t scope_id;
} fuzz_endpoint_snapshot;

/* The fields mibtcp_row_u32() must read for every kind that has them. */
#define FUZZ_DWORD_FIELD_COUNT 8
extern const mibtcp_field fuzz_dword_fields[FUZZ_DWORD_FIELD_COUNT];

typedef struct fuzz_row_snapshot {
    size_t offset; /* of the row */
    uint32_t index;
    mibtcp_kind kind;
    uint32_t state;
    uint32_t pid;
    int64_t created;
    size_t module_info_offset;
    uint64_t module_info_words[16]; /* zeros when there is no module info */
    uint32_t offload_state;
    uint32_t udp_flags;
    fuzz_endpoint_snapshot local;
    fuzz_endpoint_snapshot remote;
    mibtcp_status dword_status[FUZZ_DWORD_FIELD_COUNT];
    uint32_t dword_value[FUZZ_DWORD_FIELD_COUNT]; /* 0 unless the status is OK */
} fuzz_row_snapshot;

/* Reads @p row through every accessor; @p base is the start of the buffer. */
void fuzz_row_snapshot_take(const mibtcp_row *row, const uint8_t *base, fuzz_row_snapshot *out);

/* Aborts, naming the first field that differs, unless both snapshots agree. */
void fuzz_row_snapshot_require_equal(const fuzz_row_snapshot *expected, const fuzz_row_snapshot *actual);

#endif
