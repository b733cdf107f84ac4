/* Compiled (-c only) by x86_64-w64-mingw32-gcc and i686-w64-mingw32-gcc: the
 * Windows SDK's own structs, measured by the target's compiler, written into
 * the object file as constant data (format: layout_blob.h) for
 * layout_conformance_test.c to compare with the library.
 *
 * This list is the mapping from each Windows struct member to a mibtcp field.
 * It names every member of every row struct, and a hole between two members
 * wherever the ABI may pad: the checker proves that members and holes tile
 * each row exactly, so a member missing here cannot go unnoticed.
 *
 * Where mingw-w64's declaration differs from Microsoft's documentation, the
 * member probed is named in SDK_NOTES below, which the checker prints. */
/* Windows wants these in this order (winsock2.h before windows.h, ws2tcpip.h before
 * iphlpapi.h): one include per block, so that sorting leaves them be. */
#include <winsock2.h>

#include <ws2tcpip.h>

#include <iphlpapi.h>

#include <stddef.h>
#include <stdint.h>

#include "layout_blob.h"
#include "mibtcp.h"

typedef struct sdk_record {
    uint32_t kind;
    uint32_t field;
    uint32_t offset;
    uint32_t size;
} sdk_record;

/* clang-format off: the record tables are laid out by hand */
#define SDK_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)
#define SDK_MEMBER_END(type, member) (offsetof(type, member) + SDK_MEMBER_SIZE(type, member))

#define SDK_RECORD(kind, field, offset, size)                                                               \
    {                                                                                                       \
        (uint32_t) MIBTCP_KIND_##kind, (uint32_t)MIBTCP_FIELD_##field, (uint32_t)(offset), (uint32_t)(size) \
    }

/* The table header: dwNumEntries, the padding the row alignment forces, and
 * where rows start and how long they are. */
#define SDK_TABLE(kind, table_type)                                                                               \
    SDK_RECORD(kind, NUM_ENTRIES, offsetof(table_type, dwNumEntries), SDK_MEMBER_SIZE(table_type, dwNumEntries)), \
        SDK_RECORD(kind, HEADER_PADDING, SDK_MEMBER_END(table_type, dwNumEntries),                                \
                   offsetof(table_type, table) - SDK_MEMBER_END(table_type, dwNumEntries)),                       \
        SDK_RECORD(kind, ROW, offsetof(table_type, table), SDK_MEMBER_SIZE(table_type, table[0]))

#define SDK_FIELD(kind, row, field, member) SDK_RECORD(kind, field, offsetof(row, member), SDK_MEMBER_SIZE(row, member))

/* The bytes between two consecutive members (size 0 if the ABI packs them). */
#define SDK_HOLE(kind, row, before, after) \
    SDK_RECORD(kind, ROW_PADDING, SDK_MEMBER_END(row, before), offsetof(row, after) - SDK_MEMBER_END(row, before))

/* IPv4 rows of the TCP classes share their first five members. */
#define SDK_TCP4_ENDPOINTS(kind, row)                                                                   \
    SDK_FIELD(kind, row, STATE, dwState), SDK_FIELD(kind, row, LOCAL_ADDR, dwLocalAddr),                \
        SDK_FIELD(kind, row, LOCAL_PORT, dwLocalPort), SDK_FIELD(kind, row, REMOTE_ADDR, dwRemoteAddr), \
        SDK_FIELD(kind, row, REMOTE_PORT, dwRemotePort)

/* MIB_TCP6ROW_OWNER_PID and MIB_TCP6ROW_OWNER_MODULE (ucLocalAddr ... dwState). */
#define SDK_TCP6_OWNER_ENDPOINTS(kind, row)                                                                      \
    SDK_FIELD(kind, row, LOCAL_ADDR, ucLocalAddr), SDK_FIELD(kind, row, LOCAL_SCOPE_ID, dwLocalScopeId),         \
        SDK_FIELD(kind, row, LOCAL_PORT, dwLocalPort), SDK_FIELD(kind, row, REMOTE_ADDR, ucRemoteAddr),          \
        SDK_FIELD(kind, row, REMOTE_SCOPE_ID, dwRemoteScopeId), SDK_FIELD(kind, row, REMOTE_PORT, dwRemotePort), \
        SDK_FIELD(kind, row, STATE, dwState)

/* MIB_TCP6ROW and MIB_TCP6ROW2 use IN6_ADDR LocalAddr/RemoteAddr and MIB_TCP_STATE State. */
#define SDK_TCP6_IN6_ENDPOINTS(kind, row)                                                              \
    SDK_FIELD(kind, row, LOCAL_ADDR, LocalAddr), SDK_FIELD(kind, row, LOCAL_SCOPE_ID, dwLocalScopeId), \
        SDK_FIELD(kind, row, LOCAL_PORT, dwLocalPort), SDK_FIELD(kind, row, REMOTE_ADDR, RemoteAddr),  \
        SDK_FIELD(kind, row, REMOTE_SCOPE_ID, dwRemoteScopeId), SDK_FIELD(kind, row, REMOTE_PORT, dwRemotePort)

#define SDK_UDP4_ENDPOINT(kind, row) \
    SDK_FIELD(kind, row, LOCAL_ADDR, dwLocalAddr), SDK_FIELD(kind, row, LOCAL_PORT, dwLocalPort)

#define SDK_UDP6_ENDPOINT(kind, row)                                                                     \
    SDK_FIELD(kind, row, LOCAL_ADDR, ucLocalAddr), SDK_FIELD(kind, row, LOCAL_SCOPE_ID, dwLocalScopeId), \
        SDK_FIELD(kind, row, LOCAL_PORT, dwLocalPort)

/* The UDP module rows' tail: the 8-byte liCreateTimestamp after the 4-byte PID
 * and the 8-byte OwningModuleInfo after the 4-byte dwFlags union leave holes. */
#define SDK_UDP_MODULE_TAIL(kind, row)                                                           \
    SDK_FIELD(kind, row, PID, dwOwningPid), SDK_HOLE(kind, row, dwOwningPid, liCreateTimestamp), \
        SDK_FIELD(kind, row, CREATED, liCreateTimestamp), SDK_FIELD(kind, row, FLAGS, dwFlags),  \
        SDK_HOLE(kind, row, dwFlags, OwningModuleInfo), SDK_FIELD(kind, row, MODULE_INFO, OwningModuleInfo)

#define SDK_LAYOUT_RECORDS                                                                                            \
    SDK_TABLE(TCP4_MODULE, MIB_TCPTABLE_OWNER_MODULE), SDK_TCP4_ENDPOINTS(TCP4_MODULE, MIB_TCPROW_OWNER_MODULE),      \
        SDK_FIELD(TCP4_MODULE, MIB_TCPROW_OWNER_MODULE, PID, dwOwningPid),                                            \
        SDK_FIELD(TCP4_MODULE, MIB_TCPROW_OWNER_MODULE, CREATED, liCreateTimestamp),                                  \
        SDK_FIELD(TCP4_MODULE, MIB_TCPROW_OWNER_MODULE, MODULE_INFO, OwningModuleInfo),                               \
                                                                                                                      \
        SDK_TABLE(TCP6_MODULE, MIB_TCP6TABLE_OWNER_MODULE),                                                           \
        SDK_TCP6_OWNER_ENDPOINTS(TCP6_MODULE, MIB_TCP6ROW_OWNER_MODULE),                                              \
        SDK_FIELD(TCP6_MODULE, MIB_TCP6ROW_OWNER_MODULE, PID, dwOwningPid),                                           \
        SDK_FIELD(TCP6_MODULE, MIB_TCP6ROW_OWNER_MODULE, CREATED, liCreateTimestamp),                                 \
        SDK_FIELD(TCP6_MODULE, MIB_TCP6ROW_OWNER_MODULE, MODULE_INFO, OwningModuleInfo),                              \
                                                                                                                      \
        SDK_TABLE(TCP4_PID, MIB_TCPTABLE_OWNER_PID), SDK_TCP4_ENDPOINTS(TCP4_PID, MIB_TCPROW_OWNER_PID),              \
        SDK_FIELD(TCP4_PID, MIB_TCPROW_OWNER_PID, PID, dwOwningPid),                                                  \
                                                                                                                      \
        SDK_TABLE(TCP6_PID, MIB_TCP6TABLE_OWNER_PID), SDK_TCP6_OWNER_ENDPOINTS(TCP6_PID, MIB_TCP6ROW_OWNER_PID),      \
        SDK_FIELD(TCP6_PID, MIB_TCP6ROW_OWNER_PID, PID, dwOwningPid),                                                 \
                                                                                                                      \
        SDK_TABLE(TCP4_BASIC, MIB_TCPTABLE), SDK_TCP4_ENDPOINTS(TCP4_BASIC, MIB_TCPROW),                              \
                                                                                                                      \
        SDK_TABLE(TCP6_BASIC, MIB_TCP6TABLE), SDK_FIELD(TCP6_BASIC, MIB_TCP6ROW, STATE, State),                       \
        SDK_TCP6_IN6_ENDPOINTS(TCP6_BASIC, MIB_TCP6ROW),                                                              \
                                                                                                                      \
        SDK_TABLE(TCP4_ROW2, MIB_TCPTABLE2), SDK_TCP4_ENDPOINTS(TCP4_ROW2, MIB_TCPROW2),                              \
        SDK_FIELD(TCP4_ROW2, MIB_TCPROW2, PID, dwOwningPid),                                                          \
        SDK_FIELD(TCP4_ROW2, MIB_TCPROW2, OFFLOAD_STATE, dwOffloadState),                                             \
                                                                                                                      \
        SDK_TABLE(TCP6_ROW2, MIB_TCP6TABLE2), SDK_TCP6_IN6_ENDPOINTS(TCP6_ROW2, MIB_TCP6ROW2),                        \
        SDK_FIELD(TCP6_ROW2, MIB_TCP6ROW2, STATE, State), SDK_FIELD(TCP6_ROW2, MIB_TCP6ROW2, PID, dwOwningPid),       \
        SDK_FIELD(TCP6_ROW2, MIB_TCP6ROW2, OFFLOAD_STATE, dwOffloadState),                                            \
                                                                                                                      \
        SDK_TABLE(UDP4_MODULE, MIB_UDPTABLE_OWNER_MODULE), SDK_UDP4_ENDPOINT(UDP4_MODULE, MIB_UDPROW_OWNER_MODULE),   \
        SDK_UDP_MODULE_TAIL(UDP4_MODULE, MIB_UDPROW_OWNER_MODULE),                                                    \
                                                                                                                      \
        SDK_TABLE(UDP6_MODULE, MIB_UDP6TABLE_OWNER_MODULE), SDK_UDP6_ENDPOINT(UDP6_MODULE, MIB_UDP6ROW_OWNER_MODULE), \
        SDK_UDP_MODULE_TAIL(UDP6_MODULE, MIB_UDP6ROW_OWNER_MODULE),                                                   \
                                                                                                                      \
        SDK_TABLE(UDP4_PID, MIB_UDPTABLE_OWNER_PID), SDK_UDP4_ENDPOINT(UDP4_PID, MIB_UDPROW_OWNER_PID),               \
        SDK_FIELD(UDP4_PID, MIB_UDPROW_OWNER_PID, PID, dwOwningPid),                                                  \
                                                                                                                      \
        SDK_TABLE(UDP6_PID, MIB_UDP6TABLE_OWNER_PID), SDK_UDP6_ENDPOINT(UDP6_PID, MIB_UDP6ROW_OWNER_PID),             \
        SDK_FIELD(UDP6_PID, MIB_UDP6ROW_OWNER_PID, PID, dwOwningPid),                                                 \
                                                                                                                      \
        SDK_TABLE(UDP4_BASIC, MIB_UDPTABLE), SDK_UDP4_ENDPOINT(UDP4_BASIC, MIB_UDPROW),                               \
                                                                                                                      \
        /* MIB_UDP6ROW names its IN6_ADDR dwLocalAddr, as Microsoft's documentation does. */                          \
        SDK_TABLE(UDP6_BASIC, MIB_UDP6TABLE), SDK_FIELD(UDP6_BASIC, MIB_UDP6ROW, LOCAL_ADDR, dwLocalAddr),            \
        SDK_FIELD(UDP6_BASIC, MIB_UDP6ROW, LOCAL_SCOPE_ID, dwLocalScopeId),                                           \
        SDK_FIELD(UDP6_BASIC, MIB_UDP6ROW, LOCAL_PORT, dwLocalPort)

/* Where mingw-w64's headers differ from Microsoft's documentation (learn.microsoft.com,
 * "MIB_TCPROW_LH structure (tcpmib.h)" and "MIB_UDPROW_OWNER_MODULE structure (udpmib.h)");
 * none of these differences moves a byte. */
#ifdef __MINGW64_VERSION_MAJOR
#define SDK_NOTES                                                                                     \
    "mingw-w64 MIB_TCPROW has only DWORD dwState; Microsoft documents union { DWORD dwState; "        \
    "MIB_TCP_STATE State; } (MIB_TCPROW_LH), both at offset 0 and 4 bytes: dwState probed\n"          \
    "mingw-w64 MIB_UDP(6)ROW_OWNER_MODULE declare DWORD dwFlags; Microsoft documents union { struct " \
    "{ int SpecificPortBind : 1; }; int dwFlags; }, same offset and size: dwFlags probed\n"           \
    "mingw-w64 typedefs MIB_TCP_STATE as int; Microsoft declares an enum: both 4 bytes on Windows\n"
#else
#define SDK_NOTES ""
#endif

enum { SDK_RECORD_COUNT = sizeof((const sdk_record[]){SDK_LAYOUT_RECORDS}) / sizeof(sdk_record) };

typedef struct sdk_layout_blob {
    char magic[MIBTCP_LAYOUT_MAGIC_SIZE];
    uint32_t format_version;
    uint32_t pointer_bits;
    uint32_t record_count;
    uint32_t notes_size;
    sdk_record records[SDK_RECORD_COUNT];
    char notes[sizeof SDK_NOTES];
} sdk_layout_blob;

_Static_assert(sizeof MIBTCP_LAYOUT_MAGIC == MIBTCP_LAYOUT_MAGIC_SIZE + 1, "magic is 16 bytes plus its NUL");
_Static_assert(offsetof(sdk_layout_blob, format_version) == MIBTCP_LAYOUT_VERSION_OFFSET, "blob format");
_Static_assert(offsetof(sdk_layout_blob, pointer_bits) == MIBTCP_LAYOUT_POINTER_BITS_OFFSET, "blob format");
_Static_assert(offsetof(sdk_layout_blob, record_count) == MIBTCP_LAYOUT_RECORD_COUNT_OFFSET, "blob format");
_Static_assert(offsetof(sdk_layout_blob, notes_size) == MIBTCP_LAYOUT_NOTES_SIZE_OFFSET, "blob format");
_Static_assert(offsetof(sdk_layout_blob, records) == MIBTCP_LAYOUT_RECORDS_OFFSET, "blob format");
_Static_assert(sizeof(sdk_record) == MIBTCP_LAYOUT_RECORD_SIZE, "blob format");
_Static_assert(offsetof(sdk_layout_blob, notes) ==
                   MIBTCP_LAYOUT_RECORDS_OFFSET + SDK_RECORD_COUNT * MIBTCP_LAYOUT_RECORD_SIZE,
               "notes follow the records without padding");

/* External linkage so the compiler must emit it even though nothing uses it. */
extern const sdk_layout_blob mibtcp_sdk_layout;
const sdk_layout_blob mibtcp_sdk_layout = {
    MIBTCP_LAYOUT_MAGIC,
    MIBTCP_LAYOUT_FORMAT_VERSION,
    (uint32_t)(sizeof(void *) * 8u),
    SDK_RECORD_COUNT,
    sizeof SDK_NOTES,
    {SDK_LAYOUT_RECORDS},
    SDK_NOTES,
};
/* clang-format on */
