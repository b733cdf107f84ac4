#include "row_snapshot.h"

#include <string.h>

#include "invariant.h"

const mibtcp_field fuzz_dword_fields[FUZZ_DWORD_FIELD_COUNT] = {
    MIBTCP_FIELD_STATE,      MIBTCP_FIELD_LOCAL_SCOPE_ID,  MIBTCP_FIELD_LOCAL_PORT, MIBTCP_FIELD_REMOTE_SCOPE_ID,
    MIBTCP_FIELD_REMOTE_PORT, MIBTCP_FIELD_PID, MIBTCP_FIELD_OFFLOAD_STATE, MIBTCP_FIELD_FLAGS,
};

static size_t offset_from(const uint8_t *base, const uint8_t *pointer)
{
    if (pointer == NULL) {
        return FUZZ_NO_OFFSET;
    }
    /* Compared as integers: a wrong pointer may lie outside the buffer,
     * where pointer subtraction would itself be undefined. */
    return (size_t)((uintptr_t)pointer - (uintptr_t)base);
}

static void snapshot_endpoint(bool present, const mibtcp_endpoint *ep, const uint8_t *base,
                              fuzz_endpoint_snapshot *out)
{
    out->present = present;
    out->family = ep->family;
    out->addr_offset = offset_from(base, ep->addr);
    out->port = ep->port;
    out->port_raw = ep->port_raw;
    out->scope_id = ep->scope_id;
}

void fuzz_row_snapshot_take(const mibtcp_row *row, const uint8_t *base, fuzz_row_snapshot *out)
{
    memset(out, 0, sizeof *out);
    out->offset = row->offset;
    out->index = row->index;
    out->kind = row->kind;
    out->state = mibtcp_row_state(row);
    out->pid = mibtcp_row_pid(row);
    out->created = mibtcp_row_created(row);
    const uint8_t *module_info = mibtcp_row_module_info(row);
    out->module_info_offset = offset_from(base, module_info);
    if (module_info != NULL) {
        mibtcp_module_info_words(module_info, out->module_info_words);
    }
    out->offload_state = mibtcp_row_offload_state(row);
    out->udp_flags = mibtcp_row_udp_flags(row);

    mibtcp_endpoint ep;
    bool present = mibtcp_row_local(row, &ep);
    snapshot_endpoint(present, &ep, base, &out->local);
    present = mibtcp_row_remote(row, &ep);
    snapshot_endpoint(present, &ep, base, &out->remote);

    for (size_t i = 0; i < FUZZ_DWORD_FIELD_COUNT; ++i) {
        uint32_t value = 0;
        out->dword_status[i] = mibtcp_row_u32(row, fuzz_dword_fields[i], &value);
        out->dword_value[i] = out->dword_status[i] == MIBTCP_OK ? value : 0;
    }
}

static void require_equal_endpoints(const fuzz_endpoint_snapshot *expected, const fuzz_endpoint_snapshot *actual)
{
    FUZZ_REQUIRE(expected->present == actual->present);
    FUZZ_REQUIRE(expected->family == actual->family);
    FUZZ_REQUIRE(expected->addr_offset == actual->addr_offset);
    FUZZ_REQUIRE(expected->port == actual->port);
    FUZZ_REQUIRE(expected->port_raw == actual->port_raw);
    FUZZ_REQUIRE(expected->scope_id == actual->scope_id);
}

void fuzz_row_snapshot_require_equal(const fuzz_row_snapshot *expected, const fuzz_row_snapshot *actual)
{
    FUZZ_REQUIRE(expected->offset == actual->offset);
    FUZZ_REQUIRE(expected->index == actual->index);
    FUZZ_REQUIRE(expected->kind == actual->kind);
    FUZZ_REQUIRE(expected->state == actual->state);
    FUZZ_REQUIRE(expected->pid == actual->pid);
    FUZZ_REQUIRE(expected->created == actual->created);
    FUZZ_REQUIRE(expected->module_info_offset == actual->module_info_offset);
    for (size_t i = 0; i < 16; ++i) {
        FUZZ_REQUIRE(expected->module_info_words[i] == actual->module_info_words[i]);
    }
    FUZZ_REQUIRE(expected->offload_state == actual->offload_state);
    FUZZ_REQUIRE(expected->udp_flags == actual->udp_flags);
    require_equal_endpoints(&expected->local, &actual->local);
    require_equal_endpoints(&expected->remote, &actual->remote);
    for (size_t i = 0; i < FUZZ_DWORD_FIELD_COUNT; ++i) {
        FUZZ_REQUIRE(expected->dword_status[i] == actual->dword_status[i]);
        FUZZ_REQUIRE(expected->dword_value[i] == actual->dword_value[i]);
    }
}
