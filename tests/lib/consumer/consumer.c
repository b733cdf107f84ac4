/* A program that uses mibtcp the way an embedder would: only the public header,
 * linked however the build under test provides the library. It decodes a
 * hand-made one-row MIB_TCPTABLE and rejects the same bytes cut short; the
 * driver compares what it prints with the expected line. */
#include <stdio.h>

#include "mibtcp.h"

static const unsigned char listener_table[] = {
    0x01, 0x00, 0x00, 0x00, /* dwNumEntries 1 */
    0x02, 0x00, 0x00, 0x00, /* dwState 2 = LISTEN */
    0x7f, 0x00, 0x00, 0x01, /* dwLocalAddr 127.0.0.1 */
    0x1f, 0x90, 0x00, 0x00, /* dwLocalPort 8080, network byte order */
    0x00, 0x00, 0x00, 0x00, /* dwRemoteAddr */
    0x00, 0x00, 0x00, 0x00, /* dwRemotePort */
};

int main(void)
{
    mibtcp_view view;
    mibtcp_error err;
    if (mibtcp_open(&view, listener_table, sizeof listener_table, MIBTCP_KIND_TCP4_BASIC, MIBTCP_POLICY_STRICT, &err) !=
        MIBTCP_OK) {
        fprintf(stderr, "consumer: valid table rejected: %s\n", mibtcp_status_name(err.status));
        return 1;
    }
    const unsigned rows = (unsigned)mibtcp_view_count(&view);
    mibtcp_record rec;
    if (mibtcp_view_record(&view, 0, &rec) != MIBTCP_OK) {
        fprintf(stderr, "consumer: row 0 not readable\n");
        return 1;
    }
    const mibtcp_status truncated = mibtcp_open(&view, listener_table, sizeof listener_table - 1,
                                                MIBTCP_KIND_TCP4_BASIC, MIBTCP_POLICY_LENIENT, &err);
    printf("%s: %u row, %s; cut short: %s\n", mibtcp_kind_name(MIBTCP_KIND_TCP4_BASIC), rows,
           mibtcp_state_name(rec.state), mibtcp_status_name(truncated));
    return 0;
}
