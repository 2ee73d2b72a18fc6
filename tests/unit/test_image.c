/*
 * test_image.c - the compiled image's helpers: dy_hash_fast (its checksums), the
 * rejected-entry records (src/dict/rejects.c) from a reader to a replay and their checks
 * against damage, and the PETRARCH cached loader: built, used, replayed, rebuilt.
 */
#include "dict/compiled.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DIAGS 8

struct diags {
    int n;
    dyad_error e[MAX_DIAGS];
    char source[MAX_DIAGS][64];
};

static void on_diag(void *ctx, const dyad_error *e)
{
    struct diags *d = ctx;
    if (d->n < MAX_DIAGS) {
        d->e[d->n] = *e;
        snprintf(d->source[d->n], sizeof d->source[0], "%s", e->source ? e->source : "");
        d->e[d->n].source = NULL; /* valid during the call only */
    }
    d->n++;
}

static bool same_diags(const struct diags *a, const struct diags *b)
{
    if (a->n != b->n)
        return false;
    for (int i = 0; i < a->n && i < MAX_DIAGS; i++)
        if (a->e[i].status != b->e[i].status || a->e[i].line != b->e[i].line ||
            a->e[i].column != b->e[i].column || a->e[i].offset != b->e[i].offset ||
            strcmp(a->e[i].message, b->e[i].message) != 0 ||
            strcmp(a->source[i], b->source[i]) != 0)
            return false;
    return true;
}

static void test_hash_fast(void)
{
    char buf[200];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 7 + 1);
    uint64_t seen[101];
    bool distinct = true;
    for (size_t n = 0; n <= 100; n++) {
        seen[n] = dy_hash_fast(buf, n);
        for (size_t k = 0; k < n; k++)
            distinct = distinct && seen[k] != seen[n];
    }
    T_CHECK(distinct); /* every length, the tails (n % 8, n % 32) included */
    T_CHECK(dy_hash_fast(buf, 100) == dy_hash_fast(buf, 100));
    char moved[101];
    memcpy(moved + 1, buf, 100); /* an unaligned copy hashes the same */
    T_CHECK(dy_hash_fast(moved + 1, 100) == seen[100]);
    bool every_bit = true;
    for (size_t bit = 0; bit < 100 * 8; bit++) {
        buf[bit / 8] ^= (char)(1 << (bit % 8));
        every_bit = every_bit && dy_hash_fast(buf, 100) != seen[100];
        buf[bit / 8] ^= (char)(1 << (bit % 8));
    }
    T_CHECK(every_bit);
    /* dy_hash stays as it is: the event store persists its values (its offset basis is
     * not FNV's 14695981039346656037 but that number less its last digit) */
    T_CHECK(dy_hash("a", 1) == 0x44bd8ad473cd9906ull);
}

static const char bad_actors[] = "UKRAINE_ [UKR]\n"
                                 "RUSSIA_ [RUS\n"
                                 "HUNGARY_ [HUN]]\n"
                                 "POLAND_ [POL]\n";

static void test_records(void)
{
    struct dy_dict_model m;
    dy_model_init(&m);
    struct diags from_src = {0}, replayed = {0};
    struct dy_diag dg = {on_diag, &from_src, 0};
    dyad_error err;
    T_CHECK(dy_petr_read_actors(&m, "a.txt", bad_actors, strlen(bad_actors), &dg, &err) ==
            DYAD_OK);
    T_CHECK(from_src.n == 2 && m.rejected == 2 && m.n_rejects == 2 && !m.rejects_lost);
    size_t n = 0;
    T_CHECK(dy_rejects_check(m.rejects.data, m.rejects.len, &n) && n == 2);
    dy_rejects_replay(m.rejects.data, m.rejects.len, on_diag, &replayed);
    T_CHECK(same_diags(&from_src, &replayed));
    T_CHECK(replayed.n == 2 && replayed.e[0].line == 2 && strcmp(replayed.source[0], "a.txt") == 0);
    T_CHECK(dy_rejects_check(NULL, 0, &n) && n == 0);

    /* damage: every change below must be refused */
    size_t len = m.rejects.len;
    char *copy = malloc(len);
    T_CHECK(copy != NULL);
    if (!copy) {
        dy_model_free(&m);
        return;
    }
    bool all_refused = true, one_left = false;
    for (size_t cut = 1; cut < len; cut++) { /* truncated anywhere but between records */
        memcpy(copy, m.rejects.data, len);
        bool ok = dy_rejects_check(copy, len - cut, &n);
        if (ok && n == 1)
            one_left = true; /* the image's load sees 1 != stats.rejected and refuses */
        else
            all_refused = all_refused && !ok;
    }
    T_CHECK(all_refused && one_left);
    uint32_t v;
    memcpy(copy, m.rejects.data, len);
    v = 1000; /* source_len past its string */
    memcpy(copy + 12, &v, 4);
    T_CHECK(!dy_rejects_check(copy, len, &n));
    memcpy(copy, m.rejects.data, len);
    v = 240; /* message_len past dyad_error.message */
    memcpy(copy + 16, &v, 4);
    T_CHECK(!dy_rejects_check(copy, len, &n));
    memcpy(copy, m.rejects.data, len);
    v = 99; /* an unknown status */
    memcpy(copy, &v, 4);
    T_CHECK(!dy_rejects_check(copy, len, &n));
    memcpy(copy, m.rejects.data, len);
    copy[32 + 1] = '\0'; /* a NUL inside the source */
    T_CHECK(!dy_rejects_check(copy, len, &n));
    memcpy(copy, m.rejects.data, len);
    copy[32 + 5] = 'x'; /* the source's NUL overwritten ("a.txt" is 5 bytes) */
    T_CHECK(!dy_rejects_check(copy, len, &n));
    free(copy);
    dy_model_free(&m);
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static void test_cached_config(void)
{
    char dir[] = "/tmp/dyad_test_image_XXXXXX";
    if (!mkdtemp(dir)) {
        T_CHECK(!"mkdtemp");
        return;
    }
    char ini[64], actors[64], image[64];
    snprintf(ini, sizeof ini, "%s/t.ini", dir);
    snprintf(actors, sizeof actors, "%s/actors.txt", dir);
    snprintf(image, sizeof image, "%s/t.img", dir);
    T_CHECK(write_file(ini, "[Dictionaries]\nactorfile_list = actors.txt\n"));
    T_CHECK(write_file(actors, bad_actors));

    struct diags first = {0}, second = {0}, plain = {0}, strict = {0}, limited = {0};
    dyad_options o = dyad_options_default();
    dyad_dict *d = NULL;
    dyad_error err;
    T_CHECK(dyad_dict_load_petrarch_config_cached(ini, image, 0, on_diag, &first, &o, &d,
                                                  &err) == DYAD_OK);
    T_CHECK(d && !d->mapped && access(image, F_OK) == 0); /* built, then saved */
    uint64_t sum = d ? dyad_dict_checksum(d) : 0;
    dyad_dict_free(d);
    T_CHECK(dyad_dict_load_petrarch_config_cached(ini, image, 0, on_diag, &second, &o, &d,
                                                  &err) == DYAD_OK);
    T_CHECK(d && d->mapped); /* from the image */
    T_CHECK(first.n == 2 && same_diags(&first, &second));
    dyad_dict_stats s;
    if (d) {
        dyad_dict_get_stats(d, &s);
        T_CHECK(s.rejected == 2 && s.actor_phrases == 2);
        T_CHECK(dyad_dict_checksum(d) == sum);
    }
    dyad_dict_free(d);
    T_CHECK(dyad_dict_load_petrarch_config(ini, 0, on_diag, &plain, &o, &d, &err) == DYAD_OK);
    T_CHECK(same_diags(&first, &plain) && d && dyad_dict_checksum(d) == sum);
    dyad_dict_free(d);

    /* strict: the image has rejected entries, so the sources stop at the first */
    T_CHECK(dyad_dict_load_petrarch_config_cached(ini, image, DYAD_DICT_STRICT, on_diag,
                                                  &strict, &o, &d, &err) == DYAD_SYNTAX);
    T_CHECK(d == NULL && strict.n == 1 && err.line == 2);

    /* other limits are other sources: rebuilt, with what they reject */
    o.max_entry_bytes = 14;
    T_CHECK(dyad_dict_load_petrarch_config_cached(ini, image, 0, on_diag, &limited, &o, &d,
                                                  &err) == DYAD_OK);
    T_CHECK(d && !d->mapped && dyad_dict_checksum(d) != sum);
    /* HUNGARY_ [HUN]] is 15 bytes: now too long rather than unbalanced */
    T_CHECK(limited.n == 2 && strstr(limited.e[1].message, "limit of 14") != NULL);
    dyad_dict_free(d);

    unlink(image);
    unlink(actors);
    unlink(ini);
    rmdir(dir);
}

int main(void)
{
    test_hash_fast();
    test_records();
    test_cached_config();
    return T_DONE();
}
