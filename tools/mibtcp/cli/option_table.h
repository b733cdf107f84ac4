/* A subcommand's options, each stated once in a table: its name, its value,
 * how the value is parsed, where it is stored and its help. The parser, the
 * error messages, the usage line and --help are all made from the table, so
 * what a command accepts and what its help says cannot drift apart.
 *
 * Syntax every command accepts: "--name value" and "--name=value" (the next
 * argument is the value even when it starts with '-'); flags take no value;
 * "-h" or "--help" anywhere before "--" prints the help; "--" ends the
 * options; "-" alone is an operand (standard input). A repeated option
 * parses again: the last value wins unless its handler adds to a list. */
#ifndef MIBTCP_TOOL_OPTION_TABLE_H
#define MIBTCP_TOOL_OPTION_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct cli_option cli_option;

/* Why a value was refused: what follows the option's name in the message,
 * e.g. "needs a number from 1 to 256" (the parser adds ": VALUE"). */
typedef struct option_problem {
    char text[192];
} option_problem;

/* Parses value (NULL for a flag) into field; false, with *why, when the value is bad. */
typedef bool (*option_parse_fn)(const cli_option *option, const char *value, void *field, option_problem *why);

struct cli_option {
    const char *name;       /* "--kind", or "-o" */
    const char *value_name; /* "KIND|auto" in the usage; NULL: a flag, or a choice's names joined by '|' */
    option_parse_fn parse;
    size_t field;                 /* offset of the stored value in the command's options struct */
    size_t field_size;            /* its size, for the integer handlers */
    size_t seen;                  /* OPTION_SEEN: 1 + offset of a bool set when the option is given; 0: none */
    uint64_t min, max;            /* integer range; a flag stores max */
    const char *const *names;     /* choices, the default first, NULL-terminated */
    const char *const *name_help; /* one line per choice for --help, or NULL */
    bool required;
    const char *help; /* for --help; '\n' starts a continuation line */
};

/* Flags take no value: no value_name and no names. */
static inline bool option_takes_value(const cli_option *option)
{
    return option->value_name != NULL || option->names != NULL;
}

#define OPTION_FIELD(type, member) .field = offsetof(type, member), .field_size = sizeof(((type *)0)->member)
#define OPTION_SEEN(type, member) .seen = offsetof(type, member) + 1

/* Options under one heading of --help (NULL: none). */
typedef struct option_group {
    const char *heading;
    const cli_option *options;
    size_t count;
} option_group;

#define OPTION_GROUP(heading, table)                   \
    {                                                  \
        heading, table, sizeof table / sizeof table[0] \
    }
#define OPTION_GROUPS_MAX 6

typedef struct command_options {
    const char *command;                           /* "dump" */
    const char *operand;                           /* "FILE|-" in the usage; NULL: the command takes none */
    const char *operand_noun;                      /* "input": "more than one input given" */
    const char *missing_operand;                   /* the message when it is missing (or fewer than operands_min) */
    size_t operands_min, operands_max;             /* options_parse_operands(): 0 and 0 mean exactly one */
    const char *about;                             /* --help's text between the usage line and the options */
    const option_group *groups[OPTION_GROUPS_MAX]; /* up to the first NULL; groups may be shared */
    const char *epilogue;                          /* after the options: exit statuses */
} command_options;

typedef enum option_outcome { OPTIONS_PARSED, OPTIONS_HELP, OPTIONS_REFUSED } option_outcome;

/* Parses argv (after the subcommand's name) into the struct at `values`,
 * which the caller has filled with the defaults of everything but choices
 * (set to their first name here); *operand is the operand or NULL. On
 * OPTIONS_REFUSED one line is on stderr. */
option_outcome options_parse_table(const command_options *spec, int argc, char **argv, void *values,
                                   const char **operand);

/* The same for a command of several operands (IMAGE...): between
 * spec->operands_min and spec->operands_max of them (0 and 0: exactly one)
 * into operands[], which has room for argc entries; *count says how many. */
option_outcome options_parse_operands(const command_options *spec, int argc, char **argv, void *values,
                                      const char **operands, size_t *count);

/* The usage line, the about text, every option of the table with its help,
 * the epilogue. */
void options_print_help(const command_options *spec, FILE *out);

/* The command's n-th option, counting through its groups in order; NULL past the last. */
const cli_option *options_at(const command_options *spec, size_t n);

/* "mibtcp COMMAND: MESSAGE[: ARG] (see 'mibtcp COMMAND --help')" on stderr; returns false. */
bool options_usage_error(const char *command, const char *message, const char *arg);

#endif
