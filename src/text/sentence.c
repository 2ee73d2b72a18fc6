/*
 * sentence.c - splits an article into sentences in one left-to-right pass. A stop (. ! ?
 * and their CJK/Arabic/Indic forms) followed by white space ends a sentence unless the
 * word before it is an abbreviation or the next word starts in lower case; blank lines
 * always end one. The abbreviation list lives here and is shared with the tokenizer.
 */
#include "text/text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct abbrev {
    const char *word;
    unsigned char kind; /* enum dy_abbrev */
};

enum { TITLE = DY_ABBREV_TITLE, GENERAL = DY_ABBREV_GENERAL, ETC = DY_ABBREV_ETC };

/* Sorted case-insensitively, for the reader (dy_abbrev_kind searches abbrev_keys, below;
 * test_text.c checks every entry is found). Words that also occur as ordinary
 * capitalised words at the end of a sentence (Miss, Ill, Ind, La, Mass) are left out: a
 * missed abbreviation costs a spurious split, a wrong one merges two sentences. TITLE:
 * titles and name prefixes, which a name always follows; GENERAL: months, companies,
 * places, U.S. states in AP style. */
static const struct abbrev abbrevs[] = {
    {"Adm", TITLE},     {"al", GENERAL},   {"Ala", GENERAL},  {"Amb", TITLE},    {"approx", TITLE},
    {"Apr", GENERAL},   {"Ariz", GENERAL}, {"Ark", GENERAL},  {"Assn", GENERAL}, {"Aug", GENERAL},
    {"Ave", GENERAL},   {"Blvd", GENERAL}, {"Brig", TITLE},   {"Bros", GENERAL}, {"ca", TITLE},
    {"Calif", GENERAL}, {"Capt", TITLE},   {"Cdr", TITLE},    {"cf", TITLE},     {"Cmdr", TITLE},
    {"Co", GENERAL},    {"Col", TITLE},    {"Colo", GENERAL}, {"Conn", GENERAL}, {"Corp", GENERAL},
    {"Cos", GENERAL},   {"Cpl", TITLE},    {"Dec", GENERAL},  {"Del", GENERAL},  {"Dept", GENERAL},
    {"Dr", TITLE},      {"est", GENERAL},  {"etc", ETC},      {"Feb", GENERAL},  {"Fig", GENERAL},
    {"Fla", GENERAL},   {"Fr", TITLE},     {"Ft", TITLE},     {"Ga", GENERAL},   {"Gen", TITLE},
    {"Gens", TITLE},    {"Gov", TITLE},    {"Govt", GENERAL}, {"Hon", TITLE},    {"Inc", GENERAL},
    {"Insp", TITLE},    {"Intl", GENERAL}, {"Jan", GENERAL},  {"Jr", GENERAL},   {"Jul", GENERAL},
    {"Jun", GENERAL},   {"Kan", GENERAL},  {"Kans", GENERAL}, {"Ky", GENERAL},   {"Lt", TITLE},
    {"Ltd", GENERAL},   {"Maj", TITLE},    {"Mar", GENERAL},  {"Md", GENERAL},   {"Messrs", TITLE},
    {"Mich", GENERAL},  {"Minn", GENERAL}, {"Mlle", TITLE},   {"Mme", TITLE},    {"Mo", GENERAL},
    {"Mont", GENERAL},  {"Mr", TITLE},     {"Mrs", TITLE},    {"Ms", TITLE},     {"Mt", TITLE},
    {"Natl", GENERAL},  {"Neb", GENERAL},  {"Nev", GENERAL},  {"No", GENERAL},   {"Nos", TITLE},
    {"Nov", GENERAL},   {"Oct", GENERAL},  {"Okla", GENERAL}, {"Pa", GENERAL},   {"Plc", GENERAL},
    {"pp", TITLE},      {"Pres", TITLE},   {"Prof", TITLE},   {"Pvt", TITLE},    {"Rd", GENERAL},
    {"Rep", TITLE},     {"Reps", TITLE},   {"Rev", TITLE},    {"Rt", TITLE},     {"Sen", TITLE},
    {"Sens", TITLE},    {"Sep", GENERAL},  {"Sept", GENERAL}, {"Sgt", TITLE},    {"Sr", GENERAL},
    {"St", GENERAL},    {"Ste", GENERAL},  {"Supt", TITLE},   {"Tenn", GENERAL}, {"Tex", GENERAL},
    {"Univ", GENERAL},  {"Va", GENERAL},   {"Vol", TITLE},    {"vs", TITLE},     {"Vt", GENERAL},
    {"Wash", GENERAL},  {"Wis", GENERAL},  {"Wyo", GENERAL},
};

static bool ascii_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26;
}

/* "U.S", "e.g", "U.S.A": single letters joined by single periods. */
static bool is_acronym(const unsigned char *w, size_t len)
{
    if (len < 3 || (len & 1) == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if ((i & 1) ? w[i] != '.' : !ascii_alpha(w[i]))
            return false;
    }
    return true;
}

/* Words by key: their first 8 letters in lower case, packed into an integer a byte
 * each; sorted, built once. The search takes no branch that depends on the word, which
 * a binary search over strings does at every step. */
struct word_key {
    uint64_t key;
    uint8_t at; /* index in its word list */
};

static uint64_t letters_key(const unsigned char *w, size_t len)
{
    uint64_t k = 0;
    for (size_t i = 0; i < len && i < 8; i++)
        k |= (uint64_t)(w[i] | 0x20) << (8 * i);
    return k;
}

static int cmp_key(const void *a, const void *b)
{
    uint64_t x = ((const struct word_key *)a)->key, y = ((const struct word_key *)b)->key;
    return (x > y) - (x < y);
}

/* The entry of keys[0..n) with key k, or NULL. */
static const struct word_key *find_key(const struct word_key *keys, size_t n, uint64_t k)
{
    size_t base = 0;
    while (n > 1) {
        size_t half = n / 2;
        base += (size_t)(keys[base + half].key <= k) * half; /* arithmetic, no branch */
        n -= half;
    }
    return keys[base].key == k ? &keys[base] : NULL;
}

#define N_ABBREVS (sizeof abbrevs / sizeof abbrevs[0]) /* all of 2-6 letters */
static struct word_key abbrev_keys[N_ABBREVS];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;
static void build_keys(void);

enum dy_abbrev dy_abbrev_kind(const char *word, size_t len)
{
    const unsigned char *w = (const unsigned char *)word;
    if (len == 1)
        return (unsigned)(w[0] - 'A') < 26 ? DY_ABBREV_INITIAL : DY_ABBREV_NONE;
    if (is_acronym(w, len))
        return DY_ABBREV_GENERAL;
    if (len < 2 || len > 6)
        return DY_ABBREV_NONE;
    bool all_caps = true;
    for (size_t i = 0; i < len; i++) {
        if (!ascii_alpha(w[i]))
            return DY_ABBREV_NONE;
        if (w[i] >= 'a')
            all_caps = false;
    }
    pthread_once(&keys_once, build_keys);
    const struct word_key *found = find_key(abbrev_keys, N_ABBREVS, letters_key(w, len));
    if (!found)
        return DY_ABBREV_NONE;
    /* As listed ("Gen") or in capitals ("GEN"); not "gen". */
    const struct abbrev *a = &abbrevs[found->at];
    return all_caps || memcmp(a->word, w, len) == 0 ? (enum dy_abbrev)a->kind : DY_ABBREV_NONE;
}

/* Words that typically open a sentence: after "U.S." or "Inc." they signal a split,
 * where "U.S. Army" or "Inc. Chief" do not. */
static const char *const openers[] = {
    "A",     "After",     "Also", "An",   "And",  "As",      "At",    "But",   "By",   "During",
    "For",   "From",      "He",   "Her",  "His",  "However", "I",     "If",    "In",   "It",
    "Its",   "Meanwhile", "Mr",   "Mrs",  "Ms",   "My",      "No",    "On",    "One",  "Our",
    "She",   "So",        "Some", "That", "The",  "Their",   "There", "These", "They", "This",
    "Those", "Under",     "We",   "What", "When", "While",   "With",  "Yet",   "You",
};
#define N_OPENERS (sizeof openers / sizeof openers[0])
static struct word_key opener_keys[N_OPENERS];

static void sort_keys(struct word_key *keys, size_t n, const char *(*word)(size_t))
{
    for (size_t i = 0; i < n; i++) {
        const char *w = word(i);
        keys[i].key = letters_key((const unsigned char *)w, strlen(w));
        keys[i].at = (uint8_t)i;
    }
    qsort(keys, n, sizeof keys[0], cmp_key);
}

static const char *abbrev_word(size_t i)
{
    return abbrevs[i].word;
}

static const char *opener_word(size_t i)
{
    return openers[i];
}

static void build_keys(void)
{
    sort_keys(abbrev_keys, N_ABBREVS, abbrev_word);
    sort_keys(opener_keys, N_OPENERS, opener_word);
}

/* w: len ASCII letters. As listed ("The") or with more capitals ("THE", "THe"); not
 * "the". */
static bool is_opener(const unsigned char *w, size_t len)
{
    if (w[0] > 'Z')
        return false;
    pthread_once(&keys_once, build_keys);
    const struct word_key *found = find_key(opener_keys, N_OPENERS, letters_key(w, len));
    if (!found)
        return false;
    const char *o = openers[found->at]; /* the key holds 8 letters: "Meanwhile" has 9 */
    if (strlen(o) != len)
        return false;
    for (size_t i = 8; i < len; i++)
        if ((w[i] | 0x20) != o[i])
            return false;
    return true;
}

static bool is_open_punct(int32_t cp)
{
    switch (cp) {
    case '"':
    case '\'':
    case '`':
    case '(':
    case '[':
    case '{':
    case 0x2018:
    case 0x201c:
    case 0x00ab:
    case 0x2039:
    case 0x201e:
    case 0x201a:
    case 0x300c: /* 「 */
    case 0x300e: /* 『 */
    case 0xff08: /* （ */
        return true;
    default:
        return false;
    }
}

static bool is_close_punct(int32_t cp)
{
    switch (cp) {
    case '"':
    case '\'':
    case ')':
    case ']':
    case '}':
    case 0x2019:
    case 0x201d:
    case 0x00bb:
    case 0x203a:
    case 0x300d: /* 」 */
    case 0x300f: /* 』 */
    case 0xff09: /* ） */
        return true;
    default:
        return false;
    }
}

/* Stops that end a sentence whatever follows (no space needed after them in CJK). */
static bool is_strong_stop(int32_t cp)
{
    return cp == 0x3002 || cp == 0xff01 || cp == 0xff1f || cp == 0x061f || cp == 0x06d4 ||
           cp == 0x0964 || cp == 0x0965;
}

static bool is_space_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    if (s[i] < 0x80) {
        *n = 1;
        return dy_cc_ascii(s[i]) == DY_CC_SPACE;
    }
    int32_t cp;
    *n = dy_utf8_decode((const char *)s + i, len - i, &cp);
    return dy_cc_of(cp) == DY_CC_SPACE;
}

/* What follows a stop, for deciding whether it ends the sentence. */
struct next_word {
    enum dy_cclass cls; /* of its first character; DY_CC_SPACE at the end of the text */
    bool opener;        /* one of openers[] */
};

/* Looks past white space and opening quotes or brackets at s[i]. Bounded: the caller
 * scans the same bytes again, so the whole split stays linear. */
static struct next_word look_ahead(const unsigned char *s, size_t len, size_t i)
{
    struct next_word nw = {DY_CC_SPACE, false};
    size_t n;
    while (i < len && is_space_at(s, len, i, &n))
        i += n;
    for (int k = 0; k < 4 && i < len; k++) {
        int32_t cp;
        n = dy_utf8_decode((const char *)s + i, len - i, &cp);
        if (!is_open_punct(cp))
            break;
        i += n;
    }
    if (i >= len)
        return nw;
    int32_t cp;
    dy_utf8_decode((const char *)s + i, len - i, &cp);
    nw.cls = dy_cc_of(cp);
    size_t j = i;
    while (j < len && j - i < 12 && ascii_alpha(s[j]))
        j++;
    /* "A." and "I." are initials, not the article or the pronoun. */
    if (j > i && (j - i > 1 || j >= len || s[j] != '.'))
        nw.opener = is_opener(s + i, j - i);
    return nw;
}

/* ASCII that is neither a space (nor '_', which reads as one) nor a stop. */
#define PLAIN(c) ((c) < 0x7f && DY_CC_ASCII(c) != DY_CC_SPACE && (c) != '.' && (c) != '!' && (c) != '?')
#define P4(c)     PLAIN(c), PLAIN((c) + 1), PLAIN((c) + 2), PLAIN((c) + 3)
#define P16(c)    P4(c), P4((c) + 4), P4((c) + 8), P4((c) + 12)
#define P64(c)    P16(c), P16((c) + 16), P16((c) + 32), P16((c) + 48)
static const bool plain[256] = {P64(0), P64(64)}; /* the rest: false */

/* A run of plain bytes and spaces (' '): where its first and last plain bytes and its last
 * space are (SIZE_MAX: none). */
struct run {
    size_t first_plain, last_plain, last_space;
};

#if defined(__SSE2__)
/* The plain bytes and the spaces of s[0..16), as bit masks. */
static inline void classes16(const unsigned char *s, unsigned *plain_bits, unsigned *space_bits)
{
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    /* 0x21-0x7e (bytes from 0x80 on are negative), then not '_', '.', '!', '?' */
    __m128i p = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x20)),
                              _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)));
    __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
                                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('!')),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))));
    *plain_bits = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(stop, p));
    *space_bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
}
#endif

static void run_note(struct run *r, size_t base, unsigned plain_bits, unsigned space_bits)
{
    if (plain_bits) {
        if (r->first_plain == SIZE_MAX)
            r->first_plain = base + (size_t)__builtin_ctz(plain_bits);
        r->last_plain = base + 31 - (size_t)__builtin_clz(plain_bits);
    }
    if (space_bits)
        r->last_space = base + 31 - (size_t)__builtin_clz(space_bits);
}

/* The run of plain bytes and spaces that starts at i: where it ends, and *r. */
static size_t scan_run(const unsigned char *s, size_t i, size_t len, struct run *r)
{
    r->first_plain = r->last_plain = r->last_space = SIZE_MAX;
#if defined(__SSE2__)
    for (; len - i >= 16; i += 16) {
        unsigned pb, sb;
        classes16(s + i, &pb, &sb);
        unsigned stop = ~(pb | sb) & 0xffff;
        if (stop) {
            unsigned keep = (1u << __builtin_ctz(stop)) - 1;
            run_note(r, i, pb & keep, sb & keep);
            return i + (size_t)__builtin_ctz(stop);
        }
        run_note(r, i, pb, sb);
    }
#endif
    for (; i < len; i++) {
        if (plain[s[i]])
            run_note(r, i, 1, 0);
        else if (s[i] == ' ')
            run_note(r, i, 0, 1);
        else
            break;
    }
    return i;
}

struct splitter {
    const unsigned char *s;
    size_t len;
    struct dy_arena *a;
    struct dy_sentence *out;
    size_t n, cap;
};

static dyad_status emit(struct splitter *sp, size_t start, size_t end)
{
    if (end <= start)
        return DYAD_OK;
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : sp->len / 128 + 8;
        struct dy_sentence *grown = dy_arena_alloc(sp->a, cap * sizeof *grown);
        if (!grown)
            return DYAD_NOMEM;
        if (sp->n)
            memcpy(grown, sp->out, sp->n * sizeof *grown);
        sp->out = grown;
        sp->cap = cap;
    }
    sp->out[sp->n].start = (uint32_t)start;
    sp->out[sp->n].end = (uint32_t)end;
    sp->n++;
    return DYAD_OK;
}

/* Whether a period after the word [ws, we) ends the sentence, given what follows. */
static bool period_ends(const unsigned char *s, size_t ws, size_t we, struct next_word nw)
{
    /* Strip opening quotes and brackets: "(Gen." is "Gen". */
    while (ws < we &&
           (s[ws] == '(' || s[ws] == '[' || s[ws] == '"' || s[ws] == '\'' || s[ws] == '`'))
        ws++;
    enum dy_abbrev k =
        we - ws <= 32 ? dy_abbrev_kind((const char *)s + ws, we - ws) : DY_ABBREV_NONE;
    switch (k) {
    case DY_ABBREV_TITLE:
        return false;
    case DY_ABBREV_GENERAL:
    case DY_ABBREV_INITIAL:
        return nw.cls == DY_CC_SPACE || (nw.cls == DY_CC_UPPER && nw.opener);
    case DY_ABBREV_ETC:
        return nw.cls != DY_CC_LOWER && nw.cls != DY_CC_DIGIT;
    case DY_ABBREV_NONE:
        break;
    }
    return nw.cls != DY_CC_LOWER;
}

dyad_status dy_split_sentences(const char *text, size_t len, struct dy_arena *a,
                               struct dy_sentence **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (len > UINT32_MAX)
        return DYAD_LIMIT;
    struct splitter sp = {(const unsigned char *)text, len, a, NULL, 0, 0};
    const unsigned char *s = sp.s;
    size_t i = 0;
    size_t start = SIZE_MAX; /* first byte of the open sentence; SIZE_MAX if none */
    size_t last = 0;         /* end of its last non-space character */
    size_t word = 0;         /* start of the current word */
    bool in_word = false;
    int newlines = 0; /* since the last non-space character */
    dyad_status st;

    while (i < len) {
        /* Fast path: a run of printable ASCII that is not a stop, and of spaces (' '),
         * which end a word; only newlines count towards a paragraph. */
        struct run r;
        size_t from = i;
        i = scan_run(s, i, len, &r);
        if (r.first_plain != SIZE_MAX) {
            newlines = 0;
            if (start == SIZE_MAX)
                start = r.first_plain;
            last = r.last_plain + 1;
        }
        if (i > from) {
            bool ends_plain = r.last_plain != SIZE_MAX &&
                              (r.last_space == SIZE_MAX || r.last_plain > r.last_space);
            if (ends_plain && r.last_space != SIZE_MAX)
                word = r.last_space + 1;
            else if (ends_plain && !in_word)
                word = from;
            in_word = ends_plain;
            if (i >= len)
                break;
        }
        unsigned char c = s[i];
        int32_t cp = c;
        size_t cl = 1;
        enum dy_cclass cls;
        if (c < 0x80) {
            cls = dy_cc_ascii(c);
        } else {
            cl = dy_utf8_decode(text + i, len - i, &cp);
            cls = dy_cc_of(cp);
        }
        if (cls == DY_CC_SPACE) {
            in_word = false;
            if (c == '\n' || cp == 0x85 || cp == 0x2028)
                newlines++;
            else if (cp == 0x2029)
                newlines += 2;
            if (newlines >= 2 && start != SIZE_MAX) {
                if ((st = emit(&sp, start, last)) != DYAD_OK)
                    return st;
                start = SIZE_MAX;
            }
            i += cl;
            continue;
        }
        newlines = 0;
        if (start == SIZE_MAX)
            start = i;
        if (!in_word) {
            word = i;
            in_word = true;
        }
        bool period = c == '.', strong = c == '!' || c == '?' || is_strong_stop(cp);
        if (!period && !strong && cp != 0x2026) {
            i += cl;
            last = i;
            continue;
        }

        /* A run of stops: "?!", "...", "…". */
        size_t k = i + cl;
        bool ellipsis = cp == 0x2026;
        while (k < len) {
            if (s[k] == '.' || s[k] == '!' || s[k] == '?') {
                ellipsis |= s[k] == '.' && period;
                strong |= s[k] != '.';
                k++;
            } else if (len - k >= 3 && s[k] == 0xe2 && s[k + 1] == 0x80 && s[k + 2] == 0xa6) {
                ellipsis = true;
                k += 3;
            } else {
                break;
            }
        }
        /* Closing quotes and brackets stay with the sentence they close. */
        size_t m = k;
        while (m < len) {
            int32_t q;
            size_t ql = dy_utf8_decode(text + m, len - m, &q);
            if (!is_close_punct(q))
                break;
            m += ql;
        }
        size_t sl;
        bool boundary = m >= len || is_space_at(s, len, m, &sl);
        if (!boundary && !is_strong_stop(cp)) {
            /* "11.8", "U.S.A", "Yahoo!Inc": not a stop. */
            i = k;
            last = i;
            continue;
        }
        struct next_word nw = look_ahead(s, len, m);
        bool ends;
        if (strong)
            ends = nw.cls != DY_CC_LOWER || is_strong_stop(cp);
        else if (ellipsis)
            ends = nw.cls == DY_CC_UPPER || nw.cls == DY_CC_SPACE;
        else
            ends = period_ends(s, word, i, nw);
        last = m;
        i = m;
        if (ends) {
            if ((st = emit(&sp, start, m)) != DYAD_OK)
                return st;
            start = SIZE_MAX;
            in_word = false;
        }
    }
    if (start != SIZE_MAX && (st = emit(&sp, start, last)) != DYAD_OK)
        return st;
    *out = sp.out;
    *n = sp.n;
    return DYAD_OK;
}
