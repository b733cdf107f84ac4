/* A deliberately naive carving scanner, the other side of fuzz_carve's
 * differential check.
 *
 * Written from the rules mibtcp.h documents for carving and from the test
 * kit's statement of the layouts, never from the sources in lib/src/carve/: for every
 * enabled kind it decides for every offset whether a plausible row starts
 * there, extends runs of consecutive plausible rows at the kind's stride,
 * and applies the run, header and page rules to each run as a whole. It
 * takes the whole image at once (no windows, no prefilter, no state carried
 * between calls), so comparing it with the library over any split of the
 * image checks the scanner's run finding, header matching, page logic and
 * window state. The one thing it borrows from the library is a row's own
 * evidence, mibtcp_row_evidence() (the detection model, public and tested on
 * its own), and the default minimum rows. O(n * kinds) and slow: small inputs
 * only. The rules, as this file applies them:
 *
 * - Rows of kind K may start at the image offsets (in the caller's offset
 *   space) congruent to K's header size modulo gcd(align, stride). A run is
 *   a maximal sequence of plausible rows at the stride, inside the image.
 * - Plausible: what the API guarantees of a row of the kind (mibtcp.h): local
 *   port 1..65535; TCP state 1..12 or 100 and remote port <= 65535; row2
 *   offload state 0..3; UDP module flags 0 or 1. Nothing about content.
 * - Evidence of row i of a run: mibtcp_row_evidence(), minus 8 bits when it
 *   repeats one of the two rows before it (TCP: both ports and the last 4
 *   bytes of both addresses; UDP: the local port), or, the nearest repeat
 *   being three to eight rows back, minus 4 when that row has the same
 *   endpoints (UDP: port and the last 4 local address bytes) and minus 2
 *   when not; else minus 4
 *   when its local address (IPv4: then its port; IPv6: only the first 4
 *   address bytes) sorts below the row before it.
 * - Counts: the DWORD before row f of the run (when inside the image and at
 *   a multiple of align: tables start there) is a count when it lies in
 *   [fewest rows of a table (one by default: see below), 2^20] and f < 4 or
 *   row f - 1's evidence is negative. A run keeps 8, in order of f: when a
 *   ninth comes, the oldest with f >= 4 whose table is not complete with
 *   positive evidence goes (else the oldest with f >= 4). A count before row
 *   f promises a table of rows f .. f + count - 1.
 * - Credible: a count with f = 0; one with f > 0 whose table's rows have
 *   positive evidence while the rows before it (and after its table, when
 *   it ends inside the run) carry less than the count's bits.
 * - The table of a run: the first count whose table ends where the run
 *   ends (exact), credible or, with f < 4, of at least the kind's structure
 *   rows; else
 *   the first credible one whose table ends inside the run; else, when the
 *   run ends exactly at a 4 KiB page boundary, the
 *   count before the run when it promises at most 65536 rows more. None: the
 *   run is one orphan run. Otherwise the run is the rows before the table
 *   (an orphan run), the table (up to the run's end), and the rows after it.
 * - An exact table (its count ends the run) is a hit when it has at least
 *   one row (min_rows when set) and its evidence reaches
 *   mibtcp_carve_counted_min_score() for its kind and rows, or its count
 *   has f < 4 and it has at least its kind's structure rows (`structure`).
 *   Every other piece is a
 *   hit when it has at least the minimum rows (with
 *   a header; without one, unless that minimum is "never" (UINT32_MAX) and
 *   the piece starts or ends exactly at a 4 KiB page boundary, where it
 *   needs only the minimum with a header) and its evidence reaches
 *   MIBTCP_CARVE_MIN_SCORE_BITS (orphan runs: 8 bits more and, with fewer
 *   rows than the kind's structure rows, 6 bits a row). Evidence:
 *   its rows' evidence, plus 16 bits for a table's count (2 fewer when its
 *   header padding is not zero), minus 8 bits per row of the whole run when
 *   the kind is UDP and no row of the run has a specific local address.
 *   Confidence: 100 * 2^e / (2^e + 1) for e = belief - 32 (0 below -15, 100
 *   from 16), the belief being the score, or for a structure hit at least
 *   40 + the rows beyond the structure rows (at most 64), for another exact
 *   table at least 40 + its evidence (bits) over its counted minimum.
 * - A run is cut after 2^20 rows (a million connections); so long a run
 *   is out of this scanner's scope (small inputs). */
#ifndef MIBTCP_FUZZ_REFERENCE_CARVER_H
#define MIBTCP_FUZZ_REFERENCE_CARVER_H

#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"

/* The longest image ref_carve() takes. */
#define REF_CARVE_MAX_LEN 65536u

/* The hits of one pass over the @p len bytes at @p image, which sit at
 * offset @p base, with @p config (NULL: defaults), in no particular order:
 * up to @p capacity in @p hits. @return how many there are (more than
 * @p capacity when they did not all fit). */
size_t ref_carve(const uint8_t *image, size_t len, uint64_t base, const mibtcp_carve_config *config,
                 mibtcp_carve_hit *hits, size_t capacity);

#endif
