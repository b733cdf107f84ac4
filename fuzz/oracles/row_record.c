#include "oracles/row_record.h"

#include <string.h>

#include "support/invariant.h"

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
