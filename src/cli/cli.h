/*
 * cli.h - what the subcommands share: dictionary options, diagnostics printing and the
 * exit codes (docs/cli.md).
 */
#ifndef DY_CLI_H
#define DY_CLI_H

#include "dyad.h"

#include <stdio.h>

enum {
    EXIT_OK = 0,      /* everything was coded */
    EXIT_SKIPPED = 1, /* some input records were skipped (each reported) */
    EXIT_USAGE = 2,   /* bad usage, or an input/output error */
    EXIT_DICT = 3     /* the dictionaries could not be loaded (or --strict found a problem) */
};

struct dict_args {
    const char *petrarch_config;
    const char *verbs, *agents, *discards;
    const char *actors[16];
    size_t n_actors;
    const char *dicts[16]; /* --dict: dyad-format files or folders instead of the defaults */
    size_t n_dicts;
    int strict;
    int sources_only;  /* load from the sources, never the compiled image (dyad dict) */
    size_t n_problems; /* dictionary entries reported */
};

/* Consumes a dictionary option at argv[*i] (advancing *i past its value): 1 if it was
 * one, 0 if not, -1 on a missing value (message printed). */
int dict_arg(struct dict_args *d, int argc, char **argv, int *i);

/* Loads what the arguments name into *out and applies config options to *opt; with no
 * dictionary option, dyad's own dictionaries (default_dicts). Prints every rejected entry
 * as "dyad: file:line: message". Returns an exit code. */
int dict_load(struct dict_args *d, dyad_options *opt, dyad_dict **out);

/* Where dyad's own dictionaries are: $DYAD_DICT_DIR, else the source tree's data/dict
 * (compiled in as DYAD_DATADIR); the generated ones: $DYAD_GEN_DIR, else the build's
 * gen/ folder (DYAD_GENDIR), *gen NULL when that is set empty. */
void default_dicts(const char **dir, const char **gen);

/* The index of `value` among names, or -1 after printing what `option` expects. */
int pick_arg(const char *option, const char *value, const char *const *names, size_t n);
/* "-j N", "-jN" or "--threads N" at argv[*i] (0: all cores): 1 and *i past it; 0: not
 * this option; -1: a bad number (reported). */
int threads_arg(int argc, char **argv, int *i, unsigned *threads);

/* Reads an input --format value (text, jsonl, xml); -1 with a message if unknown. */
int format_arg(const char *value, dyad_format *fmt);

/* Prints "dyad: source:line:col: message" for an error. */
void print_error(const dyad_error *e);

int cmd_code(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_ingest(int argc, char **argv); /* cmd_ingest.c, with cmd_dedup */
int cmd_dedup(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* The store commands' shared options (cmd_query.c): --db FILE and the filters
 * (docs/cli.md). Consumes argv[*i] (and its value): 1 if it was one, 0 if not, -1 on a
 * bad value (message printed). */
struct dyad_store_filter;
int store_filter_arg(struct dyad_store_filter *f, const char **db, int argc, char **argv,
                     int *i);
/* Opens the store at `db` for reading; prints the error and returns NULL on failure. */
struct dyad_store *store_open_read(const char *db);
/* Prints the store's summary (counts by QuadClass, top dyads) to out. 0, or an exit code. */
int store_print_summary(struct dyad_store *s, const char *db, FILE *out);
#define DYAD_DEFAULT_DB "dyad.db"
int cmd_dict(int argc, char **argv);

#endif
