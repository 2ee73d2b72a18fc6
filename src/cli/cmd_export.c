/*
 * cmd_export.c - `dyad export`: the store's events (or mentions) as JSON lines, CSV,
 * PLOVER JSON or GDELT 2.0 event rows, on standard output or into a file.
 */
#include "cli/cli.h"
#include "dyad_store.h"

#include <string.h>

int cmd_export(int argc, char **argv)
{
    dyad_store_filter f = dyad_store_filter_default();
    const char *db = DYAD_DEFAULT_DB, *path = NULL;
    dyad_export_format fmt = DYAD_EXPORT_JSONL;
    unsigned flags = 0;
    for (int i = 1; i < argc; i++) {
        int r = store_filter_arg(&f, &db, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "--mentions") == 0) {
            flags |= DYAD_EXPORT_MENTIONS;
        } else if (strcmp(a, "--header") == 0) {
            flags |= DYAD_EXPORT_HEADER;
        } else if ((strcmp(a, "--output") == 0 || strcmp(a, "-o") == 0) && i + 1 < argc) {
            path = argv[++i];
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            static const char *const names[] = {"jsonl", "csv", "plover", "gdelt"};
            static const dyad_export_format formats[] = {DYAD_EXPORT_JSONL, DYAD_EXPORT_CSV,
                                                         DYAD_EXPORT_PLOVER, DYAD_EXPORT_GDELT};
            int k = pick_arg("--format", argv[++i], names, 4);
            if (k < 0)
                return EXIT_USAGE;
            fmt = formats[k];
        } else {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad export'\n", a);
            return EXIT_USAGE;
        }
    }
    if ((flags & DYAD_EXPORT_MENTIONS) && fmt != DYAD_EXPORT_JSONL && fmt != DYAD_EXPORT_CSV) {
        fprintf(stderr, "dyad: export: --mentions works with --format jsonl or csv\n");
        return EXIT_USAGE;
    }
    dyad_store *s = store_open_read(db);
    if (!s)
        return EXIT_USAGE;
    FILE *out = stdout;
    if (path && strcmp(path, "-") != 0 && !(out = fopen(path, "w"))) {
        fprintf(stderr, "dyad: cannot write '%s'\n", path);
        dyad_store_close(s);
        return EXIT_USAGE;
    }
    size_t n = 0;
    dyad_error err = {0};
    int rc = EXIT_OK;
    if (dyad_store_export(s, &f, fmt, flags, out, &n, &err) != DYAD_OK) {
        print_error(&err);
        rc = EXIT_USAGE;
    }
    if ((out == stdout ? fflush(out) : fclose(out)) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "dyad: error writing %s\n", path ? path : "to standard output");
        rc = EXIT_USAGE;
    }
    if (path && out != stdout)
        fprintf(stderr, "dyad: export: %zu rows written to %s\n", n, path);
    dyad_store_close(s);
    return rc;
}
