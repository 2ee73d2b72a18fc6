/*
 * cli.h - what the subcommands share: dictionary options, diagnostics printing and the
 * exit codes (docs/cli.md).
 */
#ifndef DY_CLI_H
#define DY_CLI_H

#include "dyad.h"

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
    int strict;
    size_t n_problems; /* dictionary entries reported */
};

/* Consumes a dictionary option at argv[*i] (advancing *i past its value): 1 if it was
 * one, 0 if not, -1 on a missing value (message printed). */
int dict_arg(struct dict_args *d, int argc, char **argv, int *i);

/* Loads what the arguments name into *out and applies config options to *opt.
 * Prints every rejected entry as "dyad: file:line: message". Returns an exit code. */
int dict_load(struct dict_args *d, dyad_options *opt, dyad_dict **out);

/* Prints "dyad: source:line:col: message" for an error. */
void print_error(const dyad_error *e);

int cmd_code(int argc, char **argv);
int cmd_validate(int argc, char **argv);

#endif
