#include "common/carve_part.h"

uint64_t carve_scannable(uint64_t address, uint64_t length)
{
    if (address >= MIBTCP_CARVE_MAX_OFFSET) {
        return 0;
    }
    const uint64_t room = MIBTCP_CARVE_MAX_OFFSET - address;
    return length < room ? length : room;
}

/* Feed [from - CARVE_LOOKBACK, to + CARVE_LOOKAHEAD) of the region, and further
 * while a run that may start a hit before `to` is open. */
mibtcp_status carve_part_scan(void *workspace, size_t workspace_size, const mibtcp_carve_config *config,
                              const carve_part *part, mibtcp_carve_fn fn, void *ctx, carve_part_progress_fn progress,
                              void *progress_ctx)
{
    const uint64_t from = part->from, to = part->to;
    uint64_t at = from > CARVE_LOOKBACK ? from - CARVE_LOOKBACK : 0;
    mibtcp_carver *carver = NULL;
    mibtcp_status status = mibtcp_carve_init(workspace, workspace_size, config, fn, ctx, &carver);
    uint64_t follow = MIBTCP_CARVE_PAGE_SIZE; /* past the lookahead: while a run is open */
    while (status == MIBTCP_OK && at < part->scannable) {
        /* Up to the lookahead, then a page, two, four... while a run is
         * open: a part scans itself and what its runs need, not a whole
         * chunk more (which made every part of a split image scan twice its
         * bytes), and follows a long run in few windows. */
        uint64_t wanted = to + CARVE_LOOKAHEAD - at;
        if (at >= to + CARVE_LOOKAHEAD) {
            wanted = follow;
            follow = follow < CARVE_FEED_CHUNK ? follow * 2 : follow;
        }
        const uint64_t step = wanted < CARVE_FEED_CHUNK ? wanted : CARVE_FEED_CHUNK;
        const uint64_t n = part->scannable - at < step ? part->scannable - at : step;
        status = mibtcp_carve_feed(carver, part->region + at, (size_t)n, part->address + at);
        const uint64_t counted_from = at > from ? at : from, counted_to = at + n < to ? at + n : to;
        if (progress != NULL) {
            progress(progress_ctx, counted_to > counted_from ? counted_to - counted_from : 0);
        }
        at += n;
        uint64_t open = UINT64_MAX;
        if (status == MIBTCP_OK) {
            status = mibtcp_carve_open_from(carver, &open);
        }
        if (at >= to + CARVE_LOOKAHEAD && (open == UINT64_MAX || open - part->address >= to + CARVE_MAX_HEADER_BYTES)) {
            break;
        }
    }
    if (carver != NULL) {
        const mibtcp_status finished = mibtcp_carve_finish(carver);
        status = status == MIBTCP_OK ? finished : status;
    }
    return status;
}
