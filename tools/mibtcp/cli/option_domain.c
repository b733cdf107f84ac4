#include <string.h>

#include "cli/option_domain.h"
#include "cli/option_values.h"
#include "common/addr_parse.h"
#include "common/observed_time.h"
#include "mibtcp.h"

static bool refuse(option_problem *why, const char *text)
{
    snprintf(why->text, sizeof why->text, "%s", text);
    return false;
}

bool option_kind(const cli_option *option, const char *value, void *field, option_problem *why)
{
    mibtcp_kind kind;
    if (mibtcp_kind_from_name(value, strlen(value), &kind) != MIBTCP_OK) {
        return refuse(why, "needs a table kind");
    }
    option_store_uint(field, option->field_size, (uint64_t)kind);
    return true;
}

/* "auto", in any case, like kind names. */
static bool is_auto(const char *kind)
{
    return (kind[0] | 0x20) == 'a' && (kind[1] | 0x20) == 'u' && (kind[2] | 0x20) == 't' && (kind[3] | 0x20) == 'o' &&
           kind[4] == '\0';
}

bool option_kind_or_auto(const cli_option *option, const char *value, void *field, option_problem *why)
{
    if (is_auto(value)) {
        option_store_uint(field, option->field_size, MIBTCP_KIND_UNKNOWN);
        return true;
    }
    return option_kind(option, value, field, why) || refuse(why, "needs a table kind or auto");
}

/* Calls each(name, len) for every comma-separated item; stops at the first false. */
static bool each_item(const char *list, bool (*each)(const char *name, size_t len, void *ctx), void *ctx)
{
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        const size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (!each(p, len, ctx)) {
            return false;
        }
        if (comma == NULL) {
            return true;
        }
        p = comma + 1;
    }
}

static bool add_kind(const char *name, size_t len, void *ctx)
{
    mibtcp_kind kind;
    if (mibtcp_kind_from_name(name, len, &kind) != MIBTCP_OK) {
        return false;
    }
    *(uint32_t *)ctx |= UINT32_C(1) << kind;
    return true;
}

bool option_kind_list(const cli_option *option, const char *value, void *field, option_problem *why)
{
    (void)option;
    uint32_t kinds = 0;
    if (!each_item(value, add_kind, &kinds)) {
        return refuse(why, "needs table kinds separated by commas");
    }
    memcpy(field, &kinds, sizeof kinds);
    return true;
}

typedef struct state_adding {
    state_list *list;
    option_problem *why;
} state_adding;

static bool add_state(const char *name, size_t len, void *ctx)
{
    state_adding *a = ctx;
    if (len == 0 && name[0] == '\0' && a->list->count > 0) {
        return true; /* "LISTEN," and an empty --state after a given one add nothing */
    }
    if (len == 0) {
        return refuse(a->why, "needs a state name");
    }
    if (a->list->count == MAX_STATE_FILTER) {
        snprintf(a->why->text, sizeof a->why->text, "takes at most %d states", MAX_STATE_FILTER);
        return false;
    }
    if (mibtcp_state_from_name(name, len, &a->list->codes[a->list->count]) != MIBTCP_OK) {
        snprintf(a->why->text, sizeof a->why->text, "has no TCP state named '%.*s'", (int)(len < 64 ? len : 64), name);
        return false;
    }
    a->list->count++;
    return true;
}

bool option_state_list(const cli_option *option, const char *value, void *field, option_problem *why)
{
    (void)option;
    state_adding adding = {field, why};
    return each_item(value, add_state, &adding);
}

bool option_address(const cli_option *option, const char *value, void *field, option_problem *why)
{
    (void)option;
    return addr_parse(value, field) || refuse(why, "needs an IPv4 or IPv6 address");
}

bool option_time(const cli_option *option, const char *value, void *field, option_problem *why)
{
    (void)option;
    int64_t filetime;
    if (!observed_time_parse(value, &filetime)) {
        return refuse(why, "needs an ISO 8601 UTC time, e.g. 2024-05-01T12:00:00Z");
    }
    if (!filetime_plausible(filetime)) {
        return refuse(why, "must lie in 1995..2099");
    }
    memcpy(field, &filetime, sizeof filetime);
    return true;
}

bool option_byte_range(const cli_option *option, const char *value, void *field, option_problem *why)
{
    (void)option;
    const char *colon = strchr(value, ':');
    char start_text[32];
    byte_range range;
    uint64_t length;
    if (colon == NULL || (size_t)(colon - value) >= sizeof start_text) {
        return refuse(why, "needs START:LENGTH");
    }
    memcpy(start_text, value, (size_t)(colon - value));
    start_text[colon - value] = '\0';
    if (!option_parse_u64(start_text, UINT64_MAX, &range.start) || !option_parse_u64(colon + 1, UINT64_MAX, &length)) {
        return refuse(why, "needs START:LENGTH (decimal or 0x hex byte counts)");
    }
    range.end = length > UINT64_MAX - range.start ? UINT64_MAX : range.start + length;
    memcpy(field, &range, sizeof range);
    return true;
}
