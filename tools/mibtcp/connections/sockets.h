/* Rows of many tables merged into sockets. Every decoded row is a sighting;
 * sightings with the same protocol, family, local and remote endpoint
 * (address, scope, port), PID and creation time are one socket. A row of a
 * kind without a PID or a creation time (basic, PID, row2 kinds) joins the
 * one socket that agrees with everything it has; when none or several do,
 * it stays a socket of its own: an uncertain row is never attributed to one
 * of several owners. Rows with the same endpoints and PID but different
 * creation times are separate sockets. States are not part of the key. */
#ifndef MIBTCP_TOOL_SOCKETS_H
#define MIBTCP_TOOL_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/kind_layout.h"
#include "common/observed_time.h"
#include "input/image_container.h"
#include "mibtcp.h"
#include "scan/input_tables.h"

typedef struct sighting {
    mibtcp_record rec;
    size_t input;           /* index into socket_set.inputs */
    uint64_t table_offset;  /* file offset of the table's dwNumEntries, or of an orphan run's first row */
    uint64_t table_address; /* the same in the input's address space (minidump va, LiME pa) */
    uint32_t confidence;    /* the carver's (or detection's) percent for the table */
    int32_t evidence;       /* the row's own evidence (mibtcp_row_evidence()), MIBTCP_EVIDENCE_PER_BIT units */
    bool header;            /* the table's dwNumEntries counts its rows; false: an orphan run */
    bool contested;         /* after sockets_merge(): the one row of a socket whose endpoints another
                               socket, seen in more rows, shows with another owner */
    size_t socket;          /* after sockets_merge(): the socket's number, from 0 */
} sighting;

typedef struct input_info {
    char *name;
    const char *container; /* "raw", "minidump", "lime", "capture" */
    address_space space;
    observed_time observed;
    unsigned side; /* diff: 0 for A, 1 for B */
} input_info;

typedef struct socket_set {
    input_info *inputs;
    size_t input_count, input_capacity;
    sighting *sightings;
    size_t count, capacity;
    /* after sockets_merge(): sightings sorted by socket, socket i is
     * sightings[starts[i]] .. sightings[starts[i + 1] - 1] */
    size_t *starts;
    size_t socket_count;
    uint64_t undecoded; /* rows of found tables the library would not decode (said on stderr) */
    bool out_of_memory;
} socket_set;

void socket_set_init(socket_set *set);
void socket_set_free(socket_set *set);

/* Record an input and decode every table found in it into sightings.
 * @return false when out of memory (said on stderr). */
bool socket_set_add(socket_set *set, const char *command, const input_source *src, const carve_results *found,
                    unsigned side);

/* Group the sightings into sockets (see above). @return false when out of memory. */
bool sockets_merge(socket_set *set);

/* The sightings of socket i. */
static inline const sighting *socket_first(const socket_set *set, size_t i)
{
    return &set->sightings[set->starts[i]];
}
static inline size_t socket_sightings(const socket_set *set, size_t i)
{
    return set->starts[i + 1] - set->starts[i];
}

/* Whether two rows have the same protocol, family and endpoints. */
bool sighting_same_endpoints(const mibtcp_record *a, const mibtcp_record *b);
/* Order of protocol, family, local, remote endpoint: 0 when the same. */
int sighting_compare_endpoints(const mibtcp_record *a, const mibtcp_record *b);

#endif
