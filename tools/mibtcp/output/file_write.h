/* One whole file written at once (carve --extract, capture): either all its
 * bytes reach the disk or the file is removed, and the failure has errno's
 * reason, also when only fclose() (the last buffered write) fails. */
#ifndef MIBTCP_TOOL_FILE_WRITE_H
#define MIBTCP_TOOL_FILE_WRITE_H

#include <stddef.h>

/* Writes the @p len bytes at @p bytes to @p path (created, or replaced).
 * @return 0, or the errno of the open or write that failed (EIO when the C
 * library gave none); the file is then removed. */
int file_write_all(const char *path, const void *bytes, size_t len);

#endif
