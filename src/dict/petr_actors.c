/*
 * petr_actors.c - reads a PETRARCH/TABARI actor dictionary (PETR.Validate.actors.txt,
 * Phoenix.*.actors.txt): "NAME [CODE]" lines, "+SYNONYM" lines naming the same actor, and
 * code blocks, dated or not, on the name line or on the (indented) lines after it.
 *
 * Dates follow PETRARCH (checked against the DATE-* records of PETR.UnitTest.records.xml,
 * e.g. SAM_GAMGEE's [HOBCIV <20080120] ... [HOBELI >20130119]):
 *   [CODE <D]      valid before D:  to = D - 1   (DATE-02: 20080119 is HOBCIV)
 *   [CODE >D]      valid after D:   from = D + 1 (so [X 20121109-20130119] and
 *                                   [Y >20130119] do not overlap)
 *   [CODE A-B]     from A to B, both inclusive (DATE-04/06/09/11)
 *   [CODE]         the default, when no dated code applies (DATE-03/07)
 * Dated codes are kept in the order written: where ranges overlap the first listed wins
 * (DATE-09: [ORCHOB 20100109-20100112] is listed before [HOBMIL 20080120-20121109]).
 * Dates are yymmdd or yyyymmdd; two-digit years below 30 are 20yy, the rest 19yy
 * (TABARI's convention: 320101 is 1932, 070723 is 2007).
 */
#include "dict/dict.h"

#include <ctype.h>
#include <string.h>

struct actor_reader {
    struct dy_petr_ctx c;
    bool have_actor;   /* the last actor may take synonyms and codes */
    bool skipping;     /* the entry's name line was rejected: skip its synonyms and codes */
    bool reported;     /* something of the current actor was already reported */
    bool blank;        /* a blank line came after the current actor's last line */
    size_t first_elem; /* where the current actor's elements begin, to undo it */
    const char *name;  /* its name line, for "has no code" */
    size_t name_len;
    uint32_t name_line;
    struct dy_actor_code *codes; /* the codes of the line being read */
    size_t n_codes, cap_codes;
};

#define REJECT(r, at, s, n, ...) dy_petr_reject(&(r)->c, (r)->c.line, at, s, n, __VA_ARGS__)

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

/* "950601" or "19950601" at s (exactly n digits after trimming). */
static bool parse_date(const char *s, size_t n, int32_t *day)
{
    dy_trim(&s, &n);
    if (n != 6 && n != 8)
        return false;
    int v[8];
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v[i] = s[i] - '0';
    }
    int y, k;
    if (n == 6) {
        y = v[0] * 10 + v[1];
        y += y < 30 ? 2000 : 1900;
        k = 2;
    } else {
        y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
        k = 4;
    }
    int mo = v[k] * 10 + v[k + 1], d = v[k + 2] * 10 + v[k + 3];
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap)
        return false;
    *day = days_from_civil(y, mo, d);
    return true;
}

/* "---", "+++", "###", or letters and digits (not digits alone, which is a date that lost
 * its code), with '/' joining the parts of a compound actor: "FRO/BIL/SAM". */
static bool good_code(const char *s, size_t n)
{
    bool marks = true, alnum = true, letter = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch != '-' && ch != '+' && ch != '#')
            marks = false;
        if (!isalnum(ch) && ch != '/')
            alnum = false;
        if (isalpha(ch))
            letter = true;
    }
    return n > 0 && (marks || (alnum && letter && s[0] != '/' && s[n - 1] != '/'));
}

/* One code block's inside: "HOB", "HOB < 950601", "HOBGOV 19950601 - 19990815",
 * "HOBREB >990816". NULL, or why it is bad. */
static const char *parse_code(const char *s, size_t n, struct dy_actor_code *out)
{
    dy_trim(&s, &n);
    size_t k = 0;
    while (k < n && !isspace((unsigned char)s[k]) && s[k] != '<' && s[k] != '>')
        k++;
    if (k == 0)
        return "code block with no code";
    if (!good_code(s, k))
        return "malformed actor code";
    if (k >= sizeof out->code)
        return "actor code longer than 23 characters";
    memset(out, 0, sizeof *out);
    memcpy(out->code, s, k);
    out->from = INT32_MIN;
    out->to = INT32_MAX;
    const char *d = s + k;
    size_t dn = n - k;
    dy_trim(&d, &dn);
    if (dn == 0)
        return NULL;
    int32_t a, b;
    if (d[0] == '<' || d[0] == '>') {
        if (!parse_date(d + 1, dn - 1, &a))
            return "bad date in code block";
        if (d[0] == '<')
            out->to = a - 1;
        else
            out->from = a + 1;
        return NULL;
    }
    const char *dash = memchr(d, '-', dn);
    if (!dash)
        return "bad date restriction in code block";
    if (!parse_date(d, (size_t)(dash - d), &a) ||
        !parse_date(dash + 1, (size_t)(d + dn - dash - 1), &b))
        return "bad date in code block";
    if (a > b)
        return "date range ends before it begins";
    out->from = a;
    out->to = b;
    return NULL;
}

/* Reads the code blocks "[..] [..]" at s into r->codes; *bad when one was reported. Text
 * after the last block is ignored, as PETRARCH does (Phoenix lines such as
 * "A.H._BELO_CORPORATION_ [MNCMED] Newspapers/Magazines $137,000,000"). */
static dyad_status parse_codes(struct actor_reader *r, const char *line, size_t line_len,
                               const char *s, size_t n, bool *bad)
{
    r->n_codes = 0;
    *bad = false;
    size_t i = 0;
    for (;;) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i == n || s[i] != '[') {
            const char *stray = memchr(s + i, ']', n - i);
            *bad = stray != NULL;
            return stray ? REJECT(r, stray, line, line_len, "%s", "unbalanced ']' after the codes")
                         : DYAD_OK;
        }
        const char *rb = memchr(s + i, ']', n - i);
        const char *lb2 = memchr(s + i + 1, '[', n - i - 1);
        *bad = true;
        if (!rb || (lb2 && lb2 < rb))
            return REJECT(r, s + i, line, line_len, "%s", "unbalanced '[' in code block");
        struct dy_actor_code code;
        const char *why = parse_code(s + i + 1, (size_t)(rb - s - i - 1), &code);
        if (why)
            return REJECT(r, s + i, line, line_len, "%s", why);
        *bad = false;
        if (DY_PUSH(r->codes, r->n_codes, r->cap_codes, code) != DYAD_OK)
            return DYAD_NOMEM;
        i = (size_t)(rb - s) + 1;
    }
}

/* Ends the current actor: one with no code is reported (unless a line of it already was)
 * and undone. */
static dyad_status close_actor(struct actor_reader *r)
{
    struct dy_dict_model *m = r->c.m;
    dyad_status st = DYAD_OK;
    if (r->have_actor && m->actors[m->n_actors - 1].n_codes == 0) {
        uint32_t last = (uint32_t)(m->n_actors - 1);
        while (m->n_actor_phrases && m->actor_phrases[m->n_actor_phrases - 1].owner == last)
            m->n_actor_phrases--;
        m->n_actor_codes = m->actors[last].first_code;
        m->n_actors--;
        m->n_elems = r->first_elem;
        if (!r->reported)
            st = dy_petr_reject(&r->c, r->name_line, NULL, r->name, r->name_len, "%s",
                                "actor has no code");
    }
    r->have_actor = false;
    r->skipping = false;
    r->reported = false;
    return st;
}

/* Splits "NAME [CODE]..." and reads the codes; *name_len is 0 when the line was reported. */
static dyad_status split_line(struct actor_reader *r, const char *s, size_t n, size_t skip,
                              const char **name, size_t *name_len)
{
    const char *lb = memchr(s, '[', n);
    const char *p = s + skip;
    size_t k = (lb ? (size_t)(lb - s) : n) - skip;
    dy_trim(&p, &k);
    *name = p;
    *name_len = 0;
    const char *rb = memchr(p, ']', k);
    if (rb)
        return REJECT(r, rb, s, n, "%s", "unbalanced ']' in name");
    bool bad = false;
    dyad_status st = lb ? parse_codes(r, s, n, lb, (size_t)(s + n - lb), &bad) : DYAD_OK;
    if (!lb)
        r->n_codes = 0;
    if (st != DYAD_OK || bad)
        return st;
    *name_len = k;
    if (k == 0)
        return REJECT(r, p, s, n, "%s", "empty actor name");
    return DYAD_OK;
}

/* The phrase of a name or synonym line, owned by actor `owner`. *ok is false when it was
 * reported. */
static dyad_status add_phrase(struct actor_reader *r, const char *line, size_t line_len,
                              const char *s, size_t n, uint32_t owner, bool *ok)
{
    struct dy_dict_model *m = r->c.m;
    struct dy_petr_phrase ph = {0};
    *ok = false;
    dyad_status st = dy_petr_phrase(&r->c, s, n, 0, &ph);
    if (st == DYAD_SYNTAX)
        return REJECT(r, r->c.msg_at, line, line_len, "%s", r->c.msg);
    if (st != DYAD_OK)
        return st;
    if (ph.seq.n == 0)
        return REJECT(r, s, line, line_len, "%s", "empty actor name");
    struct dy_phrase p = {.words = ph.seq, .owner = owner, .line = r->c.line};
    if (DY_PUSH(m->actor_phrases, m->n_actor_phrases, m->cap_actor_phrases, p) != DYAD_OK)
        return DYAD_NOMEM;
    *ok = true;
    return DYAD_OK;
}

/* Appends r->codes to the current actor, whose codes are the last ones in actor_codes. */
static dyad_status add_codes(struct actor_reader *r)
{
    struct dy_dict_model *m = r->c.m;
    for (size_t i = 0; i < r->n_codes; i++) {
        if (DY_PUSH(m->actor_codes, m->n_actor_codes, m->cap_actor_codes, r->codes[i]) != DYAD_OK)
            return DYAD_NOMEM;
        m->actors[m->n_actors - 1].n_codes++;
    }
    return DYAD_OK;
}

static dyad_status read_line(struct actor_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    dyad_status st;
    const char *name;
    size_t name_len;
    bool ok;
    if (s[0] == '[') {
        /* "\t[HOBGOV 19950601 - 19990815]": codes of the current actor. */
        if (r->skipping)
            return DYAD_OK;
        if (!r->have_actor)
            return REJECT(r, s, s, n, "%s", "code block with no actor before it");
        bool bad;
        st = parse_codes(r, s, n, s, n, &bad);
        if (bad)
            r->reported = true;
        if (st != DYAD_OK || bad)
            return st;
        return add_codes(r);
    }
    if (s[0] == '+') {
        /* "+SYNONYM": another name of the current actor. */
        if (r->skipping)
            return DYAD_OK;
        if (!r->have_actor)
            return REJECT(r, s, s, n, "%s", "synonym with no actor before it");
        st = split_line(r, s, n, 1, &name, &name_len);
        if (st != DYAD_OK || name_len == 0) {
            r->reported = true;
            return st;
        }
        st = add_phrase(r, s, n, name, name_len, (uint32_t)(m->n_actors - 1), &ok);
        if (st != DYAD_OK || !ok) {
            r->reported = true;
            return st;
        }
        return add_codes(r);
    }
    /* Name lines with no code right after one another share the codes that follow, as in
     * Phoenix.Countries.actors.txt:
     *     LEONID_BREZHNEV_  # CountryInfo.txt
     *     LEONID_ILYICH_BREZHNEV
     *     SECRETARY_BREZHNEV
     *         [RUSELI 19240101-641014]
     * A blank line ends such a run; a name line with its own code starts a new actor. */
    if (r->have_actor && !r->blank && m->actors[m->n_actors - 1].n_codes == 0 &&
        !memchr(s, '[', n)) {
        st = split_line(r, s, n, 0, &name, &name_len);
        if (st == DYAD_OK && name_len)
            st = add_phrase(r, s, n, name, name_len, (uint32_t)(m->n_actors - 1), &ok);
        else
            ok = false;
        if (!ok)
            r->reported = true;
        return st;
    }
    /* "NAME [CODE]" or "NAME # comment" (codes on the lines after): a new actor. */
    if ((st = close_actor(r)) != DYAD_OK)
        return st;
    size_t first_elem = m->n_elems;
    st = split_line(r, s, n, 0, &name, &name_len);
    if (st == DYAD_OK && name_len)
        st = add_phrase(r, s, n, name, name_len, (uint32_t)m->n_actors, &ok);
    else
        ok = false;
    if (st != DYAD_OK || !ok) {
        r->skipping = true;
        return st;
    }
    if (m->n_actors >= UINT32_MAX / 2 || m->n_actor_codes >= UINT32_MAX / 2) {
        m->n_actor_phrases--;
        m->n_elems = first_elem;
        r->skipping = true;
        return REJECT(r, NULL, s, n, "%s", "too many actors");
    }
    struct dy_actor a = {
        .first_code = (uint32_t)m->n_actor_codes, .line = r->c.line, .file = r->c.file};
    if (DY_PUSH(m->actors, m->n_actors, m->cap_actors, a) != DYAD_OK)
        return DYAD_NOMEM;
    r->have_actor = true;
    r->first_elem = first_elem;
    r->name = s;
    r->name_len = n;
    r->name_line = r->c.line;
    return add_codes(r);
}

dyad_status dy_petr_read_actors(struct dy_dict_model *m, const char *source, const char *text,
                                size_t len, const struct dy_diag *diag, dyad_error *err)
{
    if (!m || (!text && len))
        return dy_fail(err, DYAD_MISUSE, "dy_petr_read_actors: no model or text");
    struct actor_reader r = {0};
    dyad_status st = dy_petr_begin(&r.c, m, source, text, len, diag, err);
    const char *s;
    size_t n;
    while (st == DYAD_OK && dy_petr_line(&r.c, &s, &n)) {
        dy_trim(&s, &n);
        if (n == 0) {
            r.blank = true;
            continue;
        }
        n = dy_petr_uncomment(s, n, false);
        dy_trim(&s, &n);
        if (n == 0)
            continue;
        st = read_line(&r, s, n);
        r.blank = false;
    }
    if (st == DYAD_OK)
        st = close_actor(&r);
    if (st == DYAD_OK)
        st = dy_petr_end(&r.c);
    else
        dy_petr_free(&r.c);
    if (st == DYAD_NOMEM)
        dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", source ? source : "");
    dy_free(r.codes);
    return st;
}
