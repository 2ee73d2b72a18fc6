/*
 * wordclass.c - closed-class words (determiners, prepositions, auxiliaries, pronouns,
 * subordinators ...) from a fixed table; everything else is open class. This is the
 * lexicon half of the design's "word classes from a lexicon, not a model": context
 * rules in verbs.c decide the rest.
 */
#include "code/sent.h"

#include <stdlib.h>
#include <string.h>

struct wc {
    const char *word;
    uint8_t cls;
};

/* Sorted by word (strcmp order) for bsearch. */
static const struct wc table[] = {
    {"'", W_POSS},         {"'S", W_POSS},        {"A", W_DET},          {"ABOUT", W_PREP},
    {"ACROSS", W_PREP},    {"AFTER", W_SUBORD},   {"AGAIN", W_ADV},      {"AGAINST", W_PREP},
    {"ALL", W_DET},        {"ALONG", W_PREP},     {"ALREADY", W_ADV},    {"ALSO", W_ADV},
    {"ALTHOUGH", W_SUBORD},{"AM", W_AUX},         {"AMID", W_PREP},      {"AMONG", W_PREP},
    {"AN", W_DET},         {"AND", W_CONJ},       {"ANNOUNCED", W_SAYS}, {"ANOTHER", W_DET},
    {"ANY", W_DET},        {"ARE", W_AUX},        {"AROUND", W_PREP},    {"AS", W_SUBORD},
    {"AT", W_PREP},        {"BE", W_AUX},         {"BECAUSE", W_SUBORD}, {"BEEN", W_AUX},
    {"BEFORE", W_SUBORD},  {"BEING", W_AUX},      {"BETWEEN", W_PREP},   {"BOTH", W_DET},
    {"BUT", W_CONJ},       {"BY", W_BY},          {"CA", W_MODAL},       {"CAN", W_MODAL},
    {"COULD", W_MODAL},    {"DESPITE", W_PREP},   {"DID", W_AUX},        {"DO", W_AUX},
    {"DOES", W_AUX},       {"DURING", W_PREP},    {"EACH", W_DET},       {"EARLIER", W_ADV},
    {"EITHER", W_CONJ},    {"EVEN", W_ADV},       {"EVER", W_ADV},       {"EVERY", W_DET},
    {"FOR", W_PREP},       {"FROM", W_PREP},      {"HAD", W_AUX},        {"HAS", W_AUX},
    {"HAVE", W_AUX},       {"HAVING", W_AUX},     {"HE", W_PRON},        {"HER", W_DET},
    {"HERE", W_ADV},       {"HIM", W_PRON},       {"HIS", W_DET},        {"HOWEVER", W_ADV},
    {"I", W_PRON},         {"IF", W_SUBORD},      {"IN", W_PREP},        {"INSIDE", W_PREP},
    {"INTO", W_PREP},      {"IS", W_AUX},         {"IT", W_PRON},        {"ITS", W_DET},
    {"JUST", W_ADV},       {"LATER", W_ADV},      {"MAY", W_MODAL},      {"ME", W_PRON},
    {"MIGHT", W_MODAL},    {"MORE", W_ADV},       {"MOST", W_ADV},       {"MUST", W_MODAL},
    {"MY", W_DET},         {"N'T", W_NEG},        {"NEAR", W_PREP},      {"NEITHER", W_CONJ},
    {"NEVER", W_NEG},      {"NO", W_DET},         {"NOR", W_CONJ},       {"NOT", W_NEG},
    {"NOW", W_ADV},        {"OF", W_PREP},        {"OFF", W_PREP},       {"ON", W_PREP},
    {"ONCE", W_SUBORD},    {"ONTO", W_PREP},      {"OR", W_CONJ},        {"OUR", W_DET},
    {"OUT", W_PREP},       {"OVER", W_PREP},      {"REPORTED", W_SAYS},  {"SAID", W_SAYS},
    {"SAY", W_SAYS},       {"SAYS", W_SAYS},      {"SHALL", W_MODAL},    {"SHE", W_PRON},
    {"SHOULD", W_MODAL},   {"SINCE", W_SUBORD},   {"SO", W_ADV},         {"SOME", W_DET},
    {"STILL", W_ADV},      {"THAN", W_PREP},      {"THAT", W_SUBORD},    {"THE", W_DET},
    {"THEIR", W_DET},      {"THEM", W_PRON},      {"THEN", W_ADV},       {"THERE", W_PRON},
    {"THESE", W_DET},      {"THEY", W_PRON},      {"THIS", W_DET},       {"THOSE", W_DET},
    {"THOUGH", W_SUBORD},  {"THROUGH", W_PREP},   {"TO", W_TO},          {"TOLD", W_SAYS},
    {"TOO", W_ADV},        {"TOWARD", W_PREP},    {"TOWARDS", W_PREP},   {"UNDER", W_PREP},
    {"UNLESS", W_SUBORD},  {"UNTIL", W_SUBORD},   {"UPON", W_PREP},      {"US", W_PRON},
    {"VERY", W_ADV},       {"WAS", W_AUX},        {"WE", W_PRON},        {"WERE", W_AUX},
    {"WHEN", W_SUBORD},    {"WHERE", W_SUBORD},   {"WHEREAS", W_SUBORD}, {"WHETHER", W_SUBORD},
    {"WHICH", W_REL},      {"WHILE", W_SUBORD},   {"WHO", W_REL},        {"WHOM", W_REL},
    {"WHOSE", W_REL},      {"WILL", W_MODAL},     {"WITH", W_PREP},      {"WITHIN", W_PREP},
    {"WITHOUT", W_PREP},   {"WO", W_MODAL},       {"WOULD", W_MODAL},    {"YET", W_ADV},
    {"YOU", W_PRON},       {"YOUR", W_DET},
};

static int cmp_wc(const void *key, const void *elem)
{
    return strcmp(key, ((const struct wc *)elem)->word);
}

struct dy_wordclasses *dy_wordclasses_new(const struct dyad_dict *d)
{
    struct dy_wordclasses *w = dy_calloc(1, sizeof *w);
    size_t n = (size_t)d->m.words.n + 1;
    if (!w || !(w->by_word = dy_malloc(n))) {
        dy_free(w);
        return NULL;
    }
    memset(w->by_word, 0xff, n);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        size_t len = strlen(table[i].word);
        uint32_t id = dy_intern_find(&d->m.words, table[i].word, len);
        if (id)
            w->by_word[id] = table[i].cls;
        else
            w->lens[(unsigned char)table[i].word[0]] |= (uint16_t)(1u << len);
    }
    return w;
}

void dy_wordclasses_free(struct dy_wordclasses *w)
{
    if (w)
        dy_free(w->by_word);
    dy_free(w);
}

static uint8_t class_of(const struct dy_stok *st, const struct dy_wordclasses *wc)
{
    const struct dy_token *t = st->tok;
    if (t->flags & DY_TOK_QUOTE)
        return W_PUNCT;
    if (t->flags & DY_TOK_PUNCT)
        return t->norm_len == 1 && t->norm[0] == ',' ? W_COMMA : W_PUNCT;
    if (t->flags & DY_TOK_NUM)
        return W_NUM;
    if (st->word && wc) {
        if (wc->by_word[st->word] != 0xff)
            return wc->by_word[st->word];
    } else if (!wc || (t->norm_len < 16 &&
                       ((wc->lens[(unsigned char)t->norm[0]] >> t->norm_len) & 1))) {
        const struct wc *hit =
            bsearch(t->norm, table, sizeof table / sizeof table[0], sizeof table[0], cmp_wc);
        if (hit)
            return hit->cls;
    }
    if (t->norm_len > 3 && memcmp(t->norm + t->norm_len - 2, "LY", 2) == 0)
        return W_ADV;
    return W_OTHER;
}

uint8_t dy_word_class(const struct dy_stok *t, const struct dy_wordclasses *wc)
{
    return class_of(t, wc);
}

void dy_classify(struct dy_sent *s)
{
    for (size_t i = 0; i < s->n; i++)
        s->t[i].cls = s->t[i].cls0;
}
