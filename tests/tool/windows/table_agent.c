/* table_agent: a stand-in for a polling monitoring agent (an EDR sensor, a netstat-like
 * collector), run under Wine by tests/tool/windows/wine_carve_corpus.py to give the carver
 * ground truth it did not produce itself: real tables written by a real iphlpapi into a real
 * process heap, some alive and some freed, at addresses the producer logs.
 *
 * Each poll fetches all 14 table classes (GetExtendedTcpTable BASIC_ALL, OWNER_PID_ALL and
 * OWNER_MODULE_ALL, GetExtendedUdpTable BASIC, OWNER_PID and OWNER_MODULE, both families,
 * and GetTcpTable2/GetTcp6Table2) the way such agents do: ask the size, HeapAlloc it with a
 * little slack, call again (in a heap of its own, see main). Like an agent that diffs
 * snapshots, it keeps the previous poll until the next one is in, then HeapFrees it, so the heap ends up holding the last poll
 * alive and the earlier ones freed (stale, partly reused). The last poll also keeps a few
 * deliberately different tables alive: every TCP LISTENER and CONNECTIONS class fetched into
 * an exact-size buffer (no slack; small, often one-row or empty tables) and one table copied
 * into a record behind a 16-byte prefix, as agents that queue tables do. Then it writes a
 * minidump of itself with dbghelp's MiniDumpWriteDump (full memory) and waits, so the driver
 * can also read its memory from outside.
 *
 * Protocol on the standard streams (the driver churns sockets between polls): before each
 * poll the agent reads one line from stdin; after it, it prints "polled N". After the dump
 * it prints "ready" and waits for one more line (or end of input) before it exits.
 * Everything else goes to OUTDIR: agent.jsonl (one JSON object per event: "poll" with its
 * start time as a UTC FILETIME, "table" with poll,
 * kind, address, sizes, dwNumEntries and the file holding the table's exact bytes, "free"
 * with the address freed, "minidump"), tables/NNN-pPP-KIND.bin, agent.dmp.
 * Files are written with WriteFile, not stdio, so no stdio buffer leaves extra copies of
 * table bytes in the heap.
 *
 * Usage: table_agent.exe [--polls N] OUTDIR   (N: 2 to 99, default 12)
 */
/* Windows wants these in this order (winsock2.h before windows.h, ws2tcpip.h before
 * iphlpapi.h): one include per block, so that sorting leaves them be. */
#include <winsock2.h>

#include <ws2tcpip.h> /* before iphlpapi.h: declares the IPv6 tables */

#include <windows.h>

#include <dbghelp.h>
#include <iphlpapi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum table_api { API_EXTENDED_TCP, API_EXTENDED_UDP, API_TCP_TABLE2, API_TCP6_TABLE2 };

/* One table class, with the layout facts the driver needs taken from the SDK's own structs. */
typedef struct table_class {
    enum table_api api;
    const char *function;
    const char *class_name; /* NULL for GetTcpTable2/GetTcp6Table2 */
    int class_value;
    ULONG family;
    const char *kind; /* mibtcp's kind name */
    size_t rows_offset;
    size_t row_size;
} table_class;

#define LAYOUT(table_type, row_type) offsetof(table_type, table), sizeof(row_type)

/* The 14 classes every poll fetches, in mibtcp's kind order. */
static const table_class poll_classes[] = {
    {API_EXTENDED_TCP, "GetExtendedTcpTable", "TCP_TABLE_OWNER_MODULE_ALL", TCP_TABLE_OWNER_MODULE_ALL, AF_INET,
     "tcp4-module", LAYOUT(MIB_TCPTABLE_OWNER_MODULE, MIB_TCPROW_OWNER_MODULE)},
    {API_EXTENDED_TCP, "GetExtendedTcpTable", "TCP_TABLE_OWNER_MODULE_ALL", TCP_TABLE_OWNER_MODULE_ALL, AF_INET6,
     "tcp6-module", LAYOUT(MIB_TCP6TABLE_OWNER_MODULE, MIB_TCP6ROW_OWNER_MODULE)},
    {API_EXTENDED_TCP, "GetExtendedTcpTable", "TCP_TABLE_OWNER_PID_ALL", TCP_TABLE_OWNER_PID_ALL, AF_INET, "tcp4-pid",
     LAYOUT(MIB_TCPTABLE_OWNER_PID, MIB_TCPROW_OWNER_PID)},
    {API_EXTENDED_TCP, "GetExtendedTcpTable", "TCP_TABLE_OWNER_PID_ALL", TCP_TABLE_OWNER_PID_ALL, AF_INET6, "tcp6-pid",
     LAYOUT(MIB_TCP6TABLE_OWNER_PID, MIB_TCP6ROW_OWNER_PID)},
    {API_EXTENDED_TCP, "GetExtendedTcpTable", "TCP_TABLE_BASIC_ALL", TCP_TABLE_BASIC_ALL, AF_INET, "tcp4-basic",
     LAYOUT(MIB_TCPTABLE, MIB_TCPROW)},
    {API_EXTENDED_TCP, "GetExtendedTcpTable", "TCP_TABLE_BASIC_ALL", TCP_TABLE_BASIC_ALL, AF_INET6, "tcp6-basic",
     LAYOUT(MIB_TCP6TABLE, MIB_TCP6ROW)},
    {API_TCP_TABLE2, "GetTcpTable2", NULL, 0, AF_INET, "tcp4-row2", LAYOUT(MIB_TCPTABLE2, MIB_TCPROW2)},
    {API_TCP6_TABLE2, "GetTcp6Table2", NULL, 0, AF_INET6, "tcp6-row2", LAYOUT(MIB_TCP6TABLE2, MIB_TCP6ROW2)},
    {API_EXTENDED_UDP, "GetExtendedUdpTable", "UDP_TABLE_OWNER_MODULE", UDP_TABLE_OWNER_MODULE, AF_INET, "udp4-module",
     LAYOUT(MIB_UDPTABLE_OWNER_MODULE, MIB_UDPROW_OWNER_MODULE)},
    {API_EXTENDED_UDP, "GetExtendedUdpTable", "UDP_TABLE_OWNER_MODULE", UDP_TABLE_OWNER_MODULE, AF_INET6, "udp6-module",
     LAYOUT(MIB_UDP6TABLE_OWNER_MODULE, MIB_UDP6ROW_OWNER_MODULE)},
    {API_EXTENDED_UDP, "GetExtendedUdpTable", "UDP_TABLE_OWNER_PID", UDP_TABLE_OWNER_PID, AF_INET, "udp4-pid",
     LAYOUT(MIB_UDPTABLE_OWNER_PID, MIB_UDPROW_OWNER_PID)},
    {API_EXTENDED_UDP, "GetExtendedUdpTable", "UDP_TABLE_OWNER_PID", UDP_TABLE_OWNER_PID, AF_INET6, "udp6-pid",
     LAYOUT(MIB_UDP6TABLE_OWNER_PID, MIB_UDP6ROW_OWNER_PID)},
    {API_EXTENDED_UDP, "GetExtendedUdpTable", "UDP_TABLE_BASIC", UDP_TABLE_BASIC, AF_INET, "udp4-basic",
     LAYOUT(MIB_UDPTABLE, MIB_UDPROW)},
    {API_EXTENDED_UDP, "GetExtendedUdpTable", "UDP_TABLE_BASIC", UDP_TABLE_BASIC, AF_INET6, "udp6-basic",
     LAYOUT(MIB_UDP6TABLE, MIB_UDP6ROW)},
};
#define POLL_CLASSES (sizeof poll_classes / sizeof poll_classes[0])

#define TCP_EXTRA(value, v4kind, v6kind, table4, row4, table6, row6)                                   \
    {API_EXTENDED_TCP, "GetExtendedTcpTable", #value, value, AF_INET, v4kind, LAYOUT(table4, row4)},   \
    {                                                                                                  \
        API_EXTENDED_TCP, "GetExtendedTcpTable", #value, value, AF_INET6, v6kind, LAYOUT(table6, row6) \
    }

/* The last poll's extra tables: the classes a poll does not fetch, in exact-size buffers. */
static const table_class extra_classes[] = {
    TCP_EXTRA(TCP_TABLE_BASIC_LISTENER, "tcp4-basic", "tcp6-basic", MIB_TCPTABLE, MIB_TCPROW, MIB_TCP6TABLE,
              MIB_TCP6ROW),
    TCP_EXTRA(TCP_TABLE_BASIC_CONNECTIONS, "tcp4-basic", "tcp6-basic", MIB_TCPTABLE, MIB_TCPROW, MIB_TCP6TABLE,
              MIB_TCP6ROW),
    TCP_EXTRA(TCP_TABLE_OWNER_PID_LISTENER, "tcp4-pid", "tcp6-pid", MIB_TCPTABLE_OWNER_PID, MIB_TCPROW_OWNER_PID,
              MIB_TCP6TABLE_OWNER_PID, MIB_TCP6ROW_OWNER_PID),
    TCP_EXTRA(TCP_TABLE_OWNER_PID_CONNECTIONS, "tcp4-pid", "tcp6-pid", MIB_TCPTABLE_OWNER_PID, MIB_TCPROW_OWNER_PID,
              MIB_TCP6TABLE_OWNER_PID, MIB_TCP6ROW_OWNER_PID),
    TCP_EXTRA(TCP_TABLE_OWNER_MODULE_LISTENER, "tcp4-module", "tcp6-module", MIB_TCPTABLE_OWNER_MODULE,
              MIB_TCPROW_OWNER_MODULE, MIB_TCP6TABLE_OWNER_MODULE, MIB_TCP6ROW_OWNER_MODULE),
    TCP_EXTRA(TCP_TABLE_OWNER_MODULE_CONNECTIONS, "tcp4-module", "tcp6-module", MIB_TCPTABLE_OWNER_MODULE,
              MIB_TCPROW_OWNER_MODULE, MIB_TCP6TABLE_OWNER_MODULE, MIB_TCP6ROW_OWNER_MODULE),
};
#define EXTRA_CLASSES (sizeof extra_classes / sizeof extra_classes[0])

/* The class whose last table is also copied behind a record prefix (index into poll_classes). */
#define COPIED_CLASS 10 /* udp4-pid */
#define COPY_PREFIX 16  /* keeps the copy 8-byte aligned, as a struct with a timestamp would */

#define SLACK_ROWS 4 /* rows of room a poll adds to the size asked, for sockets opened meanwhile */
#define MAX_ATTEMPTS 8

typedef struct table_buffer {
    HANDLE heap;
    unsigned char *block; /* what HeapAlloc returned; NULL once freed */
    size_t seq;           /* the log's number of this table */
} table_buffer;

static HANDLE log_file = INVALID_HANDLE_VALUE;
static const char *out_dir;
static size_t next_seq;

static void fail(const char *what, DWORD code)
{
    fprintf(stderr, "table_agent: %s failed (error %lu)\n", what, (unsigned long)code);
    exit(2);
}

static HANDLE create_file(const char *name)
{
    char path[MAX_PATH];
    if ((size_t)snprintf(path, sizeof path, "%s\\%s", out_dir, name) >= sizeof path) {
        fail("path too long: CreateFile", ERROR_FILENAME_EXCED_RANGE);
    }
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "table_agent: %s: ", path);
        fail("CreateFile", GetLastError());
    }
    return h;
}

static void write_all(HANDLE h, const void *bytes, size_t len)
{
    DWORD written = 0;
    if (len > 0xFFFFFFFFu || !WriteFile(h, bytes, (DWORD)len, &written, NULL) || written != len) {
        fail("WriteFile", GetLastError());
    }
}

static void log_line(const char *line)
{
    write_all(log_file, line, strlen(line));
    write_all(log_file, "\n", 1);
}

static DWORD table_call(const table_class *c, void *buf, DWORD *size, BOOL sort)
{
    ULONG ulong_size = *size;
    DWORD code = ERROR_INVALID_FUNCTION;
    switch (c->api) {
    case API_EXTENDED_TCP:
        code = GetExtendedTcpTable(buf, size, sort, c->family, (TCP_TABLE_CLASS)c->class_value, 0);
        break;
    case API_EXTENDED_UDP:
        code = GetExtendedUdpTable(buf, size, sort, c->family, (UDP_TABLE_CLASS)c->class_value, 0);
        break;
    case API_TCP_TABLE2:
        code = GetTcpTable2(buf, &ulong_size, sort);
        *size = ulong_size;
        break;
    case API_TCP6_TABLE2:
        code = GetTcp6Table2(buf, &ulong_size, sort);
        *size = ulong_size;
        break;
    }
    return code;
}

/* The bytes a table of this many rows covers: dwNumEntries, the padding before the rows, the rows. */
static size_t table_length(const table_class *c, DWORD entries)
{
    return c->rows_offset + (size_t)entries * c->row_size;
}

/* Fetches one table into a fresh heap block of the size asked plus slack_rows rows, logs it
 * and saves its bytes. The table starts at block + table_offset (a copy prefix, or 0). */
static table_buffer fetch_table(HANDLE heap, int poll, const table_class *c, size_t slack_rows, BOOL sort,
                                const char *how)
{
    unsigned char *block = NULL;
    DWORD table_size = 0;
    DWORD code = ERROR_INSUFFICIENT_BUFFER;
    int attempts = 0;
    size_t block_size = 0;
    /* A table can grow between the two calls: ask again, as agents do. */
    while (code == ERROR_INSUFFICIENT_BUFFER && attempts < MAX_ATTEMPTS) {
        attempts++;
        if (block != NULL) {
            HeapFree(heap, 0, block);
            block = NULL;
        }
        DWORD asked = 0;
        code = table_call(c, NULL, &asked, sort);
        if (code != ERROR_INSUFFICIENT_BUFFER && code != NO_ERROR) {
            break;
        }
        block_size = (size_t)asked + slack_rows * c->row_size;
        block = HeapAlloc(heap, 0, block_size);
        if (block == NULL) {
            fail("HeapAlloc", ERROR_NOT_ENOUGH_MEMORY);
        }
        table_size = (DWORD)block_size;
        code = table_call(c, block, &table_size, sort);
    }
    if (code != NO_ERROR) {
        char what[160];
        snprintf(what, sizeof what, "%s %s family %lu", c->function, c->class_name ? c->class_name : "",
                 (unsigned long)c->family);
        fail(what, code);
    }
    DWORD entries = 0;
    memcpy(&entries, block, sizeof entries);
    const size_t length = table_length(c, entries);
    if (length > block_size) {
        fail("a table longer than its buffer: GetExtended*Table", ERROR_INVALID_DATA);
    }
    const size_t seq = next_seq++;
    char file[64];
    snprintf(file, sizeof file, "tables\\%03zu-p%02d-%s.bin", seq, poll, c->kind);
    HANDLE h = create_file(file);
    write_all(h, block, length);
    CloseHandle(h);

    char line[1024];
    snprintf(line, sizeof line,
             "{\"event\":\"table\",\"seq\":%zu,\"poll\":%d,\"case\":\"%s\",\"heap\":\"%s\",\"kind\":\"%s\","
             "\"function\":\"%s\","
             "\"class\":%s%s%s,\"family\":\"%s\",\"sorted\":%s,\"address\":\"0x%llx\",\"block_address\":\"0x%llx\","
             "\"block_size\":%zu,\"returned_size\":%lu,\"table_size\":%zu,\"entries\":%lu,\"rows_offset\":%zu,"
             "\"row_size\":%zu,\"attempts\":%d,\"file\":\"tables/%03zu-p%02d-%s.bin\"}",
             seq, poll, how, heap == GetProcessHeap() ? "process" : "snapshots", c->kind, c->function,
             c->class_name ? "\"" : "", c->class_name ? c->class_name : "null", c->class_name ? "\"" : "",
             c->family == AF_INET ? "AF_INET" : "AF_INET6", sort ? "true" : "false",
             (unsigned long long)(uintptr_t)block, (unsigned long long)(uintptr_t)block, block_size,
             (unsigned long)table_size, length, (unsigned long)entries, c->rows_offset, c->row_size, attempts, seq,
             poll, c->kind);
    log_line(line);
    return (table_buffer){heap, block, seq};
}

static void free_table(table_buffer *t)
{
    if (t->block == NULL) {
        return;
    }
    char line[160];
    snprintf(line, sizeof line, "{\"event\":\"free\",\"seq\":%zu,\"block_address\":\"0x%llx\"}", t->seq,
             (unsigned long long)(uintptr_t)t->block);
    log_line(line);
    if (!HeapFree(t->heap, 0, t->block)) {
        fail("HeapFree", GetLastError());
    }
    t->block = NULL;
}

/* Copies a live table behind a COPY_PREFIX-byte record header (a time stamp and a length,
 * as a queueing agent would write) and logs the copy as a table of its own. */
static table_buffer copy_table(int poll, const table_class *c, const table_buffer *source)
{
    DWORD entries = 0;
    memcpy(&entries, source->block, sizeof entries);
    const size_t table_size = table_length(c, entries);
    const size_t block_size = COPY_PREFIX + (size_t)table_size;
    unsigned char *block = HeapAlloc(GetProcessHeap(), 0, block_size);
    if (block == NULL) {
        fail("HeapAlloc", ERROR_NOT_ENOUGH_MEMORY);
    }
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    memcpy(block, &now, sizeof now);
    const unsigned long long length = table_size;
    memcpy(block + 8, &length, sizeof length);
    memcpy(block + COPY_PREFIX, source->block, table_size);
    const size_t seq = next_seq++;
    char file[64];
    snprintf(file, sizeof file, "tables\\%03zu-p%02d-%s.bin", seq, poll, c->kind);
    HANDLE h = create_file(file);
    write_all(h, block + COPY_PREFIX, table_size);
    CloseHandle(h);
    char line[1024];
    snprintf(line, sizeof line,
             "{\"event\":\"table\",\"seq\":%zu,\"poll\":%d,\"case\":\"copy\",\"heap\":\"process\",\"kind\":\"%s\","
             "\"function\":\"memcpy\","
             "\"class\":null,\"family\":\"%s\",\"sorted\":true,\"address\":\"0x%llx\",\"block_address\":\"0x%llx\","
             "\"block_size\":%zu,\"table_size\":%zu,\"entries\":%lu,\"rows_offset\":%zu,\"row_size\":%zu,"
             "\"attempts\":0,\"file\":\"tables/%03zu-p%02d-%s.bin\",\"copy_of\":%zu}",
             seq, poll, c->kind, c->family == AF_INET ? "AF_INET" : "AF_INET6",
             (unsigned long long)(uintptr_t)(block + COPY_PREFIX), (unsigned long long)(uintptr_t)block, block_size,
             table_size, (unsigned long)entries, c->rows_offset, c->row_size, seq, poll, c->kind, source->seq);
    log_line(line);
    return (table_buffer){GetProcessHeap(), block, seq};
}

static void write_minidump(void)
{
    HANDLE h = create_file("agent.dmp");
    const MINIDUMP_TYPE type = (MINIDUMP_TYPE)(MiniDumpWithFullMemory | MiniDumpWithHandleData);
    if (!MiniDumpWriteDump(GetCurrentProcess(), GetCurrentProcessId(), h, type, NULL, NULL, NULL)) {
        fail("MiniDumpWriteDump", GetLastError());
    }
    CloseHandle(h);
    log_line("{\"event\":\"minidump\",\"file\":\"agent.dmp\",\"type\":\"MiniDumpWithFullMemory\"}");
}

/* When a poll starts (UTC FILETIME): the observation time of its tables. */
static void log_poll(int poll)
{
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    char line[128];
    snprintf(line, sizeof line, "{\"event\":\"poll\",\"poll\":%d,\"filetime_utc\":%llu}", poll,
             (unsigned long long)now.dwHighDateTime << 32 | now.dwLowDateTime);
    log_line(line);
}

/* Blocks until the driver sends a line; false at end of input. */
static bool wait_for_driver(void)
{
    char line[64];
    return fgets(line, sizeof line, stdin) != NULL;
}

int main(int argc, char **argv)
{
    int polls = 12;
    int arg = 1;
    if (arg + 1 < argc && strcmp(argv[arg], "--polls") == 0) {
        polls = atoi(argv[arg + 1]);
        arg += 2;
    }
    if (arg + 1 != argc || polls < 2 || polls > 99) {
        fputs("usage: table_agent.exe [--polls N] OUTDIR   (N: 2 to 99, default 12)\n", stderr);
        return 2;
    }
    out_dir = argv[arg];
    char tables_dir[MAX_PATH];
    snprintf(tables_dir, sizeof tables_dir, "%s\\tables", out_dir);
    if (!CreateDirectoryA(out_dir, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
        fail("CreateDirectory OUTDIR", GetLastError());
    }
    if (!CreateDirectoryA(tables_dir, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
        fail("CreateDirectory OUTDIR\\tables", GetLastError());
    }
    log_file = create_file("agent.jsonl");
    setvbuf(stdout, NULL, _IONBF, 0);

    /* Snapshots live in a heap of their own, as in agents that keep them apart from the
     * process heap: only later snapshots reuse a freed one's blocks, so stale tables survive
     * as long as they would in a busy agent's heap. The extra tables go to the process heap,
     * where iphlpapi's and dbghelp's own allocations come and go too. */
    HANDLE snapshot_heap = HeapCreate(0, 0, 0);
    if (snapshot_heap == NULL) {
        fail("HeapCreate", GetLastError());
    }
    table_buffer previous[POLL_CLASSES] = {0};
    table_buffer current[POLL_CLASSES] = {0};
    table_buffer extras[EXTRA_CLASSES + 1] = {0};
    for (int poll = 1; poll <= polls; poll++) {
        if (!wait_for_driver()) {
            fputs("table_agent: end of input before the last poll\n", stderr);
            return 2;
        }
        log_poll(poll);
        for (size_t i = 0; i < POLL_CLASSES; i++) {
            current[i] = fetch_table(snapshot_heap, poll, &poll_classes[i], SLACK_ROWS, TRUE, "poll");
        }
        if (poll == polls) {
            for (size_t i = 0; i < EXTRA_CLASSES; i++) {
                extras[i] = fetch_table(GetProcessHeap(), poll, &extra_classes[i], 0, FALSE, "exact-size");
            }
            extras[EXTRA_CLASSES] = copy_table(poll, &poll_classes[COPIED_CLASS], &current[COPIED_CLASS]);
        }
        /* The previous snapshot has been compared with this one: it goes. */
        for (size_t i = 0; i < POLL_CLASSES; i++) {
            free_table(&previous[i]);
            previous[i] = current[i];
        }
        printf("polled %d\n", poll);
    }
    write_minidump();
    printf("ready\n");
    (void)wait_for_driver();
    /* Only now may the live tables go (quietly: the log is complete). */
    for (size_t i = 0; i < EXTRA_CLASSES + 1; i++) {
        HeapFree(extras[i].heap, 0, extras[i].block);
    }
    for (size_t i = 0; i < POLL_CLASSES; i++) {
        HeapFree(current[i].heap, 0, current[i].block);
    }
    CloseHandle(log_file);
    return 0;
}
