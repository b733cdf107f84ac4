/* How `connections` and `diff` print sockets: a text table (a line per
 * socket, its sightings indented below), JSON Lines (an object per socket
 * with its sightings in an array) or CSV (a line per sighting, the
 * socket's columns first). Keys and columns: doc/mibtcp.1, CONNECTIONS. */
#ifndef MIBTCP_TOOL_SOCKET_OUTPUT_H
#define MIBTCP_TOOL_SOCKET_OUTPUT_H

#include "connections/socket_view.h"
#include "output/out_writer.h"
#include "output/timeline_row.h"

typedef enum socket_format {
    SOCKETS_TEXT,
    SOCKETS_JSONL,
    SOCKETS_CSV,
    SOCKETS_TIMESKETCH,
    SOCKETS_BODYFILE
} socket_format;

/* diff: what happened to the socket between A and B. */
typedef struct socket_change {
    const char *change; /* "opened", "closed", "changed" */
    bool has_states;    /* changed: its last state in A and in B */
    uint32_t state_before, state_after;
    bool has_pids; /* changed: the PID in A and in B when they differ */
    uint32_t pid_before, pid_after;
} socket_change;

socket_format socket_format_from_name(const char *name);

/* The header line of text and CSV (nothing for JSON Lines); diff's have a change column first. */
void socket_print_header(out_writer *w, socket_format format, bool diff);
/* One socket; change is NULL for connections. The timeline formats
 * (timesketch, bodyfile) give each socket one event through the output
 * layer's timeline code (timeline_row.h), as its key row in its last state
 * at its last observation time: "Socket created" (or "Listener created",
 * "UDP endpoint created") at a plausible creation time, else "Seen in
 * capture" or "Seen in memory image". @return false for a timeline event without any time (counted by
 * the caller: timesketch leaves it out, mactime skips the body line). */
bool socket_print(out_writer *w, socket_format format, const socket_set *set, const socket_view *v,
                  const socket_change *change);

#endif
