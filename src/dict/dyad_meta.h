/*
 * dyad_meta.h - what the model keeps of dyad's own format beyond what the coder needs:
 * each entry's id and kind, where each dated code came from, which phrases were derived,
 * and the observations the reader made that are not errors. `dyad dict check`, `lookup`
 * and `stats` read it (dyad_check.c, dyad_lookup.c, dyad_load.c).
 */
#ifndef DY_DYAD_META_H
#define DY_DYAD_META_H

#include "dict/dict.h"

/* What an actor entry is, for `dyad dict stats` (docs/dictionaries.md, "Counting"). */
enum dy_actor_class {
    DY_AC_NONE = 0, /* not from dyad's format */
    DY_AC_COUNTRY,  /* generated: an ISO 3166 country or territory */
    DY_AC_CAPITAL,  /* generated: a capital standing for its government */
    DY_AC_PLACE,    /* written, first code of three letters: a city, a region */
    DY_AC_STATE,    /* written, first code COUNTRY + GOV, MIL, LEG, JUD, COP or SPY */
    DY_AC_ORG,      /* written, any other code: IGOs, NGOs, parties, armed groups */
    DY_AC_PERSON    /* a person entry; its codes are its roles */
};

/* One entry of the model (actor, agent, verb block, pattern, synset, discard). */
struct dy_dyad_item {
    uint32_t id;       /* offset of the entry's id in meta->text; 0 is "" */
    uint8_t cls;       /* actors: enum dy_actor_class */
    uint8_t generated; /* read from a generated file */
};

/* Where one actor code was written: the actor line, or a role line (maybe in another
 * file than its person). */
struct dy_dyad_where {
    uint32_t file, line;
};

/* Something the reader noticed that is not an error (a phrase listed twice in one entry):
 * reported by `dyad dict check`. */
struct dy_dyad_note {
    uint32_t file, line;
    uint32_t msg; /* offset in meta->text */
};

struct dy_dyad_meta {
    struct dy_buf text; /* NUL-terminated strings; offset 0 holds "" */
    /* parallel to the model's arrays of the same name */
    struct dy_dyad_item *actors;
    size_t n_actors, cap_actors;
    struct dy_dyad_where *codes; /* m->actor_codes */
    size_t n_codes, cap_codes;
    uint8_t *surname; /* m->actor_phrases: 1 if a surname derived from the full name */
    size_t n_surname, cap_surname;
    struct dy_dyad_item *agents;
    size_t n_agents, cap_agents;
    struct dy_dyad_item *blocks;
    size_t n_blocks, cap_blocks;
    struct dy_dyad_item *patterns;
    size_t n_patterns, cap_patterns;
    struct dy_dyad_item *synsets;
    size_t n_synsets, cap_synsets;
    struct dy_dyad_item *discards;
    size_t n_discards, cap_discards;
    struct dy_dyad_note *notes;
    size_t n_notes, cap_notes;
    size_t n_roles; /* role lines attached to people */
};

static inline const char *dy_dyad_str(const struct dy_dyad_meta *meta, uint32_t off)
{
    return meta && off < meta->text.len ? meta->text.data + off : "";
}

/* Appends a dated code's range to b as `dyad dict check` and `lookup` print it:
 * "2017-01-20..2021-01-19", an open end left empty (dyad_check.c). */
void dy_code_range_text(const struct dy_actor_code *c, struct dy_buf *b);

#endif
