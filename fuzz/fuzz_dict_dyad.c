/*
 * fuzz_dict_dyad.c - libFuzzer target for dyad's own dictionary format (dy_dyad_read and
 * the multi-file reader): the input is one file, or two split at a line "--8<--" (the
 * second read as generated); every index the model holds is checked, then the compiled
 * dictionary is linted and looked up with the input's first line, and all is freed.
 */
#include "fuzz_dict.h"

#include "dict/compiled.h"
#include "dict/dyad_meta.h"

#include <stdlib.h>
#include <string.h>

static void on_warn(void *ctx, const dyad_error *e)
{
    struct count *c = ctx;
    c->sum += strlen(e->message) + e->line;
}

static void on_match(void *ctx, const dyad_dict_match *m)
{
    struct count *c = ctx;
    c->sum += strlen(m->phrase) + strlen(m->why) + strlen(m->kind) + strlen(m->id) +
              (m->code ? strlen(m->code) : 0) + m->end - m->start;
}

static void check_seq(const struct dy_dict_model *m, struct dy_seq s, bool words_only)
{
    CHECK(s.n > 0 && s.first <= m->n_elems && s.n <= m->n_elems - s.first);
    for (uint32_t k = 0; k < s.n; k++) {
        const struct dy_elem *e = &m->elems[s.first + k];
        if (e->kind == DY_E_WORD)
            CHECK(e->id >= 1 && e->id <= m->words.n && m->words.lens[e->id] > 0);
        else
            CHECK(!words_only);
        if (e->kind == DY_E_SYNSET)
            CHECK(e->id < m->n_synsets);
    }
}

static void check_phrases(const struct dy_dict_model *m, const struct dy_phrase *p, size_t n,
                          size_t owners)
{
    for (size_t i = 0; i < n; i++) {
        check_seq(m, p[i].words, true);
        CHECK(p[i].owner < owners);
    }
}

static void check(const struct dy_dict_model *m)
{
    const struct dy_dyad_meta *meta = m->dyad;
    CHECK(meta != NULL);
    CHECK(meta->n_actors == m->n_actors && meta->n_codes == m->n_actor_codes &&
          meta->n_surname == m->n_actor_phrases && meta->n_agents == m->n_agents &&
          meta->n_blocks == m->n_blocks && meta->n_patterns == m->n_patterns &&
          meta->n_synsets == m->n_synsets && meta->n_discards == m->n_discards);
    for (size_t i = 0; i < m->n_actors; i++) {
        const struct dy_actor *a = &m->actors[i];
        CHECK(a->first_code <= m->n_actor_codes && a->n_codes <= m->n_actor_codes - a->first_code);
        CHECK(a->file < m->n_files && meta->actors[i].id < meta->text.len);
        for (uint32_t k = 0; k < a->n_codes; k++) {
            const struct dy_actor_code *c = &m->actor_codes[a->first_code + k];
            CHECK(c->code[0] && memchr(c->code, 0, sizeof c->code) && c->from <= c->to);
            CHECK(meta->codes[a->first_code + k].file < m->n_files);
        }
    }
    check_phrases(m, m->actor_phrases, m->n_actor_phrases, m->n_actors);
    check_phrases(m, m->agent_phrases, m->n_agent_phrases, m->n_agents);
    check_phrases(m, m->discard_phrases, m->n_discard_phrases, m->n_discards);
    check_phrases(m, m->synset_phrases, m->n_synset_phrases, m->n_synsets);
    for (size_t i = 0; i < m->n_synsets; i++) {
        const struct dy_synset *s = &m->synsets[i];
        CHECK(s->first_phrase <= m->n_synset_phrases &&
              s->n_phrases <= m->n_synset_phrases - s->first_phrase && s->n_phrases > 0);
    }
    for (size_t i = 0; i < m->n_blocks; i++) {
        const struct dy_verb_block *b = &m->blocks[i];
        CHECK(b->first_pattern <= m->n_patterns &&
              b->n_patterns <= m->n_patterns - b->first_pattern);
        CHECK(b->name >= 1 && b->name <= m->words.n && b->file < m->n_files);
    }
    for (size_t i = 0; i < m->n_patterns; i++) {
        const struct dy_pattern *p = &m->patterns[i];
        check_seq(m, p->elems, false);
        CHECK(p->verb_pos < p->elems.n);
        CHECK(m->elems[p->elems.first + p->verb_pos].kind == DY_E_VERB);
        CHECK(p->block < m->n_blocks && p->text < m->strings.len && p->file < m->n_files);
        const struct dy_verb_block *b = &m->blocks[p->block];
        CHECK(i >= b->first_pattern && i < b->first_pattern + b->n_patterns);
    }
    for (size_t i = 0; i < m->n_forms; i++) {
        const struct dy_verb_form *f = &m->forms[i];
        check_seq(m, f->words, true);
        CHECK(f->head < f->words.n && f->block < m->n_blocks);
    }
}

/* The compiled per-word lists mirror the model as the matcher reads them: each entry's
 * second word (0: any may follow), its list words (length and flags, then each element),
 * longest first; the second words' padding matches nothing. */
static void check_lists(const struct dyad_dict *d)
{
    const struct dy_dict_model *m = &d->m;
    for (size_t j = 0; j < DY_SECOND_PAD; j++)
        CHECK(d->second[d->n_index + j] == UINT32_MAX);
    for (uint32_t w = 1; w <= m->words.n; w++) {
        const struct dy_word_entry *we = &d->by_word[w];
        const uint32_t at[4] = {we->actors, we->agents, we->discards, we->forms};
        const uint32_t len[4] = {we->n_actors, we->n_agents, we->n_discards, we->n_forms};
        const size_t max[4] = {m->n_actor_phrases, m->n_agent_phrases, m->n_discard_phrases,
                               m->n_forms};
        for (int kind = 0; kind < 4; kind++)
            for (uint32_t k = 0, prev = UINT32_MAX; k < len[kind]; k++) {
                size_t j = (size_t)at[kind] + k;
                CHECK(j < d->n_index && d->index[j] < max[kind]);
                uint32_t idx = d->index[j], flags;
                struct dy_seq sq;
                if (kind < 3) {
                    const struct dy_phrase *p = kind == 0   ? &m->actor_phrases[idx]
                                                : kind == 1 ? &m->agent_phrases[idx]
                                                            : &m->discard_phrases[idx];
                    sq = p->words;
                    flags = p->caps ? DY_LW_CAPS : 0;
                } else {
                    sq = m->forms[idx].words;
                    flags = m->forms[idx].generated ? DY_LW_GENERATED : 0;
                }
                CHECK(sq.n <= prev); /* longest first */
                prev = sq.n;
                CHECK(sq.n > 0 && m->elems[sq.first].kind == DY_E_WORD &&
                      m->elems[sq.first].id == w);
                CHECK(d->list_at[j] < d->n_list_words &&
                      sq.n < d->n_list_words - d->list_at[j]);
                const uint32_t *lw = dy_list_entry(d, j);
                CHECK(lw[0] == (sq.n | flags));
                for (uint32_t e = 0; e < sq.n; e++) {
                    const struct dy_elem *el = &m->elems[sq.first + e];
                    CHECK((lw[1 + e] & DY_LW_ID) ==
                          (el->kind == DY_E_WORD ? el->id : DY_LW_NOT_WORD));
                    CHECK(!(lw[1 + e] & DY_LW_JOINED) == !el->joined);
                }
                uint32_t second = 0;
                if (sq.n > 1) {
                    const struct dy_elem *el = &m->elems[sq.first + 1];
                    if (el->kind == DY_E_WORD && (kind != 0 || el->joined))
                        second = el->id;
                }
                CHECK(d->second[j] == second);
            }
    }
}

static const char verb_exc[] = "broke break\nmet meet\nsaid say\n";
static const char noun_exc[] = "men man\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool once;
    if (!once) {
        /* no WordNet from disk: the same input always gives the same model */
        setenv("DYAD_WORDNET", "/nonexistent", 1);
        once = true;
    }
    const char *text = (const char *)data;
    static const char cut[] = "\n--8<--\n";
    const char *split = NULL;
    for (size_t i = 0; i + sizeof cut - 1 <= size && !split; i++)
        if (memcmp(text + i, cut, sizeof cut - 1) == 0)
            split = text + i;
    struct dyad_dict *d = dy_calloc(1, sizeof *d);
    if (!d)
        return 0;
    dy_model_init(&d->m);
    if (dy_lexicon_from_text(verb_exc, sizeof verb_exc - 1, noun_exc, sizeof noun_exc - 1,
                             &d->m.lex, NULL) != DYAD_OK) {
        dyad_dict_free(d);
        return 0;
    }
    struct count n = {0, 0};
    struct dy_diag diag = {on_diag, &n, size % 7 == 0 ? DYAD_DICT_STRICT : 0};
    dyad_error err;
    dyad_status st;
    if (!split) {
        st = dy_dyad_read(&d->m, "fuzz.txt", text, size, &diag, &err);
    } else {
        struct dy_dyad_reader *r;
        st = dy_dyad_begin(&d->m, &diag, &r, &err);
        if (st == DYAD_OK)
            st = dy_dyad_add(r, "a.txt", text, (size_t)(split - text), false, &err);
        if (st == DYAD_OK) {
            size_t off = (size_t)(split - text) + sizeof cut - 1;
            st = dy_dyad_add(r, "gen.txt", text + off, size - off, true, &err);
        }
        if (st == DYAD_OK)
            st = dy_dyad_finish(r, &err);
        else
            dy_dyad_reader_free(r);
    }
    CHECK(d->m.rejected == n.calls);
    if (st == DYAD_OK) {
        check(&d->m);
        if (dy_dict_compile(d, &err) == DYAD_OK) {
            check_lists(d);
            dyad_dict_check(d, on_warn, &n);
            const char *nl = memchr(text, '\n', size);
            size_t len = nl ? (size_t)(nl - text) : size;
            dyad_dict_lookup(d, text, len, (int32_t)(size * 997 % 20000), on_match, &n, &err);
        }
    } else {
        CHECK(st == DYAD_SYNTAX && err.status == DYAD_SYNTAX && diag.flags);
    }
    dyad_dict_free(d);
    return 0;
}
