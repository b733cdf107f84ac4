#include "connections/socket_output.h"

#include <string.h>

#include "cli/diagnostics.h"
#include "output/row_text.h"

socket_format socket_format_from_name(const char *name)
{
    return strcmp(name, "jsonl") == 0        ? SOCKETS_JSONL
           : strcmp(name, "csv") == 0        ? SOCKETS_CSV
           : strcmp(name, "timesketch") == 0 ? SOCKETS_TIMESKETCH
           : strcmp(name, "bodyfile") == 0   ? SOCKETS_BODYFILE
                                             : SOCKETS_TEXT;
}

static bool is_tcp(const mibtcp_record *rec)
{
    return record_has(rec, MIBTCP_FIELD_REMOTE_ADDR);
}

static bool iso_time(int64_t filetime, char *iso)
{
    return mibtcp_filetime_to_iso8601(filetime, iso, MIBTCP_ISO8601_SIZE) == MIBTCP_OK;
}

static const char *address_key(address_space space)
{
    return space == ADDRESS_VIRTUAL ? "va" : space == ADDRESS_PHYSICAL ? "pa" : NULL;
}

/* ---- JSON ---- */

static void key(out_writer *w, const char *name)
{
    out_char(w, '"');
    out_str(w, name);
    out_str(w, "\":");
}

static void json_text(out_writer *w, const char *name, const char *value)
{
    key(w, name);
    if (value == NULL) {
        out_str(w, "null");
    } else {
        out_json_string(w, value);
    }
    out_char(w, ',');
}

static void json_u64(out_writer *w, const char *name, uint64_t value)
{
    key(w, name);
    out_u64(w, value);
    out_char(w, ',');
}

static void json_time(out_writer *w, const char *name, bool known, int64_t filetime)
{
    char iso[MIBTCP_ISO8601_SIZE];
    json_text(w, name, known && iso_time(filetime, iso) ? iso : NULL);
}

static void json_endpoint(out_writer *w, const char *side, const mibtcp_endpoint *ep)
{
    char name[32];
    snprintf(name, sizeof name, "%s_addr", side);
    key(w, name);
    out_char(w, '"');
    out_address(w, ep, 0);
    out_str(w, "\",");
    if (ep->family == MIBTCP_FAMILY_IPV6) {
        snprintf(name, sizeof name, "%s_scope_id", side);
        json_u64(w, name, ep->scope_id);
    }
    snprintf(name, sizeof name, "%s_port", side);
    json_u64(w, name, ep->port);
}

static void json_states(out_writer *w, uint32_t states)
{
    key(w, "states");
    out_char(w, '[');
    bool first = true;
    for (uint32_t s = 0; s <= 12; s++) {
        if (states & UINT32_C(1) << s) {
            out_str(w, first ? "\"" : ",\"");
            out_str(w, s == 0 ? "OTHER" : mibtcp_state_name(s));
            out_char(w, '"');
            first = false;
        }
    }
    out_str(w, "],");
}

static void json_kinds(out_writer *w, uint32_t kinds)
{
    key(w, "kinds");
    out_char(w, '[');
    bool first = true;
    for (uint32_t k = 1; k <= mibtcp_kind_count(); k++) {
        if (kinds & UINT32_C(1) << k) {
            out_str(w, first ? "\"" : ",\"");
            out_str(w, mibtcp_kind_name((mibtcp_kind)k));
            out_char(w, '"');
            first = false;
        }
    }
    out_str(w, "],");
}

static void json_seen(out_writer *w, const char *name, const socket_set *set, const sighting *s)
{
    key(w, name);
    out_char(w, '{');
    json_text(w, "input", set->inputs[s->input].name);
    const observed_time *t = sighting_observed(set, s);
    json_time(w, "observed", t->source != OBSERVED_NONE, t->filetime);
    json_text(w, "observed_source", observed_source_name(t->source));
    w->len--; /* the last comma */
    out_str(w, "},");
}

static void json_sighting(out_writer *w, const socket_set *set, const sighting *s)
{
    const input_info *in = &set->inputs[s->input];
    out_char(w, '{');
    json_text(w, "input", in->name);
    json_text(w, "container", in->container);
    json_u64(w, "table_offset", s->table_offset);
    if (address_key(in->space) != NULL) {
        key(w, address_key(in->space));
        out_char(w, '"'); /* an address: may exceed 2^53 */
        out_u64(w, s->table_address);
        out_str(w, "\",");
    }
    json_text(w, "kind", mibtcp_kind_name(s->rec.kind));
    json_u64(w, "row", s->rec.index);
    key(w, "header");
    out_str(w, s->header ? "true," : "false,");
    json_u64(w, "confidence", s->confidence);
    key(w, "evidence");
    out_i64(w, s->evidence / MIBTCP_EVIDENCE_PER_BIT);
    out_char(w, ',');
    if (record_has(&s->rec, MIBTCP_FIELD_STATE)) {
        json_text(w, "state", mibtcp_state_name(s->rec.state));
    }
    if (record_has(&s->rec, MIBTCP_FIELD_PID)) {
        json_u64(w, "pid", s->rec.pid);
    }
    json_text(w, "owner", owner_class(record_has(&s->rec, MIBTCP_FIELD_PID), s->rec.pid));
    const observed_time *t = sighting_observed(set, s);
    json_time(w, "observed", t->source != OBSERVED_NONE, t->filetime);
    w->len--;
    out_char(w, '}');
}

static void json_change(out_writer *w, const socket_change *c)
{
    json_text(w, "change", c->change);
    if (c->has_states) {
        json_text(w, "state_before", mibtcp_state_name(c->state_before));
        json_text(w, "state_after", mibtcp_state_name(c->state_after));
    }
    if (c->has_pids) {
        json_u64(w, "pid_before", c->pid_before);
        json_u64(w, "pid_after", c->pid_after);
    }
}

static void print_jsonl(out_writer *w, const socket_set *set, const socket_view *v, const socket_change *change)
{
    const mibtcp_record *k = v->key;
    out_char(w, '{');
    if (change != NULL) {
        json_change(w, change);
    }
    json_u64(w, "socket", v->number);
    json_text(w, "protocol", socket_protocol(k));
    json_text(w, "family", socket_family(k));
    json_endpoint(w, "local", &k->local);
    if (is_tcp(k)) {
        json_endpoint(w, "remote", &k->remote);
        json_text(w, "state", mibtcp_state_name(v->last_state));
        json_states(w, v->states);
    }
    key(w, "pid");
    if (v->has_pid) {
        out_u64(w, k->pid);
        out_char(w, ',');
    } else {
        out_str(w, "null,");
    }
    json_text(w, "owner", v->owner);
    json_text(w, "process", v->process);
    json_time(w, "process_start", v->has_process_start, v->process_start);
    key(w, "pid_reused");
    out_str(w, !v->pid_reused_known ? "null," : v->pid_reused ? "true," : "false,");
    json_time(w, "created", v->has_created, k->created);
    key(w, "created_filetime");
    if (v->has_created) {
        out_char(w, '"');
        out_i64(w, k->created);
        out_str(w, "\",");
    } else {
        out_str(w, "null,");
    }
    key(w, "service_tag");
    if (v->has_service_tag) {
        char hex[24];
        snprintf(hex, sizeof hex, "\"0x%016llx\",", (unsigned long long)v->service_tag);
        out_str(w, hex);
    } else {
        out_str(w, "null,");
    }
    json_text(w, "service", v->service);
    json_kinds(w, v->kinds);
    json_u64(w, "tables", v->tables);
    json_u64(w, "sighting_count", v->count);
    key(w, "corroborated");
    out_str(w, v->corroborated ? "true," : "false,");
    json_seen(w, "first_seen", set, v->first);
    json_seen(w, "last_seen", set, v->last);
    key(w, "sightings");
    out_char(w, '[');
    for (size_t i = 0; i < v->count; i++) {
        if (i > 0) {
            out_char(w, ',');
        }
        json_sighting(w, set, &v->sightings[i]);
    }
    out_str(w, "]}\n");
}

/* ---- CSV ---- */

static const char csv_columns[] =
    "socket,protocol,family,local_addr,local_scope_id,local_port,remote_addr,remote_scope_id,remote_port,state,"
    "states,pid,owner,process,process_start,pid_reused,created,service_tag,service,tables,sighting_count,"
    "corroborated,input,container,table_offset,table_address,kind,row,header,confidence,evidence,row_state,row_pid,"
    "row_owner,observed";

/* A field quoted when it holds a comma, a quote or a line break (RFC 4180). */
static void csv_text(out_writer *w, const char *s)
{
    if (s == NULL) {
        return;
    }
    if (strpbrk(s, ",\"\r\n") == NULL) {
        out_str(w, s);
        return;
    }
    out_char(w, '"');
    for (; *s != '\0'; s++) {
        if (*s == '"') {
            out_char(w, '"');
        }
        out_char(w, *s);
    }
    out_char(w, '"');
}

static void csv_time(out_writer *w, bool known, int64_t filetime)
{
    char iso[MIBTCP_ISO8601_SIZE];
    if (known && iso_time(filetime, iso)) {
        out_str(w, iso);
    }
}

static void csv_endpoint(out_writer *w, const mibtcp_endpoint *ep, bool present)
{
    if (present) {
        out_address(w, ep, 0);
    }
    out_char(w, ',');
    if (present && ep->family == MIBTCP_FAMILY_IPV6) {
        out_u64(w, ep->scope_id);
    }
    out_char(w, ',');
    if (present) {
        out_u64(w, ep->port);
    }
    out_char(w, ',');
}

static void csv_states(out_writer *w, uint32_t states)
{
    bool first = true;
    for (uint32_t s = 0; s <= 12; s++) {
        if (states & UINT32_C(1) << s) {
            out_str(w, first ? "" : ";");
            out_str(w, s == 0 ? "OTHER" : mibtcp_state_name(s));
            first = false;
        }
    }
}

/* The socket's columns, each followed by its comma. */
static void csv_socket(out_writer *w, const socket_view *v, const socket_change *change)
{
    const mibtcp_record *k = v->key;
    if (change != NULL) {
        out_str(w, change->change);
        out_char(w, ',');
    }
    out_u64(w, v->number);
    out_char(w, ',');
    out_str(w, socket_protocol(k));
    out_char(w, ',');
    out_str(w, socket_family(k));
    out_char(w, ',');
    csv_endpoint(w, &k->local, true);
    csv_endpoint(w, &k->remote, is_tcp(k));
    if (is_tcp(k)) {
        out_str(w, mibtcp_state_name(v->last_state));
        out_char(w, ',');
        csv_states(w, v->states);
    } else {
        out_char(w, ',');
    }
    out_char(w, ',');
    if (v->has_pid) {
        out_u64(w, k->pid);
    }
    out_char(w, ',');
    out_str(w, v->owner);
    out_char(w, ',');
    csv_text(w, v->process);
    out_char(w, ',');
    csv_time(w, v->has_process_start, v->process_start);
    out_char(w, ',');
    out_str(w, !v->pid_reused_known ? "" : v->pid_reused ? "true" : "false");
    out_char(w, ',');
    csv_time(w, v->has_created, k->created);
    out_char(w, ',');
    if (v->has_service_tag) {
        char hex[24];
        snprintf(hex, sizeof hex, "0x%016llx", (unsigned long long)v->service_tag);
        out_str(w, hex);
    }
    out_char(w, ',');
    csv_text(w, v->service);
    out_char(w, ',');
    out_u64(w, v->tables);
    out_char(w, ',');
    out_u64(w, v->count);
    out_str(w, v->corroborated ? ",true," : ",false,");
}

/* The sighting's columns and the line's end. */
static void csv_sighting(out_writer *w, const socket_set *set, const sighting *s)
{
    const input_info *in = &set->inputs[s->input];
    csv_text(w, in->name);
    out_char(w, ',');
    out_str(w, in->container);
    out_char(w, ',');
    out_u64(w, s->table_offset);
    out_char(w, ',');
    if (address_key(in->space) != NULL) {
        out_u64(w, s->table_address);
    }
    out_char(w, ',');
    out_str(w, mibtcp_kind_name(s->rec.kind));
    out_char(w, ',');
    out_u64(w, s->rec.index);
    out_str(w, s->header ? ",true," : ",false,");
    out_u64(w, s->confidence);
    out_char(w, ',');
    out_i64(w, s->evidence / MIBTCP_EVIDENCE_PER_BIT);
    out_char(w, ',');
    if (record_has(&s->rec, MIBTCP_FIELD_STATE)) {
        out_str(w, mibtcp_state_name(s->rec.state));
    }
    out_char(w, ',');
    if (record_has(&s->rec, MIBTCP_FIELD_PID)) {
        out_u64(w, s->rec.pid);
    }
    out_char(w, ',');
    out_str(w, owner_class(record_has(&s->rec, MIBTCP_FIELD_PID), s->rec.pid));
    out_char(w, ',');
    const observed_time *t = sighting_observed(set, s);
    csv_time(w, t->source != OBSERVED_NONE, t->filetime);
    out_str(w, "\r\n");
}

/* A line per sighting, the socket's columns repeated on each. */
static void print_csv(out_writer *w, const socket_set *set, const socket_view *v, const socket_change *change)
{
    for (size_t i = 0; i < v->count; i++) {
        csv_socket(w, v, change);
        csv_sighting(w, set, &v->sightings[i]);
    }
}

/* ---- text ---- */

static void text_pad(out_writer *w, size_t from, size_t width)
{
    const size_t used = w->len - from;
    for (size_t i = used; i < width; i++) {
        out_char(w, ' ');
    }
    out_str(w, "  ");
}

static void print_text(out_writer *w, const socket_set *set, const socket_view *v, const socket_change *change)
{
    const mibtcp_record *k = v->key;
    (void)out_space(w, 512); /* the line's columns stay in the buffer, so their widths can be measured */
    size_t at = w->len;
    if (change != NULL) {
        out_str(w, change->change);
        text_pad(w, at, 7);
        at = w->len;
    }
    out_u64(w, v->number);
    text_pad(w, at, 5);
    at = w->len;
    out_str(w, row_text_proto(k->kind));
    text_pad(w, at, 5);
    at = w->len;
    out_endpoint(w, &k->local);
    text_pad(w, at, 22);
    at = w->len;
    if (is_tcp(k)) {
        out_endpoint(w, &k->remote);
    } else {
        out_str(w, "*:*");
    }
    text_pad(w, at, 22);
    at = w->len;
    if (change != NULL && change->has_states) {
        out_str(w, mibtcp_state_name(change->state_before));
        out_str(w, "->");
        out_str(w, mibtcp_state_name(change->state_after));
    } else if (is_tcp(k)) {
        out_str(w, mibtcp_state_name(v->last_state));
    }
    text_pad(w, at, 11);
    at = w->len;
    if (v->has_pid) {
        out_u64(w, k->pid);
    } else {
        out_char(w, '-');
    }
    text_pad(w, at, 6);
    out_str(w, v->owner);
    if (v->process != NULL) {
        out_char(w, ' ');
        out_str(w, display_name(v->process));
    }
    if (v->pid_reused) {
        out_str(w, " (PID reused)");
    }
    if (v->service != NULL) {
        out_str(w, " service ");
        out_str(w, display_name(v->service));
    }
    char iso[MIBTCP_ISO8601_SIZE];
    if (v->has_created && iso_time(k->created, iso)) {
        out_str(w, " created ");
        out_str(w, iso);
    }
    if (!v->corroborated) {
        out_str(w, v->sightings[0].header
                       ? " (one row, whose endpoints other rows show with another owner: may be damaged)"
                       : " (one orphan row: may be damaged)");
    }
    out_str(w, " seen ");
    out_u64(w, v->count);
    out_str(w, v->count == 1 ? " time in " : " times in ");
    out_u64(w, v->tables);
    out_str(w, v->tables == 1 ? " table\n" : " tables\n");
    for (size_t i = 0; i < v->count; i++) {
        const sighting *s = &v->sightings[i];
        const input_info *in = &set->inputs[s->input];
        out_str(w, "      ");
        out_str(w, display_name(in->name));
        out_str(w, " @");
        char hex[48];
        snprintf(hex, sizeof hex, "%#llx", (unsigned long long)s->table_offset);
        out_str(w, hex);
        if (address_key(in->space) != NULL) {
            snprintf(hex, sizeof hex, " %s %#llx", address_key(in->space), (unsigned long long)s->table_address);
            out_str(w, hex);
        }
        out_char(w, ' ');
        out_str(w, mibtcp_kind_name(s->rec.kind));
        out_str(w, " row ");
        out_u64(w, s->rec.index);
        out_str(w, s->header ? " table " : " orphan ");
        out_u64(w, s->confidence);
        out_char(w, '%');
        if (record_has(&s->rec, MIBTCP_FIELD_STATE)) {
            out_char(w, ' ');
            out_str(w, mibtcp_state_name(s->rec.state));
        }
        out_char(w, '\n');
    }
}

void socket_print_header(out_writer *w, socket_format format, bool diff)
{
    if (format == SOCKETS_CSV) {
        out_str(w, diff ? "change," : "");
        out_str(w, csv_columns);
        out_str(w, "\r\n");
    } else if (format == SOCKETS_TEXT) {
        char line[128];
        snprintf(line, sizeof line, "%s%-7s%-7s%-24s%-24s%-13s%-8s%s\n", diff ? "change   " : "", "#", "proto", "local",
                 "remote", "state", "pid", "owner");
        out_str(w, line);
    }
}

/* What the socket adds to its row's keys on a Timesketch event. */
static void timeline_members(out_writer *w, const void *ctx)
{
    const socket_view *v = ctx;
    json_u64(w, "socket", v->number);
    if (!v->has_pid) { /* with a PID, the row's own keys carry its owner (row_columns.c) */
        json_text(w, "owner", v->owner);
    }
    json_text(w, "process", v->process);
    json_time(w, "process_start", v->has_process_start, v->process_start);
    key(w, "pid_reused");
    out_str(w, !v->pid_reused_known ? "null," : v->pid_reused ? "true," : "false,");
    json_text(w, "service", v->service);
    json_u64(w, "tables", v->tables);
    json_u64(w, "sighting_count", v->count);
    key(w, "corroborated");
    out_str(w, v->corroborated ? "true," : "false,");
}

static bool print_timeline(out_writer *w, socket_format format, const socket_set *set, const socket_view *v)
{
    row_text t = {*v->key};
    t.rec.state = v->last_state;
    const bool capture = strcmp(set->inputs[v->last->input].container, "capture") == 0;
    const timeline_source src = {*sighting_observed(set, v->last),
                                 capture ? "Seen in capture" : "Seen in memory image",
                                 false,
                                 0,
                                 timeline_members,
                                 v};
    return format == SOCKETS_TIMESKETCH ? timeline_write_event(w, &t, &src) : timeline_write_body_line(w, &t, &src);
}

bool socket_print(out_writer *w, socket_format format, const socket_set *set, const socket_view *v,
                  const socket_change *change)
{
    switch (format) {
    case SOCKETS_TIMESKETCH:
    case SOCKETS_BODYFILE: return print_timeline(w, format, set, v);
    case SOCKETS_JSONL: print_jsonl(w, set, v, change); break;
    case SOCKETS_CSV: print_csv(w, set, v, change); break;
    case SOCKETS_TEXT:
    default: print_text(w, set, v, change); break;
    }
    return true;
}
