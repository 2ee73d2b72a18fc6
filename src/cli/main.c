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
          "  version             print the version\n"
          "\n"
          "dictionary options (code):\n"
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
