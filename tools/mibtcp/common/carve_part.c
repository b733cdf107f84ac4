#include "common/carve_part.h"

uint64_t carve_scannable(uint64_t address, uint64_t length)
{
    if (address >= MIBTCP_CARVE_MAX_OFFSET) {
        return 0;
    }
    const uint64_t room = MIBTCP_CARVE_MAX_OFFSET - address;
    return length < room ? length : room;
}

/* Feed the region's bytes [start, end) to the carver, a chunk at a time. */
static mibtcp_status feed_range(mibtcp_carver *carver, const carve_part *part, uint64_t start, uint64_t end)
{
    mibtcp_status status = MIBTCP_OK;
    for (uint64_t at = start; status == MIBTCP_OK && at < end;) {
        const uint64_t n = end - at < CARVE_FEED_CHUNK ? end - at : CARVE_FEED_CHUNK;
        status = mibtcp_carve_feed(carver, part->region + at, (size_t)n, part->address + at);
        at += n;
    }
    return status;
}

/* Start a carver far enough before the part that every run still open where
 * the part starts is seen from its true first row, with the row and the
 * count before it: the carver's state there is then the state of one pass
 * over the whole region, and so are its hits in the part. A run cut by the
 * scan's start would note other counts (those of its "first" rows) and weigh
 * the rows before a count differently, and could head a table the whole
 * pass never reports. So: read CARVE_LOOKBACK bytes before the part; while a
 * run open at the part's start began within CARVE_LOOKBACK of where the scan
 * began (it may have begun earlier), start four times further back, up to
 * CARVE_MAX_LOOKBACK (a run longer than that, a million rows of the widest
 * kind, is out of reach). @return the carver, fed up to part->from. */
static mibtcp_status start_exact(void *workspace, size_t workspace_size, const mibtcp_carve_config *config,
                                 const carve_part *part, mibtcp_carve_fn fn, void *ctx, mibtcp_carver **carver)
{
    const uint64_t from = part->from < part->scannable ? part->from : part->scannable;
    for (uint64_t lookback = CARVE_LOOKBACK;; lookback *= 4) {
        const uint64_t start = from > lookback ? from - lookback : 0;
        mibtcp_status status = mibtcp_carve_init(workspace, workspace_size, config, fn, ctx, carver);
        if (status == MIBTCP_OK) {
            status = feed_range(*carver, part, start, from);
        }
        uint64_t open = UINT64_MAX;
        if (status == MIBTCP_OK) {
            status = mibtcp_carve_open_from(*carver, &open);
        }
        const bool exact = start == 0 || open == UINT64_MAX || open - part->address >= start + CARVE_LOOKBACK;
        if (status != MIBTCP_OK || exact || lookback >= CARVE_MAX_LOOKBACK) {
            return status;
        }
    }
}

/* Feed the part and, past its end, what its runs need: up to
 * CARVE_LOOKAHEAD, and further while a run that may start a hit before `to`
 * is open. */
mibtcp_status carve_part_scan(void *workspace, size_t workspace_size, const mibtcp_carve_config *config,
                              const carve_part *part, mibtcp_carve_fn fn, void *ctx, carve_part_progress_fn progress,
                              void *progress_ctx)
{
    const uint64_t from = part->from, to = part->to;
    uint64_t at = from < part->scannable ? from : part->scannable;
    mibtcp_carver *carver = NULL;
    mibtcp_status status = start_exact(workspace, workspace_size, config, part, fn, ctx, &carver);
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
