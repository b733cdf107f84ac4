/* Choosing the observed time of an input: this reads the input's file
 * metadata and container header, so it belongs to input reading; the time
 * values and their parsing (observed_time.h) are plain data every layer uses. */
#include "input/observed_time_choose.h"

#include "input/image_container.h"

#include <string.h>
#include <sys/stat.h>

observed_time observed_time_choose(bool has_option, int64_t option_filetime, const uint8_t *bytes, uint64_t len,
                                   const char *path)
{
    if (has_option) {
        return (observed_time){OBSERVED_OPTION, option_filetime};
    }
    uint32_t stamp;
    if (bytes != NULL && image_minidump_time(bytes, len, &stamp)) {
        const int64_t filetime = observed_filetime_from_unix((int64_t)stamp);
        if (filetime_plausible(filetime)) {
            return (observed_time){OBSERVED_MINIDUMP, filetime};
        }
    }
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0) {
        const int64_t filetime = observed_filetime_from_unix((int64_t)st.st_mtime);
        if (filetime_plausible(filetime)) {
            return (observed_time){OBSERVED_FILE_MTIME, filetime};
        }
    }
    return (observed_time){OBSERVED_NONE, 0};
}
