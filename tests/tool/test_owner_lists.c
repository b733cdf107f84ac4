/* Process lists (--processes) in the three formats, the owner of a PID at a
 * creation time with PID reuse, service maps (--services), and the JSON and
 * CSV readers beneath them. Expected FILETIMEs were computed apart from this
 * code: Python's datetime, (t - 1601-01-01) in 100 ns ticks. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/csv_record.h"
#include "common/json_scan.h"
#include "common/process_list.h"
#include "common/service_map.h"
#include "run_suite.h"

#define T_2024_05_01_10_00_00 INT64_C(133590312000000000)
#define T_2024_05_01_10_00_00_5 INT64_C(133590312005000000)
#define T_2024_05_01_09_30_15_1234567 INT64_C(133590294151234567)
#define T_2024_05_01_11_00_00 INT64_C(133590348000000000)

static process_list parse_ok(const char *text, size_t len, process_format want_format, size_t want_count)
{
    process_list list;
    process_list_error err = {0, NULL};
    const bool ok = process_list_parse(text, len, &list, &err);
    ck_assert_msg(ok, "refused at line %zu: %s", err.line, err.message ? err.message : "?");
    ck_assert_int_eq(list.format, want_format);
    ck_assert_uint_eq(list.count, want_count);
    return list;
}

static const process_entry *only(const process_list *list, uint32_t pid)
{
    size_t first;
    ck_assert_uint_eq(process_list_find(list, pid, &first), 1);
    return &list->entries[first];
}

static const char *name_of(const process_list *list, const process_entry *e)
{
    return list->names + e->name;
}

/* vol -r json windows.pslist: an array of rows, children nested, datetimes from isoformat(). */
static const char volatility[] =
    "[\n"
    "  {\"PID\": 4, \"PPID\": 0, \"ImageFileName\": \"System\", \"Offset(V)\": 18446635223567540352,\n"
    "   \"CreateTime\": \"2024-05-01T10:00:00+00:00\", \"ExitTime\": null, \"__children\": []},\n"
    "  {\"PID\": 1234, \"PPID\": 4, \"ImageFileName\": \"svchost.exe\",\n"
    "   \"CreateTime\": \"2024-05-01T12:00:00.500000+02:00\", \"ExitTime\": null,\n"
    "   \"__children\": [{\"PID\": 5678, \"PPID\": 1234, \"ImageFileName\": \"caf\\u00e9.exe\",\n"
    "                    \"CreateTime\": null, \"__children\": []}]}\n"
    "]\n";

START_TEST(volatility_pslist_json)
{
    process_list list = parse_ok(volatility, strlen(volatility), PROCESS_VOLATILITY, 3);
    const process_entry *system = only(&list, 4), *svchost = only(&list, 1234), *child = only(&list, 5678);
    ck_assert_str_eq(name_of(&list, system), "System");
    ck_assert(system->has_start);
    ck_assert_int_eq(system->start, T_2024_05_01_10_00_00);
    ck_assert_str_eq(name_of(&list, svchost), "svchost.exe");
    ck_assert_int_eq(svchost->start, T_2024_05_01_10_00_00_5); /* +02:00 */
    ck_assert_str_eq(name_of(&list, child), "caf\xc3\xa9.exe");
    ck_assert(!child->has_start);
    process_list_free(&list);
}
END_TEST

/* Velociraptor's JSON Lines: one object per line, nested objects of other keys. */
static const char velociraptor[] =
    "{\"Pid\":1234,\"Ppid\":4,\"Name\":\"svchost.exe\",\"CreateTime\":\"2024-05-01T09:30:15.1234567Z\","
    "\"Exe\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\",\"TokenIsElevated\":true,\"MemoryInfo\":{\"WorkingSetSize\":"
    "1}}\n"
    "{\"Pid\":1234,\"Ppid\":4,\"Name\":\"new.exe\",\"CreateTime\":\"2024-05-01T11:00:00Z\"}\r\n"
    "\n";

START_TEST(velociraptor_pslist_jsonl)
{
    process_list list = parse_ok(velociraptor, strlen(velociraptor), PROCESS_VELOCIRAPTOR, 2);
    size_t first;
    ck_assert_uint_eq(process_list_find(&list, 1234, &first), 2);
    ck_assert_str_eq(name_of(&list, &list.entries[first]), "svchost.exe"); /* by start time */
    ck_assert_int_eq(list.entries[first].start, T_2024_05_01_09_30_15_1234567);
    ck_assert_str_eq(name_of(&list, &list.entries[first + 1]), "new.exe");
    ck_assert_int_eq(list.entries[first + 1].start, T_2024_05_01_11_00_00);
    process_list_free(&list);
}
END_TEST

/* The owner at a creation time: the process started last by then; before all, a reused PID. */
START_TEST(owner_and_pid_reuse)
{
    process_list list = parse_ok(velociraptor, strlen(velociraptor), PROCESS_VELOCIRAPTOR, 2);
    bool reused, ambiguous;
    long owner = process_list_owner(&list, 1234, true, T_2024_05_01_10_00_00, &reused, &ambiguous);
    ck_assert_int_ge(owner, 0);
    ck_assert_str_eq(name_of(&list, &list.entries[owner]), "svchost.exe");
    ck_assert(!reused);
    owner = process_list_owner(&list, 1234, true, T_2024_05_01_11_00_00 + 1, &reused, &ambiguous);
    ck_assert_str_eq(name_of(&list, &list.entries[owner]), "new.exe");
    /* created an hour before the first process of PID 1234 started */
    owner = process_list_owner(&list, 1234, true, T_2024_05_01_09_30_15_1234567 - INT64_C(36000000000), &reused,
                               &ambiguous);
    ck_assert_int_eq(owner, -1);
    ck_assert(reused);
    /* half a second early: within the slack for rounded times */
    owner = process_list_owner(&list, 1234, true, T_2024_05_01_09_30_15_1234567 - 5000000, &reused, &ambiguous);
    ck_assert_int_ge(owner, 0);
    ck_assert(!reused);
    /* no creation time and two processes: nothing tells them apart */
    owner = process_list_owner(&list, 1234, false, 0, &reused, &ambiguous);
    ck_assert_int_eq(owner, -1);
    ck_assert(ambiguous && !reused);
    owner = process_list_owner(&list, 999, true, T_2024_05_01_10_00_00, &reused, &ambiguous);
    ck_assert_int_eq(owner, -1);
    ck_assert(!ambiguous && !reused);
    process_list_free(&list);
}
END_TEST

/* tasklist /v /fo csv as cmd.exe writes it (CR LF, every field quoted). */
static const char tasklist[] =
    "\"Image Name\",\"PID\",\"Session Name\",\"Session#\",\"Mem Usage\",\"Status\",\"User Name\",\"CPU Time\","
    "\"Window Title\"\r\n"
    "\"System Idle Process\",\"0\",\"Services\",\"0\",\"8 K\",\"Unknown\",\"NT AUTHORITY\\SYSTEM\",\"9:10:11\","
    "\"N/A\"\r\n"
    "\"svchost.exe\",\"1234\",\"Services\",\"0\",\"12,345 K\",\"Unknown\",\"N/A\",\"0:00:01\",\"N/A\"\r\n"
    "\"say \"\"hi\"\".exe\",\"77\",\"Console\",\"1\",\"1 K\",\"Running\",\"PC\\me\",\"0:00:00\",\"a, b\"\r\n";

START_TEST(tasklist_csv)
{
    process_list list = parse_ok(tasklist, strlen(tasklist), PROCESS_TASKLIST, 3);
    ck_assert_str_eq(name_of(&list, only(&list, 0)), "System Idle Process");
    ck_assert_str_eq(name_of(&list, only(&list, 1234)), "svchost.exe");
    ck_assert_str_eq(name_of(&list, only(&list, 77)), "say \"hi\".exe");
    ck_assert(!only(&list, 1234)->has_start);
    bool reused, ambiguous;
    const long owner = process_list_owner(&list, 1234, true, T_2024_05_01_10_00_00, &reused, &ambiguous);
    ck_assert_str_eq(name_of(&list, &list.entries[owner]), "svchost.exe"); /* no start times: no reuse check */
    ck_assert(!reused);
    process_list_free(&list);
}
END_TEST

/* What PowerShell's > writes: UTF-16 LE with its mark; and /nh output without a header. */
START_TEST(tasklist_utf16_and_without_header)
{
    const char ascii[] = "\"a.exe\",\"42\",\"Console\"\r\n";
    char wide[2 + 2 * sizeof ascii];
    wide[0] = (char)0xFF;
    wide[1] = (char)0xFE;
    for (size_t i = 0; i + 1 < sizeof ascii; i++) {
        wide[2 + 2 * i] = ascii[i];
        wide[3 + 2 * i] = 0;
    }
    process_list list = parse_ok(wide, 2 + 2 * (sizeof ascii - 1), PROCESS_TASKLIST, 1);
    ck_assert_str_eq(name_of(&list, only(&list, 42)), "a.exe");
    process_list_free(&list);
}
END_TEST

static void expect_refused(const char *text, size_t want_line, const char *want_words)
{
    process_list list;
    process_list_error err = {0, NULL};
    ck_assert_msg(!process_list_parse(text, strlen(text), &list, &err), "accepted: %s", text);
    ck_assert_uint_eq(err.line, want_line);
    ck_assert_msg(err.message != NULL && strstr(err.message, want_words) != NULL, "message '%s' lacks '%s'",
                  err.message ? err.message : "(null)", want_words);
    ck_assert_ptr_null(list.entries);
}

START_TEST(malformed_lists_are_refused_with_a_line)
{
    expect_refused("", 1, "empty");
    expect_refused("[{\"PID\": 4,\n \"ImageFileName\": \"System\"", 2, "closing");
    expect_refused("{\"Pid\":1,\"Name\":\"a\"}\n{\"Pid\":2,\"Name\":\"b\",}\n", 2, "string key");
    expect_refused("[{\"Foo\": 1}]", 1, "keys");
    expect_refused("\"Image Name\",\"PID\"\r\n\"a.exe\",\"x1\"\r\n", 2, "PID");
    expect_refused("\"Image Name\",\"PID\"\r\n\"a.exe,\"1\"\r\n", 2, "quote");
    expect_refused("\"Image Name\",\"PID\"\r\n", 1, "no processes");
}
END_TEST

START_TEST(service_maps)
{
    const char text[] = "tag,name\n0x10,Dnscache\n17,\"Lanman, Server\"\r\n";
    service_map map;
    size_t line;
    const char *message;
    ck_assert(service_map_parse(text, strlen(text), &map, &line, &message));
    ck_assert_uint_eq(map.count, 2);
    ck_assert_str_eq(service_map_name(&map, 16), "Dnscache");
    ck_assert_str_eq(service_map_name(&map, 17), "Lanman, Server");
    ck_assert_ptr_null(service_map_name(&map, 18));
    service_map_free(&map);
    const char bad[] = "1,a\n2,b,c\n";
    ck_assert(!service_map_parse(bad, strlen(bad), &map, &line, &message));
    ck_assert_uint_eq(line, 2);
    const char twice[] = "1,a\n1,b\n";
    ck_assert(!service_map_parse(twice, strlen(twice), &map, &line, &message));
    ck_assert_ptr_nonnull(strstr(message, "twice"));
}
END_TEST

typedef struct members_seen {
    char text[512];
} members_seen;

static void note_member(void *ctx, const json_member *m)
{
    members_seen *s = ctx;
    char one[128];
    snprintf(one, sizeof one, "%u:%s=%d:%.*s;", m->depth, m->key, (int)m->type, (int)m->value_len, m->value);
    strncat(s->text, one, sizeof s->text - strlen(s->text) - 1);
}

static void note_end(void *ctx, unsigned depth)
{
    members_seen *s = ctx;
    char one[16];
    snprintf(one, sizeof one, "end%u;", depth);
    strncat(s->text, one, sizeof s->text - strlen(s->text) - 1);
}

START_TEST(json_scan_reports_members_and_ends)
{
    const char text[] = "{\"a\":\"x\\ty\\ud83d\\ude00\",\"n\":-1.5e3,\"o\":{\"b\":null,\"c\":[1,{\"d\":true}]}} [2]";
    char scratch[sizeof text + 2];
    members_seen seen = {""};
    const json_handler h = {&seen, note_member, note_end};
    json_error err;
    ck_assert(json_scan(text, strlen(text), scratch, &h, &err));
    ck_assert_str_eq(seen.text, "1:a=4:x\ty\xf0\x9f\x98\x80;1:n=3:-1.5e3;2:b=0:;4:d=2:;end4;end2;end1;");
    const char *bad[] = {"{\"a\":01}", "{\"a\":\"\\x\"}", "[1,]", "{\"a\" 1}", "tru", "\"a\nb\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!json_scan(bad[i], strlen(bad[i]), scratch, &h, &err), "accepted %s", bad[i]);
    }
    char deep[2 * JSON_SCAN_MAX_DEPTH + 8];
    memset(deep, '[', JSON_SCAN_MAX_DEPTH + 2);
    memset(deep + JSON_SCAN_MAX_DEPTH + 2, ']', JSON_SCAN_MAX_DEPTH + 2);
    char deep_scratch[sizeof deep + 2];
    ck_assert(!json_scan(deep, 2 * (JSON_SCAN_MAX_DEPTH + 2), deep_scratch, &h, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "nested"));
}
END_TEST

START_TEST(csv_records_span_lines_in_quotes)
{
    const char text[] = "a,\"b\nc\",\"\"\"\"\r\n\r\nd\n";
    char scratch[sizeof text + CSV_MAX_FIELDS];
    csv_reader r;
    csv_reader_init(&r, text, strlen(text), scratch);
    csv_fields f;
    const char *problem = NULL;
    ck_assert_int_eq(csv_next(&r, &f, &problem), 1);
    ck_assert_uint_eq(f.count, 3);
    ck_assert_str_eq(f.field[0], "a");
    ck_assert_str_eq(f.field[1], "b\nc");
    ck_assert_str_eq(f.field[2], "\"");
    ck_assert_int_eq(csv_next(&r, &f, &problem), 1);
    ck_assert_uint_eq(r.line, 4);
    ck_assert_str_eq(f.field[0], "d");
    ck_assert_int_eq(csv_next(&r, &f, &problem), 0);
}
END_TEST

static Suite *owner_lists_suite(void)
{
    Suite *s = suite_create("owner_lists");
    TCase *processes = tcase_create("processes");
    tcase_add_test(processes, volatility_pslist_json);
    tcase_add_test(processes, velociraptor_pslist_jsonl);
    tcase_add_test(processes, owner_and_pid_reuse);
    tcase_add_test(processes, tasklist_csv);
    tcase_add_test(processes, tasklist_utf16_and_without_header);
    tcase_add_test(processes, malformed_lists_are_refused_with_a_line);
    suite_add_tcase(s, processes);
    TCase *services = tcase_create("services");
    tcase_add_test(services, service_maps);
    suite_add_tcase(s, services);
    TCase *readers = tcase_create("readers");
    tcase_add_test(readers, json_scan_reports_members_and_ends);
    tcase_add_test(readers, csv_records_span_lines_in_quotes);
    suite_add_tcase(s, readers);
    return s;
}

int main(void)
{
    return run_suite(owner_lists_suite());
}
