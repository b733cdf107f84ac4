/**
 * @file mibtcp_fast.h
 * @brief The opt-in fast path of mibtcp: raw row bytes, row layouts as
 *        X-macros, inline row checks, cursors, compile-time enum counts.
 *
 * Include it instead of mibtcp.h (it includes mibtcp.h) when a loop over
 * rows must cost no more than a struct cast: mibtcp_iter_next_rows() /
 * mibtcp_iter_next_bytes() hand out rows checked as mibtcp_open() checks
 * them, mibtcp_load_le32() and friends read fields at the offsets of
 * mibtcp_kind_layout() (or of mibtcp_layout_known(), constants when the kind
 * is), and a mibtcp_cursor runs the same checks inside your own loop.
 *
 * What this header states is tied to the library's minor version (as zstd's
 * static-linking-only API is): the inline functions read the iterator's
 * private members and the layouts, and the counts below are this header's,
 * not the linked library's. Link the library of the same 0.MINOR (the soname
 * guarantees it for the shared library), and check any value from the
 * library before indexing an array sized by these counts.
 */
#ifndef MIBTCP_FAST_H
#define MIBTCP_FAST_H

#include <string.h> /* memcpy: the loads */

#include "mibtcp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The fast path's inline functions: always inlined where the compiler allows
 * it, since a call per row would cost more than the row's work. */
#if defined(__GNUC__)
#define MIBTCP_INLINE static inline __attribute__((always_inline))
#else
#define MIBTCP_INLINE static inline
#endif

/* ------------------------------------------------------------------------ */
/** @name Compile-time enum counts
 * How many values each list of mibtcp.h has, for arrays indexed by them: the
 * one source of these counts for the library, its tools and its tests. A
 * shared library newer than this header may know more values, so check every
 * value the library gives before indexing (mibtcp_kind_count() and friends
 * say what the linked library knows). */
/**@{*/
#define MIBTCPI_PLUS_ONE_(name, value, text) +1
enum {
    /** Status codes: 0 .. MIBTCP_HEADER_STATUS_COUNT - 1. */
    MIBTCP_HEADER_STATUS_COUNT = 0 MIBTCP_STATUS_LIST(MIBTCPI_PLUS_ONE_),
    /** Kinds: 1 .. MIBTCP_HEADER_KIND_COUNT (0 is MIBTCP_KIND_UNKNOWN). */
    MIBTCP_HEADER_KIND_COUNT = 0 MIBTCP_KIND_LIST(MIBTCPI_PLUS_ONE_),
    /** One past the last kind: arrays indexed by a kind have this many entries. */
    MIBTCP_HEADER_KIND_END = 1 MIBTCP_KIND_LIST(MIBTCPI_PLUS_ONE_),
    /** Fields: 0 .. MIBTCP_HEADER_FIELD_COUNT - 1. */
    MIBTCP_HEADER_FIELD_COUNT = 0 MIBTCP_FIELD_LIST(MIBTCPI_PLUS_ONE_),
    /** Finding codes: 0 .. MIBTCP_HEADER_FINDING_COUNT - 1. */
    MIBTCP_HEADER_FINDING_COUNT = 0 MIBTCP_FINDING_LIST(MIBTCPI_PLUS_ONE_)
};
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Fast field reads
 * Little-endian loads (one unaligned load on little-endian hosts, byte
 * shifts elsewhere; any alignment, never a cast to a struct), and the
 * offsets of every field of a kind, resolved once per table instead of once
 * per field. */
/**@{*/
/** The DWORD at @p p, little-endian. */
MIBTCP_INLINE uint32_t mibtcp_load_le32(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* One unaligned load, which compilers keep whole even where they would
     * split the byte shifts below when folding the value into arithmetic. */
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

/** The ULONGLONG at @p p, little-endian. */
MIBTCP_INLINE uint64_t mibtcp_load_le64(const uint8_t *p)
{
    return (uint64_t)mibtcp_load_le32(p) | (uint64_t)mibtcp_load_le32(p + 4) << 32;
}

/** The signed 64-bit value at @p p (a FILETIME), little-endian two's complement. */
MIBTCP_INLINE int64_t mibtcp_load_le64_signed(const uint8_t *p)
{
    const uint64_t u = mibtcp_load_le64(p);
    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

/** The port in host order: network order in the low 16 bits of the DWORD; the upper 16 bits are ignored. */
MIBTCP_INLINE uint16_t mibtcp_port_from_raw(uint32_t port_raw)
{
    return (uint16_t)((port_raw & 0xffu) << 8 | (port_raw >> 8 & 0xffu));
}
/**@}*/

/* ------------------------------------------------------------------------ */
/**
 * @name Row layouts, stated once
 * Every kind's row as the Windows ABI fixes it (doc/formats.md; checked
 * against the mingw-w64 SDK headers by tests/lib/layout). The library's layout
 * table, its record readers and the inline mibtcp_layout_known() below are
 * all expanded from these lists. Each row is listed in row order:
 * F(field, offset, size) for a field (MIBTCP_FIELD_##field), HOLE1/HOLE2(offset)
 * for a 4-byte padding hole. The 8-byte liCreateTimestamp makes module rows
 * 8-byte aligned, hence their 8-byte header and the holes in UDP module rows.
 */
/**@{*/
#define MIBTCP_ROW_TCP4_ENDPOINTS_(F) \
    F(STATE, 0, 4) F(LOCAL_ADDR, 4, 4) F(LOCAL_PORT, 8, 4) F(REMOTE_ADDR, 12, 4) F(REMOTE_PORT, 16, 4)

/* MIB_TCP6ROW_OWNER_* and MIB_TCP6ROW2 put the state after the endpoints. */
#define MIBTCP_ROW_TCP6_ENDPOINTS_STATE_LAST_(F) \
    F(LOCAL_ADDR, 0, 16)                         \
    F(LOCAL_SCOPE_ID, 16, 4)                     \
    F(LOCAL_PORT, 20, 4) F(REMOTE_ADDR, 24, 16) F(REMOTE_SCOPE_ID, 40, 4) F(REMOTE_PORT, 44, 4) F(STATE, 48, 4)

#define MIBTCP_ROW_TCP4_MODULE(F, HOLE1, HOLE2) \
    MIBTCP_ROW_TCP4_ENDPOINTS_(F) F(PID, 20, 4) F(CREATED, 24, 8) F(MODULE_INFO, 32, 128)
#define MIBTCP_ROW_TCP6_MODULE(F, HOLE1, HOLE2) \
    MIBTCP_ROW_TCP6_ENDPOINTS_STATE_LAST_(F) F(PID, 52, 4) F(CREATED, 56, 8) F(MODULE_INFO, 64, 128)
#define MIBTCP_ROW_TCP4_PID(F, HOLE1, HOLE2) MIBTCP_ROW_TCP4_ENDPOINTS_(F) F(PID, 20, 4)
#define MIBTCP_ROW_TCP6_PID(F, HOLE1, HOLE2) MIBTCP_ROW_TCP6_ENDPOINTS_STATE_LAST_(F) F(PID, 52, 4)
#define MIBTCP_ROW_TCP4_BASIC(F, HOLE1, HOLE2) MIBTCP_ROW_TCP4_ENDPOINTS_(F)
/* MIB_TCP6ROW is the odd one out: state first. */
#define MIBTCP_ROW_TCP6_BASIC(F, HOLE1, HOLE2) \
    F(STATE, 0, 4)                             \
    F(LOCAL_ADDR, 4, 16)                       \
    F(LOCAL_SCOPE_ID, 20, 4) F(LOCAL_PORT, 24, 4) F(REMOTE_ADDR, 28, 16) F(REMOTE_SCOPE_ID, 44, 4) F(REMOTE_PORT, 48, 4)
#define MIBTCP_ROW_TCP4_ROW2(F, HOLE1, HOLE2) MIBTCP_ROW_TCP4_ENDPOINTS_(F) F(PID, 20, 4) F(OFFLOAD_STATE, 24, 4)
#define MIBTCP_ROW_TCP6_ROW2(F, HOLE1, HOLE2) \
    MIBTCP_ROW_TCP6_ENDPOINTS_STATE_LAST_(F) F(PID, 52, 4) F(OFFLOAD_STATE, 56, 4)
#define MIBTCP_ROW_UDP4_MODULE(F, HOLE1, HOLE2) \
    F(LOCAL_ADDR, 0, 4)                         \
    F(LOCAL_PORT, 4, 4) F(PID, 8, 4) HOLE1(12) F(CREATED, 16, 8) F(FLAGS, 24, 4) HOLE2(28) F(MODULE_INFO, 32, 128)
#define MIBTCP_ROW_UDP6_MODULE(F, HOLE1, HOLE2) \
    F(LOCAL_ADDR, 0, 16)                        \
    F(LOCAL_SCOPE_ID, 16, 4)                    \
    F(LOCAL_PORT, 20, 4) F(PID, 24, 4) HOLE1(28) F(CREATED, 32, 8) F(FLAGS, 40, 4) HOLE2(44) F(MODULE_INFO, 48, 128)
#define MIBTCP_ROW_UDP4_PID(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4) F(PID, 8, 4)
#define MIBTCP_ROW_UDP6_PID(F, HOLE1, HOLE2) \
    F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4) F(PID, 24, 4)
#define MIBTCP_ROW_UDP4_BASIC(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4)
#define MIBTCP_ROW_UDP6_BASIC(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4)

/* Every kind: X(kind, header, stride, family, tcp); its row is MIBTCP_ROW_##kind. */
#define MIBTCP_KIND_ROWS(X)                           \
    X(TCP4_MODULE, 8, 160, MIBTCP_FAMILY_IPV4, true)  \
    X(TCP6_MODULE, 8, 192, MIBTCP_FAMILY_IPV6, true)  \
    X(TCP4_PID, 4, 24, MIBTCP_FAMILY_IPV4, true)      \
    X(TCP6_PID, 4, 56, MIBTCP_FAMILY_IPV6, true)      \
    X(TCP4_BASIC, 4, 20, MIBTCP_FAMILY_IPV4, true)    \
    X(TCP6_BASIC, 4, 52, MIBTCP_FAMILY_IPV6, true)    \
    X(TCP4_ROW2, 4, 28, MIBTCP_FAMILY_IPV4, true)     \
    X(TCP6_ROW2, 4, 60, MIBTCP_FAMILY_IPV6, true)     \
    X(UDP4_MODULE, 8, 160, MIBTCP_FAMILY_IPV4, false) \
    X(UDP6_MODULE, 8, 176, MIBTCP_FAMILY_IPV6, false) \
    X(UDP4_PID, 4, 12, MIBTCP_FAMILY_IPV4, false)     \
    X(UDP6_PID, 4, 28, MIBTCP_FAMILY_IPV6, false)     \
    X(UDP4_BASIC, 4, 8, MIBTCP_FAMILY_IPV4, false)    \
    X(UDP6_BASIC, 4, 24, MIBTCP_FAMILY_IPV6, false)

/* Internal: one case of mibtcp_layout_known(). */
#define MIBTCPI_LAYOUT_FIELD_(field, off, size) mibtcpi_layout_put_(&l, MIBTCP_FIELD_##field, off);
#define MIBTCPI_LAYOUT_HOLE1_(off)                           \
    l.present |= MIBTCP_FIELD_BIT(MIBTCP_FIELD_ROW_PADDING); \
    l.row_padding[0] = off;
#define MIBTCPI_LAYOUT_HOLE2_(off) l.row_padding[1] = off;
#define MIBTCPI_LAYOUT_CASE_(kind, header_size, row_size, kind_family, kind_tcp) \
    case MIBTCP_KIND_##kind:                                                     \
        l.header = header_size;                                                  \
        l.stride = row_size;                                                     \
        l.family = kind_family;                                                  \
        l.tcp = kind_tcp;                                                        \
        MIBTCP_ROW_##kind(MIBTCPI_LAYOUT_FIELD_, MIBTCPI_LAYOUT_HOLE1_, MIBTCPI_LAYOUT_HOLE2_) break;

MIBTCP_INLINE void mibtcpi_layout_put_(mibtcp_row_layout *l, mibtcp_field field, uint32_t offset)
{
    l->present |= MIBTCP_FIELD_BIT(field);
    switch (field) {
    case MIBTCP_FIELD_STATE: l->state = offset; break;
    case MIBTCP_FIELD_LOCAL_ADDR: l->local_addr = offset; break;
    case MIBTCP_FIELD_LOCAL_SCOPE_ID: l->local_scope_id = offset; break;
    case MIBTCP_FIELD_LOCAL_PORT: l->local_port = offset; break;
    case MIBTCP_FIELD_REMOTE_ADDR: l->remote_addr = offset; break;
    case MIBTCP_FIELD_REMOTE_SCOPE_ID: l->remote_scope_id = offset; break;
    case MIBTCP_FIELD_REMOTE_PORT: l->remote_port = offset; break;
    case MIBTCP_FIELD_PID: l->pid = offset; break;
    case MIBTCP_FIELD_CREATED: l->created = offset; break;
    case MIBTCP_FIELD_MODULE_INFO: l->module_info = offset; break;
    case MIBTCP_FIELD_OFFLOAD_STATE: l->offload_state = offset; break;
    case MIBTCP_FIELD_FLAGS: l->flags = offset; break;
    default: break;
    }
}

/**
 * The layout of @p kind, as mibtcp_kind_layout() gives it (all zeros for an
 * unknown kind). Inline: when @p kind is a compile-time constant the whole
 * call folds into constants, so field reads at its offsets are
 * constant-offset loads, as in a struct cast.
 */
MIBTCP_INLINE mibtcp_row_layout mibtcp_layout_known(mibtcp_kind kind)
{
    mibtcp_row_layout l = {0, 0, 0, MIBTCP_FAMILY_NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, {0, 0}};
    switch (kind) {
        MIBTCP_KIND_ROWS(MIBTCPI_LAYOUT_CASE_)
    default: break;
    }
    return l;
}
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Row checks
 * The checks mibtcp_open() makes on each row, stated once so that the
 * library's walk and a single pass in the caller's own loop apply the same
 * rules. Internal: names and members may change in any version. */
/**@{*/
/* Internal, not part of the API (names and members may change in any
 * version): the checks mibtcp_open() makes on each row, stated here once so
 * that the library's scan and a single pass in the caller's own loop apply
 * the same rules. */
#define MIBTCPI_STATE_MAX 12u /* MIB_TCP_STATE_DELETE_TCB */
#define MIBTCPI_STATE_RESERVED MIBTCP_STATE_RESERVED
#define MIBTCPI_OFFLOAD_STATE_MAX 3u /* TcpConnectionOffloadStateMax - 1 */
#define MIBTCPI_UDP_FLAG_SPECIFIC_PORT_BIND 1u

#if defined(__GNUC__)
#define MIBTCPI_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define MIBTCPI_UNLIKELY(x) (x)
#endif

MIBTCP_INLINE bool mibtcpi_state_ok(uint32_t state)
{
    /* Bitwise, not ||: no branch of its own in a loop that checks each row. */
    return (state - 1u < MIBTCPI_STATE_MAX) | (state == MIBTCPI_STATE_RESERVED);
}

MIBTCP_INLINE bool mibtcpi_offload_state_ok(uint32_t offload)
{
    return offload <= MIBTCPI_OFFLOAD_STATE_MAX;
}

/* The upper 16 bits of a port DWORD are not part of the port. */
MIBTCP_INLINE bool mibtcpi_port_high_bits(uint32_t port_raw)
{
    return port_raw >> 16 != 0;
}

MIBTCP_INLINE bool mibtcpi_udp_flags_known(uint32_t flags)
{
    return (flags & ~MIBTCPI_UDP_FLAG_SPECIFIC_PORT_BIND) == 0;
}

/* Which checks a kind's rows get under a policy, and where their fields are. */
enum {
    MIBTCPI_CHECK_STATE = 1,
    MIBTCPI_CHECK_OFFLOAD = 2,
    MIBTCPI_CHECK_LOCAL_PORT = 4,
    MIBTCPI_CHECK_REMOTE_PORT = 8,
    MIBTCPI_CHECK_FLAGS = 16
};

/* The checks rows laid out as @p l get under @p policy (constants when @p l
 * and @p policy are). */
MIBTCP_INLINE mibtcpi_row_checks mibtcpi_row_checks_for(const mibtcp_row_layout *l, mibtcp_policy policy)
{
    const uint32_t strict = policy == MIBTCP_POLICY_STRICT ? ~0u : 0u;
    const uint32_t has = l->present;
    mibtcpi_row_checks c = {0, l->state, l->offload_state, l->local_port, l->remote_port, l->flags};
    c.checks |= has & MIBTCP_FIELD_BIT(MIBTCP_FIELD_STATE) ? MIBTCPI_CHECK_STATE : 0u;
    c.checks |= has & MIBTCP_FIELD_BIT(MIBTCP_FIELD_OFFLOAD_STATE) ? MIBTCPI_CHECK_OFFLOAD : 0u;
    c.checks |= strict & (has & MIBTCP_FIELD_BIT(MIBTCP_FIELD_LOCAL_PORT) ? MIBTCPI_CHECK_LOCAL_PORT : 0u);
    c.checks |= strict & (has & MIBTCP_FIELD_BIT(MIBTCP_FIELD_REMOTE_PORT) ? MIBTCPI_CHECK_REMOTE_PORT : 0u);
    c.checks |= strict & (has & MIBTCP_FIELD_BIT(MIBTCP_FIELD_FLAGS) ? MIBTCPI_CHECK_FLAGS : 0u);
    return c;
}

/* Whether @p row breaks one of the checks in @p checks (c->checks, or a
 * constant subset of it that lets a compiler drop the absent fields). */
MIBTCP_INLINE bool mibtcpi_row_fails(const mibtcpi_row_checks *c, const uint8_t *row, uint32_t checks)
{
    bool bad = false;
    if (checks & MIBTCPI_CHECK_STATE) {
        bad |= !mibtcpi_state_ok(mibtcp_load_le32(row + c->state));
    }
    if (checks & MIBTCPI_CHECK_OFFLOAD) {
        bad |= !mibtcpi_offload_state_ok(mibtcp_load_le32(row + c->offload));
    }
    if (checks & MIBTCPI_CHECK_LOCAL_PORT) {
        bad |= mibtcpi_port_high_bits(mibtcp_load_le32(row + c->local_port));
    }
    if (checks & MIBTCPI_CHECK_REMOTE_PORT) {
        bad |= mibtcpi_port_high_bits(mibtcp_load_le32(row + c->remote_port));
    }
    if (checks & MIBTCPI_CHECK_FLAGS) {
        bad |= !mibtcpi_udp_flags_known(mibtcp_load_le32(row + c->flags));
    }
    return MIBTCPI_UNLIKELY(bad);
}
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Raw rows and cursors
 * The iterator's rows as bytes, a row or a batch at a time, and the cursor:
 * a single pass inside the caller's own loop. */
/**@{*/
/**
 * Check the next batch of rows and hand out the first of them.
 * mibtcp_iter_next_bytes() calls this when the checked rows run out; call
 * that instead. @return the row's first byte, or NULL at the end.
 * Part of the inline fast path, which reads the iterator's members itself:
 * like it, it takes no struct size (the soname changes with the layout).
 */
MIBTCP_API const uint8_t *mibtcp_iter_check_more(mibtcp_iter *it);

/**
 * The fast path: the next row's first byte, or NULL at the end (or at a
 * single pass's first bad row). Inline, so a loop over rows costs a compare
 * and an add per row; read the fields with mibtcp_load_le32() and friends at
 * the offsets of mibtcp_kind_layout(), resolved once before the loop.
 */
MIBTCP_INLINE const uint8_t *mibtcp_iter_next_bytes(mibtcp_iter *it)
{
    const size_t at = it->offset_;
    /* A single pass checks each row here, in the caller's loop, while its
     * bytes are being read anyway; a failing row goes out of line, where
     * mibtcp_iter_check_more() locates the error. */
    if (at < it->checked_end_ ||
        (at < it->rows_end_ && !mibtcpi_row_fails(&it->checks_, it->table_ + at, it->checks_.checks))) {
        it->offset_ = at + it->stride_;
        it->next_++;
        return it->table_ + at;
    }
    return mibtcp_iter_check_more(it);
}

/**
 * The fast path a batch at a time: points @p rows at the next row and
 * returns how many consecutive rows, each mibtcp_row_layout::stride bytes
 * after the previous, have passed their checks (0 at the end, or at a single
 * pass's first bad row). A loop over them is a plain pointer walk that
 * compilers can unroll and vectorise like a struct-cast loop.
 */
MIBTCP_INLINE size_t mibtcp_iter_next_rows(mibtcp_iter *it, const uint8_t **rows)
{
    /* Rows past checked_end_ are checked a batch at a time, so that the rows handed out are a run. */
    const uint8_t *first = it->offset_ < it->checked_end_ ? mibtcp_iter_next_bytes(it) : mibtcp_iter_check_more(it);
    if (first == NULL) {
        return 0;
    }
    const size_t more = (it->checked_end_ - it->offset_) / it->stride_;
    it->offset_ = it->checked_end_;
    it->next_ += (uint32_t)more;
    *rows = first;
    return more + 1;
}

/**
 * A single pass in the caller's own loop: the rows an iterator has not yet
 * handed out, as plain values (take it by value, keep it in a local) that a
 * compiler keeps in registers. mibtcp_cursor_next() checks each row inline
 * with the rules mibtcp_open() applies and stops before the first row that
 * fails; mibtcp_iter_sync() then moves the iterator to where the cursor
 * stopped and locates that row's error. Members are private.
 *
 * @code
 * const mibtcp_row_layout at = mibtcp_layout_known(MIBTCP_KIND_TCP4_MODULE);
 * mibtcp_cursor cur = mibtcp_iter_cursor_known(&it, MIBTCP_KIND_TCP4_MODULE, MIBTCP_POLICY_LENIENT);
 * for (const uint8_t *row; mibtcp_cursor_next(&cur, &row);) {
 *     use(mibtcp_load_le32(row + at.pid), mibtcp_load_le64_signed(row + at.created));
 * }
 * if (mibtcp_iter_sync(&it, cur, &err) != MIBTCP_OK) { report(&err); }
 * @endcode
 */
typedef struct mibtcp_cursor {
    const uint8_t *next_;       /* private: the next row, or NULL */
    const uint8_t *end_;        /* private: end of the last row */
    size_t stride_;             /* private */
    mibtcpi_row_checks checks_; /* private: what each row must pass */
} mibtcp_cursor;

/**
 * The rows @p it has not handed out yet, each checked as mibtcp_cursor_next()
 * reaches it (rows of an open view were checked by mibtcp_open() and are
 * checked again, which costs little and catches a buffer changed since).
 * The checks are the iterator's, read at run time: when the kind is known
 * at compile time, mibtcp_iter_cursor_known() is faster.
 */
MIBTCP_INLINE mibtcp_cursor mibtcp_iter_cursor(const mibtcp_iter *it)
{
    mibtcp_cursor c = {NULL, NULL, 0, {0, 0, 0, 0, 0, 0}};
    /* Once a batch has met a bad row, only the rows before it are left. */
    const size_t end = it->error_.status == MIBTCP_OK ? it->rows_end_ : it->checked_end_;
    if (it->table_ != NULL && it->offset_ <= end) {
        c.next_ = it->table_ + it->offset_;
        c.end_ = it->table_ + end;
        c.stride_ = it->stride_;
        c.checks_ = it->checks_;
    }
    return c;
}

/**
 * mibtcp_iter_cursor() for a caller that knows the table's kind and policy
 * at compile time: the checks become constants and mibtcp_cursor_next()
 * compiles to a few instructions per row. If @p kind or @p policy is not the
 * iterator's, the cursor is empty and mibtcp_iter_sync() says
 * MIBTCP_ERR_BAD_ARGUMENT.
 */
MIBTCP_INLINE mibtcp_cursor mibtcp_iter_cursor_known(const mibtcp_iter *it, mibtcp_kind kind, mibtcp_policy policy)
{
    mibtcp_cursor c = mibtcp_iter_cursor(it);
    if (it->kind_ != kind || it->policy_ != policy) {
        const mibtcp_cursor none = {NULL, NULL, 0, {0, 0, 0, 0, 0, 0}};
        return none;
    }
    const mibtcp_row_layout layout = mibtcp_layout_known(kind);
    c.checks_ = mibtcpi_row_checks_for(&layout, policy);
    return c;
}

/**
 * Point @p row at the next row's first byte (stride bytes are readable).
 * @return false at the end, or at the first row that fails its checks
 *         (@p row untouched); mibtcp_iter_sync() tells which.
 */
MIBTCP_INLINE bool mibtcp_cursor_next(mibtcp_cursor *cur, const uint8_t **row)
{
    const uint8_t *at = cur->next_;
    if (at == cur->end_ || mibtcpi_row_fails(&cur->checks_, at, cur->checks_.checks)) {
        return false;
    }
    cur->next_ = at + cur->stride_;
    *row = at;
    return true;
}

/**
 * Move @p it to where @p cur stopped (its next row), so that iteration can
 * go on from there, and check that row: if the cursor stopped at a row that
 * fails, the iterator ends there with mibtcp_open()'s error for it.
 * A cursor that is not over @p it's remaining rows changes nothing.
 * @return what mibtcp_iter_error() then returns (MIBTCP_OK at the end of a
 *         valid table), with @p err (may be NULL); MIBTCP_ERR_BAD_ARGUMENT
 *         for a cursor not over @p it's remaining rows (it then stays as it
 *         was), MIBTCP_ERR_NULL_ARGUMENT for a NULL @p it,
 *         MIBTCP_ERR_ABI_MISMATCH (nothing written) if the library's struct sizes differ.
 * The cursor is passed by value so that its address never escapes the
 * caller's loop (a compiler then keeps it in registers).
 */
static inline mibtcp_status mibtcp_iter_sync(mibtcp_iter *it, mibtcp_cursor cur, mibtcp_error *err);

/** mibtcp_iter_sync() with the caller's struct sizes made explicit; call that instead. */
MIBTCP_API mibtcp_status mibtcp_iter_sync_sized(mibtcp_iter *it, size_t it_size, mibtcp_cursor cur, mibtcp_error *err,
                                                size_t err_size);

static inline mibtcp_status mibtcp_iter_sync(mibtcp_iter *it, mibtcp_cursor cur, mibtcp_error *err)
{
    return mibtcp_iter_sync_sized(it, sizeof(mibtcp_iter), cur, err, sizeof(mibtcp_error));
}
/**@}*/

#ifdef __cplusplus
}
#endif
#endif /* MIBTCP_FAST_H */
