/* A deliberately naive carving scanner, the other side of fuzz_carve's
 * differential check.
 *
 * Written from the rules mibtcp.h documents for carving and from the test
 * kit's statement of the layouts, never from lib/src/carve*.c: for every
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
 * - Plausible: mibtcp.h's list (local port 1..65535, wildcard or unicast
 *   local address, TCP state and endpoints, PIDs, timestamps, flags).
 * - Evidence of row i of a run: mibtcp_row_evidence(), minus 8 bits when its
 *   key (UDP: the local port; TCP: both ports and the last 4 bytes of both
 *   addresses) equals that of one of the two rows before it, else minus 4
 *   when its local address (IPv4: then its port; IPv6: only the first 4
 *   address bytes) sorts below the row before it.
 * - Counts: the DWORD before the run's first row (when inside the image) and
 *   the DWORDs that end each of the run's first three rows (where a table
 *   could start after stray bytes that passed for rows of it) are counts
 *   when they lie in [minimum rows with a header, 2^20]. A count before row
 *   f promises a table of rows f .. f + count - 1.
 * - The table of a run: the count whose table ends where the run ends (the
 *   smallest f); else the count before the run when it promises fewer rows
 *   than the run has; else, when the run ends exactly at a 4 KiB page
 *   boundary, the count before the run when it promises at most 65536 rows
 *   more than the run has. None, or one inside the run (f > 0) while the
 *   whole run would be reported as an orphan run by itself: the run is one
 *   orphan run. Otherwise the run is the rows before the table (an orphan
 *   run), the table (up to the run's end), and the rows after it (an orphan
 *   run).
 * - Each of these pieces is a hit when it has at least the minimum rows (with
 *   a header; without one, unless that minimum is "never" (UINT32_MAX) and
 *   the piece starts or ends exactly at a 4 KiB page boundary, where it
 *   needs only the minimum with a header) and its evidence reaches
 *   MIBTCP_CARVE_MIN_SCORE_BITS:
 *   its rows' evidence, plus 16 bits for a table's count (2 fewer when its
 *   header padding is not zero), minus 8 bits per row of the whole run when
 *   the kind is UDP and no row of the run has a specific local address.
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
