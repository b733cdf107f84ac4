/* Kind and TCP state names, both directions. Parsing takes (pointer, length)
 * so callers need not NUL-terminate and fuzzers can feed raw bytes. */
#include "mibtcp.h"

/* ASCII-only case folding; '-' and '_' are interchangeable so that both
 * "SYN-SENT" (RFC 793) and "SYN_SENT" (the SDK) parse. */
static int fold(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A' + 'a';
    }
    return c == '-' ? '_' : c;
}

static bool name_equals(const char *name, size_t len, const char *canonical)
{
    size_t i = 0;
    for (; i < len; i++) {
        if (canonical[i] == '\0' || fold(name[i]) != fold(canonical[i])) {
            return false;
        }
    }
    return canonical[i] == '\0';
}

static const char *const kind_names[MIBTCP_KIND_COUNT_] = {
    [MIBTCP_KIND_UNKNOWN] = "unknown",
#define KIND_NAME_(name, text) [MIBTCP_KIND_##name] = text,
    MIBTCP_KIND_LIST(KIND_NAME_)
#undef KIND_NAME_
};

const char *mibtcp_kind_name(mibtcp_kind kind)
{
    if ((unsigned)kind >= (unsigned)MIBTCP_KIND_COUNT_) {
        return "unknown";
    }
    return kind_names[kind];
}

mibtcp_status mibtcp_kind_from_name(const char *name, size_t len, mibtcp_kind *kind)
{
    if ((name == NULL && len > 0) || kind == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_KIND_COUNT_; k++) {
        if (name_equals(name, len, kind_names[k])) {
            *kind = (mibtcp_kind)k;
            return MIBTCP_OK;
        }
    }
    return MIBTCP_ERR_UNKNOWN_NAME;
}

/* Index = MIB_TCP_STATE value; RESERVED (100) is handled apart so that no
 * raw state ever indexes this array unchecked (PITFALLS.md #7). */
static const char *const state_names[] = {
    "INVALID",  "CLOSED",     "LISTEN",  "SYN_SENT", "SYN_RCVD",  "ESTABLISHED", "FIN_WAIT1",
    "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "DELETE_TCB",
};
#define STATE_MAX 12u

bool mibtcp_state_is_valid(uint32_t state)
{
    return (state >= 1 && state <= STATE_MAX) || state == MIBTCP_STATE_RESERVED;
}

const char *mibtcp_state_name(uint32_t state)
{
    if (state == MIBTCP_STATE_RESERVED) {
        return "RESERVED";
    }
    return state <= STATE_MAX ? state_names[state] : state_names[0];
}

static const struct {
    const char *name;
    uint32_t state;
} state_aliases[] = {
    {"ESTAB", 5},     {"SYN_RECEIVED", 4}, {"FIN_WAIT_1", 6},
    {"FIN_WAIT_2", 7}, {"DELETE", 12},     {"MIB_TCP_STATE_RESERVED", MIBTCP_STATE_RESERVED},
};

mibtcp_status mibtcp_state_from_name(const char *name, size_t len, uint32_t *state)
{
    if ((name == NULL && len > 0) || state == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    for (uint32_t s = 1; s <= STATE_MAX; s++) {
        if (name_equals(name, len, state_names[s])) {
            *state = s;
            return MIBTCP_OK;
        }
    }
    if (name_equals(name, len, "RESERVED")) {
        *state = MIBTCP_STATE_RESERVED;
        return MIBTCP_OK;
    }
    for (size_t i = 0; i < sizeof state_aliases / sizeof state_aliases[0]; i++) {
        if (name_equals(name, len, state_aliases[i].name)) {
            *state = state_aliases[i].state;
            return MIBTCP_OK;
        }
    }
    return MIBTCP_ERR_UNKNOWN_NAME;
}
