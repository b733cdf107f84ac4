#include "dump/row_filter.h"

bool row_filter_match(const row_filter *f, const row_text *t)
{
    if (f->states.count > 0) {
        bool any = false;
        for (unsigned i = 0; i < f->states.count && row_text_has(t, MIBTCP_FIELD_STATE); i++) {
            any |= f->states.codes[i] == t->rec.state;
        }
        if (!any) {
            return false;
        }
    }
    if (f->has_pid && (!row_text_has(t, MIBTCP_FIELD_PID) || t->rec.pid != f->pid)) {
        return false;
    }
    const bool has_remote = row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR);
    if (f->has_port && t->rec.local.port != f->port && !(has_remote && t->rec.remote.port == f->port)) {
        return false;
    }
    if (f->has_addr && !addr_filter_matches(&f->addr, &t->rec.local) &&
        !(has_remote && addr_filter_matches(&f->addr, &t->rec.remote))) {
        return false;
    }
    return true;
}
