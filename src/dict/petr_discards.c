/*
 * petr_discards.c - reads a PETRARCH discard dictionary (PETR.Validate.discards.txt,
 * Phoenix.discards.txt): one phrase per line; "+PHRASE" discards the whole story it is
 * found in, a plain phrase only the sentence.
 */
#include "dict/dict.h"

#include <string.h>

dyad_status dy_petr_read_discards(struct dy_dict_model *m, const char *source, const char *text,
                                  size_t len, const struct dy_diag *diag, dyad_error *err)
{
    if (!m || (!text && len))
        return dy_fail(err, DYAD_MISUSE, "dy_petr_read_discards: no model or text");
    struct dy_petr_ctx c;
    dyad_status st = dy_petr_begin(&c, m, source, text, len, diag, err);
    const char *s;
    size_t n;
    while (st == DYAD_OK && dy_petr_line(&c, &s, &n)) {
        n = dy_petr_uncomment(s, n, false);
        dy_trim(&s, &n);
        if (n == 0)
            continue;
        struct dy_discard d = {.story = s[0] == '+', .line = c.line, .file = c.file};
        struct dy_petr_phrase ph;
        st = dy_petr_phrase(&c, s + d.story, n - d.story, 0, &ph);
        if (st == DYAD_SYNTAX) {
            st = dy_petr_reject(&c, c.line, c.msg_at, s, n, "%s", c.msg);
            continue;
        }
        if (st != DYAD_OK)
            break;
        if (ph.seq.n == 0) {
            st = dy_petr_reject(&c, c.line, s, s, n, "%s", "empty discard phrase");
            continue;
        }
        if (m->n_discards >= UINT32_MAX / 2) {
            m->n_elems = ph.seq.first;
            st = dy_petr_reject(&c, c.line, NULL, s, n, "%s", "too many discards");
            continue;
        }
        struct dy_phrase p = {.words = ph.seq, .owner = (uint32_t)m->n_discards, .line = c.line};
        if (DY_PUSH(m->discards, m->n_discards, m->cap_discards, d) != DYAD_OK ||
            DY_PUSH(m->discard_phrases, m->n_discard_phrases, m->cap_discard_phrases, p) != DYAD_OK)
            st = DYAD_NOMEM;
    }
    if (st == DYAD_OK)
        st = dy_petr_end(&c);
    else
        dy_petr_free(&c);
    if (st == DYAD_NOMEM)
        dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", source ? source : "");
    return st;
}
