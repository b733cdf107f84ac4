/* Grow and retry: the size query and the fetch are separate calls, and the
 * table may grow in between, so every retry asks for a margin on top. */
#include "capture/capture_fetch.h"

#include <stdlib.h>

enum { INITIAL_CAPACITY = 16 * 1024, MARGIN_BYTES = 4096 };

static bool grown_capacity(uint32_t needed, uint32_t current, uint32_t *grown)
{
    uint64_t want = needed > current ? needed : current;
    want += want / 4 + MARGIN_BYTES;
    if (want > UINT32_MAX) {
        return false;
    }
    *grown = (uint32_t)want;
    return true;
}

void capture_fetch_table(capture_table_call call, void *context, capture_result *out)
{
    uint32_t capacity = INITIAL_CAPACITY;
    unsigned char *buf = calloc(capacity, 1);
    out->code = CAPTURE_ERROR_INSUFFICIENT_BUFFER;
    out->attempts = 0;
    out->bytes = NULL;
    out->size = 0;
    while (buf != NULL && out->attempts < CAPTURE_MAX_ATTEMPTS) {
        uint32_t size = capacity;
        out->attempts++;
        const uint32_t code = call(context, buf, &size);
        const bool fits = code == CAPTURE_NO_ERROR && size <= capacity;
        if (fits) {
            out->code = CAPTURE_NO_ERROR;
            out->bytes = buf;
            out->size = size;
            return;
        }
        out->code = code == CAPTURE_NO_ERROR ? CAPTURE_ERROR_INSUFFICIENT_BUFFER : code;
        if (out->code != CAPTURE_ERROR_INSUFFICIENT_BUFFER || !grown_capacity(size, capacity, &capacity)) {
            break;
        }
        free(buf);
        buf = calloc(capacity, 1);
    }
    free(buf);
}
