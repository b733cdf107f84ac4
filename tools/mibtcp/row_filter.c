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
        for (unsigned i = 0; i < f->state_count && t->has_state; i++) {
            any |= f->states[i] == t->state;
        }
        if (!any) {
            return false;
        }
    }
    if (f->has_pid && (!t->has_pid || t->pid != f->pid)) {
        return false;
    }
    if (f->has_port && t->local.port != f->port && !(t->has_remote && t->remote.port == f->port)) {
        return false;
    }
    if (f->addr != NULL && !addr_matches(f->addr, &t->local, t->local_addr) &&
        !(t->has_remote && addr_matches(f->addr, &t->remote, t->remote_addr))) {
        return false;
    }
    return true;
}
