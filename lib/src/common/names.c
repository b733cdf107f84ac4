/* Everything the library says in words: its version, the names and
 * descriptions of its enums (generated from the same X-macro lists as the
 * enums, so they cannot drift apart), how many values each enum has, and the
 * kind and TCP state names in both directions. Parsing takes (pointer,
 * length) so callers need not NUL-terminate and fuzzers can feed raw bytes. */
#include "mibtcp_fast.h"

const char *mibtcp_version(void)
{
    return MIBTCP_VERSION_STRING;
}

/* Tables indexed by value and sized by the count: a value at or past the
 * count does not compile, and a value given twice trips -Woverride-init
 * (-Wextra), so a list with explicit values stays gap-free. */
#define NAME_(name, value, text) [value] = #name,
#define TEXT_(name, value, text) [value] = text,

static const char *const status_names[MIBTCP_HEADER_STATUS_COUNT] = {MIBTCP_STATUS_LIST(NAME_)};
static const char *const status_texts[MIBTCP_HEADER_STATUS_COUNT] = {MIBTCP_STATUS_LIST(TEXT_)};
static const char *const finding_names[MIBTCP_HEADER_FINDING_COUNT] = {MIBTCP_FINDING_LIST(NAME_)};
static const char *const finding_texts[MIBTCP_HEADER_FINDING_COUNT] = {MIBTCP_FINDING_LIST(TEXT_)};
static const char *const field_names[MIBTCP_HEADER_FIELD_COUNT] = {MIBTCP_FIELD_LIST(TEXT_)};
static const char *const kind_names[MIBTCP_HEADER_KIND_END] = {[MIBTCP_KIND_UNKNOWN] = "unknown",
                                                               MIBTCP_KIND_LIST(TEXT_)};
static const char *const severity_names[] = {"info", "warning", "error"};

#undef NAME_
#undef TEXT_

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

size_t mibtcp_status_count(void)
{
    return MIBTCP_HEADER_STATUS_COUNT;
}

size_t mibtcp_kind_count(void)
{
    return MIBTCP_HEADER_KIND_END - 1;
}

size_t mibtcp_field_count(void)
{
    return MIBTCP_HEADER_FIELD_COUNT;
}

size_t mibtcp_finding_count(void)
{
    return MIBTCP_HEADER_FINDING_COUNT;
}

/* Out-of-range values come from casts of untrusted integers; answer rather than index past the table. */
static const char *lookup(const char *const *table, size_t n, unsigned value)
{
    return value < n ? table[value] : "?";
}

const char *mibtcp_status_name(mibtcp_status status)
{
    return lookup(status_names, COUNT_OF(status_names), (unsigned)status);
}

const char *mibtcp_status_str(mibtcp_status status)
{
    return lookup(status_texts, COUNT_OF(status_texts), (unsigned)status);
}

const char *mibtcp_finding_name(mibtcp_finding_code code)
{
    return lookup(finding_names, COUNT_OF(finding_names), (unsigned)code);
}

const char *mibtcp_finding_str(mibtcp_finding_code code)
{
    return lookup(finding_texts, COUNT_OF(finding_texts), (unsigned)code);
}

const char *mibtcp_field_name(mibtcp_field field)
{
    return lookup(field_names, COUNT_OF(field_names), (unsigned)field);
}

const char *mibtcp_severity_name(mibtcp_severity severity)
{
    return lookup(severity_names, COUNT_OF(severity_names), (unsigned)severity);
}

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

const char *mibtcp_kind_name(mibtcp_kind kind)
{
    if ((unsigned)kind >= (unsigned)MIBTCP_HEADER_KIND_END) {
        return "unknown";
    }
    return kind_names[kind];
}

mibtcp_status mibtcp_kind_from_name(const char *name, size_t len, mibtcp_kind *kind)
{
    if ((name == NULL && len > 0) || kind == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_HEADER_KIND_END; k++) {
        if (name_equals(name, len, kind_names[k])) {
            *kind = (mibtcp_kind)k;
            return MIBTCP_OK;
        }
    }
    return MIBTCP_ERR_UNKNOWN_NAME;
}

/* Index = MIB_TCP_STATE value; RESERVED (100) is handled apart so that no
 * raw state ever indexes this array unchecked (doc/pitfalls.md #7). */
static const char *const state_names[] = {
    "INVALID",   "CLOSED",     "LISTEN",  "SYN_SENT", "SYN_RCVD",  "ESTABLISHED", "FIN_WAIT1",
    "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "DELETE_TCB",
};

bool mibtcp_state_is_valid(uint32_t state)
{
    return mibtcpi_state_ok(state);
}

const char *mibtcp_state_name(uint32_t state)
{
    if (state == MIBTCP_STATE_RESERVED) {
        return "RESERVED";
    }
    return state <= MIBTCPI_STATE_MAX ? state_names[state] : state_names[0];
}

/* The other spellings analysts type: Windows netstat's (LISTENING,
 * SYN_RECEIVED, FIN_WAIT_1, FIN_WAIT_2), Linux netstat's and ss's (SYN_RECV,
 * ESTAB), and the SDK's MIB_TCP_STATE_ prefix. */
static const struct {
    const char *name;
    uint32_t state;
} state_aliases[] = {
    {"LISTENING", 2},  {"SYN_RECEIVED", 4}, {"SYN_RECV", 4}, {"ESTAB", 5},
    {"FIN_WAIT_1", 6}, {"FIN_WAIT_2", 7},   {"DELETE", 12},  {"MIB_TCP_STATE_RESERVED", MIBTCP_STATE_RESERVED},
};

mibtcp_status mibtcp_state_from_name(const char *name, size_t len, uint32_t *state)
{
    if ((name == NULL && len > 0) || state == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    for (uint32_t s = 1; s <= MIBTCPI_STATE_MAX; s++) {
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
