/* Reading CSV input (tasklist /fo csv, service maps): RFC 4180 records, one
 * at a time, fields quoted or not ("" inside quotes is one quote; quoted
 * fields may span lines), LF or CR LF line ends. Pure and linear. */
#ifndef MIBTCP_TOOL_CSV_RECORD_H
#define MIBTCP_TOOL_CSV_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#define CSV_MAX_FIELDS 32

typedef struct csv_reader {
    const char *text;
    size_t len, at;
    size_t line;   /* of the record last read, from 1 */
    char *scratch; /* len + CSV_MAX_FIELDS bytes: the unquoted fields, each NUL-terminated */
} csv_reader;

typedef struct csv_fields {
    const char *field[CSV_MAX_FIELDS];
    size_t length[CSV_MAX_FIELDS];
    size_t count;
} csv_fields;

void csv_reader_init(csv_reader *r, const char *text, size_t len, char *scratch);

/* The next record that is not an empty line. @return 1 read, 0 at the end,
 * -1 on a malformed record (*problem says what; r->line where): a quote
 * never closed, text after a closing quote, more than CSV_MAX_FIELDS fields. */
int csv_next(csv_reader *r, csv_fields *out, const char **problem);

#endif
