/* The table-driven option parser of the mibtcp tool (tools/mibtcp/option_table.h) on a table
 * of this test's own: both value spellings, flags, repeats, "--", --help anywhere, required
 * options and operands, the error messages (each names the option and the value), and a
 * --help that lists exactly the table's options, in the usage line and in the option list. */
#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/option_table.h"
#include "cli/option_values.h"
#include "run_suite.h"

typedef struct sample_options {
    bool verbose;
    uint16_t port;
    bool has_port;
    uint64_t size;
    const char *color;
    const char *output;
    uint32_t level;
} sample_options;

static const char *const colors[] = {"red", "green", "blue", NULL};
static const char *const color_help[] = {"warm", "grassy", "cold"};

static const cli_option main_options[] = {
    {.name = "--verbose", .parse = option_flag, OPTION_FIELD(sample_options, verbose), .max = true, .help = "talk"},
    {.name = "--port",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(sample_options, port),
     OPTION_SEEN(sample_options, has_port),
     .min = 1,
     .max = UINT16_MAX,
     .help = "a port"},
    {.name = "--size",
     .value_name = "BYTES",
     .parse = option_uint,
     OPTION_FIELD(sample_options, size),
     .max = UINT64_MAX,
     .help = "a size\nsecond line"},
    {.name = "-o", .value_name = "FILE", .parse = option_text, OPTION_FIELD(sample_options, output), .help = "out"},
};
static const cli_option more_options[] = {
    {.name = "--color",
     .parse = option_choice,
     OPTION_FIELD(sample_options, color),
     .names = colors,
     .name_help = color_help,
     .help = "a color:"},
    {.name = "--level",
     .value_name = "L",
     .parse = option_uint,
     OPTION_FIELD(sample_options, level),
     .max = 9,
     .required = true,
     .help = "how much"},
};
static const option_group main_group = OPTION_GROUP(NULL, main_options);
static const option_group more_group = OPTION_GROUP("More:", more_options);
static const command_options sample = {
    .command = "sample",
    .operand = "FILE|-",
    .operand_noun = "input",
    .missing_operand = "no input given",
    .about = "About.\n",
    .groups = {&main_group, &more_group},
    .epilogue = "Exit status: 0.\n",
};

static sample_options values;
static const char *operand;
static char err[1024];

/* Parses the words (NULL-terminated) into `values`, the messages on stderr into `err`. */
static option_outcome parse_words(const char *const *words)
{
    char *argv[32];
    int argc = 0;
    while (words[argc] != NULL) {
        argv[argc] = (char *)(uintptr_t)words[argc];
        argc++;
    }
    memset(&values, 0, sizeof values);
    fflush(stderr);
    FILE *captured = tmpfile();
    ck_assert_ptr_nonnull(captured);
    const int saved = dup(STDERR_FILENO);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(dup2(fileno(captured), STDERR_FILENO), 0);
    const option_outcome outcome = options_parse_table(&sample, argc, argv, &values, &operand);
    fflush(stderr);
    ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
    close(saved);
    rewind(captured);
    const size_t got = fread(err, 1, sizeof err - 1, captured);
    err[got] = '\0';
    fclose(captured);
    return outcome;
}

#define PARSE(...) parse_words((const char *const[]){__VA_ARGS__, NULL})

static void expect_refused(option_outcome outcome, const char *message)
{
    ck_assert_int_eq(outcome, OPTIONS_REFUSED);
    char line[1200];
    snprintf(line, sizeof line, "mibtcp sample: %s (see 'mibtcp sample --help')\n", message);
    ck_assert_str_eq(err, line);
}

START_TEST(both_value_spellings_give_the_same_values)
{
    ck_assert_int_eq(PARSE("--level", "3", "--port", "0x50", "--size", "7", "-o", "x", "--color", "blue", "in"),
                     OPTIONS_PARSED);
    for (int spelling = 0; spelling < 2; spelling++) {
        if (spelling == 1) {
            ck_assert_int_eq(PARSE("--level=3", "--port=0x50", "--size=7", "-o=x", "--color=blue", "in"),
                             OPTIONS_PARSED);
        }
        ck_assert_uint_eq(values.level, 3);
        ck_assert_uint_eq(values.port, 80);
        ck_assert(values.has_port);
        ck_assert_uint_eq(values.size, 7);
        ck_assert_str_eq(values.output, "x");
        ck_assert_str_eq(values.color, "blue");
        ck_assert_str_eq(operand, "in");
        ck_assert_str_eq(err, "");
    }
}
END_TEST

START_TEST(defaults_flags_and_repeats)
{
    ck_assert_int_eq(PARSE("--level", "0", "-"), OPTIONS_PARSED);
    ck_assert_str_eq(values.color, "red"); /* a choice starts at its first name */
    ck_assert(!values.verbose);
    ck_assert(!values.has_port);
    ck_assert_str_eq(operand, "-");
    ck_assert_int_eq(PARSE("in", "--verbose", "--level", "1", "--level", "2", "--color", "green", "--color=blue"),
                     OPTIONS_PARSED);
    ck_assert(values.verbose);
    ck_assert_uint_eq(values.level, 2);
    ck_assert_str_eq(values.color, "blue");
}
END_TEST

START_TEST(a_value_may_start_with_a_dash)
{
    ck_assert_int_eq(PARSE("--level", "1", "-o", "-", "--size", "--", "in"), OPTIONS_REFUSED);
    ck_assert_str_eq(err, "mibtcp sample: --size needs a number from 0 to 2^64-1 (decimal or 0x hex): -- "
                          "(see 'mibtcp sample --help')\n");
    ck_assert_int_eq(PARSE("--level", "1", "-o", "-x", "in"), OPTIONS_PARSED);
    ck_assert_str_eq(values.output, "-x");
}
END_TEST

START_TEST(double_dash_ends_the_options)
{
    ck_assert_int_eq(PARSE("--level", "1", "--", "--verbose"), OPTIONS_PARSED);
    ck_assert_str_eq(operand, "--verbose");
    ck_assert(!values.verbose);
    ck_assert_int_eq(PARSE("--level", "1", "--", "--help"), OPTIONS_PARSED);
    ck_assert_str_eq(operand, "--help");
}
END_TEST

START_TEST(help_anywhere_before_double_dash_wins)
{
    ck_assert_int_eq(PARSE("--bogus", "--port", "0", "--help"), OPTIONS_HELP);
    ck_assert_int_eq(PARSE("-h"), OPTIONS_HELP);
    ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(errors_name_the_option_and_the_value)
{
    expect_refused(PARSE("--level", "1", "--bogus", "in"), "unknown option: --bogus");
    expect_refused(PARSE("--level", "1", "-x", "in"), "unknown option: -x");
    expect_refused(PARSE("--level", "1", "--portx=3", "in"), "unknown option: --portx=3");
    expect_refused(PARSE("in", "--level"), "option needs a value: --level");
    expect_refused(PARSE("--level", "1", "--port", "0", "in"),
                   "--port needs a number from 1 to 65535 (decimal or 0x hex): 0");
    expect_refused(PARSE("--level", "1", "--port=65536", "in"),
                   "--port needs a number from 1 to 65535 (decimal or 0x hex): 65536");
    expect_refused(PARSE("--level", "10", "in"), "--level needs a number from 0 to 9 (decimal or 0x hex): 10");
    expect_refused(PARSE("--level", "1", "--color", "Red", "in"), "--color needs red, green or blue: Red");
    expect_refused(PARSE("--level", "1", "--verbose=yes", "in"), "--verbose takes no value: --verbose=yes");
    expect_refused(PARSE("in"), "--level is required");
    expect_refused(PARSE("--level", "1"), "no input given");
    expect_refused(PARSE("--level", "1", "a", "b"), "more than one input given: b");
}
END_TEST

/* The text `captured` holds, at most size - 1 bytes. */
static void read_all(FILE *captured, char *text, size_t size)
{
    rewind(captured);
    const size_t got = fread(text, 1, size - 1, captured);
    text[got] = '\0';
    fclose(captured);
}

/* Whether `line` (up to its end) starts "  NAME" followed by a space or its end. */
static bool lists_option(const char *line, const char *name)
{
    const size_t len = strlen(name);
    return strncmp(line, "  ", 2) == 0 && strncmp(line + 2, name, len) == 0 &&
           (line[2 + len] == ' ' || line[2 + len] == '\n');
}

START_TEST(help_lists_exactly_the_table)
{
    FILE *captured = tmpfile();
    ck_assert_ptr_nonnull(captured);
    options_print_help(&sample, captured);
    char help[4096];
    read_all(captured, help, sizeof help);
    /* Help starts two columns after the longest option ("--color red|green|blue"). */
    ck_assert_str_eq(help, "usage: mibtcp sample [--verbose] [--port N] [--size BYTES] [-o FILE] "
                           "[--color red|green|blue]\n"
                           "                     --level L [--] FILE|-\n"
                           "\n"
                           "About.\n"
                           "  --verbose               talk\n"
                           "  --port N                a port\n"
                           "  --size BYTES            a size\n"
                           "                          second line\n"
                           "  -o FILE                 out\n"
                           "  --                      end of options: the next argument is the FILE|-, even if it "
                           "starts with '-'\n"
                           "More:\n"
                           "  --color red|green|blue  a color:\n"
                           "                            red         warm\n"
                           "                            green       grassy\n"
                           "                            blue        cold\n"
                           "  --level L               how much\n"
                           "Exit status: 0.\n");
    /* Every option line names a table entry, and every entry has one. */
    size_t listed = 0;
    for (const char *line = help; *line; line = strchr(line, '\n') + 1) {
        if (strncmp(line, "  -", 3) != 0 || lists_option(line, "--")) {
            continue;
        }
        bool known = false;
        const cli_option *option;
        for (size_t n = 0; (option = options_at(&sample, n)) != NULL; n++) {
            known |= lists_option(line, option->name);
        }
        ck_assert_msg(known, "--help lists an option the table lacks: %.30s", line);
        listed++;
    }
    ck_assert_uint_eq(listed,
                      sizeof main_options / sizeof main_options[0] + sizeof more_options / sizeof more_options[0]);
}
END_TEST

static Suite *option_table_suite(void)
{
    Suite *s = suite_create("option_table");
    TCase *parse = tcase_create("parse");
    tcase_add_test(parse, both_value_spellings_give_the_same_values);
    tcase_add_test(parse, defaults_flags_and_repeats);
    tcase_add_test(parse, a_value_may_start_with_a_dash);
    tcase_add_test(parse, double_dash_ends_the_options);
    tcase_add_test(parse, help_anywhere_before_double_dash_wins);
    tcase_add_test(parse, errors_name_the_option_and_the_value);
    suite_add_tcase(s, parse);
    TCase *help = tcase_create("help");
    tcase_add_test(help, help_lists_exactly_the_table);
    suite_add_tcase(s, help);
    return s;
}

int main(void)
{
    return run_suite(option_table_suite());
}
