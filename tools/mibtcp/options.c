#include <stdio.h>
#include <string.h>

#include "options.h"

static bool usage_error(const command_spec *spec, const char *message, const char *arg)
{
    fprintf(stderr, "mibtcp %s: %s%s%s (see 'mibtcp %s --help')\n", spec->name, message, arg ? ": " : "",
            arg ? arg : "", spec->name);
    return false;
}

static bool format_allowed(const command_spec *spec, const char *format)
{
    for (const char *const *f = spec->formats; *f != NULL; f++) {
        if (strcmp(*f, format) == 0) {
            return true;
        }
    }
    return false;
}

/* "--name value" and "--name=value" both work. Returns the value, or NULL
 * when `arg` is not this option. */
static const char *option_value(const char *name, int argc, char **argv, int *i, bool *missing)
{
    const char *arg = argv[*i];
    const size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) {
        return NULL;
    }
    if (arg[n] == '=') {
        return arg + n + 1;
    }
    if (arg[n] != '\0') {
        return NULL;
    }
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

bool options_parse(const command_spec *spec, int argc, char **argv, cli_options *out)
{
    *out = (cli_options){MIBTCP_KIND_UNKNOWN, MIBTCP_POLICY_LENIENT, NULL, NULL, false};
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool missing = false;
        const char *value;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            out->help = true;
            return true;
        } else if (strcmp(arg, "--strict") == 0) {
            out->policy = MIBTCP_POLICY_STRICT;
        } else if ((value = option_value("--kind", argc, argv, &i, &missing)) != NULL) {
            if (mibtcp_kind_from_name(value, strlen(value), &out->kind) != MIBTCP_OK) {
                return usage_error(spec, "unknown kind", value);
            }
        } else if ((value = option_value("--format", argc, argv, &i, &missing)) != NULL) {
            if (!format_allowed(spec, value)) {
                return usage_error(spec, "unknown format", value);
            }
            out->format = value;
        } else if (missing) {
            return usage_error(spec, "option needs a value", arg);
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error(spec, "unknown option", arg);
        } else if (out->input != NULL) {
            return usage_error(spec, "more than one input given", arg);
        } else {
            out->input = arg;
        }
    }
    if (out->input == NULL) {
        return usage_error(spec, "no input given (a file, or - for stdin)", NULL);
    }
    if (out->kind == MIBTCP_KIND_UNKNOWN) {
        return usage_error(spec, "--kind is required", NULL);
    }
    if (out->format == NULL) {
        out->format = spec->formats[0];
    }
    return true;
}
