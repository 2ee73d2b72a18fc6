/*
 * petr_verbs.c - reads a PETRARCH/TABARI verb dictionary (PETR.Validate.verbs.txt,
 * CAMEO.2.0.txt) into the model: synsets (&NAME and +PHRASE lines), verb blocks
 * (--- NAME [CODE] ---), their verbs with irregular and generated forms, their patterns
 * (- WORDS * WORDS [CODE]) and the CAMEO.2.0 transformations (~ a (a b X) Y = a b CODE).
 */
#include "dict/dict.h"
#include "text/text.h"

#include <assert.h>
#include <ctype.h>
#include <string.h>

enum context { CTX_NONE, CTX_SYNSET, CTX_BAD_SYNSET, CTX_BLOCK, CTX_BAD_BLOCK };

struct verb_reader {
    struct dy_petr_ctx c;
    struct dy_intern names;   /* every synset name defined (this file and earlier ones) */
    struct dy_intern defined; /* names of m->synsets, */
    uint32_t *def_index;      /* ... by defined's id: the synset's index */
    size_t cap_def_index;
    enum context ctx;
    uint32_t block, synset;
    size_t first_pattern, first_synset_phrase;
};

static bool starts(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

/* A code "[031]", "[031:032]", "[:173]", "[---]"; codes are kept as written (a lint checks
 * them against CAMEO). `s` is what is between the brackets. NULL, or why it is bad. */
static const char *parse_code(const char *s, size_t n, char code[8], char code2[8])
{
    const char *colon = memchr(s, ':', n);
    const char *a = s, *b = NULL;
    size_t na = colon ? (size_t)(colon - s) : n, nb = 0;
    if (colon) {
        b = colon + 1;
        nb = n - na - 1;
    }
    dy_trim(&a, &na);
    if (b)
        dy_trim(&b, &nb);
    if (na == 0 && nb == 0)
        return "empty code";
    if (na >= 8 || nb >= 8)
        return "code longer than 7 characters";
    for (size_t i = 0; i < na + nb; i++) {
        unsigned char ch = (unsigned char)(i < na ? a[i] : b[i - na]);
        if (ch <= ' ' || ch >= 0x7f || ch == ':' || ch == '[' || ch == ']')
            return "malformed code";
    }
    memcpy(code, a, na);
    code[na] = '\0';
    if (b)
        memcpy(code2, b, nb);
    code2[nb] = '\0';
    return NULL;
}

/* "&NAME_ # comment" -> the name without '&' and trailing '_'. NULL, or why it is bad. */
static const char *synset_header(const char *s, size_t n, const char **name, size_t *name_len,
                                 bool *exact)
{
    const char *p = s + 1;
    size_t k = n - 1;
    dy_trim(&p, &k);
    *exact = false;
    while (k > 0 && p[k - 1] == '_') {
        k--;
        *exact = true;
    }
    if (k == 0)
        return "synset with no name";
    for (size_t i = 0; i < k; i++)
        if (isspace((unsigned char)p[i]) || p[i] == '&' || p[i] == '[' || p[i] == ']' ||
            p[i] == '{' || p[i] == '}' || p[i] == '(' || p[i] == ')' || p[i] == '*')
            return "malformed synset name";
    *name = p;
    *name_len = k;
    return NULL;
}

/* The text of a line with its comments cut off and white space trimmed. */
static void clean_line(const char **s, size_t *n)
{
    *n = dy_petr_uncomment(*s, *n, true);
    dy_trim(s, n);
}

/* Records that synset `index` is called `name`. */
static dyad_status define(struct verb_reader *r, const char *name, size_t len, uint32_t index)
{
    uint32_t id = dy_intern_add(&r->defined, name, len);
    if (!id || dy_grow((void **)&r->def_index, &r->cap_def_index, (size_t)id + 1,
                       sizeof *r->def_index) != DYAD_OK)
        return DYAD_NOMEM;
    r->def_index[id] = index;
    return DYAD_OK;
}

/* First pass: the names of all synsets, so that references may come before definitions
 * and "&GENINT_CONVENTIONS" can be told from "&FIGHT_OF_WORDS". */
static dyad_status collect_names(struct verb_reader *r)
{
    struct dy_dict_model *m = r->c.m;
    struct dy_buf norm = {0};
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < m->n_synsets && st == DYAD_OK; i++) {
        uint32_t id = m->synsets[i].name;
        const char *name = dy_intern_str(&m->words, id);
        size_t len = m->words.lens[id];
        if (!dy_intern_add(&r->names, name, len))
            st = DYAD_NOMEM;
        else if (!dy_intern_find(&r->defined, name, len))
            st = define(r, name, len, (uint32_t)i);
    }
    struct dy_petr_ctx walk = r->c; /* a copy for the walk; nothing it owns is touched */
    walk.quiet = true;              /* the main walk reports and counts */
    const char *s;
    size_t n;
    while (st == DYAD_OK && dy_petr_line(&walk, &s, &n)) {
        clean_line(&s, &n);
        if (n == 0 || s[0] != '&')
            continue;
        const char *name;
        size_t name_len;
        bool exact;
        if (synset_header(s, n, &name, &name_len, &exact))
            continue;
        norm.len = 0;
        dyad_status ns = dy_norm_word(name, name_len, &norm);
        if (ns == DYAD_NOMEM)
            st = ns;
        else if (ns == DYAD_OK && norm.len && !dy_intern_add(&r->names, norm.data, norm.len))
            st = DYAD_NOMEM;
    }
    dy_buf_free(&norm);
    r->c.synset_names = &r->names;
    return st;
}

/* Reports the current line as a bad entry. */
#define REJECT(r, at, s, n, ...) dy_petr_reject(&(r)->c, (r)->c.line, at, s, n, __VA_ARGS__)

/* "&NAME" starts a synset. */
static dyad_status read_synset(struct verb_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    const char *name, *why;
    size_t name_len;
    bool exact;
    r->ctx = CTX_BAD_SYNSET;
    if ((why = synset_header(s, n, &name, &name_len, &exact)))
        return REJECT(r, s, s, n, "%s", why);
    uint32_t id;
    dyad_status st = dy_petr_word(&r->c, name, name_len, &id);
    if (st == DYAD_SYNTAX)
        return REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
    if (st != DYAD_OK)
        return st;
    const char *norm = dy_intern_str(&m->words, id);
    if (dy_intern_find(&r->defined, norm, m->words.lens[id]))
        return REJECT(r, s, s, n, "synset '&%s' is defined twice", norm);
    if (m->n_synsets >= UINT32_MAX / 2)
        return REJECT(r, s, s, n, "%s", "too many synsets");
    if ((st = define(r, norm, m->words.lens[id], (uint32_t)m->n_synsets)) != DYAD_OK)
        return st;
    struct dy_synset syn = {.name = id,
                            .first_phrase = (uint32_t)m->n_synset_phrases,
                            .line = r->c.line,
                            .file = r->c.file,
                            .exact = exact};
    if (DY_PUSH(m->synsets, m->n_synsets, m->cap_synsets, syn) != DYAD_OK)
        return DYAD_NOMEM;
    r->synset = (uint32_t)(m->n_synsets - 1);
    r->ctx = CTX_SYNSET;
    return DYAD_OK;
}

/* "+PHRASE" inside a synset. */
static dyad_status read_synset_phrase(struct verb_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    struct dy_petr_phrase ph;
    dyad_status st = dy_petr_phrase(&r->c, s + 1, n - 1, DY_PT_SYNSET, &ph);
    if (st == DYAD_SYNTAX)
        return REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
    if (st != DYAD_OK)
        return st;
    if (ph.seq.n == 0)
        return REJECT(r, s, s, n, "%s", "empty synset phrase");
    struct dy_phrase p = {.words = ph.seq, .owner = r->synset, .line = r->c.line};
    if (DY_PUSH(m->synset_phrases, m->n_synset_phrases, m->cap_synset_phrases, p) != DYAD_OK)
        return DYAD_NOMEM;
    m->synsets[r->synset].n_phrases++;
    return DYAD_OK;
}

/* "--- NAME [CODE] ---": also "--- DELAY [120]  [031:031]  ---" (the first code counts)
 * and a missing closing "---". */
static dyad_status read_block(struct verb_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    r->ctx = CTX_BAD_BLOCK;
    const char *p = s + 3, *e = s + n;
    while (e > p && (e[-1] == '-' || isspace((unsigned char)e[-1])))
        e--;
    const char *lb = memchr(p, '[', (size_t)(e - p));
    if (!lb)
        return REJECT(r, NULL, s, n, "%s", "verb block has no [code]");
    const char *rb = memchr(lb, ']', (size_t)(e - lb));
    if (!rb)
        return REJECT(r, lb, s, n, "%s", "unbalanced '[' in block code");
    /* What follows the code is ignored, but its brackets must pair up. */
    int depth = 0;
    for (const char *q = rb + 1; q < e; q++) {
        if (*q == '[' && depth++ > 0)
            return REJECT(r, q, s, n, "%s", "unbalanced '[' after the block code");
        if (*q == ']' && depth-- == 0)
            return REJECT(r, q, s, n, "%s", "unbalanced ']' after the block code");
    }
    if (depth)
        return REJECT(r, NULL, s, n, "%s", "unbalanced '[' after the block code");
    const char *name = p;
    size_t name_len = (size_t)(lb - p);
    dy_trim(&name, &name_len);
    if (name_len == 0)
        return REJECT(r, NULL, s, n, "%s", "verb block has no name");
    struct dy_verb_block b = {0};
    const char *why = parse_code(lb + 1, (size_t)(rb - lb - 1), b.code, b.code2);
    if (why)
        return REJECT(r, lb, s, n, "%s", why);
    struct dy_petr_phrase ph;
    dyad_status st = dy_petr_phrase(&r->c, name, name_len, 0, &ph);
    if (st == DYAD_SYNTAX)
        return REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
    if (st != DYAD_OK)
        return st;
    if (ph.seq.n == 0)
        return REJECT(r, NULL, s, n, "%s", "verb block has no name");
    b.name = m->elems[ph.seq.first].id;
    m->n_elems = ph.seq.first; /* the name's words are only needed for its id */
    b.line = r->c.line;
    b.file = r->c.file;
    b.first_pattern = (uint32_t)m->n_patterns;
    if (m->n_blocks >= UINT32_MAX / 2)
        return REJECT(r, NULL, s, n, "%s", "too many verb blocks");
    if (DY_PUSH(m->blocks, m->n_blocks, m->cap_blocks, b) != DYAD_OK)
        return DYAD_NOMEM;
    r->block = (uint32_t)(m->n_blocks - 1);
    r->ctx = CTX_BLOCK;
    return DYAD_OK;
}

/* ---- verb lines ---------------------------------------------------------------------- */

/* Forms one verb line may have; real ones have a handful. */
#define MAX_FORMS 1024

struct verb_line {
    struct verb_reader *r;
    bool too_many;      /* forms past MAX_FORMS were dropped */
    size_t first_form;  /* forms of this line start here, for de-duplication */
    struct dy_seq base; /* the base form's elements */
    uint32_t head;
    char code[8], code2[8];
};

static bool same_form(const struct dy_dict_model *m, const struct dy_verb_form *f, uint32_t first,
                      uint32_t n, uint32_t head)
{
    if (f->words.n != n || f->head != head)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (m->elems[f->words.first + i].id != m->elems[first + i].id)
            return false;
    return true;
}

/* Adds the form made of the last `n` elements (from `first`) unless the line has it. */
static dyad_status add_form(struct verb_line *vl, uint32_t first, uint32_t n, uint32_t head,
                            bool base, bool generated)
{
    struct verb_reader *r = vl->r;
    struct dy_dict_model *m = r->c.m;
    for (size_t i = vl->first_form; i < m->n_forms; i++) {
        if (same_form(m, &m->forms[i], first, n, head)) {
            m->n_elems = first;
            return DYAD_OK;
        }
    }
    /* The forms of a line are compared pairwise: a bound keeps that linear in the file. */
    if (m->n_forms - vl->first_form >= MAX_FORMS) {
        m->n_elems = first;
        vl->too_many = true;
        return DYAD_OK;
    }
    struct dy_verb_form f = {.words = {first, n},
                             .head = (uint8_t)head,
                             .generated = generated,
                             .base = base,
                             .block = r->block,
                             .line = r->c.line,
                             .file = r->c.file};
    memcpy(f.code, vl->code, sizeof f.code);
    memcpy(f.code2, vl->code2, sizeof f.code2);
    return DY_PUSH(m->forms, m->n_forms, m->cap_forms, f);
}

/* dy_verb_inflect callback: the base form with its head word replaced. */
static dyad_status add_generated(void *ctx, const char *form, size_t len)
{
    struct verb_line *vl = ctx;
    struct dy_dict_model *m = vl->r->c.m;
    uint32_t id;
    dyad_status st = dy_petr_word(&vl->r->c, form, len, &id);
    if (st == DYAD_SYNTAX)
        return DYAD_OK; /* cannot happen for upper-case ASCII suffixes; skip if it does */
    if (st != DYAD_OK)
        return st;
    uint32_t first = (uint32_t)m->n_elems;
    for (uint32_t i = 0; i < vl->base.n; i++) {
        struct dy_elem e = m->elems[vl->base.first + i];
        if (i == vl->head)
            e.id = id;
        if (DY_PUSH(m->elems, m->n_elems, m->cap_elems, e) != DYAD_OK)
            return DYAD_NOMEM;
    }
    return add_form(vl, first, vl->base.n, vl->head, false, true);
}

/* "VERB", "VERB {FORM FORM} [CODE] ; comment", "+BREAK_DOWN {+BREAKS_DOWN ...}",
 * "KLM_NOP_+RST [002]", "LASH OUT". */
static dyad_status read_verb(struct verb_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    struct verb_line vl = {.r = r, .first_form = m->n_forms};
    const char *lbrace = memchr(s, '{', n), *rbrace = NULL;
    const char *lb = memchr(s, '[', n), *rb = NULL;
    const char *end_name = s + n;
    dyad_status st;
    if (lbrace && (!lb || lbrace < lb)) {
        rbrace = memchr(lbrace, '}', (size_t)(s + n - lbrace));
        if (!rbrace)
            return REJECT(r, lbrace, s, n, "%s", "unbalanced '{' in verb forms");
        end_name = lbrace;
        lb = memchr(rbrace, '[', (size_t)(s + n - rbrace));
    } else if (lb) {
        end_name = lb;
    }
    if (lb) {
        rb = memchr(lb, ']', (size_t)(s + n - lb));
        if (!rb)
            return REJECT(r, lb, s, n, "%s", "unbalanced '[' in verb code");
        const char *why = parse_code(lb + 1, (size_t)(rb - lb - 1), vl.code, vl.code2);
        if (why)
            return REJECT(r, lb, s, n, "%s", why);
    }
    /* Nothing but white space may come between the parts or after the code. */
    const char *after = rb ? rb + 1 : rbrace ? rbrace + 1 : end_name;
    const char *between = rbrace && lb ? rbrace + 1 : NULL;
    for (const char *q = after; q < s + n; q++)
        if (!isspace((unsigned char)*q))
            return REJECT(r, q, s, n, "%s", "unexpected text after the verb");
    for (const char *q = between; q && q < lb; q++)
        if (!isspace((unsigned char)*q))
            return REJECT(r, q, s, n, "%s", "unexpected text after the verb forms");

    size_t first_elem = m->n_elems;
    struct dy_petr_phrase ph;
    st = dy_petr_phrase(&r->c, s, (size_t)(end_name - s), DY_PT_HEAD, &ph);
    if (st == DYAD_SYNTAX)
        return REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
    if (st != DYAD_OK)
        return st;
    if (ph.seq.n == 0)
        return REJECT(r, s, s, n, "%s", "verb line with no verb");
    if (ph.seq.n > 255) {
        m->n_elems = first_elem;
        return REJECT(r, s, s, n, "%s", "verb of more than 255 words");
    }
    vl.base = ph.seq;
    vl.head = ph.head >= 0 ? (uint32_t)ph.head : 0;
    st = add_form(&vl, ph.seq.first, ph.seq.n, vl.head, true, false);
    if (st != DYAD_OK)
        return st;

    /* {FORM FORM, FORM}: each its own phrase of '_'-joined words. */
    bool no_forms = false;
    if (lbrace) {
        const char *p = lbrace + 1;
        no_forms = true;
        while (p < rbrace) {
            while (p < rbrace && (isspace((unsigned char)*p) || *p == ','))
                p++;
            const char *q = p;
            while (q < rbrace && !isspace((unsigned char)*q) && *q != ',')
                q++;
            if (q == p)
                break;
            no_forms = false;
            struct dy_petr_phrase fp;
            st = dy_petr_phrase(&r->c, p, (size_t)(q - p), DY_PT_HEAD, &fp);
            if (st == DYAD_OK && fp.seq.n == 0) {
                st = REJECT(r, p, s, n, "%s", "empty verb form");
                if (st != DYAD_OK)
                    return st;
                p = q;
                continue;
            }
            if (st == DYAD_SYNTAX) {
                /* The line's forms so far stay; this one is reported. */
                st = REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
                if (st != DYAD_OK)
                    return st;
                p = q;
                continue;
            }
            if (st != DYAD_OK)
                return st;
            if (fp.seq.n > 255) {
                m->n_elems = fp.seq.first;
                st = REJECT(r, p, s, n, "%s", "verb form of more than 255 words");
                if (st != DYAD_OK)
                    return st;
                p = q;
                continue;
            }
            uint32_t head = fp.head >= 0 ? (uint32_t)fp.head : vl.head < fp.seq.n ? vl.head : 0;
            st = add_form(&vl, fp.seq.first, fp.seq.n, head, false, false);
            if (st != DYAD_OK)
                return st;
            p = q;
        }
    }
    /* "{}" says the verb has no other forms (CAMEO.2.0: "+KILLED_OR {}"); otherwise the
     * regular and WordNet forms are added, marked generated. */
    if (no_forms)
        return DYAD_OK;
    if (!m->lex) {
        st = dy_lexicon_load(&m->lex, r->c.err);
        if (st != DYAD_OK)
            return st;
    }
    uint32_t head_id = m->elems[vl.base.first + vl.head].id;
    const char *lemma = dy_intern_str(&m->words, head_id);
    st = dy_verb_inflect(m->lex, lemma, m->words.lens[head_id], add_generated, &vl);
    if (st == DYAD_OK && vl.too_many)
        st = REJECT(r, NULL, s, n, "more than %d forms of one verb: the rest are left out",
                    MAX_FORMS);
    return st;
}

/* ---- patterns and transformations ------------------------------------------------------ */

static dyad_status read_pattern(struct verb_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    const char *lb = NULL;
    for (size_t i = n; i-- > 1;)
        if (s[i] == '[') {
            lb = s + i;
            break;
        }
    if (!lb)
        return REJECT(r, NULL, s, n, "%s", "pattern has no [code]");
    const char *rb = memchr(lb, ']', (size_t)(s + n - lb));
    if (!rb)
        return REJECT(r, lb, s, n, "%s", "unbalanced '[' in pattern code");
    for (const char *q = rb + 1; q < s + n; q++)
        if (!isspace((unsigned char)*q))
            return REJECT(r, q, s, n, "%s", "unexpected text after the pattern code");
    struct dy_pattern pat = {0};
    const char *why = parse_code(lb + 1, (size_t)(rb - lb - 1), pat.code, pat.code2);
    if (why)
        return REJECT(r, lb, s, n, "%s", why);
    struct dy_petr_phrase ph;
    dyad_status st = dy_petr_phrase(&r->c, s + 1, (size_t)(lb - s - 1),
                                    DY_PT_SPECIAL | DY_PT_GROUP | DY_PT_SYNSET, &ph);
    if (st == DYAD_SYNTAX)
        return REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
    if (st != DYAD_OK)
        return st;
    if (ph.n_verbs != 1) {
        m->n_elems = ph.seq.first;
        return REJECT(r, NULL, s, n, "%s",
                      ph.n_verbs ? "pattern has more than one '*' verb marker"
                                 : "pattern has no '*' verb marker");
    }
    if (m->strings.len > UINT32_MAX / 2 || n > UINT32_MAX / 4) {
        m->n_elems = ph.seq.first;
        return REJECT(r, NULL, s, n, "%s", "too much pattern text");
    }
    pat.elems = ph.seq;
    pat.verb_pos = ph.verb_pos;
    pat.block = r->block;
    pat.line = r->c.line;
    pat.file = r->c.file;
    pat.text = (uint32_t)m->strings.len;
    if (dy_buf_append(&m->strings, s, n) != DYAD_OK || dy_buf_putc(&m->strings, '\0') != DYAD_OK)
        return DYAD_NOMEM;
    if (DY_PUSH(m->patterns, m->n_patterns, m->cap_patterns, pat) != DYAD_OK)
        return DYAD_NOMEM;
    m->blocks[r->block].n_patterns++;
    return DYAD_OK;
}

/* Splits "~ a (a b ATTACK) SAY = a b 015" into tokens; parentheses and '=' are tokens. */
static size_t tokens(const char *s, size_t n, const char **tok, size_t *len, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (isspace((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t j = i + 1;
        if (s[i] != '(' && s[i] != ')' && s[i] != '=')
            while (j < n && !isspace((unsigned char)s[j]) && s[j] != '(' && s[j] != ')' &&
                   s[j] != '=')
                j++;
        if (k == max)
            return max + 1;
        tok[k] = s + i;
        len[k++] = j - i;
        i = j;
    }
    return k;
}

static bool is_slot(const char *t, size_t n)
{
    return n == 1 && (isalpha((unsigned char)t[0]) || t[0] == '_' || t[0] == '.');
}

static dyad_status read_transform(struct verb_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    const char *t[12];
    size_t l[12];
    size_t k = tokens(s + 1, n - 1, t, l, 11);
    static const char shape[] = "s(ssw)w=ssc"; /* slot, word, code */
    bool ok = k == 11;
    for (size_t i = 0; ok && i < 11; i++) {
        char want = shape[i];
        if (want == 's')
            ok = is_slot(t[i], l[i]);
        else if (want == 'w' || want == 'c')
            ok = l[i] > 0 && (want == 'w' || l[i] < 8) && !(l[i] == 1 && strchr("()=", t[i][0]));
        else
            ok = l[i] == 1 && t[i][0] == want;
        for (size_t j = 0; ok && want == 'c' && j < l[i]; j++)
            ok = (unsigned char)t[i][j] > ' ' && (unsigned char)t[i][j] < 0x7f;
    }
    if (!ok)
        return REJECT(r, NULL, s, n, "%s",
                      "malformed transformation, expected '~ a (b c VERB) VERB = d e CODE'");
    struct dy_transform x = {.src = t[0][0],
                             .inner_src = t[2][0],
                             .inner_tgt = t[3][0],
                             .res_src = t[8][0],
                             .res_tgt = t[9][0],
                             .line = r->c.line,
                             .file = r->c.file};
    memcpy(x.code, t[10], l[10]);
    x.code[l[10]] = '\0';
    dyad_status st = dy_petr_word(&r->c, t[4], l[4], &x.inner_verb);
    if (st == DYAD_OK)
        st = dy_petr_word(&r->c, t[6], l[6], &x.verb);
    if (st == DYAD_SYNTAX)
        return REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
    if (st != DYAD_OK)
        return st;
    if (m->strings.len > UINT32_MAX / 2 || n > UINT32_MAX / 4)
        return REJECT(r, NULL, s, n, "%s", "too much pattern text");
    x.text = (uint32_t)m->strings.len;
    if (dy_buf_append(&m->strings, s, n) != DYAD_OK || dy_buf_putc(&m->strings, '\0') != DYAD_OK)
        return DYAD_NOMEM;
    return DY_PUSH(m->transforms, m->n_transforms, m->cap_transforms, x);
}

/* ---- after the file: synset references to indexes, cycles ------------------------------ */

static void resolve_seq(struct verb_reader *r, struct dy_seq seq)
{
    struct dy_dict_model *m = r->c.m;
    for (uint32_t i = 0; i < seq.n; i++) {
        struct dy_elem *e = &m->elems[seq.first + i];
        if (e->kind != DY_E_SYNSET)
            continue;
        /* Every name referred to was found by collect_names, and the main pass defines
         * each name collect_names found (a second definition is refused, the first
         * stays), so the lookup cannot fail. */
        uint32_t d = dy_intern_find(&r->defined, m->words.strs[e->id], m->words.lens[e->id]);
        assert(d > 0);
        e->id = d ? r->def_index[d] : 0;
    }
}

/* A synset that contains itself, directly or through others, would send a matcher round
 * for ever: the phrase that closes the circle is reported and dropped. Iterative DFS. */
static dyad_status break_cycles(struct verb_reader *r)
{
    struct dy_dict_model *m = r->c.m;
    size_t ns = m->n_synsets;
    if (ns == 0)
        return DYAD_OK;
    struct frame {
        uint32_t syn, phrase, elem;
    };
    uint8_t *colour = dy_calloc(ns, 1);
    uint8_t *dead = dy_calloc(m->n_synset_phrases ? m->n_synset_phrases : 1, 1);
    struct frame *stack = dy_malloc(ns * sizeof *stack);
    dyad_status st = DYAD_OK;
    size_t n_dead = 0;
    if (!colour || !dead || !stack) {
        st = DYAD_NOMEM;
        goto done;
    }
    for (size_t root = 0; root < ns && st == DYAD_OK; root++) {
        if (colour[root])
            continue;
        size_t top = 0;
        stack[top++] = (struct frame){(uint32_t)root, 0, 0};
        colour[root] = 1;
        while (top && st == DYAD_OK) {
            struct frame *f = &stack[top - 1];
            const struct dy_synset *syn = &m->synsets[f->syn];
            if (f->phrase >= syn->n_phrases) {
                colour[f->syn] = 2;
                top--;
                continue;
            }
            uint32_t pi = syn->first_phrase + f->phrase;
            const struct dy_phrase *ph = &m->synset_phrases[pi];
            if (dead[pi] || f->elem >= ph->words.n) {
                f->phrase++;
                f->elem = 0;
                continue;
            }
            const struct dy_elem *e = &m->elems[ph->words.first + f->elem++];
            if (e->kind != DY_E_SYNSET)
                continue;
            if (colour[e->id] == 1) {
                dead[pi] = 1;
                n_dead++;
                const char *a = dy_intern_str(&m->words, syn->name);
                const char *b = dy_intern_str(&m->words, m->synsets[e->id].name);
                struct dy_petr_ctx *c = &r->c;
                st = dy_petr_reject(c, ph->line, NULL, b, strlen(b),
                                    "synset '&%s' contains itself through this phrase", a);
            } else if (colour[e->id] == 0) {
                colour[e->id] = 1;
                stack[top++] = (struct frame){e->id, 0, 0};
            }
        }
    }
    if (n_dead && st == DYAD_OK) {
        /* Compact synset_phrases, keeping each synset's phrases contiguous. */
        size_t out = 0;
        for (size_t s = 0; s < ns; s++) {
            struct dy_synset *syn = &m->synsets[s];
            uint32_t first = (uint32_t)out;
            for (uint32_t i = 0; i < syn->n_phrases; i++) {
                uint32_t pi = syn->first_phrase + i;
                if (!dead[pi])
                    m->synset_phrases[out++] = m->synset_phrases[pi];
            }
            syn->first_phrase = first;
            syn->n_phrases = (uint32_t)(out - first);
        }
        m->n_synset_phrases = out;
    }
done:
    dy_free(colour);
    dy_free(dead);
    dy_free(stack);
    return st;
}

static dyad_status finish(struct verb_reader *r)
{
    struct dy_dict_model *m = r->c.m;
    for (size_t i = r->first_pattern; i < m->n_patterns; i++)
        resolve_seq(r, m->patterns[i].elems);
    for (size_t i = r->first_synset_phrase; i < m->n_synset_phrases; i++)
        resolve_seq(r, m->synset_phrases[i].words);
    return break_cycles(r);
}

static dyad_status read_line(struct verb_reader *r, const char *s, size_t n)
{
    if (starts(s, n, "---"))
        return read_block(r, s, n);
    if (s[0] == '&')
        return read_synset(r, s, n);
    if (s[0] == '~')
        return read_transform(r, s, n);
    if (s[0] == '-') {
        if (r->ctx == CTX_BLOCK)
            return read_pattern(r, s, n);
        if (r->ctx == CTX_BAD_BLOCK)
            return DYAD_OK; /* its block was reported */
        return REJECT(r, NULL, s, n, "%s", "pattern outside a verb block");
    }
    if (s[0] == '+' && (r->ctx == CTX_SYNSET || r->ctx == CTX_BAD_SYNSET)) {
        if (r->ctx == CTX_BAD_SYNSET)
            return DYAD_OK;
        return read_synset_phrase(r, s, n);
    }
    if (r->ctx == CTX_BLOCK)
        return read_verb(r, s, n);
    if (r->ctx == CTX_BAD_BLOCK)
        return DYAD_OK;
    return REJECT(r, NULL, s, n, "%s", "verb outside a verb block");
}

dyad_status dy_petr_read_verbs(struct dy_dict_model *m, const char *source, const char *text,
                               size_t len, const struct dy_diag *diag, dyad_error *err)
{
    if (!m || (!text && len))
        return dy_fail(err, DYAD_MISUSE, "dy_petr_read_verbs: no model or text");
    struct verb_reader r = {0};
    dy_intern_init(&r.names);
    dy_intern_init(&r.defined);
    r.first_pattern = m->n_patterns;
    r.first_synset_phrase = m->n_synset_phrases;
    dyad_status st = dy_petr_begin(&r.c, m, source, text, len, diag, err);
    if (st == DYAD_OK)
        st = collect_names(&r);
    const char *s;
    size_t n;
    while (st == DYAD_OK && dy_petr_line(&r.c, &s, &n)) {
        clean_line(&s, &n);
        if (n == 0)
            continue;
        st = read_line(&r, s, n);
    }
    if (st == DYAD_OK)
        st = finish(&r);
    if (st == DYAD_OK)
        st = dy_petr_end(&r.c);
    else
        dy_petr_free(&r.c);
    if (st == DYAD_NOMEM)
        dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", source ? source : "");
    dy_intern_free(&r.names);
    dy_intern_free(&r.defined);
    dy_free(r.def_index);
    return st;
}
