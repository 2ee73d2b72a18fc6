/*
 * fuzz_dict_agents.c - libFuzzer target for the PETRARCH agent dictionary reader
 * (dy_petr_read_agents): the input is read as an agents file into a fresh model,
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
    for (size_t i = 0; i < m->n_agents; i++)
        CHECK(m->agents[i].code[0] && memchr(m->agents[i].code, 0, sizeof m->agents[i].code));
    for (size_t i = 0; i < m->n_agent_phrases; i++) {
        check_seq(m, m->agent_phrases[i].words);
        CHECK(m->agent_phrases[i].owner < m->n_agents);
    }
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
    dyad_status st = dy_petr_read_agents(&m, "fuzz.agents", (const char *)data, size, &diag, &err);
    CHECK(m.rejected == n.calls);
    if (st == DYAD_OK)
        check(&m);
    else
        CHECK(st == DYAD_SYNTAX && err.status == DYAD_SYNTAX && diag.flags);
    m.lex = NULL;
    dy_model_free(&m);
    return 0;
}
