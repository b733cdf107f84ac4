/* Value handlers for the things mibtcp's options name (option_table.h):
 * table kinds, TCP states, IP addresses, times and byte ranges. */
#ifndef MIBTCP_TOOL_OPTION_DOMAIN_H
#define MIBTCP_TOOL_OPTION_DOMAIN_H

#include "cli/option_table.h"

#define MAX_STATE_FILTER 16

/* --state NAME[,NAME]: repeated options add to the list. */
typedef struct state_list {
    uint32_t codes[MAX_STATE_FILTER];
    unsigned count;
} state_list;

/* --range START:LENGTH: [start, end), end clamped to 2^64-1. */
typedef struct byte_range {
    uint64_t start, end;
} byte_range;

/* A kind name, case-insensitive, into a mibtcp_kind field. */
bool option_kind(const cli_option *option, const char *value, void *field, option_problem *why);
/* The same, or "auto" (any case): MIBTCP_KIND_UNKNOWN. */
bool option_kind_or_auto(const cli_option *option, const char *value, void *field, option_problem *why);
/* Kind names separated by commas into a uint32_t mask, bit k for kind k; replaces the mask. */
bool option_kind_list(const cli_option *option, const char *value, void *field, option_problem *why);
/* TCP state names separated by commas (mibtcp_state_from_name), appended to a state_list. */
bool option_state_list(const cli_option *option, const char *value, void *field, option_problem *why);
/* An IPv4 or IPv6 address, with an optional %scope, into an addr_filter (addr_parse.h). */
bool option_address(const cli_option *option, const char *value, void *field, option_problem *why);
/* An ISO 8601 time with a zone (observed_time.h) within 1995..2099, into an int64_t FILETIME. */
bool option_time(const cli_option *option, const char *value, void *field, option_problem *why);
/* START:LENGTH, two byte counts, into a byte_range. */
bool option_byte_range(const cli_option *option, const char *value, void *field, option_problem *why);

#endif
