/* mibtcp capture DIR: save the tables Windows returns right now, every table
 * class of both families, each buffer byte for byte as the call returned it,
 * with a manifest saying what was called and the SHA-256 of every file. It is
 * the source of the evidence the other subcommands read. Only the few
 * functions under _WIN32 touch the Windows API; elsewhere the command says it
 * needs Windows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture_fetch.h"
#include "cli/commands.h"
#include "cli/diagnostics.h"
#include "cli/options.h"
#include "common/json_text.h"
#include "common/sha256.h"
#include "mibtcp.h"
#include "output/file_write.h"
#include "output/out_writer.h"

#ifdef _WIN32
/* Windows wants these in this order (winsock2.h before windows.h, ws2tcpip.h before
 * iphlpapi.h): one include per block, so that sorting leaves them be. */
#include <winsock2.h>

#include <ws2tcpip.h> /* before iphlpapi.h: declares the IPv6 tables */

#include <windows.h>

#include <direct.h>
#include <errno.h>
#include <iphlpapi.h>
#endif

static const command_options capture_spec = {
    .command = "capture",
    .operand = "DIR",
    .operand_noun = "directory",
    .missing_operand = "expects one argument, the output directory",
    .about = "Windows only: save the live TCP and UDP tables into DIR (created if missing), one file per call:\n"
             "GetExtendedTcpTable for every TCP_TABLE_CLASS and GetExtendedUdpTable for every UDP_TABLE_CLASS,\n"
             "both for AF_INET and AF_INET6, and GetTcpTable2/GetTcp6Table2. Each file holds exactly the bytes\n"
             "the call returned (its reported size): DIR/KIND[-CLASS].bin, e.g. tcp4-module-all.bin, udp6-pid.bin,\n"
             "readable with 'mibtcp dump --kind KIND'. DIR/manifest.json records the host, the UTC time, the\n"
             "Windows version and, per call, function, class, family, kind, return code, attempts, size,\n"
             "SHA-256 and file (null when the call failed).\n",
    .epilogue = "Exit status: 0 at least one table saved (failed calls are in the manifest), 1 every call failed,\n"
                "2 usage or I/O error, or not a Windows build.\n",
};

enum table_api { API_EXTENDED_TCP, API_EXTENDED_UDP, API_TCP_TABLE2, API_TCP6_TABLE2 };
enum { FAMILY_INET = 2, FAMILY_INET6 = 23 }; /* AF_INET, AF_INET6 as Windows numbers them */

/* One call of the capture. class_value is the TCP_TABLE_CLASS or UDP_TABLE_CLASS value. */
typedef struct capture_call {
    enum table_api api;
    const char *function;
    const char *class_name; /* NULL for GetTcpTable2/GetTcp6Table2 */
    int class_value;
    int family;
    mibtcp_kind kind;
    const char *file_suffix; /* "-listener", "-connections", "-all" or "" */
} capture_call;

#define TCP_CLASS(value, name, v4kind, v6kind, suffix)                                     \
    {API_EXTENDED_TCP, "GetExtendedTcpTable", name, value, FAMILY_INET, v4kind, suffix},   \
    {                                                                                      \
        API_EXTENDED_TCP, "GetExtendedTcpTable", name, value, FAMILY_INET6, v6kind, suffix \
    }
#define UDP_CLASS(value, name, v4kind, v6kind)                                         \
    {API_EXTENDED_UDP, "GetExtendedUdpTable", name, value, FAMILY_INET, v4kind, ""},   \
    {                                                                                  \
        API_EXTENDED_UDP, "GetExtendedUdpTable", name, value, FAMILY_INET6, v6kind, "" \
    }

static const capture_call capture_plan[] = {
    TCP_CLASS(0, "TCP_TABLE_BASIC_LISTENER", MIBTCP_KIND_TCP4_BASIC, MIBTCP_KIND_TCP6_BASIC, "-listener"),
    TCP_CLASS(1, "TCP_TABLE_BASIC_CONNECTIONS", MIBTCP_KIND_TCP4_BASIC, MIBTCP_KIND_TCP6_BASIC, "-connections"),
    TCP_CLASS(2, "TCP_TABLE_BASIC_ALL", MIBTCP_KIND_TCP4_BASIC, MIBTCP_KIND_TCP6_BASIC, "-all"),
    TCP_CLASS(3, "TCP_TABLE_OWNER_PID_LISTENER", MIBTCP_KIND_TCP4_PID, MIBTCP_KIND_TCP6_PID, "-listener"),
    TCP_CLASS(4, "TCP_TABLE_OWNER_PID_CONNECTIONS", MIBTCP_KIND_TCP4_PID, MIBTCP_KIND_TCP6_PID, "-connections"),
    TCP_CLASS(5, "TCP_TABLE_OWNER_PID_ALL", MIBTCP_KIND_TCP4_PID, MIBTCP_KIND_TCP6_PID, "-all"),
    TCP_CLASS(6, "TCP_TABLE_OWNER_MODULE_LISTENER", MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE, "-listener"),
    TCP_CLASS(7, "TCP_TABLE_OWNER_MODULE_CONNECTIONS", MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE,
              "-connections"),
    TCP_CLASS(8, "TCP_TABLE_OWNER_MODULE_ALL", MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE, "-all"),
    UDP_CLASS(0, "UDP_TABLE_BASIC", MIBTCP_KIND_UDP4_BASIC, MIBTCP_KIND_UDP6_BASIC),
    UDP_CLASS(1, "UDP_TABLE_OWNER_PID", MIBTCP_KIND_UDP4_PID, MIBTCP_KIND_UDP6_PID),
    UDP_CLASS(2, "UDP_TABLE_OWNER_MODULE", MIBTCP_KIND_UDP4_MODULE, MIBTCP_KIND_UDP6_MODULE),
    {API_TCP_TABLE2, "GetTcpTable2", NULL, 0, FAMILY_INET, MIBTCP_KIND_TCP4_ROW2, ""},
    {API_TCP6_TABLE2, "GetTcp6Table2", NULL, 0, FAMILY_INET6, MIBTCP_KIND_TCP6_ROW2, ""},
};
#define CAPTURE_CALLS (sizeof capture_plan / sizeof capture_plan[0])

/* What the manifest says about the machine. */
typedef struct capture_host {
    char name[256];
    char windows_version[64];
    int64_t filetime_utc;
} capture_host;

/* ---- the Windows API: the calls, the host facts, the directory ---- */
#ifdef _WIN32
static const bool capture_supported = true;

static uint32_t platform_table_call(void *context, void *buf, uint32_t *size)
{
    const capture_call *c = context;
    DWORD dword_size = *size;
    ULONG ulong_size = *size;
    DWORD code = ERROR_INVALID_FUNCTION;
    switch (c->api) {
    case API_EXTENDED_TCP:
        code = GetExtendedTcpTable(buf, &dword_size, FALSE, (ULONG)c->family, (TCP_TABLE_CLASS)c->class_value, 0);
        *size = dword_size;
        break;
    case API_EXTENDED_UDP:
        code = GetExtendedUdpTable(buf, &dword_size, FALSE, (ULONG)c->family, (UDP_TABLE_CLASS)c->class_value, 0);
        *size = dword_size;
        break;
    case API_TCP_TABLE2:
        code = GetTcpTable2(buf, &ulong_size, FALSE);
        *size = ulong_size;
        break;
    case API_TCP6_TABLE2:
        code = GetTcp6Table2(buf, &ulong_size, FALSE);
        *size = ulong_size;
        break;
    }
    return (uint32_t)code;
}

/* RtlGetVersion tells the truth; GetVersionEx answers according to the executable's manifest. */
typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

static void platform_host(capture_host *host)
{
    DWORD name_size = (DWORD)sizeof host->name;
    if (!GetComputerNameA(host->name, &name_size)) {
        strcpy(host->name, "unknown");
    }
    strcpy(host->windows_version, "unknown");
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    FARPROC proc = ntdll != NULL ? GetProcAddress(ntdll, "RtlGetVersion") : NULL;
    if (proc != NULL) {
        OSVERSIONINFOW info;
        memset(&info, 0, sizeof info);
        info.dwOSVersionInfoSize = sizeof info;
        if (((rtl_get_version_fn)(void (*)(void))proc)(&info) == 0) {
            snprintf(host->windows_version, sizeof host->windows_version, "%lu.%lu.%lu", info.dwMajorVersion,
                     info.dwMinorVersion, info.dwBuildNumber);
        }
    }
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    host->filetime_utc = (int64_t)((uint64_t)now.dwHighDateTime << 32 | now.dwLowDateTime);
}

static bool platform_make_directory(const char *path)
{
    return _mkdir(path) == 0 || errno == EEXIST;
}
#else
static const bool capture_supported = false;

static uint32_t platform_table_call(void *context, void *buf, uint32_t *size)
{
    (void)context, (void)buf, (void)size;
    return 50u; /* ERROR_NOT_SUPPORTED; never reached: capture stops first on this host */
}

static void platform_host(capture_host *host)
{
    memset(host, 0, sizeof *host);
}

static bool platform_make_directory(const char *path)
{
    (void)path;
    return false;
}
#endif

/* ---- everything below is the same on every host ---- */

typedef struct call_outcome {
    capture_result result;
    char file[64]; /* empty when no file was written */
    char sha256[SHA256_HEX_SIZE];
} call_outcome;

static const char *family_name(int family)
{
    return family == FAMILY_INET ? "AF_INET" : "AF_INET6";
}

static bool write_file(const char *dir, const char *name, const unsigned char *bytes, size_t len)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        fprintf(stderr, "mibtcp capture: %s: path too long\n", display_name(dir));
        return false;
    }
    const int err = file_write_all(path, bytes, len);
    if (err != 0) {
        fprintf(stderr, "mibtcp capture: %s: cannot write: %s\n", display_name(path), strerror(err));
    }
    return err == 0;
}

static void write_manifest(FILE *out, const capture_host *host, const call_outcome *outcomes)
{
    char when[MIBTCP_ISO8601_SIZE];
    if (mibtcp_filetime_to_iso8601(host->filetime_utc, when, sizeof when) != MIBTCP_OK) {
        strcpy(when, "unknown");
    }
    json_object manifest;
    json_begin(&manifest, out);
    json_string(&manifest, "tool", "mibtcp capture");
    json_string(&manifest, "version", mibtcp_version());
    json_string(&manifest, "host", host->name);
    json_string(&manifest, "captured_utc", when);
    json_string(&manifest, "windows_version", host->windows_version);
    fputs(",\"calls\":[\n", out);
    for (size_t i = 0; i < CAPTURE_CALLS; i++) {
        const capture_call *c = &capture_plan[i];
        const call_outcome *o = &outcomes[i];
        const bool saved = o->file[0] != '\0';
        json_object call;
        json_begin(&call, out);
        json_string(&call, "function", c->function);
        json_string(&call, "class", c->class_name);
        json_string(&call, "family", family_name(c->family));
        json_string(&call, "kind", mibtcp_kind_name(c->kind));
        json_uint(&call, "return_code", o->result.code);
        json_uint(&call, "attempts", o->result.attempts);
        if (saved) {
            json_uint(&call, "size", o->result.size);
        } else {
            json_string(&call, "size", NULL);
        }
        json_string(&call, "sha256", saved ? o->sha256 : NULL);
        json_string(&call, "file", saved ? o->file : NULL);
        json_end(&call);
        fputs(i + 1 < CAPTURE_CALLS ? ",\n" : "\n", out);
    }
    fputs("]", out);
    json_end(&manifest);
    fputc('\n', out);
}

/* Makes one call; writes its table on success. False only on an I/O error. */
static bool capture_one(const char *dir, const capture_call *c, call_outcome *o)
{
    capture_fetch_table(platform_table_call, (void *)c, &o->result);
    o->file[0] = '\0';
    if (o->result.code != CAPTURE_NO_ERROR) {
        return true;
    }
    char name[sizeof o->file];
    snprintf(name, sizeof name, "%s%s.bin", mibtcp_kind_name(c->kind), c->file_suffix);
    const bool written = write_file(dir, name, o->result.bytes, o->result.size);
    if (written) {
        sha256_hex(o->result.bytes, o->result.size, o->sha256);
        strcpy(o->file, name);
    }
    free(o->result.bytes);
    o->result.bytes = NULL;
    return written;
}

int cmd_capture(int argc, char **argv)
{
    const char *dir;
    int exit_status;
    if (!options_parse_command(&capture_spec, argc, argv, NULL, &dir, &exit_status)) {
        return exit_status;
    }
    if (strcmp(dir, "-") == 0) { /* files go into a directory; there is no standard output to write them to */
        (void)options_usage_error("capture", "expects a directory, not standard output", dir);
        return EXIT_USAGE;
    }
    if (!capture_supported) {
        fputs("mibtcp capture: needs Windows (it calls GetExtendedTcpTable and friends); "
              "this build is not for Windows\n",
              stderr);
        return EXIT_USAGE;
    }
    if (!platform_make_directory(dir)) {
        fprintf(stderr, "mibtcp capture: %s: cannot create the directory\n", display_name(dir));
        return EXIT_USAGE;
    }
    capture_host host;
    platform_host(&host);
    call_outcome outcomes[CAPTURE_CALLS];
    size_t saved = 0;
    for (size_t i = 0; i < CAPTURE_CALLS; i++) {
        if (!capture_one(dir, &capture_plan[i], &outcomes[i])) {
            return EXIT_USAGE;
        }
        saved += outcomes[i].file[0] != '\0';
    }
    char manifest_path[4096];
    snprintf(manifest_path, sizeof manifest_path, "%s/manifest.json", dir);
    FILE *manifest = fopen(manifest_path, "wb");
    if (manifest == NULL) {
        fprintf(stderr, "mibtcp capture: %s: cannot write: %s\n", display_name(manifest_path), strerror(errno));
        return EXIT_USAGE;
    }
    write_manifest(manifest, &host, outcomes);
    errno = 0;
    const bool failed = ferror(manifest) != 0;
    const int write_errno = errno;
    if (fclose(manifest) != 0 || failed) {
        const int err = failed ? write_errno : errno;
        fprintf(stderr, "mibtcp capture: %s: cannot write: %s\n", display_name(manifest_path),
                strerror(err != 0 ? err : EIO));
        return EXIT_USAGE;
    }
    fprintf(stderr, "mibtcp capture: %zu of %zu calls saved a table in %s (see manifest.json)\n", saved,
            (size_t)CAPTURE_CALLS, display_name(dir));
    return saved > 0 ? EXIT_VALID : EXIT_INVALID;
}
