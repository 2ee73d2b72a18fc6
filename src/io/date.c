/*
 * date.c - calendar dates for articles: "YYYY-MM-DD" or "YYYYMMDD" to days since
 * 1970-01-01 in the proleptic Gregorian calendar, and back for the writers.
 */
#include "io/io.h"

#include <string.h>

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads n ASCII digits; -1 if any byte is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date, with
 * eras of 400 years (146097 days) so no table and no loop. */
int64_t dy_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

dyad_status dyad_parse_date(const char *s, size_t len, int32_t *day)
{
    int y, m, d;
    if (!s || !day)
        return DYAD_MISUSE;
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4);
        m = digits(s + 5, 2);
        d = digits(s + 8, 2);
    } else if (len == 8) {
        y = digits(s, 4);
        m = digits(s + 4, 2);
        d = digits(s + 6, 2);
    } else {
        return DYAD_SYNTAX;
    }
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return DYAD_SYNTAX;
    *day = (int32_t)dy_days_from_civil(y, m, d);
    return DYAD_OK;
}

/* civil_from_days, the inverse of dy_days_from_civil. */
void dy_civil_from_days(int64_t day, int64_t *y, int *m, int *d)
{
    int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void dy_format_date(int32_t day, char out[DY_DATE_BUF])
{
    int64_t y;
    int m, d;
    dy_civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(out, DY_DATE_BUF, "%04lld-%02d-%02d", (long long)y, m, d);
        return;
    }
    /* Every article date is a four-digit year: no printf on the writers' hot path. */
    int v[3] = {(int)y, m, d}, w[3] = {4, 2, 2};
    char *p = out;
    for (int k = 0; k < 3; k++) {
        for (int i = w[k] - 1, x = v[k]; i >= 0; i--, x /= 10)
            p[i] = (char)('0' + x % 10);
        p += w[k];
        *p++ = k < 2 ? '-' : '\0';
    }
}
