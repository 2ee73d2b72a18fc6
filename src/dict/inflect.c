/*
 * inflect.c - the forms the dictionaries leave out: a verb's -S, -ED and -ING forms and a
 * noun's plural, by the regular English rules plus WordNet's lists of irregular forms
 * (verb.exc, noun.exc: lines "inflected lemma..."), loaded into a dy_lexicon owned by the
 * dictionary model.
 */
#include "dict/compiled.h"

#include <stdlib.h>
#include <string.h>

struct lex_pair {
    uint32_t lemma, form; /* ids in dy_lexicon.strs */
};

struct lex_table {
    struct lex_pair *pairs; /* sorted by lemma, then form */
    size_t n, cap;
};

struct dy_lexicon {
    struct dy_intern strs; /* upper-case words */
    struct lex_table verbs, nouns;
};

static int cmp_pair(const void *a, const void *b)
{
    const struct lex_pair *x = a, *y = b;
    if (x->lemma != y->lemma)
        return x->lemma < y->lemma ? -1 : 1;
    return x->form < y->form ? -1 : x->form > y->form;
}

static char upper(char ch)
{
    return ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
}

/* Adds the pairs of one .exc text. Entries of several words ("amici_curiae") are left out:
 * the readers inflect single words. */
static dyad_status parse_exc(struct dy_lexicon *lex, struct lex_table *t, const char *s, size_t n)
{
    char word[64];
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '\n')
            end++;
        uint32_t form = 0;
        bool first = true;
        size_t p = i;
        while (p < end) {
            while (p < end && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r'))
                p++;
            size_t q = p;
            while (q < end && s[q] != ' ' && s[q] != '\t' && s[q] != '\r')
                q++;
            if (q == p)
                break;
            size_t len = q - p;
            bool usable = len < sizeof word && !memchr(s + p, '_', len);
            if (usable) {
                for (size_t k = 0; k < len; k++)
                    word[k] = upper(s[p + k]);
                uint32_t id = dy_intern_add(&lex->strs, word, len);
                if (!id)
                    return DYAD_NOMEM;
                if (first) {
                    form = id;
                } else if (form && id != form) {
                    struct lex_pair pr = {id, form};
                    if (DY_PUSH(t->pairs, t->n, t->cap, pr) != DYAD_OK)
                        return DYAD_NOMEM;
                }
            } else if (first) {
                form = 0;
            }
            first = false;
            p = q;
        }
        i = end + 1;
    }
    if (t->n)
        qsort(t->pairs, t->n, sizeof *t->pairs, cmp_pair);
    return DYAD_OK;
}

dyad_status dy_lexicon_from_text(const char *verb_exc, size_t verb_len, const char *noun_exc,
                                 size_t noun_len, struct dy_lexicon **out, dyad_error *err)
{
    *out = NULL;
    struct dy_lexicon *lex = dy_calloc(1, sizeof *lex);
    if (!lex)
        return dy_fail(err, DYAD_NOMEM, "out of memory loading WordNet forms");
    dy_intern_init(&lex->strs);
    dyad_status st = DYAD_OK;
    if (verb_exc)
        st = parse_exc(lex, &lex->verbs, verb_exc, verb_len);
    if (st == DYAD_OK && noun_exc)
        st = parse_exc(lex, &lex->nouns, noun_exc, noun_len);
    if (st != DYAD_OK) {
        dy_lexicon_free(lex);
        return dy_fail(err, st, "out of memory loading WordNet forms");
    }
    *out = lex;
    return DYAD_OK;
}

static const char *const exc_names[2] = {"verb.exc", "noun.exc"};

/* $DYAD_WORDNET/NAME, else /usr/share/wordnet/NAME, into path. */
static dyad_status exc_path(struct dy_buf *path, const char *name)
{
    const char *dir = getenv("DYAD_WORDNET");
    if (!dir || !*dir)
        dir = "/usr/share/wordnet";
    path->len = 0;
    return dy_buf_printf(path, "%s/%s", dir, name);
}

dyad_status dy_lexicon_load(struct dy_lexicon **out, dyad_error *err)
{
    *out = NULL;
    char *text[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    struct dy_buf path = {0};
    dyad_status st = DYAD_OK;
    for (int i = 0; i < 2 && st == DYAD_OK; i++) {
        if (exc_path(&path, exc_names[i]) != DYAD_OK) {
            st = DYAD_NOMEM;
            break;
        }
        /* A missing or unreadable file only means fewer irregular forms. */
        if (dy_read_file(path.data, &text[i], &len[i], NULL) == DYAD_NOMEM)
            st = DYAD_NOMEM;
    }
    if (st == DYAD_OK)
        st = dy_lexicon_from_text(text[0], len[0], text[1], len[1], out, err);
    else
        dy_fail(err, st, "out of memory loading WordNet forms");
    dy_buf_free(&path);
    dy_free(text[0]);
    dy_free(text[1]);
    return st;
}

void dy_lexicon_sources_add(struct dyad_dict *d)
{
    struct dy_buf path = {0};
    for (int i = 0; i < 2; i++) {
        /* a missing file counts too: it gives other forms than a present one */
        if (exc_path(&path, exc_names[i]) != DYAD_OK ||
            dy_dict_sources_add_file(d, exc_names[i], path.data, NULL) != DYAD_OK)
            dy_dict_sources_add(d, exc_names[i], "", 0);
    }
    dy_buf_free(&path);
}

void dy_lexicon_free(struct dy_lexicon *lex)
{
    if (!lex)
        return;
    dy_intern_free(&lex->strs);
    dy_free(lex->verbs.pairs);
    dy_free(lex->nouns.pairs);
    dy_free(lex);
}

/* The forms listed for `lemma`: *first and the count. */
static size_t lookup(const struct dy_lexicon *lex, const struct lex_table *t, const char *lemma,
                     size_t len, size_t *first)
{
    *first = 0;
    if (!lex || !t->n)
        return 0;
    uint32_t id = dy_intern_find(&lex->strs, lemma, len);
    if (!id)
        return 0;
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->pairs[mid].lemma < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo;
    while (k < t->n && t->pairs[k].lemma == id)
        k++;
    *first = lo;
    return k - lo;
}

/* ---- emitting distinct forms ------------------------------------------------------------ */

struct emitter {
    const char *lemma;
    size_t lemma_len;
    struct dy_buf seen; /* forms emitted so far, each followed by '\0' */
    struct dy_buf form; /* the one being built */
    dy_form_fn emit;
    void *ctx;
};

static dyad_status put(struct emitter *em, const char *s, size_t n)
{
    if (n == 0 || (n == em->lemma_len && memcmp(s, em->lemma, n) == 0))
        return DYAD_OK;
    for (size_t i = 0; i < em->seen.len;) {
        size_t k = strlen(em->seen.data + i);
        if (k == n && memcmp(em->seen.data + i, s, n) == 0)
            return DYAD_OK;
        i += k + 1;
    }
    if (dy_buf_append(&em->seen, s, n) != DYAD_OK || dy_buf_putc(&em->seen, '\0') != DYAD_OK)
        return DYAD_NOMEM;
    return em->emit(em->ctx, s, n);
}

/* Emits stem[0..keep) + suffix. */
static dyad_status put_suffix(struct emitter *em, const char *stem, size_t keep, const char *suffix)
{
    em->form.len = 0;
    if (dy_buf_append(&em->form, stem, keep) != DYAD_OK ||
        dy_buf_append(&em->form, suffix, strlen(suffix)) != DYAD_OK)
        return DYAD_NOMEM;
    return put(em, em->form.data, em->form.len);
}

static bool is_vowel(char ch)
{
    return ch == 'A' || ch == 'E' || ch == 'I' || ch == 'O' || ch == 'U';
}

static bool ends(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Consonant + Y: CARRY -> CARRIES, CARRIED (but PLAY -> PLAYS). */
static bool consonant_y(const char *s, size_t n)
{
    return n >= 2 && s[n - 1] == 'Y' && !is_vowel(s[n - 2]);
}

static bool sibilant(const char *s, size_t n)
{
    return ends(s, n, "S") || ends(s, n, "SH") || ends(s, n, "CH") || ends(s, n, "X") ||
           ends(s, n, "Z");
}

/* Whether verb.exc gives `lemma` a past form of its own ("SAW", "BROKEN", "WENT"), rather
 * than a spelling of the regular one ("STOPPED", "TRAVELLED", "PANICKED") or a -T past
 * that often lives beside a regular one ("BURNT"/"BURNED", "SPELT"/"SPELLED"). Then the
 * regular -ED form is not made: SEE would otherwise give "SEED". */
static bool strong_past(const struct dy_lexicon *lex, size_t first, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint32_t id = lex->verbs.pairs[first + i].form;
        const char *f = lex->strs.strs[id];
        size_t n = lex->strs.lens[id];
        if (!ends(f, n, "ING") && !ends(f, n, "ED") && !ends(f, n, "S") && !ends(f, n, "T"))
            return true;
    }
    return false;
}

dyad_status dy_verb_inflect(const struct dy_lexicon *lex, const char *lemma, size_t len,
                            dy_form_fn emit, void *ctx)
{
    if (len == 0)
        return DYAD_OK;
    struct emitter em = {.lemma = lemma, .lemma_len = len, .emit = emit, .ctx = ctx};
    size_t first;
    size_t count = lookup(lex, lex ? &lex->verbs : NULL, lemma, len, &first);
    dyad_status st;
    /* -S: VOWS, PUSHES, GOES, CARRIES */
    if (sibilant(lemma, len) || ends(lemma, len, "O"))
        st = put_suffix(&em, lemma, len, "ES");
    else if (consonant_y(lemma, len))
        st = put_suffix(&em, lemma, len - 1, "IES");
    else
        st = put_suffix(&em, lemma, len, "S");
    /* -ED: AGREED, CARRIED, VOWED */
    if (st == DYAD_OK && !(count && strong_past(lex, first, count))) {
        if (lemma[len - 1] == 'E')
            st = put_suffix(&em, lemma, len, "D");
        else if (consonant_y(lemma, len))
            st = put_suffix(&em, lemma, len - 1, "IED");
        else
            st = put_suffix(&em, lemma, len, "ED");
    }
    /* -ING: DYING, MAKING, AGREEING, DYEING, HOEING, BEING */
    if (st == DYAD_OK) {
        if (ends(lemma, len, "IE"))
            st = put_suffix(&em, lemma, len - 2, "YING");
        else if (lemma[len - 1] == 'E' && len > 2 && !ends(lemma, len, "EE") &&
                 !ends(lemma, len, "YE") && !ends(lemma, len, "OE"))
            st = put_suffix(&em, lemma, len - 1, "ING");
        else
            st = put_suffix(&em, lemma, len, "ING");
    }
    for (size_t i = 0; st == DYAD_OK && i < count; i++) {
        uint32_t id = lex->verbs.pairs[first + i].form;
        st = put(&em, lex->strs.strs[id], lex->strs.lens[id]);
    }
    dy_buf_free(&em.seen);
    dy_buf_free(&em.form);
    return st;
}

dyad_status dy_noun_plurals(const struct dy_lexicon *lex, const char *noun, size_t len,
                            dy_form_fn emit, void *ctx)
{
    /* Of a phrase, the last word: ATTORNEY_GENERAL -> ATTORNEY_GENERALS. */
    size_t start = len;
    while (start > 0 && noun[start - 1] != '_' && noun[start - 1] != ' ')
        start--;
    const char *w = noun + start;
    size_t n = len - start;
    if (n == 0)
        return DYAD_OK;
    struct emitter em = {.lemma = noun, .lemma_len = len, .emit = emit, .ctx = ctx};
    dyad_status st = DYAD_OK;
    size_t first;
    size_t count = lookup(lex, lex ? &lex->nouns : NULL, w, n, &first);
    if (count) {
        /* WordNet knows it (CHILD -> CHILDREN, THIEF -> THIEVES): the regular rule would
         * only add wrong forms. */
        for (size_t i = 0; st == DYAD_OK && i < count; i++) {
            uint32_t id = lex->nouns.pairs[first + i].form;
            em.form.len = 0;
            if (dy_buf_append(&em.form, noun, start) != DYAD_OK ||
                dy_buf_append(&em.form, lex->strs.strs[id], lex->strs.lens[id]) != DYAD_OK)
                st = DYAD_NOMEM;
            else
                st = put(&em, em.form.data, em.form.len);
        }
    } else {
        /* CONGRESSMAN -> CONGRESSMEN as WordNet's morphology has it; the -S form too, for
         * GERMAN, HUMAN, OTTOMAN. */
        if (n > 3 && ends(w, n, "MAN"))
            st = put_suffix(&em, noun, len - 2, "EN");
        if (st == DYAD_OK) {
            if (sibilant(w, n))
                st = put_suffix(&em, noun, len, "ES");
            else if (consonant_y(w, n))
                st = put_suffix(&em, noun, len - 1, "IES");
            else
                st = put_suffix(&em, noun, len, "S");
        }
    }
    dy_buf_free(&em.seen);
    dy_buf_free(&em.form);
    return st;
}

bool dy_lexicon_is_verb_inflection(const struct dy_lexicon *lex, const char *word, size_t len)
{
    if (!lex)
        return false;
    uint32_t id = dy_intern_find(&lex->strs, word, len);
    if (!id)
        return false;
    for (size_t i = 0; i < lex->verbs.n; i++)
        if (lex->verbs.pairs[i].form == id && lex->verbs.pairs[i].lemma != id)
            return true;
    return false;
}
