/* main() for the harnesses when no fuzzing engine is linked (the "replay"
 * engine): runs LLVMFuzzerTestOneInput once per file named on the command
 * line, walking directories (entries sorted, dot-files skipped). Each input
 * is read into a fresh allocation of exactly its size, so sanitizers and
 * valgrind see any over-read, with any compiler. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct replay_totals {
    unsigned long inputs;
    unsigned long failures; /* unreadable paths; a crashing input never returns */
} replay_totals;

static void replay_path(const char *path, replay_totals *totals);

static void replay_file(const char *path, long size, replay_totals *totals)
{
    FILE *file = fopen(path, "rb");
    uint8_t *data = malloc(size > 0 ? (size_t)size : 1u);
    if (file == NULL || data == NULL || fread(data, 1, (size_t)size, file) != (size_t)size) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        ++totals->failures;
    } else {
        LLVMFuzzerTestOneInput(data, (size_t)size);
        ++totals->inputs;
    }
    free(data);
    if (file != NULL) {
        fclose(file);
    }
}

static int skip_dot_files(const struct dirent *entry)
{
    return entry->d_name[0] != '.';
}

static void replay_directory(const char *path, replay_totals *totals)
{
    struct dirent **entries = NULL;
    int count = scandir(path, &entries, skip_dot_files, alphasort);
    if (count < 0) {
        fprintf(stderr, "replay: cannot list %s\n", path);
        ++totals->failures;
        return;
    }
    for (int i = 0; i < count; ++i) {
        size_t length = strlen(path) + strlen(entries[i]->d_name) + 2u;
        char *child = malloc(length);
        if (child == NULL) {
            ++totals->failures;
        } else {
            snprintf(child, length, "%s/%s", path, entries[i]->d_name);
            replay_path(child, totals);
            free(child);
        }
        free(entries[i]);
    }
    free(entries);
}

static void replay_path(const char *path, replay_totals *totals)
{
    struct stat info;
    if (stat(path, &info) != 0) {
        fprintf(stderr, "replay: cannot stat %s\n", path);
        ++totals->failures;
    } else if (S_ISDIR(info.st_mode)) {
        replay_directory(path, totals);
    } else {
        replay_file(path, (long)info.st_size, totals);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\nRuns the fuzz harness once on every file.\n", argv[0]);
        return 2;
    }
    replay_totals totals = {0, 0};
    for (int i = 1; i < argc; ++i) {
        replay_path(argv[i], &totals);
    }
    printf("replay: %lu inputs replayed, %lu unreadable\n", totals.inputs, totals.failures);
    return totals.failures == 0 ? 0 : 1;
}
