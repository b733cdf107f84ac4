#include <stdio.h>
#include <string.h>

#include "common/observed_time.h"
#include "cli/options.h"

bool options_usage_error(const char *command, const char *message, const char *arg)
{
    fprintf(stderr, "mibtcp %s: %s%s%s (see 'mibtcp %s --help')\n", command, message, arg ? ": " : "",
            arg ? arg : "", command);
    return false;
}

/* Decimal or 0x-hexadecimal, whole string, no sign, no overflow. */
bool options_parse_u64(const char *text, uint64_t max, uint64_t *value)
{
    unsigned base = 10;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    }
    if (*text == '\0') {
        return false;
    }
    uint64_t v = 0;
    for (; *text; text++) {
        unsigned digit;
        if (*text >= '0' && *text <= '9') {
            digit = (unsigned)(*text - '0');
        } else if (base == 16 && *text >= 'a' && *text <= 'f') {
            digit = (unsigned)(*text - 'a' + 10);
        } else if (base == 16 && *text >= 'A' && *text <= 'F') {
            digit = (unsigned)(*text - 'A' + 10);
        } else {
            return false;
        }
        if (v > (max - digit) / base) {
            return false;
        }
        v = v * base + digit;
    }
    *value = v;
    return true;
}

/* "--name value" and "--name=value" both work. Returns the value, or NULL
 * when `argv[*i]` is not this option (or its value is missing). */
const char *options_take_value(const char *name, int argc, char **argv, int *i, bool *missing)
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

static bool format_allowed(const command_spec *spec, const char *format)
{
    for (const char *const *f = spec->formats; *f != NULL; f++) {
        if (strcmp(*f, format) == 0) {
            return true;
        }
    }
    return false;
}

static bool parse_states(const command_spec *spec, const char *list, row_filter *filter)
{
    while (*list) {
        const char *comma = strchr(list, ',');
        const size_t len = comma ? (size_t)(comma - list) : strlen(list);
        if (filter->state_count == MAX_STATE_FILTER) {
            return options_usage_error(spec->name, "too many states in --state", list);
        }
        if (mibtcp_state_from_name(list, len, &filter->states[filter->state_count]) != MIBTCP_OK) {
            return options_usage_error(spec->name, "unknown TCP state in --state", list);
        }
        filter->state_count++;
        list += len + (comma ? 1 : 0);
    }
    return filter->state_count > 0 || options_usage_error(spec->name, "--state needs a state name", NULL);
}

/* One option at argv[*i]; false on a usage error. */
static bool parse_one(const command_spec *spec, int argc, char **argv, int *i, cli_options *out)
{
    const char *arg = argv[*i];
    const unsigned ok = spec->accepts;
    bool missing = false;
    const char *value;
    uint64_t number;
    if ((ok & OPT_STRICT) && strcmp(arg, "--strict") == 0) {
        out->policy = MIBTCP_POLICY_STRICT;
    } else if ((ok & OPT_INPUT) && strcmp(arg, "--hex") == 0) {
        out->hex = true;
    } else if ((ok & OPT_MODULE_INFO) && strcmp(arg, "--module-info") == 0) {
        out->module_info = true;
    } else if ((ok & OPT_KIND) && (value = options_take_value("--kind", argc, argv, i, &missing)) != NULL) {
        out->kind = MIBTCP_KIND_UNKNOWN;
        if (!options_is_auto(value) && mibtcp_kind_from_name(value, strlen(value), &out->kind) != MIBTCP_OK) {
            return options_usage_error(spec->name, "unknown kind", value);
        }
    } else if ((value = options_take_value("--format", argc, argv, i, &missing)) != NULL) {
        if (!format_allowed(spec, value)) {
            return options_usage_error(spec->name, "unknown format", value);
        }
        out->format = value;
    } else if ((ok & OPT_INPUT) && (value = options_take_value("--offset", argc, argv, i, &missing)) != NULL) {
        if (!options_parse_u64(value, UINT64_MAX, &out->offset)) {
            return options_usage_error(spec->name, "--offset needs a byte count", value);
        }
    } else if ((ok & OPT_INPUT) && (value = options_take_value("--length", argc, argv, i, &missing)) != NULL) {
        if (!options_parse_u64(value, UINT64_MAX, &out->length)) {
            return options_usage_error(spec->name, "--length needs a byte count", value);
        }
        out->has_length = true;
    } else if ((ok & OPT_FILTER) && (value = options_take_value("--state", argc, argv, i, &missing)) != NULL) {
        return parse_states(spec, value, &out->filter);
    } else if ((ok & OPT_FILTER) && (value = options_take_value("--pid", argc, argv, i, &missing)) != NULL) {
        if (!options_parse_u64(value, UINT32_MAX, &number)) {
            return options_usage_error(spec->name, "--pid needs a number up to 4294967295", value);
        }
        out->filter.has_pid = true;
        out->filter.pid = (uint32_t)number;
    } else if ((ok & OPT_FILTER) && (value = options_take_value("--port", argc, argv, i, &missing)) != NULL) {
        if (!options_parse_u64(value, UINT16_MAX, &number)) {
            return options_usage_error(spec->name, "--port needs a number up to 65535", value);
        }
        out->filter.has_port = true;
        out->filter.port = (uint16_t)number;
    } else if ((ok & OPT_FILTER) && (value = options_take_value("--addr", argc, argv, i, &missing)) != NULL) {
        if (!addr_parse(value, &out->filter.addr)) {
            return options_usage_error(spec->name, "--addr needs an IPv4 or IPv6 address", value);
        }
        out->filter.has_addr = true;
    } else if ((ok & OPT_OBSERVED) && (value = options_take_value("--observed", argc, argv, i, &missing)) != NULL) {
        if (!observed_time_parse(value, &out->observed_filetime)) {
            return options_usage_error(spec->name, "--observed needs an ISO 8601 UTC time, e.g. 2024-05-01T12:00:00Z",
                                       value);
        }
        if (!filetime_plausible(out->observed_filetime)) {
            return options_usage_error(spec->name, "--observed must lie in 1995..2099", value);
        }
        out->has_observed = true;
    } else if ((ok & OPT_PROGRESS) && strcmp(arg, "--progress") == 0) {
        out->progress = PROGRESS_ON;
    } else if ((ok & OPT_PROGRESS) && strcmp(arg, "--no-progress") == 0) {
        out->progress = PROGRESS_OFF;
    } else if (missing) {
        return options_usage_error(spec->name, "option needs a value", arg);
    } else if (arg[0] == '-' && arg[1] != '\0') {
        return options_usage_error(spec->name, "unknown option", arg);
    } else if (out->input != NULL) {
        return options_usage_error(spec->name, "more than one input given", arg);
    } else {
        out->input = arg;
    }
    return true;
}

bool options_is_auto(const char *kind)
{
    return (kind[0] | 0x20) == 'a' && (kind[1] | 0x20) == 'u' && (kind[2] | 0x20) == 't' && (kind[3] | 0x20) == 'o' &&
           kind[4] == '\0';
}

bool options_parse(const command_spec *spec, int argc, char **argv, cli_options *out)
{
    *out = (cli_options){.kind = MIBTCP_KIND_UNKNOWN, .policy = MIBTCP_POLICY_LENIENT};
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            out->help = true;
            return true;
        }
    }
    int i = 0;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (!parse_one(spec, argc, argv, &i, out)) {
            return false;
        }
    }
    for (i++; i < argc; i++) { /* after "--": operands only */
        if (out->input != NULL) {
            return options_usage_error(spec->name, "more than one input given", argv[i]);
        }
        out->input = argv[i];
    }
    if (out->input == NULL) {
        return options_usage_error(spec->name, "no input given (a file, or - for stdin)", NULL);
    }
    if (out->format == NULL) {
        out->format = spec->formats[0];
    }
    return true;
}
