/*
 * main.c - the dyad program: a thin layer over libdyad. One file per subcommand.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: dyad COMMAND [OPTIONS] [FILE...]\n"
          "\n"
          "commands:\n"
          "  code FILE...        code articles (text, JSONL or PETRARCH XML; - is stdin)\n"
          "                      and write one JSON event per line to standard output\n"
          "  validate SUITE      run a PETRARCH validation XML and report N passed, N failed\n"
          "  dict check [PATH]   lint the dictionaries (default: dyad's own)\n"
          "  dict lookup PHRASE [--date YYYY-MM-DD]\n"
          "                      show what a phrase resolves to on a date, and why\n"
          "  dict stats          count the dictionary entries by kind\n"
          "  ingest FILE...      code articles and store them in an SQLite store (--db FILE,\n"
          "                      default dyad.db), skipping those already stored; then dedup\n"
          "  dedup               group the store's mentions into events (--window DAYS)\n"
          "  query               the store's events matching filters (table, jsonl, csv)\n"
          "  series --by day|week|month\n"
          "                      counts per period by QuadClass, with Goldstein sums\n"
          "  export --format jsonl|csv|plover|gdelt\n"
          "                      the store's events in an analysis format\n"
          "  version             print the version\n"
          "\n"
          "dictionary options (code, ingest, validate, dict); without them dyad's own dictionaries\n"
          "(data/dict and the generated countries) are used:\n"
          "  --dict PATH             a dyad-format file or folder (repeatable)\n"
          "  --petrarch-config INI   load the dictionaries a PETR_config.ini names\n"
          "  --verbs F --actors F [--actors F...] --agents F --discards F\n"
          "  --strict                stop at the first malformed dictionary entry\n"
          "\n"
          "See docs/cli.md for every option and the exit codes.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "code") == 0)
        return cmd_code(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "dict") == 0)
        return cmd_dict(argc - 1, argv + 1);
    if (strcmp(cmd, "ingest") == 0)
        return cmd_ingest(argc - 1, argv + 1);
    if (strcmp(cmd, "dedup") == 0)
        return cmd_dedup(argc - 1, argv + 1);
    if (strcmp(cmd, "query") == 0)
        return cmd_query(argc - 1, argv + 1);
    if (strcmp(cmd, "series") == 0)
        return cmd_series(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("dyad %s\n", dyad_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    fprintf(stderr, "dyad: unknown command '%s'\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
