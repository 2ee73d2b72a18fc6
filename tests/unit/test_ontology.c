/*
 * test_ontology.c - dyad's CAMEO table against its own invariants and, when the shared
 * reference files are there (../shared/data/ontology, read in place, never copied), against
 * every code, Goldstein value, QuadClass and PLOVER mapping row they hold.
 */
#include "dyad.h"
#include "ontology/ontology.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REF_DIR    "../shared/data/ontology/"
#define MAX_REF    512
#define MAX_FIELDS 16

/* Where dyad departs from the PLOVER mapping on purpose (docs/ontology.md). The reference
 * value is checked too, so a corrected reference makes the test ask for a review. */
static const struct {
    const char *code, *ref_mode, *dyad_mode;
} mode_exceptions[] = {
    {"085", "ease", NULL},          /* the mapping's own note: "ease" is no longer a mode */
    {"175", "pro_autocracy", NULL}, /* a context value in the mode column */
};

static const struct {
    const char *root, *ref_plover, *dyad_plover;
} root_exceptions[] = {
    {"20", "FIGHT", "ASSAULT"}, /* not a PLOVER 2021 category; every 20x code is ASSAULT */
};

/* Mapping rows for codes that CAMEO does not have (and dyad must not either). */
static const char *const not_cameo[] = {"1213", "1214"};

static const char *const plover_2021[] = {
    "AGREE",  "CONSULT", "SUPPORT",  "CONCEDE", "COOPERATE", "AID",      "RETREAT", "REQUEST",
    "ACCUSE", "REJECT",  "THREATEN", "PROTEST", "SANCTION",  "MOBILIZE", "COERCE",  "ASSAULT",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------------------ */

static int near(double a, double b)
{
    double d = a - b;
    return d < 1e-9 && d > -1e-9;
}

/* Both NULL, or both strings and equal. */
static int same_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static const char *show(const char *s)
{
    return s ? s : "(null)";
}

/* T_CHECK plus the code it was about, so a failure in a loop names its row. */
static void check_for(int ok, const char *what, const char *code)
{
    T_CHECK(ok);
    if (!ok)
        fprintf(stderr, "    %s, code \"%s\"\n", what, show(code));
}

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* The reference writes "no PLOVER category" as "dropped" or an empty cell. */
static const char *plover_or_null(const char *s)
{
    return (s[0] == '\0' || strcmp(s, "dropped") == 0) ? NULL : s;
}

static const char *empty_to_null(const char *s)
{
    return s[0] == '\0' ? NULL : s;
}

/* ---- the reference TSV files ---------------------------------------------------------- */

struct tsv {
    FILE *f;
    char line[1024];
    char *field[MAX_FIELDS];
    int n_fields;
    int col[MAX_FIELDS]; /* column of each wanted header name */
};

/* Splits t->line on tabs in place; returns the number of fields. */
static int split_line(struct tsv *t)
{
    char *p = t->line;
    size_t len = strlen(p);

    while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
        p[--len] = '\0';
    t->n_fields = 0;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (t->n_fields < MAX_FIELDS)
            t->field[t->n_fields++] = p;
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return t->n_fields;
}

/* Opens REF_DIR/name and finds the columns named in want (NULL-terminated). */
static int tsv_open(struct tsv *t, const char *name, const char *const *want)
{
    char path[256];

    snprintf(path, sizeof path, "%s%s", REF_DIR, name);
    t->f = fopen(path, "r");
    if (t->f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return 0;
    }
    if (fgets(t->line, sizeof t->line, t->f) == NULL) {
        fclose(t->f);
        t->f = NULL;
        return 0;
    }
    split_line(t);
    for (int w = 0; want[w] != NULL; w++) {
        t->col[w] = -1;
        for (int i = 0; i < t->n_fields; i++)
            if (strcmp(t->field[i], want[w]) == 0)
                t->col[w] = i;
        if (t->col[w] < 0) {
            fprintf(stderr, "%s: no column \"%s\"\n", path, want[w]);
            fclose(t->f);
            t->f = NULL;
            return 0;
        }
    }
    return 1;
}

/* Next non-empty row; the wanted columns are then get(t, 0), get(t, 1), ... */
static int tsv_next(struct tsv *t)
{
    while (fgets(t->line, sizeof t->line, t->f) != NULL) {
        if (split_line(t) > 1 || t->field[0][0] != '\0')
            return 1;
    }
    return 0;
}

static const char *get(const struct tsv *t, int w)
{
    return t->col[w] < t->n_fields ? t->field[t->col[w]] : "";
}

/* ---- built-in checks: need nothing outside the repository --------------------------- */

static void check_lookup_basics(void)
{
    dyad_cameo_info e;
    static const char *const bad[] = {"",    "---", "174K", "abc",  "0999", "0",    "1",     "00",
                                      "000", "21",  "99",   "01 ",  " 01",  "01\n", "12345", "0100",
                                      "-01", "+01", "1e2",  "1213", "1214", "176"};

    T_CHECK(dyad_cameo_lookup(NULL, &e) == 0);
    for (size_t i = 0; i < N_OF(bad); i++)
        check_for(dyad_cameo_lookup(bad[i], &e) == 0, "not a CAMEO code", bad[i]);
    T_CHECK(dyad_cameo_lookup("190", NULL) == 1);

    memset(&e, 0, sizeof e);
    T_CHECK(dyad_cameo_lookup("190", &e) == 1);
    T_STREQ(e.code, "190");
    T_CHECK(e.name != NULL && e.name[0] != '\0');
    T_CHECK(e.quad_class == 4);
    T_CHECK(near(e.goldstein, -10.0));
    T_STREQ(e.plover, "ASSAULT");
    T_CHECK(e.plover_mode == NULL);

    T_CHECK(dyad_cameo_lookup("036", &e) == 1);
    T_CHECK(e.quad_class == 1);
    T_CHECK(near(e.goldstein, 4.0));
    T_STREQ(e.plover, "AGREE");
    T_CHECK(e.plover_mode == NULL);

    /* PLOVER drops roots 01 and 02 entirely. */
    T_CHECK(dyad_cameo_lookup("01", &e) == 1 && e.plover == NULL && e.plover_mode == NULL);
    T_CHECK(dyad_cameo_lookup("0211", &e) == 1 && e.plover == NULL && e.quad_class == 1);

    /* GDELT's values, not the Phoenix pipeline's where they differ. */
    T_CHECK(dyad_cameo_lookup("016", &e) == 1 && near(e.goldstein, -2.0));
    T_CHECK(dyad_cameo_lookup("163", &e) == 1 && near(e.goldstein, -8.0) && e.quad_class == 4);
    T_CHECK(dyad_cameo_lookup("16", &e) == 1 && e.quad_class == 4);
    T_CHECK(dyad_cameo_lookup("0874", &e) == 1 && near(e.goldstein, 10.0));

    /* Per-code PLOVER mapping wins over the root's. */
    T_CHECK(dyad_cameo_lookup("163", &e) == 1);
    T_STREQ(e.plover, "COERCE");
    T_STREQ(e.plover_mode, "restrict");
    T_CHECK(dyad_cameo_lookup("0811", &e) == 1);
    T_STREQ(e.plover, "CONCEDE");
    T_CHECK(dyad_cameo_lookup("0813", &e) == 1);
    T_STREQ(e.plover, "RETREAT");
    T_CHECK(dyad_cameo_lookup("1712", &e) == 1);
    T_STREQ(e.plover, "ASSAULT");
    T_STREQ(e.plover_mode, "seize");
    T_CHECK(dyad_cameo_lookup("192", &e) == 1);
    T_STREQ(e.plover, "COERCE");
    T_CHECK(dyad_cameo_lookup("042", &e) == 1);
    T_STREQ(e.plover, "CONSULT");
    T_STREQ(e.plover_mode, "visit");

    /* Roots fall back to the root mapping; the documented departures. */
    T_CHECK(dyad_cameo_lookup("08", &e) == 1);
    T_STREQ(e.plover, "CONCEDE");
    T_CHECK(dyad_cameo_lookup("20", &e) == 1);
    T_STREQ(e.plover, "ASSAULT");
    T_CHECK(dyad_cameo_lookup("085", &e) == 1);
    T_STREQ(e.plover, "RETREAT");
    T_CHECK(e.plover_mode == NULL);
    T_CHECK(dyad_cameo_lookup("175", &e) == 1);
    T_STREQ(e.plover, "ASSAULT");
    T_CHECK(e.plover_mode == NULL);

    /* A miss leaves *out alone. */
    e.code = "x";
    T_CHECK(dyad_cameo_lookup("---", &e) == 0);
    T_STREQ(e.code, "x");
}

/* GDELT's QuadClass is fixed per root. */
static int root_quad(int root)
{
    return root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
}

static void check_table_shape(void)
{
    size_t n = dy_cameo_count(), n_roots = 0;

    T_CHECK(n == 311);
    T_CHECK(dy_cameo_at(n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const dyad_cameo_info *e = dy_cameo_at(i);
        const char *c = e->code;
        size_t len = strlen(c);
        int root = (c[0] - '0') * 10 + (c[1] - '0');
        dyad_cameo_info got;

        check_for(len >= 2 && len <= 4 && strspn(c, "0123456789") == len, "code shape", c);
        check_for(i == 0 || strcmp(dy_cameo_at(i - 1)->code, c) < 0, "sorted, no dups", c);
        check_for(dyad_cameo_lookup(c, &got) == 1 && got.code == c, "found by lookup", c);
        check_for(e->name != NULL && e->name[0] != '\0', "has a name", c);
        check_for(root >= 1 && root <= 20 && e->quad_class == root_quad(root), "quad", c);
        check_for(e->goldstein >= -10.0 && e->goldstein <= 10.0, "goldstein range", c);
        check_for(e->plover == NULL || in_list(e->plover, plover_2021, N_OF(plover_2021)),
                  "PLOVER 2021 category", c);
        check_for(e->plover != NULL || e->plover_mode == NULL, "mode without category", c);
        check_for(e->plover_mode == NULL || e->plover_mode[0] != '\0', "empty mode", c);
        if (len == 2) {
            n_roots++;
            check_for(same_str(dy_cameo_root_name(root), e->name), "root name", c);
        } else {
            char parent[4];
            memcpy(parent, c, len - 1);
            parent[len - 1] = '\0';
            check_for(dyad_cameo_lookup(parent, NULL) == 1, "parent exists", c);
        }
        /* PLOVER drops exactly roots 01 and 02. */
        check_for((e->plover == NULL) == (root <= 2), "dropped iff root 01/02", c);
    }
    T_CHECK(n_roots == 20);
    T_STREQ(dy_cameo_root_name(1), "MAKE PUBLIC STATEMENT");
    T_STREQ(dy_cameo_root_name(19), "FIGHT");
    T_STREQ(dy_cameo_root_name(20), "USE UNCONVENTIONAL MASS VIOLENCE");
    T_CHECK(dy_cameo_root_name(0) == NULL);
    T_CHECK(dy_cameo_root_name(21) == NULL);
    T_CHECK(dy_cameo_root_name(-1) == NULL);
}

/* ---- against the reference ----------------------------------------------------------- */

static char ref_codes[MAX_REF][8];
static size_t n_ref;
static char mapped[MAX_REF][8]; /* codes with a row of their own in cameo_to_plover.tsv */
static size_t n_mapped;

static int in_array(const char *s, char (*arr)[8], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, arr[i]) == 0)
            return 1;
    return 0;
}

/* cameo_codes.tsv: every code, its Goldstein value and QuadClass (GDELT's columns). */
static void check_ref_codes(struct tsv *t)
{
    dyad_cameo_info e;

    while (tsv_next(t)) {
        const char *code = get(t, 0);
        double gs = strtod(get(t, 1), NULL);
        int quad = atoi(get(t, 2));

        if (n_ref < MAX_REF && strlen(code) < sizeof ref_codes[0])
            strcpy(ref_codes[n_ref++], code);
        memset(&e, 0, sizeof e);
        check_for(dyad_cameo_lookup(code, &e) == 1, "reference code known", code);
        if (e.code == NULL)
            continue;
        check_for(near(e.goldstein, gs), "goldstein", code);
        check_for(e.quad_class == quad, "quad_class", code);
    }
    fclose(t->f);
    T_CHECK(n_ref == 311);
    /* ... and nothing the reference lacks. */
    T_CHECK(dy_cameo_count() == n_ref);
    for (size_t i = 0; i < dy_cameo_count(); i++)
        check_for(in_array(dy_cameo_at(i)->code, ref_codes, n_ref), "code not in reference",
                  dy_cameo_at(i)->code);
}

/* cameo_to_plover.tsv: the category and mode of every mapped code. */
static void check_ref_mapping(struct tsv *t)
{
    size_t exceptions_seen = 0, not_cameo_seen = 0;
    dyad_cameo_info e;

    while (tsv_next(t)) {
        const char *code = get(t, 0);
        const char *plover = plover_or_null(get(t, 1));
        const char *mode = empty_to_null(get(t, 2));

        check_for(!in_array(code, mapped, n_mapped), "one mapping row per code", code);
        if (n_mapped < MAX_REF && strlen(code) < sizeof mapped[0])
            strcpy(mapped[n_mapped++], code);
        if (!in_array(code, ref_codes, n_ref)) {
            check_for(in_list(code, not_cameo, N_OF(not_cameo)), "mapped code not in CAMEO", code);
            check_for(dyad_cameo_lookup(code, &e) == 0, "non-CAMEO code unknown", code);
            not_cameo_seen++;
            continue;
        }
        for (size_t i = 0; i < N_OF(mode_exceptions); i++) {
            if (strcmp(code, mode_exceptions[i].code) != 0)
                continue;
            check_for(same_str(mode, mode_exceptions[i].ref_mode), "reference mode changed", code);
            mode = mode_exceptions[i].dyad_mode;
            exceptions_seen++;
        }
        if (dyad_cameo_lookup(code, &e) != 1) {
            check_for(0, "mapped code known", code);
            continue;
        }
        check_for(same_str(e.plover, plover), "plover", code);
        check_for(same_str(e.plover_mode, mode), "plover_mode", code);
        if (!same_str(e.plover, plover) || !same_str(e.plover_mode, mode))
            fprintf(stderr, "    expected %s/%s, got %s/%s\n", show(plover), show(mode),
                    show(e.plover), show(e.plover_mode));
    }
    fclose(t->f);
    T_CHECK(exceptions_seen == N_OF(mode_exceptions));
    T_CHECK(not_cameo_seen == N_OF(not_cameo));
}

/* cameo_root_to_plover.tsv: the category of codes without a mapping row of their own
 * (the roots themselves and everything under 01 and 02); no mode at root level. */
static void check_ref_roots(struct tsv *t)
{
    char roots[32][8];
    const char *plover[32];
    char plover_buf[32][32];
    size_t n_roots = 0, exceptions_seen = 0;
    dyad_cameo_info e;

    while (tsv_next(t)) {
        const char *root = get(t, 0);
        const char *p = plover_or_null(get(t, 1));

        /* A root split between two categories (08) lists the x0-x3 one first. */
        if (in_array(root, roots, n_roots) || n_roots >= 32 || strlen(root) >= 8)
            continue;
        for (size_t i = 0; i < N_OF(root_exceptions); i++) {
            if (strcmp(root, root_exceptions[i].root) != 0)
                continue;
            check_for(same_str(p, root_exceptions[i].ref_plover), "reference root changed", root);
            p = root_exceptions[i].dyad_plover;
            exceptions_seen++;
        }
        strcpy(roots[n_roots], root);
        if (p != NULL) {
            snprintf(plover_buf[n_roots], sizeof plover_buf[0], "%s", p);
            plover[n_roots] = plover_buf[n_roots];
        } else {
            plover[n_roots] = NULL;
        }
        n_roots++;
    }
    fclose(t->f);
    T_CHECK(n_roots == 20);
    T_CHECK(exceptions_seen == N_OF(root_exceptions));

    for (size_t i = 0; i < n_ref; i++) {
        const char *code = ref_codes[i];
        const char *want = NULL;
        int have_root = 0;

        if (in_array(code, mapped, n_mapped))
            continue;
        for (size_t r = 0; r < n_roots; r++) {
            if (strncmp(code, roots[r], 2) == 0) {
                want = plover[r];
                have_root = 1;
            }
        }
        check_for(have_root, "root in root mapping", code);
        if (dyad_cameo_lookup(code, &e) != 1)
            continue;
        check_for(same_str(e.plover, want), "plover from root", code);
        check_for(e.plover_mode == NULL, "no mode from root", code);
    }
}

static void check_reference(void)
{
    static const char *const code_cols[] = {"code", "goldstein", "quad_class", NULL};
    static const char *const map_cols[] = {"cameo_code", "plover_event", "plover_mode", NULL};
    static const char *const root_cols[] = {"cameo_root", "plover_event", NULL};
    struct tsv t;
    FILE *probe = fopen(REF_DIR "cameo_codes.tsv", "r");

    if (probe == NULL) {
        printf("skip: ../shared/data/ontology not found\n");
        return;
    }
    fclose(probe);

    T_CHECK(tsv_open(&t, "cameo_codes.tsv", code_cols));
    if (t.f == NULL)
        return;
    check_ref_codes(&t);
    T_CHECK(tsv_open(&t, "cameo_to_plover.tsv", map_cols));
    if (t.f == NULL)
        return;
    check_ref_mapping(&t);
    T_CHECK(tsv_open(&t, "cameo_root_to_plover.tsv", root_cols));
    if (t.f == NULL)
        return;
    check_ref_roots(&t);
}

int main(void)
{
    check_lookup_basics();
    check_table_shape();
    check_reference();
    return T_DONE();
}
