#include <string.h>

#include "cli/option_values.h"

void option_store_uint(void *field, size_t size, uint64_t v)
{
    const uint8_t v8 = (uint8_t)v;
    const uint16_t v16 = (uint16_t)v;
    const uint32_t v32 = (uint32_t)v;
    const void *from = size == 1   ? (const void *)&v8
                       : size == 2 ? (const void *)&v16
                       : size == 4 ? (const void *)&v32
                                   : (const void *)&v;
    memcpy(field, from, size);
}

bool option_flag(const cli_option *option, const char *value, void *field, option_problem *why)
{
    (void)value, (void)why;
    option_store_uint(field, option->field_size, option->max);
    return true;
}

bool option_parse_u64(const char *text, uint64_t max, uint64_t *value)
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

bool option_uint(const cli_option *option, const char *value, void *field, option_problem *why)
{
    uint64_t v;
    if (!option_parse_u64(value, option->max, &v) || v < option->min) {
        if (option->max == UINT64_MAX) {
            snprintf(why->text, sizeof why->text, "needs a number from %llu to 2^64-1 (decimal or 0x hex)",
                     (unsigned long long)option->min);
        } else {
            snprintf(why->text, sizeof why->text, "needs a number from %llu to %llu (decimal or 0x hex)",
                     (unsigned long long)option->min, (unsigned long long)option->max);
        }
        return false;
    }
    option_store_uint(field, option->field_size, v);
    return true;
}

bool option_choice(const cli_option *option, const char *value, void *field, option_problem *why)
{
    size_t used = (size_t)snprintf(why->text, sizeof why->text, "needs");
    for (const char *const *name = option->names; *name != NULL; name++) {
        if (strcmp(*name, value) == 0) {
            memcpy(field, name, sizeof *name);
            return true;
        }
        const char *joint = name == option->names ? " " : name[1] == NULL ? " or " : ", ";
        if (used < sizeof why->text) {
            used += (size_t)snprintf(why->text + used, sizeof why->text - used, "%s%s", joint, *name);
        }
    }
    return false;
}

bool option_text(const cli_option *option, const char *value, void *field, option_problem *why)
{
    (void)option, (void)why;
    memcpy(field, &value, sizeof value);
    return true;
}
