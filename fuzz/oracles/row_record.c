#include "oracles/row_record.h"

#include <string.h>

#include "support/invariant.h"

void fuzz_record_read(const mibtcp_row *row, mibtcp_record *out)
{
    FUZZ_REQUIRE(mibtcp_row_read(row, out, sizeof *out) == MIBTCP_OK);
}

static void require_equal_endpoints(const mibtcp_endpoint *expected, const mibtcp_endpoint *actual)
{
    FUZZ_REQUIRE(expected->family == actual->family);
    FUZZ_REQUIRE(memcmp(expected->addr, actual->addr, sizeof expected->addr) == 0);
    FUZZ_REQUIRE(expected->port == actual->port);
    FUZZ_REQUIRE(expected->port_raw == actual->port_raw);
    FUZZ_REQUIRE(expected->scope_id == actual->scope_id);
}

void fuzz_record_require_equal(const mibtcp_record *expected, const mibtcp_record *actual)
{
    FUZZ_REQUIRE(expected->kind == actual->kind);
    FUZZ_REQUIRE(expected->index == actual->index);
    FUZZ_REQUIRE(expected->offset == actual->offset);
    FUZZ_REQUIRE(expected->present == actual->present);
    FUZZ_REQUIRE(expected->state == actual->state);
    require_equal_endpoints(&expected->local, &actual->local);
    require_equal_endpoints(&expected->remote, &actual->remote);
    FUZZ_REQUIRE(expected->pid == actual->pid);
    FUZZ_REQUIRE(expected->offload_state == actual->offload_state);
    FUZZ_REQUIRE(expected->flags == actual->flags);
    FUZZ_REQUIRE(expected->created == actual->created);
    FUZZ_REQUIRE(memcmp(expected->module_info, actual->module_info, sizeof expected->module_info) == 0);
}

static bool has(const mibtcp_record *rec, mibtcp_field field)
{
    return (rec->present & MIBTCP_FIELD_BIT(field)) != 0;
}

/* The DWORD fields mibtcp_row_u32() reads, with the record's value of each. */
static uint32_t record_dword(const mibtcp_record *rec, mibtcp_field field)
{
    switch (field) {
    case MIBTCP_FIELD_STATE:
        return rec->state;
    case MIBTCP_FIELD_LOCAL_SCOPE_ID:
        return rec->local.scope_id;
    case MIBTCP_FIELD_LOCAL_PORT:
        return rec->local.port_raw;
    case MIBTCP_FIELD_REMOTE_SCOPE_ID:
        return rec->remote.scope_id;
    case MIBTCP_FIELD_REMOTE_PORT:
        return rec->remote.port_raw;
    case MIBTCP_FIELD_PID:
        return rec->pid;
    case MIBTCP_FIELD_OFFLOAD_STATE:
        return rec->offload_state;
    default:
        return rec->flags;
    }
}

static const mibtcp_field dword_fields[] = {
    MIBTCP_FIELD_STATE,       MIBTCP_FIELD_LOCAL_SCOPE_ID, MIBTCP_FIELD_LOCAL_PORT,    MIBTCP_FIELD_REMOTE_SCOPE_ID,
    MIBTCP_FIELD_REMOTE_PORT, MIBTCP_FIELD_PID,            MIBTCP_FIELD_OFFLOAD_STATE, MIBTCP_FIELD_FLAGS,
};

void fuzz_record_require_accessors_agree(const mibtcp_row *row, const mibtcp_record *rec)
{
    FUZZ_REQUIRE(rec->kind == row->kind && rec->index == row->index && rec->offset == row->offset);
    FUZZ_REQUIRE(mibtcp_row_state(row) == rec->state);
    FUZZ_REQUIRE(mibtcp_row_pid(row) == rec->pid);
    FUZZ_REQUIRE(mibtcp_row_created(row) == rec->created);
    FUZZ_REQUIRE(mibtcp_row_offload_state(row) == rec->offload_state);
    FUZZ_REQUIRE(mibtcp_row_udp_flags(row) == rec->flags);
    const uint8_t *module_info = mibtcp_row_module_info(row);
    FUZZ_REQUIRE((module_info != NULL) == has(rec, MIBTCP_FIELD_MODULE_INFO));
    uint64_t words[16], record_words[16];
    mibtcp_module_info_words(module_info, words);
    mibtcp_module_info_words(rec->module_info, record_words);
    for (size_t i = 0; i < 16; ++i) {
        FUZZ_REQUIRE(words[i] == (module_info != NULL ? record_words[i] : 0));
    }

    mibtcp_endpoint ep;
    FUZZ_REQUIRE(mibtcp_row_local(row, &ep) == has(rec, MIBTCP_FIELD_LOCAL_ADDR));
    require_equal_endpoints(&rec->local, &ep);
    FUZZ_REQUIRE(mibtcp_row_remote(row, &ep) == has(rec, MIBTCP_FIELD_REMOTE_ADDR));
    require_equal_endpoints(&rec->remote, &ep);

    for (size_t i = 0; i < sizeof dword_fields / sizeof dword_fields[0]; ++i) {
        uint32_t value = 0;
        const mibtcp_status status = mibtcp_row_u32(row, dword_fields[i], &value);
        FUZZ_REQUIRE(status == (has(rec, dword_fields[i]) ? MIBTCP_OK : MIBTCP_ERR_NO_SUCH_FIELD));
        FUZZ_REQUIRE(status != MIBTCP_OK || value == record_dword(rec, dword_fields[i]));
    }
}
