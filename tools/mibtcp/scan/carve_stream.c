#include "scan/carve_stream.h"

#include <stdlib.h>
#include <string.h>

/* Metadata a minidump keeps before its first memory range; a stream whose
 * memory lists lie further in is not read (a file is mapped instead). */
#define MINIDUMP_METADATA_MAX (UINT64_C(64) << 20)

/* The stream, with the bytes read ahead to tell the container by its magic. */
typedef struct reader {
    FILE *in;
    uint64_t pos; /* bytes handed out so far */
    uint8_t ahead[4];
    size_t ahead_len, ahead_at;
} reader;

static size_t reader_read(reader *r, uint8_t *dst, size_t n)
{
    size_t got = 0;
    while (got < n && r->ahead_at < r->ahead_len) {
        dst[got++] = r->ahead[r->ahead_at++];
    }
    got += fread(dst + got, 1, n - got, r->in);
    r->pos += got;
    return got;
}

typedef struct stream_state {
    bool refused; /* the carver refused a window: a bug, reported as such */
    uint8_t *buf; /* bytes [kept_from, kept_from + len) of the region, in the carver's offsets */
    size_t len, capacity;
    uint64_t kept_from;
    uint64_t from, to;          /* file offsets whose hits are reported */
    const image_region *region; /* NULL: raw, the carver's offsets are file offsets */
    carve_results *out;
} stream_state;

static bool collect_streamed(void *ctx, const mibtcp_carve_hit *hit)
{
    stream_state *s = ctx;
    const image_region *r = s->region;
    const uint64_t file_offset = r == NULL ? hit->offset : r->file_offset + (hit->offset - r->address);
    if (file_offset < s->from || file_offset >= s->to) {
        return true;
    }
    /* The run's bytes are still held: nothing before an open run is dropped. */
    uint8_t *copy = malloc(hit->length > 0 ? (size_t)hit->length : 1);
    if (copy == NULL) {
        s->out->out_of_memory = true;
        return false;
    }
    memcpy(copy, s->buf + (hit->offset - s->kept_from), (size_t)hit->length);
    const carve_found f = {*hit, file_offset, r != NULL, copy, copy};
    if (!carve_results_push(s->out, &f)) {
        free(copy);
        return false;
    }
    return true;
}

/* Drop what no run still open (nor the scanner's own carry) can need. */
static void drop_consumed(stream_state *s, const mibtcp_carver *carver, uint64_t end)
{
    uint64_t open = UINT64_MAX;
    s->refused |= mibtcp_carve_open_from(carver, &open) != MIBTCP_OK;
    uint64_t keep = end > CARVE_LOOKBACK ? end - CARVE_LOOKBACK : 0;
    if (open != UINT64_MAX) {
        const uint64_t needed = open > CARVE_MAX_HEADER_BYTES ? open - CARVE_MAX_HEADER_BYTES : 0;
        keep = needed < keep ? needed : keep;
    }
    if (keep > s->kept_from) {
        const size_t drop = (size_t)(keep - s->kept_from);
        memmove(s->buf, s->buf + drop, s->len - drop);
        s->len -= drop;
        s->kept_from = keep;
    }
}

/* Room for a chunk after the bytes held. */
static bool make_room(stream_state *s)
{
    if (s->capacity - s->len < CARVE_FEED_CHUNK) {
        const size_t grown = s->len + CARVE_FEED_CHUNK * 2;
        uint8_t *b = realloc(s->buf, grown);
        if (b == NULL) {
            return false;
        }
        s->buf = b;
        s->capacity = grown;
    }
    return true;
}

/* ---- raw ---- */

static bool scan_raw(reader *r, mibtcp_carver *carver, stream_state *s)
{
    const uint64_t skip_to = s->from > CARVE_LOOKBACK ? s->from - CARVE_LOOKBACK : 0;
    uint64_t end = 0;
    for (;;) {
        if (!make_room(s)) {
            s->out->out_of_memory = true;
            return true;
        }
        const size_t got = reader_read(r, s->buf + s->len, CARVE_FEED_CHUNK);
        if (got == 0) {
            break;
        }
        const uint64_t chunk_start = end;
        end += got;
        if (end <= skip_to) {
            s->kept_from = end; /* before the range: read and dropped */
            continue;
        }
        const uint64_t first = chunk_start > skip_to ? chunk_start : skip_to;
        if (s->len == 0) {
            s->kept_from = first;
        }
        const size_t lead = (size_t)(first - chunk_start);
        memmove(s->buf + s->len, s->buf + s->len + lead, got - lead);
        s->len += got - lead;
        const size_t fed = got - lead;
        /* Raw offsets are file offsets: a stream reaches the carver's limit (2^64 - 4097) never. */
        s->refused |= mibtcp_carve_feed(carver, s->buf + s->len - fed, fed, first) != MIBTCP_OK;
        uint64_t open = UINT64_MAX;
        s->refused |= mibtcp_carve_open_from(carver, &open) != MIBTCP_OK;
        const bool past_range = end >= CARVE_LOOKAHEAD && end - CARVE_LOOKAHEAD >= s->to;
        if (s->out->out_of_memory || s->refused ||
            (past_range && (open == UINT64_MAX || open >= s->to + CARVE_MAX_HEADER_BYTES))) {
            break;
        }
        drop_consumed(s, carver, end);
    }
    s->refused |= mibtcp_carve_finish(carver) != MIBTCP_OK;
    return true;
}

/* ---- containers: one region at a time ---- */

/* Hold and feed n bytes that continue the region at carver offset `at`. */
static bool feed_held(stream_state *s, mibtcp_carver *carver, const uint8_t *bytes, size_t n, uint64_t at)
{
    if (!make_room(s)) {
        s->out->out_of_memory = true;
        return false;
    }
    memcpy(s->buf + s->len, bytes, n);
    s->len += n;
    s->refused |= mibtcp_carve_feed(carver, s->buf + s->len - n, n, at) != MIBTCP_OK;
    drop_consumed(s, carver, at + n);
    return !s->out->out_of_memory && !s->refused;
}

/* Feed the n bytes at region offset `done` that the carver takes (those
 * below its highest address); the rest is read past and counted. */
static void feed_region(stream_state *s, mibtcp_carver *carver, const image_region *region, uint64_t scannable,
                        const uint8_t *bytes, size_t n, uint64_t done)
{
    if (done < scannable) {
        const size_t fed = scannable - done < n ? (size_t)(scannable - done) : n;
        (void)feed_held(s, carver, bytes, fed, region->address + done);
    }
}

/* Scan the region: its bytes that lie in the kept prefix of the stream, then
 * the rest from the reader (which stands where they start). @return NULL,
 * or the problem when the stream ends first. */
static const char *scan_region(reader *r, mibtcp_carver *carver, stream_state *s, const image_region *region,
                               const uint8_t *prefix, uint64_t prefix_len, uint8_t *chunk)
{
    s->region = region;
    s->len = 0;
    s->kept_from = region->address;
    const uint64_t scannable = carve_scannable(region->address, region->length);
    carve_count_unscanned(s->out, region->file_offset, region->length, region->address, s->from, s->to);
    uint64_t done = 0;
    const char *problem = NULL;
    while (done < region->length && region->file_offset + done < prefix_len && !s->out->out_of_memory && !s->refused) {
        const uint64_t in_prefix = prefix_len - (region->file_offset + done);
        const uint64_t left = region->length - done < in_prefix ? region->length - done : in_prefix;
        const size_t n = left < CARVE_FEED_CHUNK ? (size_t)left : CARVE_FEED_CHUNK;
        feed_region(s, carver, region, scannable, prefix + region->file_offset + done, n, done);
        done += n;
    }
    while (done < region->length && !s->out->out_of_memory && !s->refused) {
        const uint64_t left = region->length - done;
        const size_t want = left < CARVE_FEED_CHUNK ? (size_t)left : CARVE_FEED_CHUNK;
        const size_t got = reader_read(r, chunk, want);
        feed_region(s, carver, region, scannable, chunk, got, done);
        done += got;
        if (got < want) {
            problem = "a range's bytes run past the end of the input";
            break;
        }
    }
    s->refused |= mibtcp_carve_finish(carver) != MIBTCP_OK;
    return problem;
}

static const char *scan_lime(reader *r, mibtcp_carver *carver, stream_state *s, uint8_t *chunk)
{
    for (;;) {
        uint8_t header[IMAGE_LIME_HEADER_SIZE];
        const size_t got = reader_read(r, header, sizeof header);
        if (got == 0) {
            return NULL;
        }
        image_region region = {r->pos, 0, 0};
        const char *problem = got < sizeof header ? "a range header is missing or has no LiME magic"
                                                  : image_lime_range(header, &region.address, &region.length);
        if (problem == NULL) {
            problem = scan_region(r, carver, s, &region, NULL, 0, chunk);
        }
        if (problem != NULL || s->out->out_of_memory || s->refused) {
            return problem;
        }
    }
}

/* The metadata first, kept as the prefix of the stream; then every range in
 * file order (the layout lists them so), skipping the bytes between them. A range that starts in bytes
 * already passed (beyond the prefix) would have to be read twice. */
static const char *scan_minidump(reader *r, mibtcp_carver *carver, stream_state *s, const char *name, uint8_t *chunk,
                                 bool *reported)
{
    uint8_t *prefix = NULL;
    uint64_t have = 0, need = 0;
    bool ended = false;
    image_layout layout;
    image_layout_status status;
    const char *problem = NULL;
    /* Metadata past the end of the stream is reported as it is in a file. */
    while ((status = image_layout_minidump_prefix("carve", name, prefix, have, ended, &layout, &need)) ==
           IMAGE_LAYOUT_NEED_MORE) {
        const uint64_t want = need < MINIDUMP_METADATA_MAX ? need : MINIDUMP_METADATA_MAX;
        uint8_t *grown = want > have ? realloc(prefix, (size_t)want) : prefix;
        if (grown == NULL) {
            s->out->out_of_memory = true;
            break;
        }
        prefix = grown;
        have += reader_read(r, prefix + have, (size_t)(want - have));
        ended = have < want;
        if (!ended && need > MINIDUMP_METADATA_MAX) {
            problem = "its memory lists lie more than 64 MiB into the stream (carve the file instead)";
            break;
        }
    }
    *reported = status == IMAGE_LAYOUT_BAD;
    if (status == IMAGE_LAYOUT_OK) {
        for (size_t i = 0; i < layout.count && problem == NULL && !s->out->out_of_memory && !s->refused; i++) {
            const image_region *region = &layout.regions[i];
            const bool in_prefix = region->file_offset + region->length <= have;
            if (!in_prefix && region->file_offset < r->pos && r->pos > have) {
                problem = "memory ranges overlap (a stream is read once: carve the file instead)";
                break;
            }
            while (region->file_offset > r->pos && problem == NULL) {
                const uint64_t gap = region->file_offset - r->pos;
                const size_t want = gap < CARVE_FEED_CHUNK ? (size_t)gap : CARVE_FEED_CHUNK;
                if (reader_read(r, chunk, want) < want) {
                    problem = "a range's bytes run past the end of the input";
                }
            }
            if (problem == NULL) {
                problem = scan_region(r, carver, s, region, prefix, have, chunk);
            }
        }
        image_layout_free(&layout);
    }
    free(prefix);
    return problem;
}

bool carve_scan_stream(FILE *in, const char *name, bool detect, const carve_params *params, carve_results *out,
                       address_space *space)
{
    *out = (carve_results){NULL, 0, 0, false, 0, 0};
    *space = ADDRESS_NONE;
    stream_state s = {false, NULL, 0, 0, 0, 0, UINT64_MAX, NULL, out};
    if (params->has_range) {
        s.from = params->range_start;
        s.to = params->range_end;
    }
    reader r = {in, 0, {0}, 0, 0};
    r.ahead_len = detect ? fread(r.ahead, 1, sizeof r.ahead, in) : 0;
    const image_container container = image_container_of(r.ahead, r.ahead_len);
    const size_t workspace_size = mibtcp_carver_size();
    void *workspace = malloc(workspace_size);
    uint8_t *chunk = container == IMAGE_RAW ? NULL : malloc(CARVE_FEED_CHUNK);
    mibtcp_carver *carver = NULL;
    const bool allocated = workspace != NULL && (container == IMAGE_RAW || chunk != NULL);
    /* The options were checked when parsed: a refusal here is a bug, not a usage error. */
    const mibtcp_status init =
        allocated ? mibtcp_carve_init(workspace, workspace_size, &params->config, collect_streamed, &s, &carver)
                  : MIBTCP_OK;
    bool ok = allocated && init == MIBTCP_OK;
    const char *problem = NULL;
    bool reported = false;
    if (ok && container == IMAGE_RAW) {
        ok = scan_raw(&r, carver, &s);
    } else if (ok) {
        *space = container == IMAGE_LIME ? ADDRESS_PHYSICAL : ADDRESS_VIRTUAL;
        problem = container == IMAGE_LIME ? scan_lime(&r, carver, &s, chunk)
                                          : scan_minidump(&r, carver, &s, name, chunk, &reported);
    }
    if (ferror(in)) {
        fprintf(stderr, "mibtcp carve: %s: read error\n", name);
        ok = false;
    } else if (problem != NULL) {
        ok = image_container_malformed("carve", name, container, problem);
    } else if (reported) {
        ok = false;
    } else if (s.refused) {
        fputs("mibtcp carve: internal error: the carver refused a window of the stream\n", stderr);
        ok = false;
    } else if (init != MIBTCP_OK) {
        fprintf(stderr, "mibtcp carve: internal error: the carver refused its settings: %s\n", mibtcp_status_str(init));
        ok = false;
    } else if (!ok || out->out_of_memory) {
        fputs("mibtcp carve: out of memory\n", stderr);
        ok = false;
    }
    free(chunk);
    free(workspace);
    free(s.buf);
    return ok;
}
