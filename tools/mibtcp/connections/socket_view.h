/* What a socket's sightings say together, as every output format prints
 * it: its key, the states seen, when it was seen first and last, how many
 * tables showed it, its owner (class, process, PID reuse) and service. */
#ifndef MIBTCP_TOOL_SOCKET_VIEW_H
#define MIBTCP_TOOL_SOCKET_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/process_list.h"
#include "common/service_map.h"
#include "connections/sockets.h"

/* What the analyst gave to name owners: either may be NULL. */
typedef struct owner_lists {
    const process_list *processes;
    const service_map *services;
} owner_lists;

typedef struct socket_view {
    size_t number;
    const sighting *sightings;
    size_t count;
    const mibtcp_record *key; /* the sighting with the most of the key (PID, creation time) */
    bool has_pid, has_created;
    uint32_t states;              /* bit s for each TCP state s seen (1..12); bit 0: any other value */
    uint32_t last_state;          /* of the last sighting */
    uint32_t kinds;               /* bit k for each kind it was seen in */
    size_t tables;                /* distinct tables (input and offset) that showed it */
    bool corroborated;            /* seen in a table with its count, or in more than one table; else one
                             row alone shows it, whose bytes a heap may have written over: an orphan
                             run's, or one whose endpoints a socket seen in more rows shows with
                             another owner (contested) */
    const sighting *first, *last; /* by observation time, then input order */
    bool has_service_tag;
    uint64_t service_tag; /* OwningModuleInfo[0] of its module rows (the first non-zero) */
    const char *owner;    /* "idle" (PID 0), "system" (PID 4), "process", "unknown" (no PID) */
    const char *process;  /* the owner's name in --processes, or NULL */
    bool has_process_start;
    int64_t process_start;
    bool pid_reused_known, pid_reused; /* known: a creation time and start times to compare */
    size_t process_matches;            /* processes with its PID in --processes */
    const char *service;               /* the tag's name in --services, or NULL */
} socket_view;

void socket_view_make(const socket_set *set, size_t socket, const owner_lists *owners, socket_view *v);

/* "TCP" or "UDP", and "ipv4" or "ipv6". */
const char *socket_protocol(const mibtcp_record *rec);
const char *socket_family(const mibtcp_record *rec);

/* A sighting's observation time, from its input. */
const observed_time *sighting_observed(const socket_set *set, const sighting *s);

#endif
