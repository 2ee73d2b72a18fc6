/*
 * fuzz_dict_verbs.c - libFuzzer target for the PETRARCH verb dictionary reader
 * (dy_petr_read_verbs): the input is read as a verbs file into a fresh model, every index
 * the model holds is checked to point where it should, and the model is freed.
 */
#include "fuzz_dict.h"

#include <stdlib.h>
#include <string.h>

static void check_seq(const struct dy_dict_model *m, struct dy_seq s)
{
    CHECK(s.first <= m->n_elems && s.n <= m->n_elems - s.first);
    for (uint32_t i = 0; i < s.n; i++) {
        const struct dy_elem *e = &m->elems[s.first + i];
        if (e->kind == DY_E_WORD)
            CHECK(e->id >= 1 && e->id <= m->words.n);
        else if (e->kind == DY_E_SYNSET)
            CHECK(e->id < m->n_synsets);
        CHECK(e->group <= (DY_G_NOUN | DY_G_PREP) && (e->open & ~e->group) == 0);
    }
}

static void check(const struct dy_dict_model *m)
{
    for (size_t i = 0; i < m->n_blocks; i++) {
        const struct dy_verb_block *b = &m->blocks[i];
        CHECK(b->first_pattern <= m->n_patterns &&
              b->n_patterns <= m->n_patterns - b->first_pattern);
        CHECK(b->name >= 1 && b->name <= m->words.n && b->file < m->n_files);
    }
    for (size_t i = 0; i < m->n_patterns; i++) {
        const struct dy_pattern *p = &m->patterns[i];
        check_seq(m, p->elems);
        CHECK(p->verb_pos < p->elems.n);
        CHECK(m->elems[p->elems.first + p->verb_pos].kind == DY_E_VERB);
        CHECK(p->block < m->n_blocks && p->text < m->strings.len);
        const struct dy_verb_block *b = &m->blocks[p->block];
        CHECK(i >= b->first_pattern && i < b->first_pattern + b->n_patterns);
    }
    for (size_t i = 0; i < m->n_forms; i++) {
        const struct dy_verb_form *f = &m->forms[i];
        check_seq(m, f->words);
        CHECK(f->words.n > 0 && f->head < f->words.n && f->block < m->n_blocks);
        for (uint32_t k = 0; k < f->words.n; k++)
            CHECK(m->elems[f->words.first + k].kind == DY_E_WORD);
    }
    for (size_t i = 0; i < m->n_synsets; i++) {
        const struct dy_synset *s = &m->synsets[i];
        CHECK(s->first_phrase <= m->n_synset_phrases &&
              s->n_phrases <= m->n_synset_phrases - s->first_phrase);
        for (uint32_t k = 0; k < s->n_phrases; k++)
            CHECK(m->synset_phrases[s->first_phrase + k].owner == i);
    }
    for (size_t i = 0; i < m->n_synset_phrases; i++)
        check_seq(m, m->synset_phrases[i].words);
    for (size_t i = 0; i < m->n_transforms; i++)
        CHECK(m->transforms[i].text < m->strings.len && m->transforms[i].verb <= m->words.n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* WordNet is read once: loading it for every input would be most of the work. */
    static struct dy_lexicon *lex;
    if (!lex && dy_lexicon_load(&lex, NULL) != DYAD_OK)
        return 0;
    struct dy_dict_model m;
    dy_model_init(&m);
    m.lex = lex;
    struct count n = {0, 0};
    struct dy_diag diag = {on_diag, &n, size % 7 == 0 ? DYAD_DICT_STRICT : 0};
    dyad_error err;
    dyad_status st = dy_petr_read_verbs(&m, "fuzz.verbs", (const char *)data, size, &diag, &err);
    CHECK(m.rejected == n.calls);
    if (st == DYAD_OK)
        check(&m);
    else
        CHECK(st == DYAD_SYNTAX && err.status == DYAD_SYNTAX && diag.flags);
    m.lex = NULL;
    dy_model_free(&m);
    return 0;
}
