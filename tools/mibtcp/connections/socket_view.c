#include "connections/socket_view.h"

#include <string.h>

#include "output/row_text.h"

const char *socket_protocol(const mibtcp_record *rec)
{
    return record_has(rec, MIBTCP_FIELD_REMOTE_ADDR) ? "TCP" : "UDP";
}

const char *socket_family(const mibtcp_record *rec)
{
    return rec->local.family == MIBTCP_FAMILY_IPV6 ? "ipv6" : "ipv4";
}

const observed_time *sighting_observed(const socket_set *set, const sighting *s)
{
    return &set->inputs[s->input].observed;
}

/* How many parts of the key a row has: PID, creation time. */
static int key_fields(const mibtcp_record *rec)
{
    return (int)record_has(rec, MIBTCP_FIELD_PID) + (int)record_has(rec, MIBTCP_FIELD_CREATED);
}

/* Earlier: a known observation time before an unknown one, then the
 * earlier time, then the earlier input. */
static bool seen_before(const socket_set *set, const sighting *a, const sighting *b)
{
    const observed_time *x = sighting_observed(set, a), *y = sighting_observed(set, b);
    const bool known_x = x->source != OBSERVED_NONE, known_y = y->source != OBSERVED_NONE;
    if (known_x != known_y) {
        return known_x;
    }
    if (known_x && x->filetime != y->filetime) {
        return x->filetime < y->filetime;
    }
    return a->input < b->input;
}

static uint64_t load_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static void name_owner(const owner_lists *owners, socket_view *v)
{
    v->owner = owner_class(v->has_pid, v->key->pid);
    if (owners->processes != NULL && v->has_pid) {
        size_t first;
        v->process_matches = process_list_find(owners->processes, v->key->pid, &first);
        bool reused, ambiguous;
        const long owner =
            process_list_owner(owners->processes, v->key->pid, v->has_created, v->key->created, &reused, &ambiguous);
        if (owner >= 0) {
            const process_entry *e = &owners->processes->entries[owner];
            v->process = owners->processes->names + e->name;
            v->has_process_start = e->has_start;
            v->process_start = e->start;
        }
        v->pid_reused = reused;
        v->pid_reused_known = reused || (owner >= 0 && v->has_created && v->has_process_start);
    }
    if (owners->services != NULL && v->has_service_tag) {
        v->service = service_map_name(owners->services, v->service_tag);
    }
}

void socket_view_make(const socket_set *set, size_t socket, const owner_lists *owners, socket_view *v)
{
    memset(v, 0, sizeof *v);
    v->number = socket;
    v->sightings = socket_first(set, socket);
    v->count = socket_sightings(set, socket);
    v->key = &v->sightings[0].rec;
    v->first = v->last = &v->sightings[0];
    for (size_t i = 0; i < v->count; i++) {
        const sighting *s = &v->sightings[i];
        if (key_fields(&s->rec) > key_fields(v->key)) {
            v->key = &s->rec;
        }
        if (record_has(&s->rec, MIBTCP_FIELD_STATE)) {
            v->states |= s->rec.state >= 1 && s->rec.state <= 12 ? UINT32_C(1) << s->rec.state : 1u;
        }
        v->kinds |= UINT32_C(1) << s->rec.kind;
        /* sorted by input, then table: a new table starts where either changes */
        v->tables += i == 0 || s->input != s[-1].input || s->table_offset != s[-1].table_offset;
        v->corroborated |= s->header && !s->contested;
        if (seen_before(set, s, v->first)) {
            v->first = s;
        }
        if (!seen_before(set, s, v->last)) {
            v->last = s;
        }
        if (record_has(&s->rec, MIBTCP_FIELD_MODULE_INFO) && !v->has_service_tag) {
            v->service_tag = load_le64(s->rec.module_info);
            v->has_service_tag = v->service_tag != 0;
        }
    }
    v->corroborated |= v->tables > 1;
    v->last_state = v->last->rec.state;
    v->has_pid = record_has(v->key, MIBTCP_FIELD_PID);
    v->has_created = record_has(v->key, MIBTCP_FIELD_CREATED);
    name_owner(owners, v);
}
