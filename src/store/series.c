/*
 * series.c - counts per day, week or month: events (or mentions) per QuadClass with
 * their summed and mean Goldstein values, empty periods included, for `dyad series`.
 */
#include "io/io.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define MAX_PERIODS ((size_t)1 << 22)

/* The period that holds `day`: its first and last day and its label. */
static void period_of(int64_t day, dyad_period by, dyad_series_row *r)
{
    int64_t y;
    int m, d;
    memset(r, 0, sizeof *r);
    int64_t start = day, end = day;
    if (by == DYAD_PERIOD_WEEK) {
        /* 1970-01-01 was a Thursday: Monday is 3 days before day 0. */
        int64_t back = ((day + 3) % 7 + 7) % 7;
        start = day - back;
        end = start + 6;
    } else if (by == DYAD_PERIOD_MONTH) {
        dy_civil_from_days(day, &y, &m, &d);
        start = dy_days_from_civil(y, m, 1);
        end = (m == 12 ? dy_days_from_civil(y + 1, 1, 1) : dy_days_from_civil(y, m + 1, 1)) - 1;
    }
    r->start = (int32_t)start;
    r->end = (int32_t)(end > INT32_MAX ? INT32_MAX : end);
    dy_civil_from_days(start, &y, &m, &d);
    if (by == DYAD_PERIOD_MONTH)
        snprintf(r->label, sizeof r->label, "%04lld-%02d", (long long)y, m);
    else
        snprintf(r->label, sizeof r->label, "%04lld-%02d-%02d", (long long)y, m, d);
}

void dyad_store_series_free(dyad_series_row *rows)
{
    dy_free(rows);
}

dyad_status dyad_store_series(dyad_store *s, const dyad_store_filter *f, dyad_period by,
                              int mentions, dyad_series_row **rows, size_t *n, dyad_error *err)
{
    if (!rows || !n)
        return DYAD_MISUSE;
    *rows = NULL;
    *n = 0;
    if (!s || (by != DYAD_PERIOD_DAY && by != DYAD_PERIOD_WEEK && by != DYAD_PERIOD_MONTH))
        return dy_fail(err, DYAD_MISUSE, "dyad_store_series: bad arguments");
    struct dy_filter_sql q;
    dyad_status st = dy_filter_build(f, mentions, &q, err);
    if (st != DYAD_OK)
        return st;
    sqlite3_stmt *stmt;
    st = mentions
             ? dy_filter_prepare(s, &q, "SELECT m.day, m.quad_class, m.goldstein FROM mention m",
                                 "AND m.day IS NOT NULL ORDER BY m.day", INT64_MIN, &stmt, err)
             : dy_filter_prepare(
                   s, &q, "SELECT e.first_day, e.quad_class, e.goldstein FROM event e",
                   "AND e.first_day IS NOT NULL ORDER BY e.first_day", INT64_MIN, &stmt, err);
    dy_filter_free(&q);
    if (st != DYAD_OK)
        return st;

    dyad_series_row *out = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t day = sqlite3_column_int64(stmt, 0);
        int quad = sqlite3_column_int(stmt, 1);
        double g = sqlite3_column_double(stmt, 2);
        /* Rows come in day order: open periods (empty ones too) until one holds `day`. */
        while (len == 0 || out[len - 1].end < day) {
            if (len == MAX_PERIODS) {
                st = dy_fail(err, DYAD_LIMIT,
                             "more than %zu periods: use a longer period or "
                             "a date range",
                             MAX_PERIODS);
                goto done;
            }
            if (dy_grow((void **)&out, &cap, len + 1, sizeof *out) != DYAD_OK) {
                st = dy_fail(err, DYAD_NOMEM, "out of memory");
                goto done;
            }
            period_of(len == 0 ? day : (int64_t)out[len - 1].end + 1, by, &out[len]);
            len++;
        }
        dyad_series_row *r = &out[len - 1];
        r->count[quad >= 1 && quad <= 4 ? quad : 0]++;
        r->total++;
        r->goldstein_sum += g;
    }
    if (rc != SQLITE_DONE) {
        st = dy_store_fail(s, err, "series");
        goto done;
    }
    for (size_t i = 0; i < len; i++)
        out[i].goldstein_mean = out[i].total ? out[i].goldstein_sum / (double)out[i].total : 0;
    *rows = out;
    *n = len;
    out = NULL;
done:
    sqlite3_finalize(stmt);
    dy_free(out);
    return st;
}
