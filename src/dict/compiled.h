/*
 * compiled.h - the dictionary as the matcher uses it: the model plus indexes from each
 * word to the phrases and verb forms that start with it, longest first. Immutable once
 * built; shared by all coder threads.
 */
#ifndef DY_COMPILED_H
#define DY_COMPILED_H

#include "dict/dict.h"

/* For one word id: where its entries start in dyad_dict.index (each list is sorted by
 * phrase length, longest first). */
struct dy_word_entry {
    uint32_t actors, n_actors;    /* actor_phrases indexes */
    uint32_t agents, n_agents;    /* agent_phrases indexes */
    uint32_t discards, n_discards;
    uint32_t forms, n_forms;      /* verb forms whose first word this is */
};

struct dyad_dict {
    struct dy_dict_model m;
    struct dy_word_entry *by_word; /* [m.words.n + 1] */
    uint32_t *index;               /* the lists referenced from by_word */
    size_t n_index;
    uint32_t *block_patterns;      /* per block, its patterns in trial order */
    uint8_t *form_past;            /* per verb form: its verb word is a past form */
    dyad_dict_stats stats;
};

dyad_status dy_dict_compile(struct dyad_dict *d, dyad_error *err);

/* The actor code that applies on `day` (INT32_MIN: undated article -> default), or NULL. */
const char *dy_actor_code(const struct dyad_dict *d, uint32_t actor, int32_t day);

#endif
