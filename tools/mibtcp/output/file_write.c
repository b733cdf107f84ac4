#include "output/file_write.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

int file_write_all(const char *path, const void *bytes, size_t len)
{
    errno = 0;
    FILE *out = fopen(path, "wb");
    if (out == NULL) {
        return errno != 0 ? errno : EIO;
    }
    errno = 0;
    bool ok = fwrite(bytes, 1, len, out) == len;
    int err = ok ? 0 : errno != 0 ? errno : EIO;
    errno = 0;
    if (fclose(out) != 0 && ok) { /* a full disk often shows only here, when the buffer is written */
        ok = false;
        err = errno != 0 ? errno : EIO;
    }
    if (!ok) {
        (void)remove(path); /* no partial file left behind */
    }
    return err;
}
