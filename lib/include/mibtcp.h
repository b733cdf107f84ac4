/**
 * @file mibtcp.h
 * @brief Validated, zero-copy decoding of Windows TCP/UDP connection tables.
 *
 * mibtcp reads the raw buffers that `GetExtendedTcpTable`, `GetExtendedUdpTable`
 * and `GetTcpTable2` fill (for example `MIB_TCPTABLE_OWNER_MODULE`) on any host,
 * without copying them and without trusting them, and finds such tables in
 * memory images. This header is in pipeline order:
 *
 *  1. Names: statuses, table kinds, fields, and each kind's layout
 *     (mibtcp_kind_layout(): header, row size, family, field offsets).
 *  2. Open and iterate: mibtcp_open() proves that every byte a row read will
 *     touch lies inside the caller's buffer and that each row means what it
 *     claims, or says exactly where it does not (mibtcp_error: row, field,
 *     byte offset); mibtcp_iter_open() does the same in a single pass.
 *  3. Records: mibtcp_iter_next_record() / mibtcp_view_record() decode a row
 *     into a mibtcp_record, the one way to read a row.
 *  4. Text: TCP state names, FILETIME conversion, address formatting.
 *  5. Findings: mibtcp_findings() reports every anomaly of a buffer, valid or
 *     not, through a callback.
 *  6. Detection: mibtcp_detect() ranks the kinds a buffer of unknown kind
 *     could be, with "not a table" among the hypotheses.
 *  7. Carving: a carver finds tables inside memory images, minidumps and
 *     long captures fed to it in windows.
 * The private members of the structs you allocate, and the bodies of the
 * inline wrappers, come last. mibtcp_fast.h (opt-in) adds the inline fast
 * path over raw row bytes, the row layouts as X-macros and compile-time enum
 * counts, tied to this minor version.
 *
 * Guarantees: no allocation, no I/O, no global mutable state, no errno. Every
 * pointer the library returns points into the caller's buffer or into
 * read-only static strings. Memory safety of the row reads never depends on
 * the buffer staying unchanged after mibtcp_open(): rows are located only
 * from the stored count and fixed offsets, never from buffer contents.
 *
 * Everything public is prefixed `mibtcp_` / `MIBTCP_`. Struct members marked
 * "private" may change between releases; read them only through functions.
 *
 * ABI of the 0.x series: a release is binary compatible only with releases of
 * the same minor version (the shared library's soname is libmibtcp.so.0.MINOR,
 * the CMake package asks for SameMinorVersion). Every enumerator has an
 * explicit value that never changes; new values are appended. This header has
 * no counts to size arrays with: a newer library may know more kinds, fields,
 * statuses or findings, so ask mibtcp_kind_count() and friends at run time,
 * and check any value you index an array with.
 *
 * One ABI rule for every caller-allocated struct: the exported function
 * mibtcp_VERB_sized() takes each struct's size right after its pointer and
 * compares it (!=) with the library's sizeof; on a difference it writes
 * nothing and returns MIBTCP_ERR_ABI_MISMATCH. The inline mibtcp_VERB() of
 * this header passes sizeof, so callers never spell the sizes. Structs the
 * library hands to callbacks only ever grow at their end. Every function
 * that can fail returns a mibtcp_status.
 */
#ifndef MIBTCP_H
#define MIBTCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Symbol visibility: the shared library exports only what this header declares. */
#ifndef MIBTCP_API
#if defined(_WIN32) && defined(MIBTCP_BUILDING_SHARED)
#define MIBTCP_API __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define MIBTCP_API __attribute__((visibility("default")))
#else
#define MIBTCP_API
#endif
#endif

#define MIBTCP_VERSION_MAJOR 0
#define MIBTCP_VERSION_MINOR 3
#define MIBTCP_VERSION_PATCH 1
#define MIBTCP_VERSION_STRING "0.3.1"

/** @return the library's version string, e.g. "0.3.1" (may differ from the header's when linked dynamically). */
MIBTCP_API const char *mibtcp_version(void);

/* ------------------------------------------------------------------------ */
/** @name Status codes
 * One X-macro list generates the enum and the strings, so they cannot drift.
 * X(NAME, value, description); values are fixed, new codes are appended. */
/**@{*/
#define MIBTCP_STATUS_LIST(X)                                                                             \
    X(OK, 0, "success")                                                                                   \
    X(ERR_NULL_ARGUMENT, 1, "a required pointer argument is NULL")                                        \
    X(ERR_UNKNOWN_KIND, 2, "unknown table kind")                                                          \
    X(ERR_UNKNOWN_POLICY, 3, "unknown validation policy")                                                 \
    X(ERR_TOO_SHORT, 4, "buffer is shorter than the 4-byte dwNumEntries")                                 \
    X(ERR_COUNT_EXCEEDS_BUFFER, 5, "dwNumEntries rows do not fit in the buffer")                          \
    X(ERR_LENGTH_MISMATCH, 6, "strict: buffer length is not exactly header + rows")                       \
    X(ERR_BAD_STATE, 7, "TCP state is not 1..12 or 100 (MIB_TCP_STATE_RESERVED)")                         \
    X(ERR_PORT_HIGH_BITS, 8, "strict: a port DWORD has non-zero upper 16 bits")                           \
    X(ERR_BAD_OFFLOAD_STATE, 9, "offload state is not 0..3 (TCP_CONNECTION_OFFLOAD_STATE)")               \
    X(ERR_UDP_FLAGS, 10, "strict: UDP dwFlags has bits other than SpecificPortBind")                      \
    X(ERR_INDEX_OUT_OF_RANGE, 11, "row index is not below the validated row count")                       \
    X(ERR_NO_SUCH_FIELD, 12, "this table kind has no such field")                                         \
    X(ERR_OUTPUT_TRUNCATED, 13, "output buffer too small; output truncated")                              \
    X(ERR_TIME_UNKNOWN, 14, "timestamp is 0 (unknown)")                                                   \
    X(ERR_TIME_UNREPRESENTABLE, 15, "timestamp is outside years 1601..9999")                              \
    X(ERR_UNKNOWN_NAME, 16, "name not recognised")                                                        \
    X(ERR_BAD_FAMILY, 17, "address family is neither IPv4 nor IPv6")                                      \
    X(ERR_AMBIGUOUS, 18, "several table kinds fit the buffer equally well")                               \
    X(ERR_NOT_DETECTED, 19, "no table kind has enough evidence: not a table")                             \
    X(ERR_ABI_MISMATCH, 20, "the caller's header and the library disagree about struct sizes")            \
    X(ERR_ROW_OUTSIDE_VIEW, 21, "the row's kind or offset does not fit its table (members overwritten?)") \
    X(ERR_BAD_ARGUMENT, 22, "an argument is outside its documented range")                                \
    X(END_OF_ROWS, 23, "no more rows: the iteration reached the end of the table")                        \
    X(ERR_WORKSPACE_TOO_SMALL, 24, "the workspace is smaller than the size the library asked for")

typedef enum mibtcp_status {
#define MIBTCP_X_(name, value, text) MIBTCP_##name = value,
    MIBTCP_STATUS_LIST(MIBTCP_X_)
#undef MIBTCP_X_
} mibtcp_status;

/** @return how many status codes the linked library has: they are 0 .. count - 1. */
MIBTCP_API size_t mibtcp_status_count(void);

/** @return the stable identifier, e.g. "ERR_BAD_STATE"; never NULL ("?" if out of range). */
MIBTCP_API const char *mibtcp_status_name(mibtcp_status status);
/** @return a one-line English description; never NULL. */
MIBTCP_API const char *mibtcp_status_str(mibtcp_status status);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Table kinds
 * X(NAME, value, cli-name). The numeric values are stable: new kinds are appended. */
/**@{*/
#define MIBTCP_KIND_LIST(X)           \
    X(TCP4_MODULE, 1, "tcp4-module")  \
    X(TCP6_MODULE, 2, "tcp6-module")  \
    X(TCP4_PID, 3, "tcp4-pid")        \
    X(TCP6_PID, 4, "tcp6-pid")        \
    X(TCP4_BASIC, 5, "tcp4-basic")    \
    X(TCP6_BASIC, 6, "tcp6-basic")    \
    X(TCP4_ROW2, 7, "tcp4-row2")      \
    X(TCP6_ROW2, 8, "tcp6-row2")      \
    X(UDP4_MODULE, 9, "udp4-module")  \
    X(UDP6_MODULE, 10, "udp6-module") \
    X(UDP4_PID, 11, "udp4-pid")       \
    X(UDP6_PID, 12, "udp6-pid")       \
    X(UDP4_BASIC, 13, "udp4-basic")   \
    X(UDP6_BASIC, 14, "udp6-basic")

typedef enum mibtcp_kind {
    MIBTCP_KIND_UNKNOWN = 0,
#define MIBTCP_X_(name, value, text) MIBTCP_KIND_##name = value,
    MIBTCP_KIND_LIST(MIBTCP_X_)
#undef MIBTCP_X_
} mibtcp_kind;

typedef enum mibtcp_family { MIBTCP_FAMILY_NONE = 0, MIBTCP_FAMILY_IPV4 = 4, MIBTCP_FAMILY_IPV6 = 6 } mibtcp_family;

/** @return how many kinds the linked library knows: they are 1 .. count (0 is MIBTCP_KIND_UNKNOWN). */
MIBTCP_API size_t mibtcp_kind_count(void);
/** @return the CLI name ("tcp4-module"), or "unknown"; never NULL. */
MIBTCP_API const char *mibtcp_kind_name(mibtcp_kind kind);
/** Parse a CLI name (case-insensitive, '-' == '_', exactly @p len bytes, no NUL needed).
 * @return MIBTCP_OK, MIBTCP_ERR_UNKNOWN_NAME (also for the empty name), or
 * MIBTCP_ERR_NULL_ARGUMENT (NULL @p kind, or NULL @p name with @p len > 0). */
MIBTCP_API mibtcp_status mibtcp_kind_from_name(const char *name, size_t len, mibtcp_kind *kind);
/* A kind's header size, row size, family, TCP-ness and field offsets: mibtcp_kind_layout(). */
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Fields
 * X(NAME, value, name used in messages and JSON); values are fixed, new fields
 * are appended. ROW_PADDING covers the padding
 * holes inside UDP module rows; HEADER_PADDING the 4 bytes after
 * dwNumEntries in tables whose rows are 8-byte aligned. */
/**@{*/
#define MIBTCP_FIELD_LIST(X)                 \
    X(NONE, 0, "none")                       \
    X(NUM_ENTRIES, 1, "dwNumEntries")        \
    X(HEADER_PADDING, 2, "header_padding")   \
    X(STATE, 3, "state")                     \
    X(LOCAL_ADDR, 4, "local_addr")           \
    X(LOCAL_SCOPE_ID, 5, "local_scope_id")   \
    X(LOCAL_PORT, 6, "local_port")           \
    X(REMOTE_ADDR, 7, "remote_addr")         \
    X(REMOTE_SCOPE_ID, 8, "remote_scope_id") \
    X(REMOTE_PORT, 9, "remote_port")         \
    X(PID, 10, "pid")                        \
    X(CREATED, 11, "created")                \
    X(MODULE_INFO, 12, "module_info")        \
    X(OFFLOAD_STATE, 13, "offload_state")    \
    X(FLAGS, 14, "flags")                    \
    X(ROW_PADDING, 15, "row_padding")        \
    X(ROW, 16, "row")                        \
    X(TRAILING, 17, "trailing")

typedef enum mibtcp_field {
#define MIBTCP_X_(name, value, text) MIBTCP_FIELD_##name = value,
    MIBTCP_FIELD_LIST(MIBTCP_X_)
#undef MIBTCP_X_
} mibtcp_field;

/** @return how many fields the linked library has: they are 0 .. count - 1. */
MIBTCP_API size_t mibtcp_field_count(void);

/** @return the field's name ("local_port"); never NULL ("?" if out of range). */
MIBTCP_API const char *mibtcp_field_name(mibtcp_field field);
/* Which fields a kind's rows have, and where: mibtcp_kind_layout(). */
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Kind layouts
 * Everything about one kind's rows in one place: header size, row size,
 * family, and the offset of every field. */
/**@{*/
/** Bit of @p field in mibtcp_row_layout::present and mibtcp_record::present. */
#define MIBTCP_FIELD_BIT(field) ((uint32_t)1 << (unsigned)(field))

/**
 * Everything about one kind's rows: the one source of kind metadata.
 * Offsets are the fixed Windows ABI byte offsets inside a row, never the host
 * compiler's; an offset is meaningful only if its field's bit is in
 * @c present. Field sizes follow from the field and the family: LOCAL_ADDR
 * and REMOTE_ADDR are 4 bytes (MIBTCP_FAMILY_IPV4) or 16 (MIBTCP_FAMILY_IPV6),
 * CREATED 8, MODULE_INFO MIBTCP_MODULE_INFO_SIZE, every other field (and each
 * ROW_PADDING hole) 4.
 */
typedef struct mibtcp_row_layout {
    uint32_t present;     /**< MIBTCP_FIELD_BIT() of every field the rows have (ROW_PADDING: they have holes) */
    uint32_t header;      /**< bytes before the first row: 4, or 8 for tables of 8-byte aligned rows */
    uint32_t stride;      /**< row size */
    mibtcp_family family; /**< of the rows' addresses */
    uint32_t tcp;         /**< 1 for TCP kinds (rows have a state and a remote endpoint), 0 for UDP */
    uint32_t state, local_addr, local_scope_id, local_port, remote_addr, remote_scope_id, remote_port;
    uint32_t pid, created, module_info, offload_state, flags;
    uint32_t row_padding[2]; /**< offsets of the 4-byte padding holes (UDP module rows have two), else 0 */
} mibtcp_row_layout;

/** Size of OwningModuleInfo: 16 ULONGLONGs. */
#define MIBTCP_MODULE_INFO_SIZE 128

/**
 * Fill @p layout for @p kind (all zeros for an unknown kind).
 * Inline, so that it passes this header's sizeof(mibtcp_row_layout) to
 * mibtcp_kind_layout_sized().
 * @return MIBTCP_OK, MIBTCP_ERR_NULL_ARGUMENT, MIBTCP_ERR_ABI_MISMATCH (nothing
 *         written) or MIBTCP_ERR_UNKNOWN_KIND.
 */
static inline mibtcp_status mibtcp_kind_layout(mibtcp_kind kind, mibtcp_row_layout *layout);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Open and iterate
 * Two ways to walk a table: open a view (every row checked up front, then
 * random access), or a single pass (mibtcp_iter_open(): the structure is
 * proven in O(1), each row is checked just before it is handed out, and the
 * walk stops at the first row mibtcp_open() would reject, with the same
 * mibtcp_error). */
/**@{*/
typedef enum mibtcp_policy {
    /** What real captures need: trailing bytes allowed, port upper bits masked,
     *  a 4..7-byte buffer with count 0 accepted, unknown UDP flag bits ignored. */
    MIBTCP_POLICY_LENIENT = 0,
    /** Every deviation is an error: exact length, port upper bits zero, UDP flags 0/1. */
    MIBTCP_POLICY_STRICT = 1
} mibtcp_policy;

/** Sentinel for mibtcp_error::row and mibtcp_finding::row: not inside a row. */
#define MIBTCP_NO_ROW (-1)

/** Where and why a buffer was rejected. Caller-allocated; mibtcp_open() checks its size. */
typedef struct mibtcp_error {
    mibtcp_status status;
    int64_t row;        /**< row index, or MIBTCP_NO_ROW */
    mibtcp_field field; /**< offending field, MIBTCP_FIELD_NONE if none */
    uint64_t offset;    /**< byte offset of the offending bytes in the buffer */
    uint64_t value;     /**< offending value (state, raw port DWORD, dwNumEntries, length...) */
} mibtcp_error;

/** A validated table, filled by mibtcp_open(). Caller-allocated; its members
 * are private (defined at the end of this header): use the functions below. */
typedef struct mibtcp_view mibtcp_view;

/** An iterator over a view's rows, or a single pass over a buffer.
 * Caller-allocated; its members are private (defined at the end of this header). */
typedef struct mibtcp_iter mibtcp_iter;

/**
 * Validate @p buf as a table of @p kind under @p policy.
 *
 * On success the view is usable and every row is proven in range. On failure
 * the view is reset to an empty table (0 rows) so that code that ignores the
 * status still cannot read out of bounds, and @p err (may be NULL) says where.
 * The check `header + count * stride <= len` is done division-first, so
 * `dwNumEntries = 0xFFFFFFFF` is rejected on 32-bit hosts too.
 *
 * Inline, so that it passes this header's struct sizes to mibtcp_open_sized().
 */
static inline mibtcp_status mibtcp_open(mibtcp_view *view, const void *buf, size_t len, mibtcp_kind kind,
                                        mibtcp_policy policy, mibtcp_error *err);

/* The three getters take no struct size: they cannot fail, return plain
 * values, write nothing, and read only a view that mibtcp_open_sized() wrote,
 * which it does only after checking the caller's sizeof(mibtcp_view). One
 * sized mibtcp_view_info() would add a struct type and a status to check
 * for values that cannot go wrong. */
/** @return the validated number of rows (0 for a view that failed to open). */
MIBTCP_API uint32_t mibtcp_view_count(const mibtcp_view *view);
/** @return the view's kind (MIBTCP_KIND_UNKNOWN for a view that failed to open). */
MIBTCP_API mibtcp_kind mibtcp_view_kind(const mibtcp_view *view);
/** @return bytes after the last row (trailing slack; always 0 under the strict policy). */
MIBTCP_API size_t mibtcp_view_trailing(const mibtcp_view *view);

/**
 * Iterate over the rows of @p view (a view that failed to open has none).
 * Inline, so that it passes this header's struct sizes to mibtcp_iter_init_sized().
 * @return MIBTCP_OK; MIBTCP_ERR_NULL_ARGUMENT (a NULL @p view leaves @p it
 *         without rows); MIBTCP_ERR_ABI_MISMATCH (nothing written).
 */
static inline mibtcp_status mibtcp_iter_init(mibtcp_iter *it, const mibtcp_view *view);

/**
 * Single pass: validate @p buf as a table of @p kind while iterating it.
 *
 * Proves in O(1) what mibtcp_open() proves about the structure (length,
 * dwNumEntries, strict trailing bytes) and returns that status with @p err
 * (may be NULL) exactly as mibtcp_open() would when the structure is wrong.
 * On MIBTCP_OK the rows' contents (state, offload state, and under the
 * strict policy ports and UDP flags) are checked in small batches just
 * before mibtcp_iter_next_record() / mibtcp_iter_next_bytes() hand them out;
 * the iteration ends before the first row mibtcp_open() would reject, and
 * mibtcp_iter_error() then returns mibtcp_open()'s status and error.
 * Use it to read a large table once, while its bytes are in cache.
 * Inline, so that it passes this header's struct sizes to mibtcp_iter_open_sized()
 * (MIBTCP_ERR_ABI_MISMATCH, nothing written, if the library's differ).
 */
static inline mibtcp_status mibtcp_iter_open(mibtcp_iter *it, const void *buf, size_t len, mibtcp_kind kind,
                                             mibtcp_policy policy, mibtcp_error *err);

/**
 * Why the iteration ended. @return MIBTCP_OK if it stopped (or will stop) at
 * the end of a valid table; otherwise the status mibtcp_open() gives for the
 * buffer, with the same error in @p err (may be NULL); MIBTCP_ERR_ABI_MISMATCH
 * (nothing written) if the library's struct sizes differ.
 */
static inline mibtcp_status mibtcp_iter_error(const mibtcp_iter *it, mibtcp_error *err);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Records
 * The one way to read a row: every field decoded into a mibtcp_record, by
 * index from a view or in order from an iterator. */
/**@{*/
/**
 * A family-agnostic endpoint, so code handling IPv4 and IPv6 is written once.
 * Plain data: callers may fill one themselves to format an address. The
 * address bytes are inside the struct, so formatting can never read beyond
 * them, whatever the family says.
 */
typedef struct mibtcp_endpoint {
    mibtcp_family family;
    uint8_t addr[16];  /**< IPv4: bytes 0..3 in in_addr order, the rest 0; IPv6: 16 bytes, network order */
    uint16_t port;     /**< host order, taken from the low 16 bits of port_raw */
    uint32_t port_raw; /**< the port DWORD as stored (upper 16 bits may be garbage) */
    uint32_t scope_id; /**< IPv6 scope id: the DWORD read little-endian, raw (see README); 0 for IPv4 */
} mibtcp_endpoint;

/**
 * Every field of one row, decoded in one call. A field is meaningful only
 * if its MIBTCP_FIELD_BIT() is in @c present (the others are 0). The record
 * copies the bytes it needs (addresses, module info), so it stays valid
 * after the buffer is gone and compares with memcmp().
 */
typedef struct mibtcp_record {
    mibtcp_kind kind;
    uint32_t index;         /**< row index */
    uint64_t offset;        /**< byte offset of the row in the buffer */
    uint32_t present;       /**< MIBTCP_FIELD_BIT() of every field the kind has */
    uint32_t state;         /**< raw dwState (MIBTCP_FIELD_STATE) */
    mibtcp_endpoint local;  /**< LOCAL_ADDR, LOCAL_PORT, LOCAL_SCOPE_ID */
    mibtcp_endpoint remote; /**< REMOTE_ADDR, REMOTE_PORT, REMOTE_SCOPE_ID; zeroed for UDP kinds */
    uint32_t pid;
    uint32_t offload_state;
    uint32_t flags;                               /**< UDP module dwFlags */
    int64_t created;                              /**< liCreateTimestamp, signed FILETIME */
    uint8_t module_info[MIBTCP_MODULE_INFO_SIZE]; /**< OwningModuleInfo bytes as stored */
} mibtcp_record;

/**
 * Row @p index of @p view, decoded into @p rec.
 * Inline, so that it passes this header's struct sizes to mibtcp_view_record_sized().
 * @return MIBTCP_OK; MIBTCP_ERR_INDEX_OUT_OF_RANGE (not below mibtcp_view_count();
 *         @p rec untouched); MIBTCP_ERR_NULL_ARGUMENT; MIBTCP_ERR_ABI_MISMATCH (nothing written).
 */
static inline mibtcp_status mibtcp_view_record(const mibtcp_view *view, uint32_t index, mibtcp_record *rec);

/**
 * The next row of @p it, decoded into @p rec.
 * Inline, so that it passes this header's struct sizes to mibtcp_iter_next_record_sized().
 * @return MIBTCP_OK with @p rec filled while rows remain; MIBTCP_END_OF_ROWS
 *         at the end of a valid table; at a single pass's first bad row, the
 *         status mibtcp_iter_error() gives for it (the iteration stays there);
 *         MIBTCP_ERR_ROW_OUTSIDE_VIEW for an iterator whose members were
 *         overwritten; MIBTCP_ERR_NULL_ARGUMENT; MIBTCP_ERR_ABI_MISMATCH.
 *         @p rec is untouched unless MIBTCP_OK.
 *
 * @code
 * mibtcp_record rec;
 * mibtcp_status status;
 * while ((status = mibtcp_iter_next_record(&it, &rec)) == MIBTCP_OK) { use(&rec); }
 * if (status != MIBTCP_END_OF_ROWS) { report(status); }
 * @endcode
 */
static inline mibtcp_status mibtcp_iter_next_record(mibtcp_iter *it, mibtcp_record *rec);

/** Decode the MIBTCP_MODULE_INFO_SIZE bytes at @p module_info (NULL: zeros) as the 16 little-endian ULONGLONGs Windows declares. */
MIBTCP_API void mibtcp_module_info_words(const uint8_t *module_info, uint64_t words[16]);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name TCP states */
/**@{*/
#define MIBTCP_STATE_RESERVED 100u /**< 100: MIB_TCP_STATE_RESERVED (newer SDKs) */
/** @return true for 1..12 and 100. */
MIBTCP_API bool mibtcp_state_is_valid(uint32_t state);
/** @return "LISTEN", "ESTABLISHED", ..., "RESERVED", or "INVALID" for anything else; never NULL. */
MIBTCP_API const char *mibtcp_state_name(uint32_t state);
/** Parse a state name (case-insensitive, '-' == '_'; besides the names above also Windows netstat's
 * "LISTENING", "SYN_RECEIVED", "FIN_WAIT_1", "FIN_WAIT_2", Linux netstat's and ss's "SYN_RECV", "ESTAB",
 * and "DELETE", "MIB_TCP_STATE_RESERVED"), exactly @p len bytes; errors as mibtcp_kind_from_name(). */
MIBTCP_API mibtcp_status mibtcp_state_from_name(const char *name, size_t len, uint32_t *state);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Time
 * FILETIME: signed 100 ns ticks since 1601-01-01T00:00:00Z. 0 means unknown
 * (MIBTCP_ERR_TIME_UNKNOWN). Values before 1601 (negative) or after
 * 9999-12-31T23:59:59.9999999Z give MIBTCP_ERR_TIME_UNREPRESENTABLE. */
/**@{*/
/** Convert to Unix seconds and the 100 ns remainder (0..9999999). Outputs untouched on error. */
MIBTCP_API mibtcp_status mibtcp_filetime_to_unix(int64_t filetime, int64_t *unix_seconds, uint32_t *ticks_100ns);
/** "YYYY-MM-DDTHH:MM:SS.fffffffZ" plus NUL. */
#define MIBTCP_ISO8601_SIZE 29
/**
 * Format as ISO-8601 UTC with 7 fractional digits ("2024-02-29T12:34:56.7890123Z").
 * On MIBTCP_ERR_TIME_* @p out is set to "" (if @p size > 0); if @p size <
 * MIBTCP_ISO8601_SIZE, MIBTCP_ERR_OUTPUT_TRUNCATED with the longest prefix that fits.
 */
MIBTCP_API mibtcp_status mibtcp_filetime_to_iso8601(int64_t filetime, char *out, size_t size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Address formatting
 * Output is always NUL-terminated when size > 0. On MIBTCP_ERR_OUTPUT_TRUNCATED
 * @p out holds the longest prefix that fits. */
/**@{*/
/** Append "%scope" to IPv6 addresses whose scope id is not 0. */
#define MIBTCP_FORMAT_SCOPE 1u
/** Enough for any address: "ffff:...:ffff%4294967295" (50) plus NUL. */
#define MIBTCP_ADDR_STR_SIZE 52
/** Enough for any endpoint: "[" addr "]:65535" plus NUL. */
#define MIBTCP_ENDPOINT_STR_SIZE 64
/**
 * Dotted-quad IPv4, or RFC 5952 IPv6 (lowercase, longest zero run of two or
 * more groups compressed, the first on ties; "::ffff:a.b.c.d" for
 * IPv4-mapped addresses). Inline, so that it passes this header's
 * sizeof(mibtcp_endpoint) to mibtcp_format_addr_sized() (MIBTCP_ERR_ABI_MISMATCH,
 * nothing written, if the library's differs).
 */
static inline mibtcp_status mibtcp_format_addr(const mibtcp_endpoint *ep, unsigned flags, char *out, size_t size);
/** "a.b.c.d:port" or "[v6]:port" (the scope, if requested, inside the brackets); inline like mibtcp_format_addr(). */
static inline mibtcp_status mibtcp_format_endpoint(const mibtcp_endpoint *ep, unsigned flags, char *out, size_t size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Findings
 * X(NAME, value, description); values are fixed, new codes are appended.
 * A finding is an anomaly worth an analyst's attention;
 * only those reported with MIBTCP_SEVERITY_ERROR make the buffer invalid
 * under the policy of the walk. */
/**@{*/
#define MIBTCP_FINDING_LIST(X)                                                                \
    X(BUFFER_TOO_SHORT, 0, "buffer is shorter than the 4-byte dwNumEntries")                  \
    X(COUNT_EXCEEDS_BUFFER, 1, "dwNumEntries rows do not fit in the buffer")                  \
    X(TRUNCATED_ROW, 2, "the buffer ends inside a row that dwNumEntries promises")            \
    X(HEADER_INCOMPLETE, 3, "the buffer ends inside the header padding (dwNumEntries is 0)")  \
    X(HEADER_PADDING_DIRTY, 4, "padding after dwNumEntries is not zero")                      \
    X(TRAILING_WHOLE_ROWS, 5, "bytes after the last row amount to whole rows")                \
    X(TRAILING_PARTIAL, 6, "bytes after the last row that are not a whole number of rows")    \
    X(STATE_INVALID, 7, "TCP state is not 1..12 or 100")                                      \
    X(STATE_RESERVED, 8, "TCP state is 100 (MIB_TCP_STATE_RESERVED)")                         \
    X(PORT_HIGH_BITS, 9, "port DWORD has non-zero upper 16 bits")                             \
    X(LISTEN_REMOTE_SET, 10, "LISTEN row has a non-zero remote address or port")              \
    X(PID_NOT_MULTIPLE_OF_4, 11, "PID is not a multiple of 4")                                \
    X(TIMESTAMP_ZERO, 12, "creation timestamp is 0 (unknown)")                                \
    X(TIMESTAMP_IMPLAUSIBLE, 13, "creation timestamp is negative, before 1995 or after 2100") \
    X(OFFLOAD_STATE_INVALID, 14, "offload state is not 0..3")                                 \
    X(UDP_FLAGS_UNKNOWN_BITS, 15, "UDP dwFlags has bits other than SpecificPortBind")         \
    X(ROW_PADDING_DIRTY, 16, "padding hole inside the row is not zero")                       \
    X(SCOPE_ID_LARGE, 17, "IPv6 scope id above 0xFFFF (interface indices are small; network order?)")

typedef enum mibtcp_finding_code {
#define MIBTCP_X_(name, value, text) MIBTCP_FINDING_##name = value,
    MIBTCP_FINDING_LIST(MIBTCP_X_)
#undef MIBTCP_X_
} mibtcp_finding_code;

/** @return how many finding codes the linked library has: they are 0 .. count - 1. */
MIBTCP_API size_t mibtcp_finding_count(void);

typedef enum mibtcp_severity {
    MIBTCP_SEVERITY_INFO = 0,    /**< normal in real captures, worth knowing */
    MIBTCP_SEVERITY_WARNING = 1, /**< unusual; the data may be damaged or forged */
    MIBTCP_SEVERITY_ERROR = 2    /**< makes the buffer invalid under the walk's policy */
} mibtcp_severity;

/** One finding. The library owns it (callbacks get a pointer to its copy):
 * members are only ever appended, never removed or shrunk, so a caller reads
 * the prefix its header knows. */
typedef struct mibtcp_finding {
    mibtcp_finding_code code;
    mibtcp_severity severity;
    int64_t row; /**< row index, or MIBTCP_NO_ROW */
    mibtcp_field field;
    uint64_t offset; /**< byte offset in the buffer */
    /** The field's bytes read as a little-endian integer (the first 8 for longer
     *  fields: an IPv4 address reads as its in_addr DWORD), or a count for the
     *  structural codes: dwNumEntries (COUNT_EXCEEDS_BUFFER), the buffer length
     *  (BUFFER_TOO_SHORT, HEADER_INCOMPLETE), bytes present (TRUNCATED_ROW, TRAILING_*). */
    uint64_t value;
} mibtcp_finding;

/** Called once per finding, in buffer order. Return false to stop the walk. */
typedef bool (*mibtcp_finding_fn)(void *ctx, const mibtcp_finding *finding);

/**
 * Walk @p buf as a table of @p kind and report every finding to @p fn (may be
 * NULL to only compute the status). Reports every invalid row, not just the
 * first; only rows that lie wholly inside the buffer are examined.
 * @return exactly the status mibtcp_open() returns for the same arguments.
 */
MIBTCP_API mibtcp_status mibtcp_findings(const void *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                                         mibtcp_finding_fn fn, void *ctx);

/** @return the stable identifier ("PORT_HIGH_BITS"); never NULL ("?" if out of range). */
MIBTCP_API const char *mibtcp_finding_name(mibtcp_finding_code code);
/** @return a one-line description; never NULL. */
MIBTCP_API const char *mibtcp_finding_str(mibtcp_finding_code code);
/** @return "info", "warning" or "error"; never NULL. */
MIBTCP_API const char *mibtcp_severity_name(mibtcp_severity severity);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Detection
 * A buffer does not say what it is, and row sizes collide (24: tcp4-pid and
 * udp6-basic; 28: tcp4-row2 and udp6-pid; 160: tcp4-module and udp4-module).
 *
 * Detection weighs two kinds of hypothesis: "these bytes are a table of kind
 * K" for each of the 14 kinds, and "these bytes are not a table at all". A
 * kind's evidence is a log-likelihood ratio in bits: how much more likely the
 * bytes are as a table of that kind than as unrelated bytes (text, code,
 * random data, zeros, arrays of small integers). Every field of every row
 * that is present contributes what it is worth (a state DWORD in 1..12 much,
 * a port with clean upper bits little, a PID that is not a multiple of 4 much
 * against); whole repeated rows and unexplained bytes after the rows count
 * against; zeros, a fill byte and stale rows after the rows are normal slack.
 * A table whose dwNumEntries promises more rows than the buffer holds stays a
 * candidate of its kind: the rows present are scored and the shortfall costs
 * a few bits, so a cut or miscounted table is still named by its true kind
 * (and marked not valid). The README lists what each check is worth.
 *
 * Evidence is an integer in MIBTCP_EVIDENCE_PER_BIT units (1/16 bit). */
/**@{*/
/** Units of evidence per bit. */
#define MIBTCP_EVIDENCE_PER_BIT 16
/** A kind is decided only with at least this much evidence (bits). */
#define MIBTCP_DETECT_THRESHOLD_BITS 10
/** ... and only if it leads the runner-up by this much (bits). */
#define MIBTCP_DETECT_MARGIN_BITS 6

/**
 * Set @p *evidence to the evidence, in MIBTCP_EVIDENCE_PER_BIT units, that
 * @p row holds one row of @p kind rather than unrelated bytes. @p row must
 * have the kind's stride (mibtcp_kind_layout()) readable bytes (no alignment
 * needed). Pure, allocation-free and without search: the kind indexes a
 * constant table once per call. Meant for scanners that try every offset of
 * a memory image.
 * @return MIBTCP_OK; MIBTCP_ERR_NULL_ARGUMENT or MIBTCP_ERR_UNKNOWN_KIND
 *         (@p *evidence untouched).
 */
MIBTCP_API mibtcp_status mibtcp_row_evidence(mibtcp_kind kind, const uint8_t *row, int32_t *evidence);

/**
 * Set @p *evidence to the evidence for @p count consecutive rows of @p kind
 * starting at @p rows (count * stride readable bytes; NULL with @p count 0):
 * the sum of mibtcp_row_evidence(), except that a row identical to the one
 * before it earns nothing and costs 4 bits (real tables never repeat a row;
 * zeroed or patterned memory does). 0 for @p count 0.
 * @return MIBTCP_OK; MIBTCP_ERR_NULL_ARGUMENT or MIBTCP_ERR_UNKNOWN_KIND
 *         (@p *evidence untouched).
 */
MIBTCP_API mibtcp_status mibtcp_rows_evidence(mibtcp_kind kind, const uint8_t *rows, size_t count, int64_t *evidence);

/** One sort of check over a buffer: how often it was made, how often it did
 *  not count against the kind, and what it was worth in total. */
typedef struct mibtcp_check_tally {
    uint64_t checked;
    uint64_t passed;  /**< checks whose evidence was >= 0 */
    int64_t evidence; /**< MIBTCP_EVIDENCE_PER_BIT units */
} mibtcp_check_tally;

/** Everything that went into one kind's evidence (mibtcp_evidence_of()). */
typedef struct mibtcp_evidence {
    mibtcp_kind kind;
    int64_t total;              /**< the kind's evidence (MIBTCP_EVIDENCE_PER_BIT units) */
    uint32_t rows_promised;     /**< dwNumEntries (0 for a buffer shorter than 4 bytes) */
    uint32_t rows_present;      /**< whole rows in the buffer that were scored (<= rows_promised) */
    uint64_t trailing;          /**< bytes after the promised rows (0 when they do not fit) */
    uint64_t slack_stale_rows;  /**< whole rows in the trailing bytes that look like rows of the kind */
    uint64_t slack_fill;        /**< trailing bytes that are one repeated byte (zeros, 0xa5, ...) */
    uint64_t slack_unexplained; /**< the other trailing bytes */
    mibtcp_check_tally state, address, port, scope_id, pid, timestamp, module_info, padding, flags, offload,
        state_endpoints, /**< LISTEN rows without a peer, connected rows with one */
        repeated_row;
    int64_t length; /**< from the length arithmetic: exact fit, slack, rows promised but missing */
} mibtcp_evidence;

/**
 * Score @p buf as a table of @p kind and say why (see mibtcp_evidence).
 * @return MIBTCP_OK, MIBTCP_ERR_NULL_ARGUMENT or MIBTCP_ERR_UNKNOWN_KIND.
 * Inline, so that it passes this header's struct size to mibtcp_evidence_of_sized().
 */
static inline mibtcp_status mibtcp_evidence_of(const void *buf, size_t len, mibtcp_kind kind,
                                               mibtcp_evidence *evidence);

/** What detection concluded. */
typedef enum mibtcp_verdict {
    /** One kind has at least MIBTCP_DETECT_THRESHOLD_BITS and leads by MIBTCP_DETECT_MARGIN_BITS. */
    MIBTCP_VERDICT_DECIDED = 0,
    /** Some kind has enough evidence, but another is too close behind; or the
     * best kind has less, but fills the buffer exactly with a valid table
     * whose content does not weigh against it (one row, a short UDP table,
     * an empty table's header alone): a table whose kind its rows cannot prove. */
    MIBTCP_VERDICT_AMBIGUOUS = 1,
    /** No kind has enough evidence, and none fills the buffer exactly with a
     * valid table (including every buffer shorter than 4 bytes). */
    MIBTCP_VERDICT_NOT_A_TABLE = 2
} mibtcp_verdict;

/** One ranked kind. */
typedef struct mibtcp_candidate {
    mibtcp_kind kind;
    bool valid;             /**< mibtcp_open() accepts the buffer as this kind (lenient policy) */
    int64_t evidence;       /**< MIBTCP_EVIDENCE_PER_BIT units, for this kind against unrelated bytes */
    uint32_t confidence;    /**< percent: probability of this kind, where "not a table" is a hypothesis too */
    uint32_t rows_promised; /**< dwNumEntries */
    uint32_t rows_present;  /**< whole rows in the buffer */
    uint64_t trailing;      /**< bytes after the promised rows */
} mibtcp_candidate;

/** The outcome of mibtcp_detect(). */
typedef struct mibtcp_detection {
    mibtcp_verdict verdict;
    size_t written;       /**< candidates written: min(capacity, total) */
    size_t total;         /**< candidates ranked: every kind, or 0 below 4 bytes */
    uint32_t not_a_table; /**< percent: probability that the bytes are no table */
} mibtcp_detection;

/**
 * Rank every kind by its evidence, best first (equal evidence: kind order),
 * and give a verdict. Writes min(@p capacity, total) candidates (@p
 * candidates may be NULL with @p capacity 0) and fills @p detection, whose
 * `written` never exceeds @p capacity and `total` says how many there were.
 * @return MIBTCP_OK (decided: candidates[0] is the kind), MIBTCP_ERR_AMBIGUOUS,
 *         MIBTCP_ERR_NOT_DETECTED (not a table) or MIBTCP_ERR_NULL_ARGUMENT.
 * Inline, so that it passes this header's struct sizes to mibtcp_detect_sized().
 */
static inline mibtcp_status mibtcp_detect(const void *buf, size_t len, mibtcp_candidate *candidates, size_t capacity,
                                          mibtcp_detection *detection);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Carving
 * Finding tables inside memory images, minidumps and long captures, where
 * nothing says where a table starts. The caller asks mibtcp_carver_size(),
 * allocates that much, places a carver in it (mibtcp_carve_init()) and feeds
 * it windows of an image (any split: streamed chunks, mapped ranges);
 * the carver finds runs of consecutive plausible rows at each enabled kind's
 * stride, checks the dwNumEntries before each run, and reports every run of
 * at least the minimum rows through a callback. State is carried across
 * windows, so every split of an image yields the same hits as one window.
 *
 * A hit is a table (`header`: dwNumEntries equals the rows found; `offset` is
 * the dwNumEntries) or an orphan run (no credible count: missing, overwritten
 * by a heap or inconsistent; `offset` is the first row). Physical images split
 * tables at 4 KiB pages: a run ending exactly at a page boundary is
 * `page_truncated` (and keeps its header when dwNumEntries promises more rows
 * than the page holds); a run starting at one is `page_start`.
 *
 * Structure decides which bytes may be rows; content only weighs. A row is
 * a candidate by what the API guarantees for its kind and nothing else: a
 * local port DWORD of 1..65535, for TCP a state of 1..12 or 100 and a remote
 * port DWORD with zero upper bits, for row2 kinds an offload state of 0..3,
 * for UDP module kinds dwFlags 0 or 1. Addresses, scope ids, PIDs, ports,
 * timestamps, module info and sort order are evidence in bits
 * (mibtcp_row_evidence(), the detection model), never a reason to end a run;
 * a row repeating one of the two before it (three to eight back: 2 bits, 4
 * for a whole endpoint) and rows out of Windows' sort
 * order count against, as does a UDP run without a socket bound to a
 * specific address. A table whose dwNumEntries (16 bits) lands exactly on
 * the end of its run of candidates needs, from one row, the score
 * mibtcp_carve_counted_min_score() gives for its kind and rows (the best
 * that such counted runs in real non-table memory scored, plus 8 bits, and
 * at least the count's 16); one whose count ends inside its run (stale rows
 * after it) needs MIBTCP_CARVE_MIN_SCORE_BITS and the kind's minimum rows;
 * an orphan run 8 bits more and, below its kind's structure count, 6 bits
 * per row on average. A table whose
 * dwNumEntries lands exactly on the end of its run of candidates is
 * reported whatever its content from a per-kind row count (`structure`;
 * tcp4-module 32, tcp6-module 144, tcp4-pid 88, tcp6-pid 104, tcp4-basic 64,
 * tcp6-basic 32, tcp4-row2 24, tcp6-row2 24, udp4-module 256, udp6-module 80,
 * udp4-pid 768, udp4-basic 2624, udp6-pid and udp6-basic never) when the
 * count lies before the run or in its first four rows: twice the longest
 * such run measured where no table of the kind was
 * (bench/carve_structure.sh). A table's dwNumEntries is looked for before
 * the run, in its first four rows and after any row whose evidence is
 * against a table; one inside the run heads a table only when its rows
 * weigh for a table and the rows it leaves out less than a count does.
 * fuzz/oracles/reference_carver.h states every rule in full. */
/**@{*/
/** The evidence (bits) a hit needs against "not a table": one hypothesis among
 * the ~2^32 (offset, kind) pairs of a GiB scan. Its confidence is then >= 50. */
#define MIBTCP_CARVE_MIN_SCORE_BITS 32
/** Page size at which `page_truncated` and `page_start` are judged. */
#define MIBTCP_CARVE_PAGE_SIZE 4096u
/** Windows must end at or below this offset (room for the scanner's own arithmetic). */
#define MIBTCP_CARVE_MAX_OFFSET (UINT64_MAX - 4096u)
/** Largest `align` mibtcp_carve_init() accepts. */
#define MIBTCP_CARVE_MAX_ALIGN 4096u

/** One table or orphan run found in an image. The library owns it (callbacks
 * get a pointer to its copy): members are only ever appended, never removed
 * or shrunk, so a caller reads the prefix its header knows. */
typedef struct mibtcp_carve_hit {
    uint64_t offset; /**< of dwNumEntries (`header`), else of the first row; in the feed's offset space */
    uint64_t length; /**< bytes covered: header + rows * stride, or rows * stride */
    mibtcp_kind kind;
    uint32_t rows;       /**< consecutive candidate rows found */
    bool header;         /**< dwNumEntries (before the rows) matches them */
    bool page_truncated; /**< the rows end exactly at a MIBTCP_CARVE_PAGE_SIZE boundary */
    bool page_start;     /**< an orphan run that starts exactly at a page boundary */
    int64_t
        score; /**< content evidence in bits (log-odds against bytes that are not a table); >= MIBTCP_CARVE_MIN_SCORE_BITS unless `structure` */
    uint32_t
        confidence; /**< percent: the belief in a table (the score, or the structure when it decides) against the "not a table" alternative */
    bool
        structure; /**< a table reported on its structure alone: dwNumEntries lands exactly on the end of at least its kind's decisive row count of candidates */
} mibtcp_carve_hit;

/** Called once per hit, when its run ends. Return false to stop the scan. */
typedef bool (*mibtcp_carve_fn)(void *ctx, const mibtcp_carve_hit *hit);

/** Scan parameters. Zero-initialise, then set what you need; pass it to
 * mibtcp_carve_init(), which passes its size. */
typedef struct mibtcp_carve_config {
    uint32_t kinds;    /**< set of kinds, bit (1u << kind) each; 0 = every kind */
    uint32_t align;    /**< tables start at multiples of this (1..MIBTCP_CARVE_MAX_ALIGN); 0 = 4 */
    uint32_t min_rows; /**< fewest rows a hit needs; 0 = mibtcp_carve_default_min_rows() of its kind */
} mibtcp_carve_config;

/**
 * The carver: its state lives in a workspace the caller allocates and is
 * private (its size is asked at run time, so a newer library may carry
 * more state without breaking callers). About 400 KB: malloc() it rather
 * than use a thread's stack. One carver per thread.
 */
typedef struct mibtcp_carver mibtcp_carver;

/** @return the bytes a workspace must have for mibtcp_carve_init() (constant for one library build). */
MIBTCP_API size_t mibtcp_carver_size(void);

/**
 * Set @p *rows to the default minimum rows of a hit of @p kind, with a
 * matching dwNumEntries (@p header true) or without; a table whose
 * dwNumEntries ends its run exactly needs one row by default (and the score
 * of mibtcp_carve_counted_min_score()), or `min_rows` when set. TCP rows carry enough
 * structure that a few suffice; UDP basic and PID rows look like any array
 * of (DWORD, small DWORD) pairs and need many (UINT32_MAX: never without a
 * header).
 * @return MIBTCP_OK; MIBTCP_ERR_NULL_ARGUMENT or MIBTCP_ERR_UNKNOWN_KIND
 *         (@p *rows untouched).
 */
MIBTCP_API mibtcp_status mibtcp_carve_default_min_rows(mibtcp_kind kind, bool header, uint32_t *rows);

/**
 * Set @p *bits to the score a table of @p kind needs when its dwNumEntries
 * lands exactly on the end of its run of @p rows candidate rows (below the
 * kind's structure count, where it needs none; by default from one row).
 * Measured per kind and rows on real non-table memory: the best score such
 * counted runs formed there (tables of other kinds included), plus 8 bits,
 * and never below 16 (the count's own bits: content must not weigh against
 * the table). Such a hit's confidence is at least what 8 bits over its
 * threshold give (99.6 %) when its score reaches the threshold.
 * @return MIBTCP_OK; MIBTCP_ERR_NULL_ARGUMENT or MIBTCP_ERR_UNKNOWN_KIND
 *         (@p *bits untouched).
 */
MIBTCP_API mibtcp_status mibtcp_carve_counted_min_score(mibtcp_kind kind, uint32_t rows, int64_t *bits);

/**
 * Place a carver in @p workspace (@p workspace_size bytes, at least
 * mibtcp_carver_size(), aligned as malloc() aligns: to _Alignof(max_align_t))
 * to scan with @p config (NULL: every kind, align 4, default minimum rows),
 * reporting to @p fn with @p ctx, and set @p *carver to it. The carver
 * needs no release: free the workspace when done; initialising the same
 * workspace again starts a new scan.
 * @return MIBTCP_OK; MIBTCP_ERR_NULL_ARGUMENT (NULL @p workspace, @p fn or
 *         @p carver); MIBTCP_ERR_WORKSPACE_TOO_SMALL;
 *         MIBTCP_ERR_BAD_ARGUMENT for a misaligned @p workspace or an `align`
 *         above MIBTCP_CARVE_MAX_ALIGN; MIBTCP_ERR_UNKNOWN_KIND for a `kinds`
 *         bit that is no kind. On failure nothing is written.
 * Inline, so that it passes this header's sizeof(mibtcp_carve_config) to mibtcp_carve_init_sized().
 */
static inline mibtcp_status mibtcp_carve_init(void *workspace, size_t workspace_size, const mibtcp_carve_config *config,
                                              mibtcp_carve_fn fn, void *ctx, mibtcp_carver **carver);

/**
 * Scan the @p len bytes at @p buf, which sit at @p offset of the image (any
 * 64-bit offset space the caller chooses: file offsets, physical or virtual
 * addresses; pages are judged in it). A window that starts where the previous
 * one ended continues the same region; any other offset first ends the region
 * (as mibtcp_carve_finish()) and starts a new one. Hits are reported when
 * their run ends, so some only at a later feed or at mibtcp_carve_finish().
 * Does nothing once the callback has returned false, or for @p len 0.
 * @return MIBTCP_OK; MIBTCP_ERR_NULL_ARGUMENT (NULL @p carver, or NULL
 *         @p buf with @p len > 0); MIBTCP_ERR_BAD_ARGUMENT when the window
 *         would end beyond MIBTCP_CARVE_MAX_OFFSET (nothing is scanned).
 */
MIBTCP_API mibtcp_status mibtcp_carve_feed(mibtcp_carver *carver, const void *buf, size_t len, uint64_t offset);

/**
 * End the current region (the image, or one memory range of a container):
 * examine the last rows and report every run still open. Runs never span
 * two regions. The carver is then ready for the next region's windows.
 * @return MIBTCP_OK (also when no region is open), or MIBTCP_ERR_NULL_ARGUMENT.
 */
MIBTCP_API mibtcp_status mibtcp_carve_finish(mibtcp_carver *carver);

/**
 * Set @p *from to the offset of the first row of the earliest run still
 * open (UINT64_MAX when none is, or once the callback has stopped the scan).
 * A scan of one shard of an image feeds past the shard's end until this is
 * beyond the offsets it reports, so runs that start inside the shard are
 * reported whole.
 * @return MIBTCP_OK, or MIBTCP_ERR_NULL_ARGUMENT (@p *from untouched).
 */
MIBTCP_API mibtcp_status mibtcp_carve_open_from(const mibtcp_carver *carver, uint64_t *from);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Private storage and inline wrappers
 * Read nothing here. The members of the structs you allocate are private:
 * they are defined here only so that you can allocate the structs. Each
 * inline mibtcp_VERB() above passes this header's struct sizes to the
 * exported mibtcp_VERB_sized() declared here, which checks them. */
/**@{*/
/* The checks each row of an iterator must pass (mibtcp_fast.h applies them
 * inline; the library sets them). Internal: members may change in any version. */
typedef struct mibtcpi_row_checks {
    uint32_t checks;                                         /* MIBTCPI_CHECK_* bits */
    uint32_t state, offload, local_port, remote_port, flags; /* offsets inside the row */
} mibtcpi_row_checks;

/**
 * A validated table. Caller-allocated; filled by mibtcp_open(), which checks
 * that the caller's sizeof(mibtcp_view) is the library's.
 * All members are private: use the functions of "Open and iterate".
 */
struct mibtcp_view {
    const uint8_t *buf_;   /* private */
    size_t len_;           /* private */
    size_t rows_end_;      /* private: header + count * stride, proven <= len_ */
    uint32_t count_;       /* private: 0 unless the view is valid */
    mibtcp_kind kind_;     /* private */
    mibtcp_policy policy_; /* private: the policy its rows passed */
};

/**
 * Caller-allocated iterator. Members are private. It copies what it needs
 * from the view (never keeps a pointer to it), so it stays valid after the
 * view goes out of scope, for as long as the buffer does. The inline fast
 * path of mibtcp_fast.h reads its members, so their layout is part of this
 * minor version's ABI (the soname changes with it).
 */
struct mibtcp_iter {
    const uint8_t *table_;      /* private: the buffer */
    size_t rows_end_;           /* private: header + count * stride, proven <= len */
    size_t offset_;             /* private: offset of the next row */
    size_t checked_end_;        /* private: rows before this offset have passed their checks */
    uint32_t stride_;           /* private */
    uint32_t next_;             /* private: index of the next row */
    mibtcp_kind kind_;          /* private */
    mibtcp_policy policy_;      /* private */
    mibtcpi_row_checks checks_; /* private: what rows at and after checked_end_ must pass */
    mibtcp_error error_;        /* private: the first bad row a single pass met */
};

/**
 * mibtcp_open() with the caller's struct sizes made explicit (the wuffs-style
 * sizeof handshake). @p view_size and @p err_size must be the library's
 * sizeof(mibtcp_view) and sizeof(mibtcp_error); if either differs, nothing is
 * written and MIBTCP_ERR_ABI_MISMATCH is returned. Call mibtcp_open() instead.
 */
MIBTCP_API mibtcp_status mibtcp_open_sized(mibtcp_view *view, size_t view_size, const void *buf, size_t len,
                                           mibtcp_kind kind, mibtcp_policy policy, mibtcp_error *err, size_t err_size);

static inline mibtcp_status mibtcp_open(mibtcp_view *view, const void *buf, size_t len, mibtcp_kind kind,
                                        mibtcp_policy policy, mibtcp_error *err)
{
    return mibtcp_open_sized(view, sizeof(mibtcp_view), buf, len, kind, policy, err, sizeof(mibtcp_error));
}

/** mibtcp_kind_layout() with the caller's sizeof(mibtcp_row_layout) made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_kind_layout_sized(mibtcp_kind kind, mibtcp_row_layout *layout, size_t layout_size);

static inline mibtcp_status mibtcp_kind_layout(mibtcp_kind kind, mibtcp_row_layout *layout)
{
    return mibtcp_kind_layout_sized(kind, layout, sizeof(mibtcp_row_layout));
}

/** mibtcp_iter_init() with the caller's struct sizes made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_iter_init_sized(mibtcp_iter *it, size_t it_size, const mibtcp_view *view,
                                                size_t view_size);

static inline mibtcp_status mibtcp_iter_init(mibtcp_iter *it, const mibtcp_view *view)
{
    return mibtcp_iter_init_sized(it, sizeof(mibtcp_iter), view, sizeof(mibtcp_view));
}

/** mibtcp_iter_open() with the caller's struct sizes made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_iter_open_sized(mibtcp_iter *it, size_t it_size, const void *buf, size_t len,
                                                mibtcp_kind kind, mibtcp_policy policy, mibtcp_error *err,
                                                size_t err_size);

static inline mibtcp_status mibtcp_iter_open(mibtcp_iter *it, const void *buf, size_t len, mibtcp_kind kind,
                                             mibtcp_policy policy, mibtcp_error *err)
{
    return mibtcp_iter_open_sized(it, sizeof(mibtcp_iter), buf, len, kind, policy, err, sizeof(mibtcp_error));
}

/** mibtcp_iter_error() with the caller's struct sizes made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_iter_error_sized(const mibtcp_iter *it, size_t it_size, mibtcp_error *err,
                                                 size_t err_size);

static inline mibtcp_status mibtcp_iter_error(const mibtcp_iter *it, mibtcp_error *err)
{
    return mibtcp_iter_error_sized(it, sizeof(mibtcp_iter), err, sizeof(mibtcp_error));
}

/** mibtcp_view_record() with the caller's struct sizes made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_view_record_sized(const mibtcp_view *view, size_t view_size, uint32_t index,
                                                  mibtcp_record *rec, size_t rec_size);

static inline mibtcp_status mibtcp_view_record(const mibtcp_view *view, uint32_t index, mibtcp_record *rec)
{
    return mibtcp_view_record_sized(view, sizeof(mibtcp_view), index, rec, sizeof(mibtcp_record));
}

/** mibtcp_iter_next_record() with the caller's struct sizes made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_iter_next_record_sized(mibtcp_iter *it, size_t it_size, mibtcp_record *rec,
                                                       size_t rec_size);

static inline mibtcp_status mibtcp_iter_next_record(mibtcp_iter *it, mibtcp_record *rec)
{
    return mibtcp_iter_next_record_sized(it, sizeof(mibtcp_iter), rec, sizeof(mibtcp_record));
}

/** mibtcp_format_addr() with the caller's struct size made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_format_addr_sized(const mibtcp_endpoint *ep, size_t ep_size, unsigned flags, char *out,
                                                  size_t size);
/** mibtcp_format_endpoint() with the caller's struct size made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_format_endpoint_sized(const mibtcp_endpoint *ep, size_t ep_size, unsigned flags,
                                                      char *out, size_t size);

static inline mibtcp_status mibtcp_format_addr(const mibtcp_endpoint *ep, unsigned flags, char *out, size_t size)
{
    return mibtcp_format_addr_sized(ep, sizeof(mibtcp_endpoint), flags, out, size);
}

static inline mibtcp_status mibtcp_format_endpoint(const mibtcp_endpoint *ep, unsigned flags, char *out, size_t size)
{
    return mibtcp_format_endpoint_sized(ep, sizeof(mibtcp_endpoint), flags, out, size);
}

/**
 * mibtcp_evidence_of() with the caller's sizeof(mibtcp_evidence) made
 * explicit: if it is not the library's, nothing is written and
 * MIBTCP_ERR_ABI_MISMATCH is returned. Call mibtcp_evidence_of() instead.
 */
MIBTCP_API mibtcp_status mibtcp_evidence_of_sized(const void *buf, size_t len, mibtcp_kind kind,
                                                  mibtcp_evidence *evidence, size_t evidence_size);

static inline mibtcp_status mibtcp_evidence_of(const void *buf, size_t len, mibtcp_kind kind, mibtcp_evidence *evidence)
{
    return mibtcp_evidence_of_sized(buf, len, kind, evidence, sizeof(mibtcp_evidence));
}

/**
 * mibtcp_detect() with the caller's sizeof(mibtcp_candidate) (the stride of
 * @p candidates) and sizeof(mibtcp_detection) made explicit, each right
 * after its pointer: if either is not the library's, nothing is written and
 * MIBTCP_ERR_ABI_MISMATCH is returned. Call mibtcp_detect() instead.
 */
MIBTCP_API mibtcp_status mibtcp_detect_sized(const void *buf, size_t len, mibtcp_candidate *candidates,
                                             size_t candidate_size, size_t capacity, mibtcp_detection *detection,
                                             size_t detection_size);

static inline mibtcp_status mibtcp_detect(const void *buf, size_t len, mibtcp_candidate *candidates, size_t capacity,
                                          mibtcp_detection *detection)
{
    return mibtcp_detect_sized(buf, len, candidates, sizeof(mibtcp_candidate), capacity, detection,
                               sizeof(mibtcp_detection));
}

/**
 * mibtcp_carve_init() with the caller's sizeof(mibtcp_carve_config) made
 * explicit (checked with a NULL @p config too): if it is not the library's,
 * nothing is written and MIBTCP_ERR_ABI_MISMATCH is returned. Call
 * mibtcp_carve_init() instead.
 */
MIBTCP_API mibtcp_status mibtcp_carve_init_sized(void *workspace, size_t workspace_size,
                                                 const mibtcp_carve_config *config, size_t config_size,
                                                 mibtcp_carve_fn fn, void *ctx, mibtcp_carver **carver);

static inline mibtcp_status mibtcp_carve_init(void *workspace, size_t workspace_size, const mibtcp_carve_config *config,
                                              mibtcp_carve_fn fn, void *ctx, mibtcp_carver **carver)
{
    return mibtcp_carve_init_sized(workspace, workspace_size, config, sizeof(mibtcp_carve_config), fn, ctx, carver);
}
/**@}*/

#ifdef __cplusplus
}
#endif
#endif /* MIBTCP_H */
