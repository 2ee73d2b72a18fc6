/*
 * series.c - counts per day, week or month: events (or mentions) per QuadClass with
 * their summed and mean Goldstein values, empty periods included, for `dyad series`.
 */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define MAX_PERIODS ((size_t)1 << 22)

/* Howard Hinnant's civil calendar algorithms (proleptic Gregorian, days since
 * 1970-01-01), exact for every day an int32_t holds. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

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
        civil_from_days(day, &y, &m, &d);
        start = days_from_civil(y, m, 1);
        end = (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) - 1;
    }
    r->start = (int32_t)start;
    r->end = (int32_t)(end > INT32_MAX ? INT32_MAX : end);
    civil_from_days(start, &y, &m, &d);
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
