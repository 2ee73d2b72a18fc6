/*
 * compile.c - turns the dictionary model into the matcher's indexes: for each word, the
 * actor, agent and discard phrases and verb forms that begin with it, longest first; for
 * each verb block, its patterns in the order they are tried (most elements first, then
 * file order, as TABARI does).
 */
#include "dict/compiled.h"

#include <stdlib.h>
#include <string.h>

/* qsort context without globals: sort (length, original index) pairs. */
struct keyed {
    uint32_t key; /* sort descending */
    uint32_t idx; /* then ascending */
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static uint32_t first_word(const struct dy_dict_model *m, struct dy_seq s)
{
    if (s.n == 0)
        return 0;
    const struct dy_elem *e = &m->elems[s.first];
    return e->kind == DY_E_WORD ? e->id : 0;
}

enum list_kind { L_ACTOR, L_AGENT, L_DISCARD, L_FORM, L_KINDS };

static struct dy_seq list_seq(const struct dy_dict_model *m, enum list_kind kind, size_t i)
{
    switch (kind) {
    case L_ACTOR:
        return m->actor_phrases[i].words;
    case L_AGENT:
        return m->agent_phrases[i].words;
    case L_DISCARD:
        return m->discard_phrases[i].words;
    default:
        return m->forms[i].words;
    }
}

static size_t list_len(const struct dy_dict_model *m, enum list_kind kind)
{
    switch (kind) {
    case L_ACTOR:
        return m->n_actor_phrases;
    case L_AGENT:
        return m->n_agent_phrases;
    case L_DISCARD:
        return m->n_discard_phrases;
    default:
        return m->n_forms;
    }
}

static void set_entry(struct dy_word_entry *we, enum list_kind kind, uint32_t start, uint32_t n)
{
    switch (kind) {
    case L_ACTOR:
        we->actors = start, we->n_actors = n;
        break;
    case L_AGENT:
        we->agents = start, we->n_agents = n;
        break;
    case L_DISCARD:
        we->discards = start, we->n_discards = n;
        break;
    default:
        we->forms = start, we->n_forms = n;
        break;
    }
}

/* The header bits of list entry i beside its length (dyad_dict.list_words). */
static uint32_t list_flags(const struct dy_dict_model *m, enum list_kind kind, size_t i)
{
    switch (kind) {
    case L_ACTOR:
        return m->actor_phrases[i].caps ? DY_LW_CAPS : 0;
    case L_AGENT:
        return m->agent_phrases[i].caps ? DY_LW_CAPS : 0;
    case L_DISCARD:
        return m->discard_phrases[i].caps ? DY_LW_CAPS : 0;
    default:
        return m->forms[i].generated ? DY_LW_GENERATED : 0;
    }
}

/* dyad_dict.list_words for the index entries [from, to) of one kind, from *at on. */
static void list_words(struct dyad_dict *d, enum list_kind kind, size_t from, size_t to,
                       size_t *at)
{
    const struct dy_dict_model *m = &d->m;
    for (size_t j = from; j < to; j++) {
        struct dy_seq sq = list_seq(m, kind, d->index[j]);
        d->list_at[j] = (uint32_t)*at;
        d->list_words[(*at)++] = sq.n | list_flags(m, kind, d->index[j]);
        for (uint32_t k = 0; k < sq.n; k++) {
            const struct dy_elem *e = &m->elems[sq.first + k];
            d->list_words[(*at)++] = (e->kind == DY_E_WORD ? e->id : DY_LW_NOT_WORD) |
                                     (e->joined ? DY_LW_JOINED : 0);
        }
    }
}

/* Builds one kind of per-word list into d->index: a counting sort by first word, then
 * each word's bucket sorted longest first (file order among equals). */
static dyad_status build_lists(struct dyad_dict *d, enum list_kind kind, size_t *pos)
{
    const struct dy_dict_model *m = &d->m;
    size_t n = list_len(m, kind);
    uint32_t n_words = m->words.n;
    uint32_t *start = dy_calloc((size_t)n_words + 2, sizeof *start);
    struct keyed *bucket = dy_malloc((n ? n : 1) * sizeof *bucket);
    if (!start || !bucket) {
        dy_free(start);
        dy_free(bucket);
        return DYAD_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        start[first_word(m, list_seq(m, kind, i)) + 1]++;
    for (uint32_t w = 1; w <= n_words + 1; w++)
        start[w] += start[w - 1];
    /* start[w] is now where word w's bucket begins; fill using start[w-1]... as cursor */
    uint32_t *cur = dy_malloc(((size_t)n_words + 2) * sizeof *cur);
    if (!cur) {
        dy_free(start);
        dy_free(bucket);
        return DYAD_NOMEM;
    }
    memcpy(cur, start, ((size_t)n_words + 2) * sizeof *cur);
    for (size_t i = 0; i < n; i++) {
        struct dy_seq s = list_seq(m, kind, i);
        uint32_t at = cur[first_word(m, s)]++;
        bucket[at].key = s.n;
        bucket[at].idx = (uint32_t)i;
    }
    size_t skip = start[1]; /* entries with no first word (id 0) are not indexed */
    for (uint32_t w = 1; w <= n_words; w++) {
        uint32_t lo = start[w], hi = start[w + 1];
        if (hi == lo)
            continue;
        qsort(bucket + lo, hi - lo, sizeof *bucket, cmp_keyed);
        set_entry(&d->by_word[w], kind, (uint32_t)(*pos + lo - skip), hi - lo);
    }
    for (size_t i = skip; i < n; i++) {
        struct dy_seq sq = list_seq(m, kind, bucket[i].idx);
        uint32_t second = 0;
        if (sq.n > 1) {
            const struct dy_elem *e = &m->elems[sq.first + 1];
            second = e->kind != DY_E_WORD || (kind == L_ACTOR && !e->joined) ? 0 : e->id;
        }
        d->index[*pos + i - skip] = bucket[i].idx;
        d->second[*pos + i - skip] = second;
    }
    *pos += n - skip;
    dy_free(cur);
    dy_free(start);
    dy_free(bucket);
    return DYAD_OK;
}

/* Synset phrases indexed by their first word, so that matching a synset at a token looks
 * only at the phrases that can start there; phrases that begin with another synset are
 * kept per synset and tried recursively. */
static dyad_status index_synsets(struct dyad_dict *d)
{
    const struct dy_dict_model *m = &d->m;
    size_t np = m->n_synset_phrases;
    uint32_t nw = m->words.n;
    uint32_t *count = dy_calloc((size_t)nw + 2, sizeof *count);
    d->syn_index = dy_malloc((np ? np : 1) * sizeof *d->syn_index);
    d->syn_nested = dy_malloc((np ? np : 1) * sizeof *d->syn_nested);
    d->syn_nested_at = dy_calloc(m->n_synsets + 1, sizeof *d->syn_nested_at);
    if (!count || !d->syn_index || !d->syn_nested || !d->syn_nested_at) {
        dy_free(count);
        return DYAD_NOMEM;
    }
    for (size_t i = 0; i < np; i++) {
        uint32_t w = first_word(m, m->synset_phrases[i].words);
        if (w)
            count[w]++;
        else if (m->synset_phrases[i].owner < m->n_synsets)
            d->syn_nested_at[m->synset_phrases[i].owner + 1]++;
    }
    uint32_t at = 0;
    for (uint32_t w = 1; w <= nw; w++) {
        d->by_word[w].syns = at;
        at += count[w];
        count[w] = d->by_word[w].syns;
    }
    for (size_t k = 1; k <= m->n_synsets; k++)
        d->syn_nested_at[k] += d->syn_nested_at[k - 1];
    uint32_t *fill = count; /* reused as cursors */
    for (size_t i = 0; i < np; i++) {
        const struct dy_phrase *ph = &m->synset_phrases[i];
        uint32_t w = first_word(m, ph->words);
        if (w) {
            struct dy_syn_ref r = {ph->owner, (uint32_t)i};
            d->syn_index[fill[w]++] = r;
            d->by_word[w].n_syns++;
        } else if (ph->owner < m->n_synsets) {
            uint32_t k = d->syn_nested_at[ph->owner]++;
            d->syn_nested[k] = (uint32_t)i;
        }
    }
    /* the cursors moved each start to the next synset's start: shift them back */
    for (size_t k = m->n_synsets; k > 0; k--)
        d->syn_nested_at[k] = d->syn_nested_at[k - 1];
    d->syn_nested_at[0] = 0;
    dy_free(count);
    return DYAD_OK;
}

/* The literal words and synsets each pattern needs, as Bloom filters, in trial order (parallel to
 * block_patterns), so a block's filters are read one after the other. */
static dyad_status pattern_filters(struct dyad_dict *d)
{
    const struct dy_dict_model *m = &d->m;
    size_t n = m->n_patterns ? m->n_patterns : 1;
    d->pattern_need = dy_calloc(n, sizeof *d->pattern_need);
    d->pattern_keys = dy_calloc(n, sizeof *d->pattern_keys);
    if (!d->pattern_need || !d->pattern_keys)
        return DYAD_NOMEM;
    for (size_t i = 0; i < m->n_patterns; i++) {
        struct dy_seq e = m->patterns[d->block_patterns[i]].elems;
        /* the keys: the bits of the two longest words (long words are rare ones), or
         * of sets when there are fewer words */
        uint32_t key[2] = {256, 256};
        size_t rank[2] = {0, 0};
        for (uint32_t k = 0; k < e.n; k++) {
            const struct dy_elem *el = &m->elems[e.first + k];
            uint32_t id;
            size_t r;
            if (el->kind == DY_E_WORD) {
                id = el->id;
                r = 2 + strlen(dy_intern_str(&m->words, el->id));
            }
            /* a set whose phrases all begin with a word matches only where one of
             * those words stands (a set with phrases that begin with another set is
             * not required: what it needs is not one word) */
            else if (el->kind == DY_E_SYNSET && el->id < m->n_synsets &&
                     !dy_synset_nested(d, el->id)) {
                id = DY_BLOOM_SYNSET(el->id);
                r = 1;
            } else
                continue;
            dy_bloom_add(&d->pattern_need[i], id);
            uint32_t bit = dy_bloom_bit(id);
            if (bit == key[0] || bit == key[1])
                continue;
            if (r > rank[0]) {
                key[1] = key[0], rank[1] = rank[0];
                key[0] = bit, rank[0] = r;
            } else if (r > rank[1]) {
                key[1] = bit, rank[1] = r;
            }
        }
        if (key[1] == 256)
            key[1] = key[0];
        d->pattern_keys[i] = key[0] | key[1] << 16;
    }
    return DYAD_OK;
}

static dyad_status order_patterns(struct dyad_dict *d)
{
    struct dy_dict_model *m = &d->m;
    d->block_patterns = dy_malloc((m->n_patterns ? m->n_patterns : 1) * sizeof(uint32_t));
    if (!d->block_patterns)
        return DYAD_NOMEM;
    for (size_t b = 0; b < m->n_blocks; b++) {
        const struct dy_verb_block *vb = &m->blocks[b];
        uint32_t n = vb->n_patterns;
        if (!n)
            continue;
        struct keyed *k = dy_malloc(n * sizeof *k);
        if (!k)
            return DYAD_NOMEM;
        for (uint32_t i = 0; i < n; i++) {
            const struct dy_pattern *p = &m->patterns[vb->first_pattern + i];
            k[i].key = p->elems.n;
            k[i].idx = vb->first_pattern + i;
        }
        qsort(k, n, sizeof *k, cmp_keyed);
        for (uint32_t i = 0; i < n; i++)
            d->block_patterns[vb->first_pattern + i] = k[i].idx;
        dy_free(k);
    }
    return DYAD_OK;
}

/* The form of a verb form's head word: -ING, past (-ED, -EN, a past form the dictionary
 * lists, as SAID, LEFT, MET, or an irregular form other than the lemma), -S, or the
 * base: the syntax stage needs to know that "a senior official said" is a past tense. */
static uint8_t form_type(const struct dy_dict_model *m, const struct dy_verb_form *f)
{
    if (f->head >= f->words.n)
        return F_BASE;
    const char *w = dy_intern_str(&m->words, m->elems[f->words.first + f->head].id);
    size_t wl = strlen(w);
    if (dy_ends_with(w, wl, "ING"))
        return F_ING;
    if (dy_ends_with(w, wl, "ED") || dy_ends_with(w, wl, "EN"))
        return F_PAST;
    bool s_or_ing = (wl > 3 && strcmp(w + wl - 3, "ING") == 0) || (wl > 1 && w[wl - 1] == 'S');
    if (!s_or_ing && dy_lexicon_is_verb_inflection(m->lex, w, wl))
        return F_PAST;
    if (!f->base && dy_ends_with(w, wl, "S"))
        return F_S;
    if (!f->base)
        return F_PAST; /* a listed irregular form: broke, met, fought */
    return F_BASE;
}

dyad_status dy_dict_compile(struct dyad_dict *d, dyad_error *err)
{
    struct dy_dict_model *m = &d->m;
    d->by_word = dy_calloc((size_t)m->words.n + 1, sizeof *d->by_word);
    size_t total = m->n_actor_phrases + m->n_agent_phrases + m->n_discard_phrases + m->n_forms;
    d->index = dy_malloc((total ? total : 1) * sizeof *d->index);
    d->second = dy_malloc((total + DY_SECOND_PAD) * sizeof *d->second);
    if (!d->by_word || !d->index || !d->second)
        return dy_fail(err, DYAD_NOMEM, "out of memory compiling the dictionary");
    for (size_t i = 0; i < DY_SECOND_PAD; i++)
        d->second[total + i] = UINT32_MAX; /* no token's word, not 0 */
    size_t pos = 0, kind_at[L_KINDS + 1] = {0};
    for (int k = 0; k < L_KINDS; k++) {
        if (build_lists(d, (enum list_kind)k, &pos) != DYAD_OK)
            return dy_fail(err, DYAD_NOMEM, "out of memory compiling the dictionary");
        kind_at[k + 1] = pos;
    }
    d->n_index = pos;
    /* each entry's words beside the others of its list: a header and one per element */
    size_t n_lw = d->n_index;
    for (int k = 0; k < L_KINDS; k++)
        for (size_t j = kind_at[k]; j < kind_at[k + 1]; j++)
            n_lw += list_seq(m, (enum list_kind)k, d->index[j]).n;
    if (m->words.n >= DY_LW_NOT_WORD || m->n_elems > DY_LW_LEN || n_lw >= UINT32_MAX)
        return dy_fail(err, DYAD_LIMIT, "the dictionary is too large to compile");
    d->n_list_words = n_lw;
    d->list_at = dy_malloc((d->n_index ? d->n_index : 1) * sizeof *d->list_at);
    d->list_words = dy_malloc((n_lw ? n_lw : 1) * sizeof *d->list_words);
    if (!d->list_at || !d->list_words)
        return dy_fail(err, DYAD_NOMEM, "out of memory compiling the dictionary");
    size_t at = 0;
    for (int k = 0; k < L_KINDS; k++)
        list_words(d, (enum list_kind)k, kind_at[k], kind_at[k + 1], &at);
    d->form_type = dy_calloc(m->n_forms ? m->n_forms : 1, 1);
    if (!d->form_type)
        return dy_fail(err, DYAD_NOMEM, "out of memory compiling the dictionary");
    for (size_t i = 0; i < m->n_forms; i++)
        d->form_type[i] = form_type(m, &m->forms[i]);
    if (order_patterns(d) != DYAD_OK || index_synsets(d) != DYAD_OK ||
        pattern_filters(d) != DYAD_OK)
        return dy_fail(err, DYAD_NOMEM, "out of memory compiling the dictionary");

    dyad_dict_stats *s = &d->stats;
    s->actor_phrases = m->n_actor_phrases;
    s->actor_codes = m->n_actor_codes;
    s->agent_phrases = m->n_agent_phrases;
    s->verbs = m->n_blocks;
    s->verb_forms = m->n_forms;
    s->patterns = m->n_patterns;
    s->synsets = m->n_synsets;
    s->discards = m->n_discard_phrases;
    s->rejected = m->rejected;
    return DYAD_OK;
}

const char *dy_actor_code(const struct dyad_dict *d, uint32_t actor, int32_t day)
{
    const struct dy_actor *a = &d->m.actors[actor];
    const char *dflt = NULL;
    for (uint32_t i = 0; i < a->n_codes; i++) {
        const struct dy_actor_code *c = &d->m.actor_codes[a->first_code + i];
        bool dated = c->from != INT32_MIN || c->to != INT32_MAX;
        if (!dated) {
            if (!dflt)
                dflt = c->code;
            continue;
        }
        if (day != INT32_MIN && day >= c->from && day <= c->to)
            return c->code;
    }
    return dflt;
}

void dyad_dict_get_stats(const dyad_dict *d, dyad_dict_stats *out)
{
    *out = d->stats;
}

void dy_dict_sources_add(struct dyad_dict *d, const char *label, const char *text, size_t len)
{
    uint64_t h = dy_hash(label, strlen(label)) * 31 + dy_hash_fast(text, len);
    d->sources = (d->sources ^ h) * 1099511628211ull + 0x9e3779b97f4a7c15ull;
}

dyad_status dy_dict_sources_add_file(struct dyad_dict *d, const char *label, const char *path,
                                     dyad_error *err)
{
    /* mapped, not read: in a fresh process, copying 2.6 MB into new memory took 15 ms */
    struct dy_file_view v;
    dyad_status st = dy_file_view_open(&v, path, err);
    if (st == DYAD_OK)
        dy_dict_sources_add(d, label, v.data, v.len);
    dy_file_view_close(&v);
    return st;
}

void dyad_dict_free(dyad_dict *d)
{
    if (!d)
        return;
    if (d->mapped) {
        dy_dict_unmap(d);
        dy_free(d);
        return;
    }
    dy_model_free(&d->m);
    dy_free(d->by_word);
    dy_free(d->index);
    dy_free(d->second);
    dy_free(d->list_at);
    dy_free(d->list_words);
    dy_free(d->block_patterns);
    dy_free(d->form_type);
    dy_free(d->syn_index);
    dy_free(d->syn_nested);
    dy_free(d->syn_nested_at);
    dy_free(d->pattern_need);
    dy_free(d->pattern_keys);
    dy_free(d);
}
