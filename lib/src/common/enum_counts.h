/* How many values each public enum has, for the library's own tables. The
 * public header states no counts (a newer library may know more values than
 * a caller's header); callers ask mibtcp_kind_count() and friends instead.
 * Every list is append-only and gap-free from its first value, which the
 * tables of names.c prove at compile time. */
#ifndef MIBTCP_ENUM_COUNTS_H
#define MIBTCP_ENUM_COUNTS_H

#include "mibtcp.h"

#define MIBTCPI_PLUS_ONE_(name, value, text) +1

enum {
    MIBTCPI_STATUS_COUNT = 0 MIBTCP_STATUS_LIST(MIBTCPI_PLUS_ONE_),
    /* Kinds start at 1 (0 is MIBTCP_KIND_UNKNOWN): one past the last kind. */
    MIBTCPI_KIND_END = 1 MIBTCP_KIND_LIST(MIBTCPI_PLUS_ONE_),
    MIBTCPI_FIELD_COUNT = 0 MIBTCP_FIELD_LIST(MIBTCPI_PLUS_ONE_),
    MIBTCPI_FINDING_COUNT = 0 MIBTCP_FINDING_LIST(MIBTCPI_PLUS_ONE_)
};

#endif
