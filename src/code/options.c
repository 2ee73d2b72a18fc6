/*
 * options.c - setting coder options by their PETRARCH config names, so that a
 * PETR_config.ini [Options] section and a validation suite's <Config> records apply.
 */
#include "core/core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_bool(const char *v, int *out)
{
    if (dy_streq_nocase(v, "true") || strcmp(v, "1") == 0 || dy_streq_nocase(v, "yes")) {
        *out = 1;
        return 0;
    }
    if (dy_streq_nocase(v, "false") || strcmp(v, "0") == 0 || dy_streq_nocase(v, "no")) {
        *out = 0;
        return 0;
    }
    return -1;
}

static int parse_int(const char *v, int *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0 || n > 100000)
        return -1;
    *out = (int)n;
    return 0;
}

dyad_status dyad_options_set(dyad_options *o, const char *name, const char *value,
                             int *ignored, dyad_error *err)
{
    static const char *const not_ours[] = {
        "textfile_list",     "textfile_name",    "eventfile_name",  "code_by_sentence",
        "pause_by_sentence", "pause_by_story",   "write_actor_root", "write_actor_text",
        "write_event_text",  "null_verbs",       "null_actors",      "new_actor_length",
        "stop_on_error",     "stanford_dir",     "run_date",         "issuefile_name"};
    struct {
        const char *name;
        int *field;
        int is_bool;
    } known[] = {
        {"require_dyad", &o->require_dyad, 1}, {"comma_min", &o->comma_min, 0},
        {"comma_max", &o->comma_max, 0},       {"comma_bmin", &o->comma_bmin, 0},
        {"comma_bmax", &o->comma_bmax, 0},     {"comma_emin", &o->comma_emin, 0},
        {"comma_emax", &o->comma_emax, 0},     {"intent", &o->intent, 1},
        {"domestic", &o->domestic, 1},
    };
    if (ignored)
        *ignored = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(name, known[i].name) != 0)
            continue;
        int r = known[i].is_bool ? parse_bool(value, known[i].field)
                                 : parse_int(value, known[i].field);
        if (r != 0)
            return dy_fail(err, DYAD_SYNTAX, "option '%s' expects %s, got '%s'", name,
                           known[i].is_bool ? "true or false" : "a whole number 0-100000",
                           value);
        return DYAD_OK;
    }
    for (size_t i = 0; i < sizeof not_ours / sizeof not_ours[0]; i++)
        if (strcmp(name, not_ours[i]) == 0) {
            if (ignored)
                *ignored = 1;
            return DYAD_OK;
        }
    return dy_fail(err, DYAD_SYNTAX, "unknown option '%s'", name);
}
