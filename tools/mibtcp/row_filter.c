#include <string.h>

#include "row_filter.h"

/* An address filter with a '%' compares with the scoped form, so
 * "fe80::1%7" picks one interface and "fe80::1" any. */
static bool addr_matches(const char *want, const mibtcp_endpoint *ep, const char *plain)
{
    if (strchr(want, '%') == NULL) {
        return strcmp(want, plain) == 0;
    }
    char scoped[MIBTCP_ADDR_STR_SIZE];
    return mibtcp_format_addr(ep, MIBTCP_FORMAT_SCOPE, scoped, sizeof scoped) == MIBTCP_OK &&
           strcmp(want, scoped) == 0;
}

bool row_filter_match(const row_filter *f, const row_text *t)
{
    if (f->state_count > 0) {
        bool any = false;
        for (unsigned i = 0; i < f->state_count && row_text_has(t, MIBTCP_FIELD_STATE); i++) {
            any |= f->states[i] == t->rec.state;
        }
        if (!any) {
            return false;
        }
    }
    if (f->has_pid && (!row_text_has(t, MIBTCP_FIELD_PID) || t->rec.pid != f->pid)) {
        return false;
    }
    if (f->has_port && t->rec.local.port != f->port &&
        !(row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR) && t->rec.remote.port == f->port)) {
        return false;
    }
    if (f->addr != NULL && !addr_matches(f->addr, &t->rec.local, t->local_addr) &&
        !(row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR) && addr_matches(f->addr, &t->rec.remote, t->remote_addr))) {
        return false;
    }
    return true;
}
