/* The value handlers every command's table uses (option_table.h): flags,
 * numbers within a range, one name of a list, text such as a path. */
#ifndef MIBTCP_TOOL_OPTION_VALUES_H
#define MIBTCP_TOOL_OPTION_VALUES_H

#include "cli/option_table.h"

/* A flag: stores option->max into the integer (or bool, or enum) field. */
bool option_flag(const cli_option *option, const char *value, void *field, option_problem *why);
/* Decimal or 0x-hexadecimal, the whole value, no sign, within [min, max]. */
bool option_uint(const cli_option *option, const char *value, void *field, option_problem *why);
/* One of option->names, exactly; stores the name (a const char *). */
bool option_choice(const cli_option *option, const char *value, void *field, option_problem *why);
/* Any text, stored as given (a const char *): a path, a directory. */
bool option_text(const cli_option *option, const char *value, void *field, option_problem *why);

/* The parsing of option_uint, for handlers whose values hold numbers. */
bool option_parse_u64(const char *text, uint64_t max, uint64_t *value);
/* Stores v in an unsigned integer, bool or enum field of size 1, 2, 4 or 8. */
void option_store_uint(void *field, size_t size, uint64_t v);

#endif
