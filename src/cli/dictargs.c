/*
 * dictargs.c - dictionary options shared by the subcommands, and error printing.
 */
#include "cli/cli.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The Makefile compiles in absolute paths into the source and build trees. */
#ifndef DYAD_DATADIR
#define DYAD_DATADIR "data/dict"
#endif
#ifndef DYAD_GENDIR
#define DYAD_GENDIR "build/gen"
#endif

int pick_arg(const char *option, const char *value, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(value, names[i]) == 0)
            return (int)i;
    fprintf(stderr, "dyad: %s expects ", option);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s%s", names[i], i + 2 < n ? ", " : i + 1 < n ? " or " : "");
    fprintf(stderr, ", got '%s'\n", value);
    return -1;
}

int threads_arg(int argc, char **argv, int *i, unsigned *threads)
{
    const char *a = argv[*i], *v;
    if (strncmp(a, "-j", 2) == 0 && a[2])
        v = a + 2; /* -j4, as make takes it */
    else if ((strcmp(a, "-j") == 0 || strcmp(a, "--threads") == 0) && *i + 1 < argc)
        v = argv[++*i];
    else
        return 0;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || !*v || n < 0 || n > 256) {
        fprintf(stderr, "dyad: -j expects a number of threads 0-256 (0: all cores), got '%s'\n",
                v);
        return -1;
    }
    *threads = (unsigned)n;
    return 1;
}

int format_arg(const char *value, dyad_format *fmt)
{
    static const char *const names[] = {"text", "jsonl", "xml", "petrarch"};
    static const dyad_format formats[] = {DYAD_FORMAT_TEXT, DYAD_FORMAT_JSONL,
                                          DYAD_FORMAT_PETRXML, DYAD_FORMAT_PETRXML};
    int k = pick_arg("--format", value, names, 4);
    if (k < 0)
        return -1;
    *fmt = formats[k];
    return 0;
}

void print_error(const dyad_error *e)
{
    fputs("dyad: ", stderr);
    if (e->source && *e->source) {
        fputs(e->source, stderr);
        if (e->line)
            fprintf(stderr, ":%u", e->line);
        if (e->line && e->column)
            fprintf(stderr, ":%u", e->column);
        fputs(": ", stderr);
    }
    fprintf(stderr, "%s\n", e->message[0] ? e->message : dyad_status_str(e->status));
}

int dict_arg(struct dict_args *d, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char **slot = NULL;
    if (strcmp(a, "--strict") == 0) {
        d->strict = 1;
        return 1;
    }
    if (strcmp(a, "--petrarch-config") == 0)
        slot = &d->petrarch_config;
    else if (strcmp(a, "--verbs") == 0)
        slot = &d->verbs;
    else if (strcmp(a, "--agents") == 0)
        slot = &d->agents;
    else if (strcmp(a, "--discards") == 0)
        slot = &d->discards;
    else if (strcmp(a, "--dict") == 0) {
        if (d->n_dicts == sizeof d->dicts / sizeof d->dicts[0]) {
            fprintf(stderr, "dyad: too many --dict paths (at most 16)\n");
            return -1;
        }
        slot = &d->dicts[d->n_dicts++];
    }
    else if (strcmp(a, "--actors") == 0) {
        if (d->n_actors == sizeof d->actors / sizeof d->actors[0]) {
            fprintf(stderr, "dyad: too many --actors files (at most 16)\n");
            return -1;
        }
        slot = &d->actors[d->n_actors++];
    } else
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "dyad: %s needs a file name\n", a);
        return -1;
    }
    *slot = argv[++*i];
    return 1;
}

static void on_diag(void *ctx, const dyad_error *e)
{
    struct dict_args *d = ctx;
    d->n_problems++;
    print_error(e);
}

/* Where the image of a PETR_config.ini's dictionaries goes: the generated-files folder
 * (never beside the config, which may not be ours to write), under a name made from the
 * config's absolute path, so that two configs never share an image: "petrarch-NAME-HASH.img",
 * NAME the config's file name without ".ini", HASH the path's FNV-1a in 16 hex digits.
 * 0 if there is none (no generated-files folder, or no such config). */
static int petrarch_image(const char *ini, char *image, size_t size)
{
    const char *dir, *gen;
    char abs[PATH_MAX];
    default_dicts(&dir, &gen);
    if (!gen || !realpath(ini, abs))
        return 0;
    uint64_t h = 1469598103934665603ull;
    for (const char *p = abs; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 1099511628211ull;
    }
    /* the config's own name, for whoever looks into the folder */
    const char *base = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
    char name[41];
    size_t n = 0;
    for (; base[n] && n + 1 < sizeof name; n++) {
        char c = base[n];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        name[n] = plain ? c : '_';
    }
    name[n] = '\0';
    if (n > 4 && strcmp(name + n - 4, ".ini") == 0)
        name[n - 4] = '\0';
    int k = snprintf(image, size, "%s/petrarch-%s-%016llx.img", gen, name,
                     (unsigned long long)h);
    return k > 0 && (size_t)k < size;
}

int dict_load(struct dict_args *d, dyad_options *opt, dyad_dict **out)
{
    dyad_error err = {0};
    unsigned flags = d->strict ? DYAD_DICT_STRICT : 0;
    dyad_status st;
    /* PETRARCH's dictionaries are coded the way PETRARCH codes them */
    if (d->petrarch_config || d->verbs || d->n_actors || d->agents || d->discards)
        opt->intent = opt->domestic = 0;
    if (d->petrarch_config) {
        /* compiled once into an image, like dyad's own dictionaries (below) */
        char image[PATH_MAX + 128];
        bool cache = !d->strict && !d->sources_only &&
                     petrarch_image(d->petrarch_config, image, sizeof image);
        st = dyad_dict_load_petrarch_config_cached(d->petrarch_config, cache ? image : NULL,
                                                   flags, on_diag, d, opt, out, &err);
    } else if (d->verbs || d->n_actors || d->agents || d->discards) {
        dyad_dict_files f = {d->verbs, d->actors, d->n_actors, d->agents, d->discards, opt};
        st = dyad_dict_load_petrarch(&f, flags, on_diag, d, out, &err);
    } else if (d->n_dicts) {
        st = dyad_dict_load_paths(d->dicts, d->n_dicts, NULL, 0, flags, on_diag, d, out, &err);
    } else {
        const char *dir, *gen;
        default_dicts(&dir, &gen);
        struct stat sb;
        char countries[4096];
        if (gen && ((size_t)snprintf(countries, sizeof countries, "%s/countries.txt", gen) >=
                        sizeof countries ||
                    stat(countries, &sb) != 0)) {
            fprintf(stderr, "dyad: warning: no generated dictionaries in '%s' (run make): "
                            "countries are not coded\n", gen);
            gen = NULL;
        }
        /* The compiled image lives beside the generated files and is rebuilt when a
         * source changes; strict runs and `dyad dict` read the sources themselves. */
        char image[4096];
        bool cache = gen && !d->strict && !d->sources_only &&
                     (size_t)snprintf(image, sizeof image, "%s/dyad-dict.img", gen) <
                         sizeof image;
        if (cache)
            st = dyad_dict_load_paths_cached(&dir, 1, &gen, 1, image, flags, on_diag, d, out,
                                             &err);
        else
            st = dyad_dict_load_paths(&dir, 1, &gen, gen ? 1 : 0, flags, on_diag, d, out, &err);
    }
    if (st != DYAD_OK) {
        /* in strict mode the entry that stopped loading was already reported */
        if (!(st == DYAD_SYNTAX && d->strict && d->n_problems))
            print_error(&err);
        return st == DYAD_IO ? EXIT_USAGE : EXIT_DICT;
    }
    return EXIT_OK;
}

void default_dicts(const char **dir, const char **gen)
{
    const char *e = getenv("DYAD_DICT_DIR");
    *dir = e && *e ? e : DYAD_DATADIR;
    e = getenv("DYAD_GEN_DIR");
    *gen = e ? (*e ? e : NULL) : DYAD_GENDIR;
}
