/* The argv walk over a command's option table (option_table.h). */
#include <string.h>

#include "cli/option_table.h"

#define OPTIONS_MAX 64 /* options of one command, for the "required" check */

bool options_usage_error(const char *command, const char *message, const char *arg)
{
    fprintf(stderr, "mibtcp %s: %s%s%s (see 'mibtcp %s --help')\n", command, message, arg ? ": " : "", arg ? arg : "",
            command);
    return false;
}

const cli_option *options_at(const command_options *spec, size_t n)
{
    for (size_t g = 0; g < OPTION_GROUPS_MAX && spec->groups[g] != NULL; g++) {
        if (n < spec->groups[g]->count) {
            return &spec->groups[g]->options[n];
        }
        n -= spec->groups[g]->count;
    }
    return NULL;
}

static bool is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* The option argv[i] names ("--name" or "--name=value"), its index among all the
 * command's options, and where its inline value starts (NULL: none). */
static const cli_option *find_option(const command_options *spec, const char *arg, size_t *index,
                                     const char **inline_value)
{
    const cli_option *option;
    for (size_t n = 0; (option = options_at(spec, n)) != NULL; n++) {
        const size_t len = strlen(option->name);
        if (strncmp(arg, option->name, len) == 0 && (arg[len] == '\0' || arg[len] == '=')) {
            *index = n;
            *inline_value = arg[len] == '=' ? arg + len + 1 : NULL;
            return option;
        }
    }
    return NULL;
}

static bool apply(const command_options *spec, const cli_option *option, const char *value, void *values)
{
    option_problem why = {""};
    if (!option->parse(option, value, (char *)values + option->field, &why)) {
        char message[sizeof why.text + 64];
        snprintf(message, sizeof message, "%s %s", option->name, why.text);
        return options_usage_error(spec->command, message, value);
    }
    if (option->seen != 0) {
        *((bool *)((char *)values + option->seen - 1)) = true;
    }
    return true;
}

/* One option at argv[*i], its value taken from the same or the next argument. */
static bool parse_option(const command_options *spec, int argc, char **argv, int *i, void *values, bool *given)
{
    const char *arg = argv[*i];
    size_t index;
    const char *value;
    const cli_option *option = find_option(spec, arg, &index, &value);
    if (option == NULL) {
        return options_usage_error(spec->command, "unknown option", arg);
    }
    if (!option_takes_value(option)) {
        if (value != NULL) {
            char message[96];
            snprintf(message, sizeof message, "%s takes no value", option->name);
            return options_usage_error(spec->command, message, arg);
        }
    } else if (value == NULL) {
        if (*i + 1 >= argc) {
            return options_usage_error(spec->command, "option needs a value", option->name);
        }
        value = argv[++*i];
    }
    given[index] = true;
    return apply(spec, option, value, values);
}

static size_t operands_max(const command_options *spec)
{
    return spec->operands_max > 0 ? spec->operands_max : 1;
}

static bool take_operand(const command_options *spec, const char *arg, const char **operands, size_t *count)
{
    if (spec->operand == NULL) {
        return options_usage_error(spec->command, "unexpected argument", arg);
    }
    if (*count == operands_max(spec)) {
        char message[96];
        if (*count == 1) {
            snprintf(message, sizeof message, "more than one %s given", spec->operand_noun);
        } else {
            snprintf(message, sizeof message, "more than %zu %ss given", *count, spec->operand_noun);
        }
        return options_usage_error(spec->command, message, arg);
    }
    operands[(*count)++] = arg;
    return true;
}

/* Choices start at their default; a required option must have been given. */
static bool prepare(const command_options *spec, void *values)
{
    size_t n = 0;
    for (const cli_option *option; (option = options_at(spec, n)) != NULL; n++) {
        if (option->names != NULL) {
            memcpy((char *)values + option->field, &option->names[0], sizeof option->names[0]);
        }
    }
    return n <= OPTIONS_MAX ||
           options_usage_error(spec->command, "internal error: the command has more options than the parser counts",
                               NULL);
}

static bool all_required_given(const command_options *spec, const bool *given)
{
    const cli_option *option;
    for (size_t n = 0; (option = options_at(spec, n)) != NULL; n++) {
        if (option->required && !given[n]) {
            char message[96];
            snprintf(message, sizeof message, "%s is required", option->name);
            return options_usage_error(spec->command, message, NULL);
        }
    }
    return true;
}

option_outcome options_parse_table(const command_options *spec, int argc, char **argv, void *values,
                                   const char **operand)
{
    size_t count = 0;
    *operand = NULL;
    if (spec->operands_max > 1) { /* operand has room for one */
        (void)options_usage_error(spec->command, "internal error: several operands need options_parse_operands()",
                                  NULL);
        return OPTIONS_REFUSED;
    }
    return options_parse_operands(spec, argc, argv, values, operand, &count);
}

option_outcome options_parse_operands(const command_options *spec, int argc, char **argv, void *values,
                                      const char **operands, size_t *count)
{
    *count = 0;
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (is_help(argv[i])) { /* wins over everything else on the line */
            return OPTIONS_HELP;
        }
    }
    bool given[OPTIONS_MAX] = {false};
    if (!prepare(spec, values)) {
        return OPTIONS_REFUSED;
    }
    bool options_ended = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool ok;
        if (!options_ended && strcmp(arg, "--") == 0) {
            options_ended = true;
            continue;
        }
        if (!options_ended && arg[0] == '-' && arg[1] != '\0') {
            ok = parse_option(spec, argc, argv, &i, values, given);
        } else {
            ok = take_operand(spec, arg, operands, count);
        }
        if (!ok) {
            return OPTIONS_REFUSED;
        }
    }
    if (!all_required_given(spec, given)) {
        return OPTIONS_REFUSED;
    }
    if (spec->operand != NULL && *count < (spec->operands_min > 0 ? spec->operands_min : 1)) {
        (void)options_usage_error(spec->command, spec->missing_operand, NULL);
        return OPTIONS_REFUSED;
    }
    return OPTIONS_PARSED;
}
