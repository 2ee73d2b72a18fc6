/*
 * cmd_code.c - `dyad code`: read articles, code them on -j threads, write JSONL events
 * to stdout in input order. Rejected records are reported with their position and
 * skipped; the run goes on.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct out {
    size_t articles, events, skipped;
    int io_error, tty;
    double last;
};

static int sink(void *ctx, const dyad_result *res)
{
    struct out *o = ctx;
    if (res->error) {
        print_error(res->error);
        o->skipped++;
    }
    if (!res->article)
        return 0;
    if (res->explain) {
        fprintf(stderr, "article %s:\n%s", res->article->id, res->explain);
    }
    if (!res->error)
        o->articles++;
    for (size_t i = 0; i < res->n_events; i++) {
        if (dyad_write_event_jsonl(stdout, res->article, &res->events[i]) != DYAD_OK) {
            fprintf(stderr, "dyad: error writing to standard output\n");
            o->io_error = 1;
            return 1;
        }
        o->events++;
    }
    if (o->tty && (o->articles & 1023) == 0 && now() - o->last > 1.0) {
        o->last = now();
        fprintf(stderr, "\rdyad: %zu articles, %zu events, %zu skipped", o->articles, o->events,
                o->skipped);
    }
    return 0;
}

int cmd_code(int argc, char **argv)
{
    struct dict_args da;
    memset(&da, 0, sizeof da);
    dyad_format fmt = DYAD_FORMAT_AUTO;
    int explain = 0;
    unsigned threads = 0;
    const char *files[256];
    int n_files = 0;
    for (int i = 1; i < argc; i++) {
        int r = dict_arg(&da, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "--explain") == 0) {
            explain = 1;
        } else if ((strcmp(a, "-j") == 0 || strcmp(a, "--threads") == 0) && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 0 || n > 256) {
                fprintf(stderr, "dyad: -j expects a number of threads 0-256 (0: all cores), "
                                "got '%s'\n", argv[i]);
                return EXIT_USAGE;
            }
            threads = (unsigned)n;
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "text") == 0)
                fmt = DYAD_FORMAT_TEXT;
            else if (strcmp(f, "jsonl") == 0)
                fmt = DYAD_FORMAT_JSONL;
            else if (strcmp(f, "xml") == 0 || strcmp(f, "petrarch") == 0)
                fmt = DYAD_FORMAT_PETRXML;
            else {
                fprintf(stderr, "dyad: --format expects text, jsonl or xml, got '%s'\n", f);
                return EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad code'\n", a);
            return EXIT_USAGE;
        } else if (n_files < 256) {
            files[n_files++] = a;
        }
    }
    if (!n_files) {
        fprintf(stderr, "dyad: code: no input files (use - for standard input)\n");
        return EXIT_USAGE;
    }
    dyad_options opt = dyad_options_default();
    opt.explain = explain;
    dyad_dict *dict = NULL;
    double t0 = now();
    int rc = dict_load(&da, &opt, &dict);
    if (rc != EXIT_OK)
        return rc;
    double t_load = now() - t0;
    if (da.n_problems) {
        fprintf(stderr, "dyad: %zu dictionary entries rejected\n", da.n_problems);
        if (da.strict) {
            dyad_dict_free(dict);
            return EXIT_DICT;
        }
    }
    struct out o = {0, 0, 0, 0, isatty(STDERR_FILENO), now()};
    size_t sentences = 0;
    int failed = 0;
    for (int f = 0; f < n_files && !failed; f++) {
        dyad_reader *r;
        dyad_error err = {0};
        if (dyad_reader_open(files[f], fmt, &opt, &r, &err) != DYAD_OK) {
            print_error(&err);
            failed = 1;
            break;
        }
        dyad_run_stats st;
        dyad_status s = dyad_run(dict, &opt, r, explain ? 1 : threads, sink, &o, &st, &err);
        sentences += st.sentences;
        if (s != DYAD_OK) {
            if (!o.io_error)
                print_error(&err);
            failed = 1;
        }
        dyad_reader_free(r);
    }
    if (fflush(stdout) != 0 && !failed) {
        fprintf(stderr, "dyad: error writing to standard output\n");
        failed = 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr,
            "%sdyad: %zu articles, %zu sentences, %zu events, %zu skipped, %zu dictionary "
            "problems (dictionaries %.2f s, total %.2f s, peak memory %ld MB)\n",
            o.tty ? "\r" : "", o.articles, sentences, o.events, o.skipped, da.n_problems, t_load,
            now() - t0, ru.ru_maxrss / 1024);
    dyad_dict_free(dict);
    if (failed)
        return EXIT_USAGE;
    return o.skipped ? EXIT_SKIPPED : EXIT_OK;
}
