/*
 * fuzz_dict_actors.c - libFuzzer target for the PETRARCH actor dictionary reader
 * (dy_petr_read_actors): the input is read as an actors file into a fresh model,
 * every index the model holds is checked, and the model is freed.
 */
#include "fuzz_dict.h"

#include <stdlib.h>
#include <string.h>

static void check_seq(const struct dy_dict_model *m, struct dy_seq s)
{
    CHECK(s.n > 0 && s.first <= m->n_elems && s.n <= m->n_elems - s.first);
    for (uint32_t i = 0; i < s.n; i++) {
        const struct dy_elem *e = &m->elems[s.first + i];
        CHECK(e->kind == DY_E_WORD && e->id >= 1 && e->id <= m->words.n);
        CHECK(m->words.lens[e->id] > 0);
    }
}

static void check(const struct dy_dict_model *m)
{
    for (size_t i = 0; i < m->n_actors; i++) {
        const struct dy_actor *a = &m->actors[i];
        CHECK(a->n_codes > 0 && a->first_code <= m->n_actor_codes &&
              a->n_codes <= m->n_actor_codes - a->first_code && a->file < m->n_files);
        for (uint32_t k = 0; k < a->n_codes; k++) {
            const struct dy_actor_code *c = &m->actor_codes[a->first_code + k];
            CHECK(c->code[0] && memchr(c->code, 0, sizeof c->code) && c->from <= c->to);
        }
    }
    for (size_t i = 0; i < m->n_actor_phrases; i++) {
        check_seq(m, m->actor_phrases[i].words);
        CHECK(m->actor_phrases[i].owner < m->n_actors);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dy_dict_model m;
    dy_model_init(&m);
    struct count n = {0, 0};
    struct dy_diag diag = {on_diag, &n, size % 7 == 0 ? DYAD_DICT_STRICT : 0};
    dyad_error err;
    dyad_status st = dy_petr_read_actors(&m, "fuzz.actors", (const char *)data, size, &diag, &err);
    CHECK(m.rejected == n.calls);
    if (st == DYAD_OK)
        check(&m);
    else
        CHECK(st == DYAD_SYNTAX && err.status == DYAD_SYNTAX && diag.flags);
    dy_model_free(&m);
    return 0;
}
