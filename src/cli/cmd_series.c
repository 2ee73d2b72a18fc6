/*
 * cmd_series.c - `dyad series`: counts of the store's events per day, week or month for
 * a dyad (or any filter), by QuadClass, with summed and mean Goldstein values.
 */
#include "cli/cli.h"
#include "dyad_store.h"

#include <string.h>
#include <unistd.h>

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSONL };

static void print_row(enum out_format fmt, const dyad_series_row *r)
{
    char start[DYAD_DAY_BUF], end[DYAD_DAY_BUF];
    dyad_store_day_str(r->start, start);
    dyad_store_day_str(r->end, end);
    switch (fmt) {
    case OUT_TABLE:
        printf("%-10s  %8lld  %8lld  %8lld  %8lld  %8lld  %10.1f  %6.2f\n", r->label,
               (long long)r->count[1], (long long)r->count[2], (long long)r->count[3],
               (long long)r->count[4], (long long)r->total, r->goldstein_sum, r->goldstein_mean);
        break;
    case OUT_CSV:
        printf("%s,%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,%.15g,%.4f\n", r->label, start, end,
               (long long)r->count[1], (long long)r->count[2], (long long)r->count[3],
               (long long)r->count[4], (long long)r->count[0], (long long)r->total,
               r->goldstein_sum, r->goldstein_mean);
        break;
    case OUT_JSONL:
        printf("{\"period\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"verbal_coop\":%lld,"
               "\"material_coop\":%lld,\"verbal_conflict\":%lld,\"material_conflict\":%lld,"
               "\"unknown\":%lld,\"total\":%lld,\"goldstein_sum\":%.15g,"
               "\"goldstein_mean\":%.4f}\n",
               r->label, start, end, (long long)r->count[1], (long long)r->count[2],
               (long long)r->count[3], (long long)r->count[4], (long long)r->count[0],
               (long long)r->total, r->goldstein_sum, r->goldstein_mean);
        break;
    }
}

int cmd_series(int argc, char **argv)
{
    dyad_store_filter f = dyad_store_filter_default();
    const char *db = DYAD_DEFAULT_DB;
    dyad_period by = DYAD_PERIOD_DAY;
    int mentions = 0;
    enum out_format fmt = isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_CSV;
    for (int i = 1; i < argc; i++) {
        int r = store_filter_arg(&f, &db, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "--mentions") == 0) {
            mentions = 1;
        } else if (strcmp(a, "--by") == 0 && i + 1 < argc) {
            static const char *const names[] = {"day", "week", "month"};
            static const dyad_period periods[] = {DYAD_PERIOD_DAY, DYAD_PERIOD_WEEK,
                                                  DYAD_PERIOD_MONTH};
            int k = pick_arg("--by", argv[++i], names, 3);
            if (k < 0)
                return EXIT_USAGE;
            by = periods[k];
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            static const char *const names[] = {"table", "csv", "jsonl"}; /* enum order */
            int k = pick_arg("--format", argv[++i], names, 3);
            if (k < 0)
                return EXIT_USAGE;
            fmt = (enum out_format)k;
        } else {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad series'\n", a);
            return EXIT_USAGE;
        }
    }
    if (f.limit) {
        fprintf(stderr, "dyad: series: --limit does not apply (use --from and --to)\n");
        return EXIT_USAGE;
    }
    dyad_store *s = store_open_read(db);
    if (!s)
        return EXIT_USAGE;
    dyad_series_row *rows;
    size_t n;
    dyad_error err = {0};
    int rc = EXIT_OK;
    if (dyad_store_series(s, &f, by, mentions, &rows, &n, &err) != DYAD_OK) {
        print_error(&err);
        dyad_store_close(s);
        return EXIT_USAGE;
    }
    if (fmt == OUT_TABLE)
        printf("%-10s  %8s  %8s  %8s  %8s  %8s  %10s  %6s\n", "PERIOD", "VCOOP", "MCOOP", "VCONFL",
               "MCONFL", "TOTAL", "GOLD_SUM", "MEAN");
    else if (fmt == OUT_CSV)
        printf("period,start,end,verbal_coop,material_coop,verbal_conflict,material_conflict,"
               "unknown,total,goldstein_sum,goldstein_mean\n");
    for (size_t i = 0; i < n; i++)
        print_row(fmt, &rows[i]);
    dyad_store_series_free(rows);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "dyad: error writing to standard output\n");
        rc = EXIT_USAGE;
    }
    dyad_store_close(s);
    return rc;
}
