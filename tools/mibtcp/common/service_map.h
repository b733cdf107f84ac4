/* `--services FILE`: service tags (OwningModuleInfo[0] of module rows) to
 * service names, one "tag,name" per line (CSV; a first line "tag,name" is
 * a header). Tags are decimal or 0x hexadecimal 64-bit numbers. Pure. */
#ifndef MIBTCP_TOOL_SERVICE_MAP_H
#define MIBTCP_TOOL_SERVICE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct service_entry {
    uint64_t tag;
    size_t name; /* offset of its NUL-terminated name in service_map.names */
} service_entry;

typedef struct service_map {
    service_entry *entries; /* by tag */
    size_t count;
    char *names;
} service_map;

/* @return false with *line (from 1) and *message on a malformed line, a
 * tag given twice with different names, or when out of memory. */
bool service_map_parse(const char *text, size_t len, service_map *out, size_t *line, const char **message);
void service_map_free(service_map *map);

/* The name of @p tag, or NULL. */
const char *service_map_name(const service_map *map, uint64_t tag);

#endif
