/* --help made from a command's option table (option_table.h). */
#include <string.h>

#include "cli/option_table.h"

#define USAGE_WIDTH 100    /* the usage line wraps before this column */
#define HELP_COLUMN_MAX 28 /* help starts two columns after the longest option, at most here */

/* "KIND|auto", or a choice's names joined by '|'; "" for a flag. */
static void value_text(const cli_option *option, char *text, size_t size)
{
    text[0] = '\0';
    if (option->value_name != NULL) {
        snprintf(text, size, "%s", option->value_name);
        return;
    }
    size_t used = 0;
    for (const char *const *name = option->names; name != NULL && *name != NULL && used < size; name++) {
        used += (size_t)snprintf(text + used, size - used, "%s%s", name == option->names ? "" : "|", *name);
    }
}

/* "--kind KIND", "--strict" */
static void option_synopsis(const cli_option *option, char *text, size_t size)
{
    char value[128];
    value_text(option, value, sizeof value);
    snprintf(text, size, "%s%s%s", option->name, value[0] ? " " : "", value);
}

/* One item of the usage line, wrapped before USAGE_WIDTH. */
static void usage_item(const char *item, int indent, size_t *column, FILE *out)
{
    if (*column + 1 + strlen(item) > USAGE_WIDTH) {
        fprintf(out, "\n%*s", indent, "");
        *column = (size_t)indent;
    }
    fprintf(out, " %s", item);
    *column += 1 + strlen(item);
}

static void print_usage(const command_options *spec, FILE *out)
{
    char item[160];
    const int indent = fprintf(out, "usage: mibtcp %s", spec->command);
    size_t column = (size_t)indent;
    const cli_option *option;
    for (size_t n = 0; (option = options_at(spec, n)) != NULL; n++) {
        char synopsis[150];
        option_synopsis(option, synopsis, sizeof synopsis);
        snprintf(item, sizeof item, option->required ? "%s" : "[%s]", synopsis);
        usage_item(item, indent, &column, out);
    }
    if (spec->operand != NULL) {
        snprintf(item, sizeof item, "[--] %s", spec->operand);
        usage_item(item, indent, &column, out);
    }
    fputc('\n', out);
}

/* Lines of text separated by '\n': the first goes on the current line, the others are indented to `column`. */
static void print_lines(const char *text, size_t column, FILE *out)
{
    for (;;) {
        const char *newline = strchr(text, '\n');
        const int len = newline ? (int)(newline - text) : (int)strlen(text);
        fprintf(out, "%.*s\n", len, text);
        if (newline == NULL) {
            return;
        }
        text = newline + 1;
        fprintf(out, "%*s", (int)column, "");
    }
}

static void print_option(const cli_option *option, size_t column, FILE *out)
{
    char synopsis[150];
    option_synopsis(option, synopsis, sizeof synopsis);
    fprintf(out, "  %s", synopsis);
    const size_t used = 2 + strlen(synopsis);
    if (used + 1 > column) {
        fprintf(out, "\n%*s", (int)column, "");
    } else {
        fprintf(out, "%*s", (int)(column - used), "");
    }
    print_lines(option->help, column, out);
    for (size_t i = 0; option->name_help != NULL && option->names[i] != NULL; i++) {
        fprintf(out, "%*s  %-11s ", (int)column, "", option->names[i]);
        print_lines(option->name_help[i], column + 14, out);
    }
}

/* Where the help of every option starts: two columns after the longest "  --name VALUE" that fits. */
static size_t help_column(const command_options *spec)
{
    size_t column = 6; /* "  --  " */
    const cli_option *option;
    for (size_t n = 0; (option = options_at(spec, n)) != NULL; n++) {
        char synopsis[150];
        option_synopsis(option, synopsis, sizeof synopsis);
        const size_t wanted = 2 + strlen(synopsis) + 2;
        column = wanted > column && wanted <= HELP_COLUMN_MAX ? wanted : column;
    }
    return column;
}

static void print_end_of_options(const command_options *spec, size_t column, FILE *out)
{
    fprintf(out, "  %-*send of options: the next argument is the %s, even if it starts with '-'\n", (int)column - 2,
            "--", spec->operand);
}

void options_print_help(const command_options *spec, FILE *out)
{
    print_usage(spec, out);
    fputs("\n", out);
    if (spec->about != NULL) {
        fputs(spec->about, out);
    }
    const size_t column = help_column(spec);
    bool ended = spec->operand == NULL; /* "--" goes after the options without a heading */
    for (size_t g = 0; g < OPTION_GROUPS_MAX && spec->groups[g] != NULL; g++) {
        if (spec->groups[g]->heading != NULL) {
            if (!ended) {
                print_end_of_options(spec, column, out);
                ended = true;
            }
            fprintf(out, "%s\n", spec->groups[g]->heading);
        }
        for (size_t o = 0; o < spec->groups[g]->count; o++) {
            print_option(&spec->groups[g]->options[o], column, out);
        }
    }
    if (!ended) {
        print_end_of_options(spec, column, out);
    }
    if (spec->epilogue != NULL) {
        fputs(spec->epilogue, out);
    }
}
