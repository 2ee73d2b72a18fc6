/*
 * export.c - stored events and mentions in the formats analysts load: dyad's JSON lines,
 * CSV, PLOVER-style JSON (POLECAT's field names) and the 61 tab-separated columns of the
 * GDELT 2.0 event table, in GDELT's order. Each line is built in memory and written with
 * one fwrite. docs/store.md maps every column.
 */
#include "io/io.h"
#include "store/store.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The GDELT 2.0 event table (GDELT 2.0 Event Database Codebook; the column names of
 * GDELT's BigQuery table gdelt-bq.gdeltv2.events). data/gdelt/events_2.0_columns.txt
 * holds the same list, one per line, and a test compares the two. */
static const char *const gdelt_columns[DYAD_GDELT_COLUMNS] = {
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
};

const char *dyad_gdelt_column(size_t i)
{
    return i < DYAD_GDELT_COLUMNS ? gdelt_columns[i] : NULL;
}

static const char *const event_csv_columns[] = {
    "id",          "date",         "last_date",   "source",       "source_name", "target",
    "target_name", "cameo",        "root",        "plover",       "plover_mode", "quad_class",
    "goldstein",   "num_mentions", "num_sources", "num_articles", "is_root",     "doc",
    "url",         "outlet",       "added",
};

static const char *const mention_csv_columns[] = {
    "id",        "event",       "doc",   "sentence", "date",       "source",    "source_text",
    "target",    "target_text", "cameo", "plover",   "quad_class", "goldstein", "verb",
    "rule_file", "rule_line",   "rule",  "outlet",   "url",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- actor codes -------------------------------------------------------------------- */

/* CAMEO actor type codes (the "Type" columns): government and society roles and
 * organisation types. */
static const char *const actor_types =
    " GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LEG HLH REF ELI LAB AGR ENV HRI DEV"
    " UAF SET MOD RAD INS SEP IGO NGO NGM INT MNC IMG AMN IRC GRP PKO ";
/* Organisation types whose next part names the group (IGOUNO: the United Nations). */
static const char *const org_types = " IGO NGO NGM MNC INT IMG ";
/* CAMEO religion codes (the "Religion" columns). */
static const char *const religions =
    " ADR ALE ATH BAH BUD CHR CON CPT CTH DOX DRZ HIN ITR JAN JEW JHW MOS MRM NRM OTH PAG PRO"
    " RAS SHI SHN SIK SUN TAO UDX ZRO ";

static int in_set(const char *set, const char *part)
{
    char key[6] = {' ', part[0], part[1], part[2], ' ', '\0'};
    return strstr(set, key) != NULL;
}

void dy_actor_split(const char *code, struct dy_actor_parts *p)
{
    memset(p, 0, sizeof *p);
    if (!code || dy_is_dashes(code))
        return;
    size_t len = strlen(code), n_types = 0;
    int after_org = 0;
    for (size_t i = 0; i + 3 <= len; i += 3) {
        if (memcmp(code + i, "---", 3) == 0)
            continue; /* no country: "---EDU" is an educator of no known country */
        char part[4] = {code[i], code[i + 1], code[i + 2], '\0'};
        if (in_set(actor_types, part)) {
            if (n_types < 3)
                memcpy(p->type[n_types++], part, 4);
            after_org = in_set(org_types, part);
        } else if (after_org && !p->group[0]) {
            memcpy(p->group, part, 4);
            after_org = 0;
        } else if (in_set(religions, part)) {
            memcpy(p->rel1[0] ? p->rel2 : p->rel1, part, 4);
        } else if (i == 0) {
            memcpy(p->country, part, 4); /* a country or region: UKR, USA, AFR */
        }
    }
}

/* ---- line building ------------------------------------------------------------------ */

static dyad_status flush_line(FILE *out, struct dy_buf *b)
{
    if (dy_buf_putc(b, '\n') != DYAD_OK)
        return DYAD_NOMEM;
    return fwrite(b->data, 1, b->len, out) == b->len && !ferror(out) ? DYAD_OK : DYAD_IO;
}

static dyad_status csv_field(struct dy_buf *b, const char *s, size_t len, int first)
{
    dyad_status st = first ? DYAD_OK : dy_buf_putc(b, ',');
    if (!s)
        return st;
    if (len == SIZE_MAX)
        len = strlen(s);
    int quote = 0;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote)
        return st | dy_buf_append(b, s, len);
    st |= dy_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            st |= dy_buf_putc(b, '"');
        st |= dy_buf_putc(b, s[i]);
    }
    return st | dy_buf_putc(b, '"');
}

static dyad_status csv_int(struct dy_buf *b, int64_t v)
{
    return dy_buf_printf(b, ",%lld", (long long)v);
}

/* GDELT cells: tab-separated, so tabs and line breaks inside become spaces. */
static dyad_status tsv_field(struct dy_buf *b, const char *s, size_t len)
{
    dyad_status st = dy_buf_putc(b, '\t');
    if (!s)
        return st;
    if (len == SIZE_MAX)
        len = strlen(s);
    for (size_t i = 0; i < len; i++)
        st |= dy_buf_putc(b, s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
    return st;
}

static void fmt_date(int32_t day, char out[DY_DATE_BUF])
{
    if (day == INT32_MIN)
        out[0] = '\0';
    else
        dy_format_date(day, out);
}

void dyad_store_day_str(int32_t day, char buf[DYAD_DAY_BUF])
{
    _Static_assert(DYAD_DAY_BUF >= DY_DATE_BUF, "room for any date");
    if (buf)
        fmt_date(day, buf);
}

static void fmt_time(int64_t t, char out[24], int compact)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || !gmtime_r(&tt, &tm)) {
        out[0] = '\0';
        return;
    }
    strftime(out, 24, compact ? "%Y%m%d%H%M%S" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void fmt_goldstein(double g, char out[32])
{
    snprintf(out, 32, "%.15g", isfinite(g) ? g : 0.0);
}

/* ---- JSON --------------------------------------------------------------------------- */

/* A JSON string; bytes that are not UTF-8 (never in a stored text, but cheap to guard)
 * become '?'. */
static json_t *jstr(const char *s, size_t len)
{
    if (!s)
        return json_null();
    if (len == SIZE_MAX)
        len = strlen(s);
    json_t *v = json_stringn(s, len);
    if (v)
        return v;
    char *copy = dy_strndup(s, len);
    if (!copy)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)copy[i] >= 0x80 || copy[i] == '\0')
            copy[i] = '?';
    v = json_stringn(copy, len);
    dy_free(copy);
    return v;
}

static json_t *jday(int32_t day)
{
    char d[DY_DATE_BUF];
    fmt_date(day, d);
    return d[0] ? json_string(d) : json_null();
}

static json_t *jint_or_null(int64_t v, int present)
{
    return present ? json_integer(v) : json_null();
}

static dyad_status write_json(FILE *out, json_t *o)
{
    if (!o)
        return DYAD_NOMEM;
    const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
    char small[2048];
    char *buf = small;
    size_t n = json_dumpb(o, small, sizeof small - 1, flags);
    if (n >= sizeof small - 1) {
        buf = dy_malloc(n + 1);
        if (!buf || json_dumpb(o, buf, n, flags) != n) {
            json_decref(o);
            dy_free(buf);
            return DYAD_NOMEM;
        }
    }
    json_decref(o);
    if (n == 0)
        return DYAD_NOMEM;
    buf[n] = '\n';
    dyad_status st = fwrite(buf, 1, n + 1, out) == n + 1 && !ferror(out) ? DYAD_OK : DYAD_IO;
    if (buf != small)
        dy_free(buf);
    return st;
}

/* Adds key: v to o; a NULL v (out of memory) is remembered in *bad. */
static void set(json_t *o, const char *key, json_t *v, int *bad)
{
    if (!v || json_object_set_new(o, key, v) != 0)
        *bad = 1;
}

static json_t *event_json(const dyad_store_event *e)
{
    json_t *o = json_object();
    int bad = !o;
    if (bad)
        return NULL;
    char added[24];
    fmt_time(e->added, added, 0);
    set(o, "schema", json_string("dyad.store.event/1"), &bad);
    set(o, "id", json_integer(e->id), &bad);
    set(o, "date", jday(e->first_day), &bad);
    set(o, "last_date", jday(e->last_day), &bad);
    set(o, "source", jstr(e->source, SIZE_MAX), &bad);
    set(o, "source_name", jstr(e->source_name, SIZE_MAX), &bad);
    set(o, "target", jstr(e->target, SIZE_MAX), &bad);
    set(o, "target_name", jstr(e->target_name, SIZE_MAX), &bad);
    set(o, "cameo", jstr(e->cameo, SIZE_MAX), &bad);
    set(o, "root", jint_or_null(e->root, e->root != 0), &bad);
    set(o, "plover", jstr(e->plover, SIZE_MAX), &bad);
    set(o, "plover_mode", jstr(e->plover_mode, SIZE_MAX), &bad);
    set(o, "quad_class", jint_or_null(e->quad_class, e->quad_class != 0), &bad);
    set(o, "goldstein", json_real(isfinite(e->goldstein) ? e->goldstein : 0.0), &bad);
    set(o, "num_mentions", json_integer(e->num_mentions), &bad);
    set(o, "num_sources", json_integer(e->num_sources), &bad);
    set(o, "num_articles", json_integer(e->num_articles), &bad);
    set(o, "is_root", json_boolean(e->is_root), &bad);
    set(o, "doc", jstr(e->doc, SIZE_MAX), &bad);
    set(o, "url", jstr(e->url, SIZE_MAX), &bad);
    set(o, "outlet", jstr(e->outlet, SIZE_MAX), &bad);
    set(o, "added", added[0] ? json_string(added) : json_null(), &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *str_array(const struct dy_actor_parts *p)
{
    json_t *a = json_array();
    for (int i = 0; a && i < 3; i++)
        if (p->type[i][0])
            json_array_append_new(a, json_string(p->type[i]));
    return a;
}

/* PLOVER-coded event data as POLECAT (the PLOVER-based dataset) names its fields, in
 * lower case; dyad's own additions follow them. */
static json_t *plover_json(const dyad_store_event *e)
{
    json_t *o = json_object();
    int bad = !o;
    if (bad)
        return NULL;
    struct dy_actor_parts a1, a2;
    dy_actor_split(e->source, &a1);
    dy_actor_split(e->target, &a2);
    int empty1 = !e->source || dy_is_dashes(e->source);
    int empty2 = !e->target || dy_is_dashes(e->target);
    set(o, "event_id", json_integer(e->id), &bad);
    set(o, "event_date", jday(e->first_day), &bad);
    set(o, "event_type", jstr(e->plover, SIZE_MAX), &bad);
    set(o, "event_mode", jstr(e->plover_mode, SIZE_MAX), &bad);
    set(o, "event_intensity", json_null(), &bad);
    set(o, "quad_code", jint_or_null(e->quad_class, e->quad_class != 0), &bad);
    set(o, "contexts", json_array(), &bad);
    set(o, "actor_name", empty1 ? json_null() : jstr(e->source_name, SIZE_MAX), &bad);
    set(o, "actor_country", a1.country[0] ? json_string(a1.country) : json_null(), &bad);
    set(o, "primary_actor_sector", a1.type[0][0] ? json_string(a1.type[0]) : json_null(), &bad);
    set(o, "actor_sectors", str_array(&a1), &bad);
    set(o, "recipient_name", empty2 ? json_null() : jstr(e->target_name, SIZE_MAX), &bad);
    set(o, "recipient_country", a2.country[0] ? json_string(a2.country) : json_null(), &bad);
    set(o, "primary_recipient_sector", a2.type[0][0] ? json_string(a2.type[0]) : json_null(), &bad);
    set(o, "recipient_sectors", str_array(&a2), &bad);
    set(o, "source", jstr(e->outlet, SIZE_MAX), &bad);
    set(o, "publication_date", jday(e->first_day), &bad);
    set(o, "story_id", jstr(e->doc, SIZE_MAX), &bad);
    set(o, "url", jstr(e->url, SIZE_MAX), &bad);
    set(o, "actor_code", empty1 ? json_null() : jstr(e->source, SIZE_MAX), &bad);
    set(o, "recipient_code", empty2 ? json_null() : jstr(e->target, SIZE_MAX), &bad);
    set(o, "cameo", jstr(e->cameo, SIZE_MAX), &bad);
    set(o, "goldstein", json_real(isfinite(e->goldstein) ? e->goldstein : 0.0), &bad);
    set(o, "num_mentions", json_integer(e->num_mentions), &bad);
    set(o, "num_sources", json_integer(e->num_sources), &bad);
    set(o, "num_articles", json_integer(e->num_articles), &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- rows --------------------------------------------------------------------------- */

static dyad_status event_csv(FILE *out, const dyad_store_event *e)
{
    struct dy_buf b = {0};
    char d1[DY_DATE_BUF], d2[DY_DATE_BUF], g[32], added[24];
    fmt_date(e->first_day, d1);
    fmt_date(e->last_day, d2);
    fmt_goldstein(e->goldstein, g);
    fmt_time(e->added, added, 0);
    dyad_status st = dy_buf_printf(&b, "%lld", (long long)e->id);
    st |= csv_field(&b, d1, SIZE_MAX, 0);
    st |= csv_field(&b, d2, SIZE_MAX, 0);
    st |= csv_field(&b, e->source, SIZE_MAX, 0);
    st |= csv_field(&b, e->source_name, SIZE_MAX, 0);
    st |= csv_field(&b, e->target, SIZE_MAX, 0);
    st |= csv_field(&b, e->target_name, SIZE_MAX, 0);
    st |= csv_field(&b, e->cameo, SIZE_MAX, 0);
    st |= e->root ? csv_int(&b, e->root) : csv_field(&b, NULL, 0, 0);
    st |= csv_field(&b, e->plover, SIZE_MAX, 0);
    st |= csv_field(&b, e->plover_mode, SIZE_MAX, 0);
    st |= e->quad_class ? csv_int(&b, e->quad_class) : csv_field(&b, NULL, 0, 0);
    st |= csv_field(&b, g, SIZE_MAX, 0);
    st |= csv_int(&b, e->num_mentions);
    st |= csv_int(&b, e->num_sources);
    st |= csv_int(&b, e->num_articles);
    st |= csv_int(&b, e->is_root);
    st |= csv_field(&b, e->doc, SIZE_MAX, 0);
    st |= csv_field(&b, e->url, SIZE_MAX, 0);
    st |= csv_field(&b, e->outlet, SIZE_MAX, 0);
    st |= csv_field(&b, added, SIZE_MAX, 0);
    st = st ? DYAD_NOMEM : flush_line(out, &b);
    dy_buf_free(&b);
    return st;
}

static dyad_status gdelt_actor(struct dy_buf *b, const char *code, const char *name)
{
    int empty = !code || dy_is_dashes(code);
    struct dy_actor_parts p;
    dy_actor_split(code, &p);
    if (!empty && strncmp(code, "---", 3) == 0)
        code += 3; /* GDELT writes a code without a country as its remaining parts: EDU */
    dyad_status st = tsv_field(b, empty ? NULL : code, SIZE_MAX);
    st |= tsv_field(b, empty ? NULL : name, SIZE_MAX);
    st |= tsv_field(b, p.country, SIZE_MAX);
    st |= tsv_field(b, p.group, SIZE_MAX);
    st |= tsv_field(b, NULL, 0); /* ethnic code: dyad's dictionaries have none */
    st |= tsv_field(b, p.rel1, SIZE_MAX);
    st |= tsv_field(b, p.rel2, SIZE_MAX);
    for (int i = 0; i < 3; i++)
        st |= tsv_field(b, p.type[i], SIZE_MAX);
    return st;
}

static dyad_status event_gdelt(FILE *out, const dyad_store_event *e)
{
    struct dy_buf b = {0};
    dyad_status st = dy_buf_printf(&b, "%lld", (long long)e->id);
    if (e->first_day != INT32_MIN) {
        char d[DY_DATE_BUF];
        fmt_date(e->first_day, d); /* YYYY-MM-DD */
        int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        int m = (d[5] - '0') * 10 + (d[6] - '0');
        int dd = (d[8] - '0') * 10 + (d[9] - '0');
        /* FractionDate as GDELT computes it: year + (month * 30 + day) / 365. */
        st |= dy_buf_printf(&b, "\t%04d%02d%02d\t%04d%02d\t%04d\t%.4f", y, m, dd, y, m, y,
                            y + (m * 30 + dd) / 365.0);
    } else {
        st |= dy_buf_append(&b, "\t\t\t\t", 4);
    }
    st |= gdelt_actor(&b, e->source, e->source_name);
    st |= gdelt_actor(&b, e->target, e->target_name);
    st |= dy_buf_printf(&b, "\t%d", e->is_root ? 1 : 0);
    const char *c = e->cameo ? e->cameo : "";
    size_t clen = strlen(c);
    st |= tsv_field(&b, c, clen);
    st |= tsv_field(&b, c, clen < 3 ? clen : 3);
    st |= tsv_field(&b, c, clen < 2 ? clen : 2);
    if (e->quad_class) {
        char g[32];
        fmt_goldstein(e->goldstein, g);
        st |= dy_buf_printf(&b, "\t%d\t%s", e->quad_class, g);
    } else {
        st |= dy_buf_append(&b, "\t\t", 2);
    }
    st |= dy_buf_printf(&b, "\t%lld\t%lld\t%lld", (long long)e->num_mentions,
                        (long long)e->num_sources, (long long)e->num_articles);
    st |= dy_buf_putc(&b, '\t'); /* AvgTone: dyad measures no tone */
    for (int i = 0; i < 3 * 8; i++)
        st |= dy_buf_putc(&b, '\t'); /* Actor1Geo_, Actor2Geo_, ActionGeo_: no geocoding */
    char added[24];
    fmt_time(e->added, added, 1);
    st |= tsv_field(&b, added, SIZE_MAX);
    st |= tsv_field(&b, e->url, SIZE_MAX);
    st = st ? DYAD_NOMEM : flush_line(out, &b);
    dy_buf_free(&b);
    return st;
}

/* The article's bytes in a span, clipped; "" when empty. */
static const char *span_text(const dyad_article *a, dyad_span sp, size_t *len)
{
    *len = 0;
    if (!a->text || sp.start >= sp.end || sp.start >= a->text_len)
        return "";
    *len = (sp.end < a->text_len ? sp.end : a->text_len) - sp.start;
    return a->text + sp.start;
}

static dyad_status mention_csv(FILE *out, const dyad_store_mention *m)
{
    const dyad_event *e = &m->event;
    const dyad_article *a = &m->article;
    struct dy_buf b = {0};
    char d[DY_DATE_BUF], g[32];
    fmt_date(a->day, d);
    fmt_goldstein(e->goldstein, g);
    size_t n;
    const char *t;
    dyad_status st = dy_buf_printf(&b, "%lld", (long long)m->id);
    st |= m->event_id ? csv_int(&b, m->event_id) : csv_field(&b, NULL, 0, 0);
    st |= csv_field(&b, a->id, SIZE_MAX, 0);
    st |= csv_int(&b, e->sentence);
    st |= csv_field(&b, d, SIZE_MAX, 0);
    st |= csv_field(&b, e->source.code, SIZE_MAX, 0);
    t = span_text(a, e->source.span, &n);
    st |= csv_field(&b, t, n, 0);
    st |= csv_field(&b, e->target.code, SIZE_MAX, 0);
    t = span_text(a, e->target.span, &n);
    st |= csv_field(&b, t, n, 0);
    st |= csv_field(&b, e->cameo, SIZE_MAX, 0);
    st |= csv_field(&b, e->plover, SIZE_MAX, 0);
    st |= e->quad_class ? csv_int(&b, e->quad_class) : csv_field(&b, NULL, 0, 0);
    st |= csv_field(&b, g, SIZE_MAX, 0);
    t = span_text(a, e->verb, &n);
    st |= csv_field(&b, t, n, 0);
    st |= csv_field(&b, e->rule_file, SIZE_MAX, 0);
    st |= e->rule_line ? csv_int(&b, e->rule_line) : csv_field(&b, NULL, 0, 0);
    st |= csv_field(&b, e->rule, SIZE_MAX, 0);
    st |= csv_field(&b, a->source, SIZE_MAX, 0);
    st |= csv_field(&b, a->url, SIZE_MAX, 0);
    st = st ? DYAD_NOMEM : flush_line(out, &b);
    dy_buf_free(&b);
    return st;
}

/* ---- public writers ------------------------------------------------------------------ */

dyad_status dyad_store_write_header(FILE *out, dyad_export_format fmt, unsigned flags)
{
    if (!out)
        return DYAD_MISUSE;
    const char *const *cols = NULL;
    size_t n = 0;
    char sep = ',';
    if (fmt == DYAD_EXPORT_CSV) {
        int m = (flags & DYAD_EXPORT_MENTIONS) != 0;
        cols = m ? mention_csv_columns : event_csv_columns;
        n = m ? N_OF(mention_csv_columns) : N_OF(event_csv_columns);
    } else if (fmt == DYAD_EXPORT_GDELT && (flags & DYAD_EXPORT_HEADER)) {
        cols = gdelt_columns;
        n = DYAD_GDELT_COLUMNS;
        sep = '\t';
    }
    if (!cols)
        return DYAD_OK;
    struct dy_buf b = {0};
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < n; i++) {
        if (i)
            st |= dy_buf_putc(&b, sep);
        st |= dy_buf_append(&b, cols[i], strlen(cols[i]));
    }
    st = st ? DYAD_NOMEM : flush_line(out, &b);
    dy_buf_free(&b);
    return st;
}

/* Writes e in fmt; *written is 0 when the format leaves the event out (PLOVER: an event
 * whose CAMEO code has no PLOVER category). */
static dyad_status write_event(FILE *out, dyad_export_format fmt, const dyad_store_event *e,
                               int *written)
{
    *written = 1;
    switch (fmt) {
    case DYAD_EXPORT_JSONL:
        return write_json(out, event_json(e));
    case DYAD_EXPORT_CSV:
        return event_csv(out, e);
    case DYAD_EXPORT_PLOVER:
        if (!e->plover) {
            *written = 0;
            return DYAD_OK;
        }
        return write_json(out, plover_json(e));
    case DYAD_EXPORT_GDELT:
        return event_gdelt(out, e);
    }
    return DYAD_MISUSE;
}

dyad_status dyad_store_write_event(FILE *out, dyad_export_format fmt, const dyad_store_event *e)
{
    if (!out || !e)
        return DYAD_MISUSE;
    int written;
    return write_event(out, fmt, e, &written);
}

dyad_status dyad_store_write_mention(FILE *out, dyad_export_format fmt, const dyad_store_mention *m)
{
    if (!out || !m)
        return DYAD_MISUSE;
    if (fmt == DYAD_EXPORT_JSONL)
        return dyad_write_event_jsonl(out, &m->article, &m->event);
    if (fmt == DYAD_EXPORT_CSV)
        return mention_csv(out, m);
    return DYAD_MISUSE;
}

dyad_status dyad_store_export(dyad_store *s, const dyad_store_filter *f, dyad_export_format fmt,
                              unsigned flags, FILE *out, size_t *n_rows, dyad_error *err)
{
    size_t n = 0;
    if (n_rows)
        *n_rows = 0;
    if (!s || !out)
        return dy_fail(err, DYAD_MISUSE, "dyad_store_export: missing argument");
    int mentions = (flags & DYAD_EXPORT_MENTIONS) != 0;
    if (mentions && fmt != DYAD_EXPORT_JSONL && fmt != DYAD_EXPORT_CSV)
        return dy_fail(err, DYAD_MISUSE, "mentions export as jsonl or csv only");
    dyad_store_cursor *c;
    dyad_status st = mentions ? dyad_store_query_mentions(s, f, &c, err)
                              : dy_store_query_events(s, f, 1, &c, err);
    if (st != DYAD_OK)
        return st;
    if ((st = dyad_store_write_header(out, fmt, flags)) != DYAD_OK)
        goto io;
    int r;
    if (mentions) {
        dyad_store_mention m;
        while ((r = dyad_store_next_mention(c, &m, err)) > 0) {
            if ((st = dyad_store_write_mention(out, fmt, &m)) != DYAD_OK)
                goto io;
            n++;
        }
    } else {
        dyad_store_event e;
        while ((r = dyad_store_next_event(c, &e, err)) > 0) {
            int written;
            if ((st = write_event(out, fmt, &e, &written)) != DYAD_OK)
                goto io;
            n += (size_t)written;
        }
    }
    st = r < 0 ? (err ? err->status : DYAD_IO) : DYAD_OK;
    goto done;
io:
    if (st == DYAD_IO)
        dy_fail(err, st, "error writing the export");
    else
        dy_fail(err, st, "out of memory writing the export");
done:
    dyad_store_cursor_free(c);
    if (n_rows)
        *n_rows = n;
    return st;
}
