/*
 * test_text.c - the text stage: UTF-8 checking, word normalisation, sentence splitting
 * and tokenising, on the cases news text throws at them.
 */
#include "t.h"
#include "text/text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct dy_arena *arena;
static char out[8192];

/* Norm forms of the tokens of the whole text, joined by spaces. */
static const char *toks(const char *text)
{
    struct dy_token *t;
    size_t n;
    size_t len = strlen(text);
    out[0] = '\0';
    if (dy_tokenize(text, 0, (uint32_t)len, arena, 0, &t, &n) != DYAD_OK)
        return "(error)";
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? " " : "", t[i].norm);
    return out;
}

/* The original bytes of each token, joined by '|'. */
static const char *spans(const char *text)
{
    struct dy_token *t;
    size_t n;
    out[0] = '\0';
    if (dy_tokenize(text, 0, (uint32_t)strlen(text), arena, 0, &t, &n) != DYAD_OK)
        return "(error)";
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? "|" : "", (int)t[i].len,
                              text + t[i].start);
    return out;
}

/* Flags of the token whose original text is `word` (first such token), or ~0u. */
static uint32_t flags_of(const char *text, const char *word)
{
    struct dy_token *t;
    size_t n;
    if (dy_tokenize(text, 0, (uint32_t)strlen(text), arena, 0, &t, &n) != DYAD_OK)
        return ~0u;
    for (size_t i = 0; i < n; i++)
        if (t[i].len == strlen(word) && memcmp(text + t[i].start, word, t[i].len) == 0)
            return t[i].flags;
    return ~0u;
}

/* Sentences of the text, joined by " | ". */
static const char *sents(const char *text)
{
    struct dy_sentence *s;
    size_t n;
    out[0] = '\0';
    if (dy_split_sentences(text, strlen(text), arena, &s, &n) != DYAD_OK)
        return "(error)";
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? " | " : "",
                              (int)(s[i].end - s[i].start), text + s[i].start);
    return out;
}

static const char *norm(const char *word)
{
    static struct dy_buf b;
    dy_buf_free(&b);
    if (dy_norm_word(word, strlen(word), &b) != DYAD_OK)
        return "(error)";
    snprintf(out, sizeof out, "%s", b.len ? b.data : "");
    dy_buf_free(&b);
    return out;
}

/* SIZE_MAX when the text is valid, else the reported offset. */
static size_t bad_at(const char *s, size_t len)
{
    dyad_error err;
    memset(&err, 0, sizeof err);
    dyad_status st = dy_utf8_check(s, len, &err);
    if (st == DYAD_OK)
        return SIZE_MAX;
    if (st != DYAD_SYNTAX || err.status != DYAD_SYNTAX || err.message[0] == '\0')
        return SIZE_MAX - 1;
    return err.offset;
}

static void test_utf8(void)
{
    T_CHECK(bad_at("", 0) == SIZE_MAX);
    T_CHECK(bad_at("plain ASCII text, long enough for the fast path.", 48) == SIZE_MAX);
    T_CHECK(bad_at("Gdańsk 北京 Владимир 😀", strlen("Gdańsk 北京 Владимир 😀")) == SIZE_MAX);
    T_CHECK(bad_at("\xf4\x8f\xbf\xbf", 4) == SIZE_MAX); /* U+10FFFF */
    T_CHECK(bad_at("\xee\x80\x80", 3) == SIZE_MAX);     /* U+E000, after surrogates */
    T_CHECK(bad_at("abc\0def", 7) == 3);                /* NUL */
    T_CHECK(bad_at("abcdefghijkl\0", 13) == 12);        /* NUL in the fast path */
    T_CHECK(bad_at("ab\x80", 3) == 2);                  /* lone continuation */
    T_CHECK(bad_at("abcdefgh\xff", 9) == 8);            /* never valid */
    T_CHECK(bad_at("\xc0\xaf", 2) == 0);                /* overlong '/' */
    T_CHECK(bad_at("\xc1\xbf", 2) == 0);                /* overlong */
    T_CHECK(bad_at("x\xe0\x80\xaf", 4) == 1);           /* overlong, 3 bytes */
    T_CHECK(bad_at("xy\xf0\x80\x80\xaf", 6) == 2);      /* overlong, 4 bytes */
    T_CHECK(bad_at("\xed\xa0\x80", 3) == 0);            /* U+D800 */
    T_CHECK(bad_at("a\xed\xbf\xbf", 4) == 1);           /* U+DFFF */
    T_CHECK(bad_at("\xf4\x90\x80\x80", 4) == 0);        /* above U+10FFFF */
    T_CHECK(bad_at("\xf5\x80\x80\x80", 4) == 0);
    T_CHECK(bad_at("abc\xe2\x82", 5) == 3);  /* truncated at the end */
    T_CHECK(bad_at("abc\xe2\x82x", 6) == 3); /* truncated inside */
    T_CHECK(bad_at("\xc3", 1) == 0);

    dyad_error err;
    memset(&err, 0, sizeof err);
    T_CHECK(dy_utf8_check("ok\nline two \xc0\x80", 14, &err) == DYAD_SYNTAX);
    T_CHECK(err.offset == 12 && err.line == 2 && err.column == 10);
    T_CHECK(strstr(err.message, "overlong") != NULL);
    T_CHECK(strstr(err.message, "0xc0") != NULL);
    T_CHECK(dy_utf8_check("a\0", 2, &err) == DYAD_SYNTAX && strstr(err.message, "NUL") != NULL);
    T_CHECK(dy_utf8_check("\xed\xa0\x80", 3, NULL) == DYAD_SYNTAX); /* err may be NULL */
}

static void test_norm(void)
{
    T_STREQ(norm("Gondor"), "GONDOR");
    T_STREQ(norm("al-Qaeda"), "AL-QAEDA");
    T_STREQ(norm("U.S."), "U.S.");
    T_STREQ(norm("n't"), "N'T");
    T_STREQ(norm("n’t"), "N'T");
    T_STREQ(norm("’s"), "'S");
    T_STREQ(norm("‘"), "'");
    T_STREQ(norm("`"), "'");
    T_STREQ(norm("“"), "\"");
    T_STREQ(norm("”"), "\"");
    T_STREQ(norm("O’Brien"), "O'BRIEN");
    T_STREQ(norm("Gdańsk"), "GDAŃSK");
    T_STREQ(norm("Gdan\xcc\x81sk"), "GDAŃSK"); /* decomposed n + acute composes */
    T_STREQ(norm("Владимир"), "ВЛАДИМИР");
    T_STREQ(norm("北京"), "北京");
    T_STREQ(norm("Straße"), "STRASSE"); /* full upper case */
    T_STREQ(norm("ǰ"), "J\xcc\x8c");    /* no precomposed capital */
    T_STREQ(norm("ﬁnance"), "FINANCE"); /* NFKC ligature */
    T_STREQ(norm("ＮＡＴＯ"), "NATO");  /* NFKC full width */
    T_STREQ(norm("İstanbul"), "İSTANBUL");
    T_STREQ(norm("Zelen\xc2\xadskyy"), "ZELENSKYY");  /* soft hyphen dropped */
    T_STREQ(norm("Al\xe2\x80\x91Qaeda"), "AL-QAEDA"); /* non-breaking hyphen */
    T_STREQ(norm("ÉLYSÉE"), "ÉLYSÉE");
    T_STREQ(norm("…"), "...");
    T_STREQ(norm("12"), "12");
    T_STREQ(norm(""), "");

    /* Appends, keeps a NUL after len; invalid UTF-8 is an error. */
    struct dy_buf b = {0};
    T_CHECK(dy_norm_word("ab", 2, &b) == DYAD_OK);
    T_CHECK(dy_norm_word("ç", 2, &b) == DYAD_OK);
    T_CHECK(b.len == 4 && memcmp(b.data, "ABÇ", 4) == 0 && b.data[4] == '\0');
    T_CHECK(dy_norm_word("a\xff", 2, &b) == DYAD_SYNTAX);
    dy_buf_free(&b);

    /* A long non-ASCII word goes past the stack buffer. */
    char longw[1200];
    size_t o = 0;
    for (int i = 0; i < 300; i++) {
        memcpy(longw + o, "é", 2);
        o += 2;
    }
    T_CHECK(dy_norm_word(longw, o, &b) == DYAD_OK && b.len == o);
    T_CHECK(memcmp(b.data, "ÉÉÉ", 6) == 0 && memcmp(b.data + o - 2, "É", 2) == 0);
    dy_buf_free(&b);
}

static void test_clitics(void)
{
    T_STREQ(toks("Gondor's army"), "GONDOR 'S ARMY");
    T_STREQ(toks("Gondor’s army"), "GONDOR 'S ARMY");
    T_STREQ(toks("They didn't go"), "THEY DID N'T GO");
    T_STREQ(toks("won't can't isn't"), "WO N'T CA N'T IS N'T");
    T_STREQ(toks("Don’t"), "DO N'T");
    T_STREQ(toks("we'll they're I've she'd I'm"), "WE 'LL THEY 'RE I 'VE SHE 'D I 'M");
    T_STREQ(toks("the countries' leaders"), "THE COUNTRIES ' LEADERS");
    T_STREQ(toks("the countries’ leaders"), "THE COUNTRIES ' LEADERS");
    T_STREQ(toks("O'Brien and D'Alema met"), "O'BRIEN AND D'ALEMA MET");
    T_STREQ(toks("O'Brien's plan"), "O'BRIEN 'S PLAN");
    T_STREQ(toks("NATO's"), "NATO 'S");
    T_STREQ(toks("the U.S.'s role"), "THE U.S. 'S ROLE");
    T_STREQ(toks("John 's car"), "JOHN 'S CAR"); /* already tokenised */
    T_STREQ(toks("did n't"), "DID N'T");
    T_STREQ(toks("the 1990's"), "THE 1990 'S");
    T_CHECK(flags_of("Gondor's army", "'s") == DY_TOK_CLITIC);
    T_CHECK(flags_of("didn't", "n't") == DY_TOK_CLITIC);
    T_CHECK(flags_of("the countries' leaders", "'") == DY_TOK_CLITIC);
    T_STREQ(spans("Gondor's men didn't"), "Gondor|'s|men|did|n't");
    T_STREQ(spans("can’t"), "ca|n’t");
    /* A quoted word ending in s: the apostrophe closes the quote. */
    T_STREQ(toks("he said 'yes' and 'this'"), "HE SAID ' YES ' AND ' THIS '");
    T_CHECK(flags_of("he said 'this' ok", "'") == (DY_TOK_PUNCT | DY_TOK_QUOTE));
    T_STREQ(toks("‘Peace is ours’"), "' PEACE IS OURS '");
}

static void test_words(void)
{
    T_STREQ(toks("war-torn 12-year-old Barad-dur al-Qaeda"),
            "WAR-TORN 12-YEAR-OLD BARAD-DUR AL-QAEDA");
    T_STREQ(toks("anti- and pro-government"), "ANTI- AND PRO-GOVERNMENT");
    T_CHECK(flags_of("anti- and pro-government", "anti-") == DY_TOK_HYPHEN_END);
    T_STREQ(toks("peace--at last"), "PEACE -- AT LAST");
    T_STREQ(toks("peace -- at last"), "PEACE -- AT LAST");
    T_STREQ(toks("peace—at last"), "PEACE — AT LAST");
    T_STREQ(toks("a - b"), "A - B");
    T_STREQ(toks("P225-million deal"), "P225-MILLION DEAL");
    T_STREQ(toks("state-owned"), "STATE-OWNED");
    T_STREQ(toks("U.S.-led forces"), "U.S.-LED FORCES");
    T_STREQ(toks("AT&T and R&D"), "AT&T AND R&D");
    T_STREQ(toks("Zelenskyy met Gdańsk's mayor"), "ZELENSKYY MET GDAŃSK 'S MAYOR");
    T_STREQ(toks("Владимир Путин"), "ВЛАДИМИР ПУТИН");
    T_STREQ(toks("北京 (Beijing)"), "北京 ( BEIJING )");
    T_STREQ(spans("Владимир, Gdańsk; 北京."), "Владимир|,|Gdańsk|;|北京|.");
    T_STREQ(toks("Zelen\xc2\xadskyy"), "ZELENSKYY");
    T_STREQ(spans("a\u200Bb"), "a|b");            /* zero width space separates */
    T_STREQ(spans("\xef\xbb\xbfHello"), "Hello"); /* BOM skipped */
    T_STREQ(toks("Côte d'Ivoire"), "CÔTE D'IVOIRE");
    T_STREQ(toks("e\xcc\x81t\xc3\xa9"), "ÉTÉ");               /* combining mark inside a word */
    T_STREQ(toks("Gondorʼs"), "GONDOR 'S");                   /* modifier letter apostrophe */
    T_STREQ(spans("peace 😀\uFE0F now"), "peace|😀\uFE0F|now"); /* emoji + selector */
    T_STREQ(spans("a \uFE0F b"), "a|b");                      /* nothing to normalise */

    /* Flags. */
    T_CHECK(flags_of("the AFP said", "AFP") == (DY_TOK_CAP | DY_TOK_ALLCAPS));
    T_CHECK(flags_of("the AFP said", "said") == 0);
    T_CHECK(flags_of("I said", "I") == DY_TOK_CAP);
    T_CHECK(flags_of("Gondor", "Gondor") == DY_TOK_CAP);
    T_CHECK(flags_of("met Ólafur", "Ólafur") == DY_TOK_CAP);
    T_CHECK(flags_of("met ÓLAFUR", "ÓLAFUR") == (DY_TOK_CAP | DY_TOK_ALLCAPS));
    T_CHECK(flags_of("met ЕС", "ЕС") == (DY_TOK_CAP | DY_TOK_ALLCAPS));
    T_CHECK(flags_of("met élan", "élan") == 0);
    T_CHECK(flags_of("北京", "北京") == 0);
    T_CHECK(flags_of("北京NATO", "北京NATO") == (DY_TOK_CAP | DY_TOK_ALLCAPS)); /* cased only */
    T_CHECK(flags_of("the U.S. said", "U.S.") == (DY_TOK_CAP | DY_TOK_ALLCAPS));
    /* Words of 1-40 letters (the fast path takes 16 at a time), in four casings, ended
     * by a space, a comma, the text's end or a non-ASCII letter, capitals after them:
     * the same norm and flags as letter by letter. */
    bool long_words = true;
    for (int len = 1; len <= 40; len++)
        for (int casing = 0; casing < 4; casing++)
            for (int ending = 0; ending < 4; ending++) {
                char word[48], upper[48], text[128];
                for (int k = 0; k < len; k++) {
                    bool up = casing == 1 || (casing == 2 && k == 0) ||
                              (casing == 3 && k == len - 1);
                    word[k] = (char)((up ? 'A' : 'a') + (k * 7) % 26);
                    upper[k] = (char)('A' + (k * 7) % 26);
                }
                word[len] = upper[len] = '\0';
                static const char *const ends[] = {" X", ", XX", "", "\xc3\xa9"};
                snprintf(text, sizeof text, "x %s%s", word, ends[ending]);
                bool cap = casing == 1 || casing == 2 || (casing == 3 && len == 1);
                uint32_t want = (cap ? DY_TOK_CAP : 0) |
                                (len >= 2 && casing == 1 ? DY_TOK_ALLCAPS : 0);
                char expect[128];
                static const char *const expect_ends[] = {" X", " , XX", "", "\xc3\x89"};
                snprintf(expect, sizeof expect, "X %s%s", upper, expect_ends[ending]);
                long_words &= strcmp(toks(text), expect) == 0;
                if (ending < 3)
                    long_words &= flags_of(text, word) == want;
            }
    T_CHECK(long_words);
    T_CHECK(flags_of("a 12-year term", "12-year") == 0);
    T_CHECK(flags_of("P225-million", "P225-million") == DY_TOK_CAP);
    T_CHECK(flags_of("in the 1990s", "1990s") == DY_TOK_NUM);
}

static void test_numbers(void)
{
    T_STREQ(toks("rose 11.8 percent to 50,000 from 800."),
            "ROSE 11.8 PERCENT TO 50,000 FROM 800 .");
    T_CHECK(flags_of("11.8 percent", "11.8") == DY_TOK_NUM);
    T_CHECK(flags_of("50,000 troops", "50,000") == DY_TOK_NUM);
    T_CHECK(flags_of("800 troops", "800") == DY_TOK_NUM);
    T_STREQ(toks("1,000,000 people"), "1,000,000 PEOPLE");
    T_STREQ(toks("1,2,3"), "1 , 2 , 3");
    T_STREQ(toks("in 2019, 40 died"), "IN 2019 , 40 DIED");
    T_STREQ(toks("at 10:30 GMT"), "AT 10:30 GMT");
    T_STREQ(toks("$5.5 billion"), "$ 5.5 BILLION");
    T_STREQ(toks("up 5%"), "UP 5 %");
    T_STREQ(toks("version 1.2.3"), "VERSION 1.2.3");
    T_STREQ(toks("in 2020."), "IN 2020 .");
    T_STREQ(toks("it fell 3.5."), "IT FELL 3.5 .");
}

static void test_periods(void)
{
    T_STREQ(toks("The U.S. and the U.N. met."), "THE U.S. AND THE U.N. MET .");
    T_STREQ(toks("K.U. won"), "K.U. WON");
    T_STREQ(toks("Talks with the U.S."), "TALKS WITH THE U.S.");
    T_STREQ(toks("the U.S.A. team"), "THE U.S.A. TEAM");
    T_STREQ(toks("Gen. Smith and Mr. Jones"), "GEN. SMITH AND MR. JONES");
    T_STREQ(toks("on Jan. 5 in St. Louis"), "ON JAN. 5 IN ST. LOUIS");
    T_STREQ(toks("Apple Inc."), "APPLE INC.");
    T_STREQ(toks("apples, pears, etc."), "APPLES , PEARS , ETC.");
    T_STREQ(toks("GEN. SMITH"), "GEN. SMITH");
    T_STREQ(toks("the gen. population"), "THE GEN . POPULATION");
    T_STREQ(toks("J. R. R. Tolkien"), "J. R. R. TOLKIEN");
    T_STREQ(toks("John F. Kennedy"), "JOHN F. KENNEDY");
    T_STREQ(toks("plan B."), "PLAN B .");
    T_STREQ(toks("plan B.\""), "PLAN B . \"");
    T_STREQ(toks("e.g. this"), "E.G. THIS");
    T_STREQ(toks("at 5 p.m. today"), "AT 5 P.M. TODAY");
    T_STREQ(toks("cnn.com"), "CNN . COM");
    T_STREQ(toks("He left."), "HE LEFT .");
    T_STREQ(toks("He waited..."), "HE WAITED ...");
    T_STREQ(toks("He waited…"), "HE WAITED ...");
    T_STREQ(spans("He waited… then"), "He|waited|…|then");
    T_STREQ(toks("(He left.)"), "( HE LEFT . )");
    T_STREQ(toks("Really?! No!"), "REALLY ? ! NO !");
    T_STREQ(toks("Mr.Smith"), "MR. SMITH");
}

static void test_quotes(void)
{
    T_STREQ(toks("``Go home,'' he said."), "'' GO HOME , '' HE SAID ."); /* ` folds to ' */
    T_STREQ(spans("``Go home,'' he said."), "``|Go|home|,|''|he|said|.");
    T_CHECK(flags_of("``Go", "``") == (DY_TOK_PUNCT | DY_TOK_QUOTE));
    T_CHECK(flags_of("x''", "''") == (DY_TOK_PUNCT | DY_TOK_QUOTE));
    T_STREQ(toks("\"Go home,\" he said."), "\" GO HOME , \" HE SAID .");
    T_STREQ(toks("“Go home,” he said."), "\" GO HOME , \" HE SAID .");
    T_STREQ(spans("“Go”"), "“|Go|”");
    T_CHECK(flags_of("“Go”", "“") == (DY_TOK_PUNCT | DY_TOK_QUOTE));
    T_STREQ(toks("«Paix»"), "« PAIX »");
    T_STREQ(toks("[Reuters] (AFP) {x}"), "[ REUTERS ] ( AFP ) { X }");
    T_STREQ(toks("said: yes; no"), "SAID : YES ; NO");
    T_CHECK(flags_of("a , b", ",") == DY_TOK_PUNCT);
}

static void test_offsets_and_limits(void)
{
    /* Offsets are into the whole text when tokenising a part of it. */
    const char *text = "First one. Gondor's king didn't fall.";
    struct dy_token *t;
    size_t n;
    T_CHECK(dy_tokenize(text, 11, (uint32_t)strlen(text), arena, 0, &t, &n) == DYAD_OK);
    T_CHECK(n == 7);
    if (n == 7) {
        T_CHECK(t[0].start == 11 && t[0].len == 6);
        T_CHECK(t[1].start == 17 && t[1].len == 2 && strcmp(t[1].norm, "'S") == 0);
        T_CHECK(t[3].start == 25 && t[3].len == 3 && strcmp(t[3].norm, "DID") == 0);
        T_CHECK(t[4].start == 28 && t[4].len == 3 && t[4].norm_len == 3);
        T_CHECK(t[6].start == 36 && t[6].len == 1 && strcmp(t[6].norm, ".") == 0);
    }
    T_CHECK(dy_tokenize(text, 0, 0, arena, 0, &t, &n) == DYAD_OK && n == 0);
    T_CHECK(dy_tokenize(text, 5, 3, arena, 0, &t, &n) == DYAD_MISUSE);
    T_CHECK(dy_tokenize("   \t\n ", 0, 6, arena, 0, &t, &n) == DYAD_OK && n == 0);

    /* DYAD_LIMIT past max_tokens; exactly max is fine. */
    T_CHECK(dy_tokenize("a b c", 0, 5, arena, 3, &t, &n) == DYAD_OK && n == 3);
    T_CHECK(dy_tokenize("a b c d", 0, 7, arena, 3, &t, &n) == DYAD_LIMIT && n == 0);
    T_CHECK(dy_tokenize("a b \uFE0F", 0, 7, arena, 2, &t, &n) == DYAD_OK && n == 2);
    T_CHECK(dy_tokenize("a b c d", 0, 7, arena, SIZE_MAX, &t, &n) == DYAD_OK && n == 4);

    /* DYAD_NOMEM when the arena refuses. */
    struct dy_arena *tiny = dy_arena_new(64, 64);
    T_CHECK(tiny != NULL);
    const char *many = "one two three four five six seven eight nine ten eleven";
    T_CHECK(dy_tokenize(many, 0, (uint32_t)strlen(many), tiny, 0, &t, &n) == DYAD_NOMEM);
    struct dy_sentence *s;
    char big[4000];
    for (size_t i = 0; i < sizeof big; i += 4)
        memcpy(big + i, "Ab. ", 4);
    T_CHECK(dy_split_sentences(big, sizeof big, tiny, &s, &n) == DYAD_NOMEM);
    dy_arena_free(tiny);

    /* A non-ASCII sentence with many tokens: norms are right after the arena grows. */
    char buf[6000];
    size_t o = 0;
    for (int i = 0; i < 500; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "Łódź ");
    T_CHECK(dy_tokenize(buf, 0, (uint32_t)o, arena, 0, &t, &n) == DYAD_OK && n == 500);
    T_CHECK(n == 500 && strcmp(t[499].norm, "ŁÓDŹ") == 0 && t[499].start == 499 * 8);
}

/* After "U.S." a word that opens sentences splits, as written or in capitals, not in
 * lower case; a word that does not open them never splits. */
static void test_openers(void)
{
    static const char *const words[] = {
        "A",     "After",     "Also", "An",   "And",  "As",      "At",    "But",   "By",   "During",
        "For",   "From",      "He",   "Her",  "His",  "However", "I",     "If",    "In",   "It",
        "Its",   "Meanwhile", "Mr",   "Mrs",  "Ms",   "My",      "No",    "On",    "One",  "Our",
        "She",   "So",        "Some", "That", "The",  "Their",   "There", "These", "They", "This",
        "Those", "Under",     "We",   "What", "When", "While",   "With",  "Yet",   "You",
    };
    char text[128], want[128], up[32], low[32];
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]);
        for (size_t i = 0; i <= n; i++) {
            up[i] = (char)toupper((unsigned char)words[k][i]);
            low[i] = (char)tolower((unsigned char)words[k][i]);
        }
        snprintf(text, sizeof text, "They fought the U.S. %s won.", words[k]);
        snprintf(want, sizeof want, "They fought the U.S. | %s won.", words[k]);
        T_STREQ(sents(text), want);
        snprintf(text, sizeof text, "They fought the U.S. %s won.", up);
        snprintf(want, sizeof want, "They fought the U.S. | %s won.", up);
        T_STREQ(sents(text), want);
        snprintf(text, sizeof text, "They fought the U.S. %s won.", low);
        T_STREQ(sents(text), text);
        snprintf(text, sizeof text, "They fought the U.S. %sx won.", words[k]);
        T_STREQ(sents(text), text);
    }
    T_STREQ(sents("They fought the U.S. Army won."), "They fought the U.S. Army won.");
    /* words are found by their first 8 letters: the rest count too */
    T_STREQ(sents("They fought the U.S. Meanwhilx won."), "They fought the U.S. Meanwhilx won.");
}

static void test_sentences(void)
{
    T_STREQ(sents("He left. She stayed."), "He left. | She stayed.");
    T_STREQ(sents("  He left.  \n She stayed.  "), "He left. | She stayed.");
    T_STREQ(sents("Talks with the U.S. ended. The U.N. said no."),
            "Talks with the U.S. ended. | The U.N. said no.");
    T_STREQ(sents("He met U.S. President Biden."), "He met U.S. President Biden.");
    T_STREQ(sents("They fought the U.S. The war ended."), "They fought the U.S. | The war ended.");
    T_STREQ(sents("He met U.N. officials. They agreed."), "He met U.N. officials. | They agreed.");
    T_STREQ(sents("Gen. Smith met Mr. Jones and Sen. Ford. Talks began."),
            "Gen. Smith met Mr. Jones and Sen. Ford. | Talks began.");
    T_STREQ(sents("On Jan. 5 they met. On Feb. 6 they did not."),
            "On Jan. 5 they met. | On Feb. 6 they did not.");
    T_STREQ(sents("He lives on St. Mark's Place. It is quiet."),
            "He lives on St. Mark's Place. | It is quiet.");
    T_STREQ(sents("J. R. R. Tolkien wrote it. He died."), "J. R. R. Tolkien wrote it. | He died.");
    T_STREQ(sents("John F. Kennedy spoke."), "John F. Kennedy spoke.");
    T_STREQ(sents("Prices rose 11.8 percent. Output fell."),
            "Prices rose 11.8 percent. | Output fell.");
    T_STREQ(sents("It cost 3.5 billion."), "It cost 3.5 billion.");
    T_STREQ(sents("He waited... Then he left."), "He waited... | Then he left.");
    T_STREQ(sents("He said the ... thing."), "He said the ... thing.");
    T_STREQ(sents("He waited… Then he left."), "He waited… | Then he left.");
    T_STREQ(sents("He said \"Go home.\" Then he left."), "He said \"Go home.\" | Then he left.");
    T_STREQ(sents("He said “Go home.” Then he left."), "He said “Go home.” | Then he left.");
    T_STREQ(sents("(See page 5.) The end."), "(See page 5.) | The end.");
    T_STREQ(sents("He said ``no.'' Then he left."), "He said ``no.'' | Then he left.");
    T_STREQ(sents("Why? Nobody knows! Really?!"), "Why? | Nobody knows! | Really?!");
    T_STREQ(sents("\"Why?\" he asked."), "\"Why?\" he asked.");
    T_STREQ(sents("Headline without stop\n\nFirst sentence."),
            "Headline without stop | First sentence.");
    T_STREQ(sents("Line one\r\n\r\nLine two"), "Line one | Line two");
    T_STREQ(sents("Line one\ncontinues here."), "Line one\ncontinues here.");
    T_STREQ(sents("A sentence without a final stop"), "A sentence without a final stop");
    T_STREQ(sents(""), "");
    T_STREQ(sents("   \n\n  \t "), "");
    T_STREQ(sents("Apples, pears, etc. The market closed."),
            "Apples, pears, etc. | The market closed.");
    T_STREQ(sents("Apple Inc. said it would. Apple Inc. The firm grew."),
            "Apple Inc. said it would. | Apple Inc. | The firm grew.");
    T_STREQ(sents("Visit cnn.com now. Or not."), "Visit cnn.com now. | Or not.");
    T_STREQ(sents("He stopped. and went on."), "He stopped. and went on.");
    T_STREQ(sents("It rose in 2019. 2020 was worse."), "It rose in 2019. | 2020 was worse.");
    T_STREQ(sents("GEN. SMITH SAID. THE END."), "GEN. SMITH SAID. | THE END.");
    T_STREQ(sents("北京很大。上海也很大。"), "北京很大。 | 上海也很大。");
    T_STREQ(sents("他说：「好。」然后走了。"), "他说：「好。」 | 然后走了。");
    T_STREQ(sents("Он ушёл. Она осталась."), "Он ушёл. | Она осталась.");
    T_STREQ(sents("Gdańsk. Łódź."), "Gdańsk. | Łódź.");
    T_STREQ(sents("Para one\xe2\x80\xa9Para two"), "Para one | Para two");
    T_STREQ(sents("Plan B. The end."), "Plan B. | The end.");
    T_STREQ(sents("...."), "....");
    T_STREQ(sents("e.g. this one. That one."), "e.g. this one. | That one.");

    /* The splitter reads plain bytes and spaces 16 at a time: the same sentences for
     * every alignment of the text in those blocks (0-33 spaces in front). */
    static const char *const shifted[] = {
        "Gen. Smith met Mr. Jones and Sen. Ford. Talks began.",
        "They fought the U.S. The war ended.  Prices rose 11.8 percent. Output fell.",
        "He waited... Then he left. He said \"Go home.\" Then he left. Why? Nobody knows!",
        "Headline without stop\n\nFirst sentence. Line one\ncontinues here.",
        "Apple Inc. said it would. Apple Inc. The firm grew. e.g. this one. That one.",
        "averyveryverylongwordthatislongerthansixteen. Next sentence_here. _ x. Y",
    };
    bool aligned = true;
    for (size_t t = 0; t < sizeof shifted / sizeof shifted[0]; t++) {
        char want[512], text[512];
        snprintf(want, sizeof want, "%s", sents(shifted[t]));
        for (int k = 1; k <= 33; k++) {
            snprintf(text, sizeof text, "%*s%s", k, "", shifted[t]);
            aligned &= strcmp(sents(text), want) == 0;
        }
    }
    T_CHECK(aligned);
    T_STREQ(sents("averyveryverylongwordthatislongerthansixteen. Next sentence_here. _ x. Y"),
            "averyveryverylongwordthatislongerthansixteen. | Next sentence_here. _ x. | Y");

    /* Spans are offsets into the text. */
    struct dy_sentence *s;
    size_t n;
    const char *text = "  One.  Two!\n\nThree";
    T_CHECK(dy_split_sentences(text, strlen(text), arena, &s, &n) == DYAD_OK && n == 3);
    if (n == 3) {
        T_CHECK(s[0].start == 2 && s[0].end == 6);
        T_CHECK(s[1].start == 8 && s[1].end == 12);
        T_CHECK(s[2].start == 14 && s[2].end == 19);
    }

    /* Many sentences: the array grows in the arena. */
    static char big[30000];
    for (size_t i = 0; i < sizeof big; i += 10)
        memcpy(big + i, "Dogs bar. ", 10);
    T_CHECK(dy_split_sentences(big, sizeof big, arena, &s, &n) == DYAD_OK && n == 3000);
    T_CHECK(n == 3000 && s[2999].start == 29990 && s[2999].end == 29999);
}

static void test_abbrev(void)
{
    T_CHECK(dy_abbrev_kind("Mr", 2) == DY_ABBREV_TITLE);
    T_CHECK(dy_abbrev_kind("MR", 2) == DY_ABBREV_TITLE);
    T_CHECK(dy_abbrev_kind("mr", 2) == DY_ABBREV_NONE);
    T_CHECK(dy_abbrev_kind("U.S", 3) == DY_ABBREV_GENERAL);
    T_CHECK(dy_abbrev_kind("e.g", 3) == DY_ABBREV_GENERAL);
    T_CHECK(dy_abbrev_kind("J", 1) == DY_ABBREV_INITIAL);
    T_CHECK(dy_abbrev_kind("etc", 3) == DY_ABBREV_ETC);
    T_CHECK(dy_abbrev_kind("the", 3) == DY_ABBREV_NONE);
    T_CHECK(dy_abbrev_kind("", 0) == DY_ABBREV_NONE);
    T_CHECK(dy_abbrev_kind("U.S.", 4) == DY_ABBREV_NONE);
    T_CHECK(dy_abbrev_kind("Mister", 6) == DY_ABBREV_NONE);
    T_CHECK(dy_abbrev_kind("Zzz", 3) == DY_ABBREV_NONE);
    T_CHECK(dy_abbrev_kind("Aa", 2) == DY_ABBREV_NONE);

    /* Every entry of the (binary-searched) table is found, as written and in capitals. */
    static const struct {
        const char *w;
        enum dy_abbrev k;
    } all[] = {
        {"Adm", DY_ABBREV_TITLE},     {"al", DY_ABBREV_GENERAL},   {"Ala", DY_ABBREV_GENERAL},
        {"Amb", DY_ABBREV_TITLE},     {"approx", DY_ABBREV_TITLE}, {"Apr", DY_ABBREV_GENERAL},
        {"Ariz", DY_ABBREV_GENERAL},  {"Ark", DY_ABBREV_GENERAL},  {"Assn", DY_ABBREV_GENERAL},
        {"Aug", DY_ABBREV_GENERAL},   {"Ave", DY_ABBREV_GENERAL},  {"Blvd", DY_ABBREV_GENERAL},
        {"Brig", DY_ABBREV_TITLE},    {"Bros", DY_ABBREV_GENERAL}, {"ca", DY_ABBREV_TITLE},
        {"Calif", DY_ABBREV_GENERAL}, {"Capt", DY_ABBREV_TITLE},   {"Cdr", DY_ABBREV_TITLE},
        {"cf", DY_ABBREV_TITLE},      {"Cmdr", DY_ABBREV_TITLE},   {"Co", DY_ABBREV_GENERAL},
        {"Col", DY_ABBREV_TITLE},     {"Colo", DY_ABBREV_GENERAL}, {"Conn", DY_ABBREV_GENERAL},
        {"Corp", DY_ABBREV_GENERAL},  {"Cos", DY_ABBREV_GENERAL},  {"Cpl", DY_ABBREV_TITLE},
        {"Dec", DY_ABBREV_GENERAL},   {"Del", DY_ABBREV_GENERAL},  {"Dept", DY_ABBREV_GENERAL},
        {"Dr", DY_ABBREV_TITLE},      {"est", DY_ABBREV_GENERAL},  {"etc", DY_ABBREV_ETC},
        {"Feb", DY_ABBREV_GENERAL},   {"Fig", DY_ABBREV_GENERAL},  {"Fla", DY_ABBREV_GENERAL},
        {"Fr", DY_ABBREV_TITLE},      {"Ft", DY_ABBREV_TITLE},     {"Ga", DY_ABBREV_GENERAL},
        {"Gen", DY_ABBREV_TITLE},     {"Gens", DY_ABBREV_TITLE},   {"Gov", DY_ABBREV_TITLE},
        {"Govt", DY_ABBREV_GENERAL},  {"Hon", DY_ABBREV_TITLE},    {"Inc", DY_ABBREV_GENERAL},
        {"Insp", DY_ABBREV_TITLE},    {"Intl", DY_ABBREV_GENERAL}, {"Jan", DY_ABBREV_GENERAL},
        {"Jr", DY_ABBREV_GENERAL},    {"Jul", DY_ABBREV_GENERAL},  {"Jun", DY_ABBREV_GENERAL},
        {"Kan", DY_ABBREV_GENERAL},   {"Kans", DY_ABBREV_GENERAL}, {"Ky", DY_ABBREV_GENERAL},
        {"Lt", DY_ABBREV_TITLE},      {"Ltd", DY_ABBREV_GENERAL},  {"Maj", DY_ABBREV_TITLE},
        {"Mar", DY_ABBREV_GENERAL},   {"Md", DY_ABBREV_GENERAL},   {"Messrs", DY_ABBREV_TITLE},
        {"Mich", DY_ABBREV_GENERAL},  {"Minn", DY_ABBREV_GENERAL}, {"Mlle", DY_ABBREV_TITLE},
        {"Mme", DY_ABBREV_TITLE},     {"Mo", DY_ABBREV_GENERAL},   {"Mont", DY_ABBREV_GENERAL},
        {"Mr", DY_ABBREV_TITLE},      {"Mrs", DY_ABBREV_TITLE},    {"Ms", DY_ABBREV_TITLE},
        {"Mt", DY_ABBREV_TITLE},      {"Natl", DY_ABBREV_GENERAL}, {"Neb", DY_ABBREV_GENERAL},
        {"Nev", DY_ABBREV_GENERAL},   {"No", DY_ABBREV_GENERAL},   {"Nos", DY_ABBREV_TITLE},
        {"Nov", DY_ABBREV_GENERAL},   {"Oct", DY_ABBREV_GENERAL},  {"Okla", DY_ABBREV_GENERAL},
        {"Pa", DY_ABBREV_GENERAL},    {"Plc", DY_ABBREV_GENERAL},  {"pp", DY_ABBREV_TITLE},
        {"Pres", DY_ABBREV_TITLE},    {"Prof", DY_ABBREV_TITLE},   {"Pvt", DY_ABBREV_TITLE},
        {"Rd", DY_ABBREV_GENERAL},    {"Rep", DY_ABBREV_TITLE},    {"Reps", DY_ABBREV_TITLE},
        {"Rev", DY_ABBREV_TITLE},     {"Rt", DY_ABBREV_TITLE},     {"Sen", DY_ABBREV_TITLE},
        {"Sens", DY_ABBREV_TITLE},    {"Sep", DY_ABBREV_GENERAL},  {"Sept", DY_ABBREV_GENERAL},
        {"Sgt", DY_ABBREV_TITLE},     {"Sr", DY_ABBREV_GENERAL},   {"St", DY_ABBREV_GENERAL},
        {"Ste", DY_ABBREV_GENERAL},   {"Supt", DY_ABBREV_TITLE},   {"Tenn", DY_ABBREV_GENERAL},
        {"Tex", DY_ABBREV_GENERAL},   {"Univ", DY_ABBREV_GENERAL}, {"Va", DY_ABBREV_GENERAL},
        {"Vol", DY_ABBREV_TITLE},     {"vs", DY_ABBREV_TITLE},     {"Vt", DY_ABBREV_GENERAL},
        {"Wash", DY_ABBREV_GENERAL},  {"Wis", DY_ABBREV_GENERAL},  {"Wyo", DY_ABBREV_GENERAL},
    };
    int missing = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        char up[16];
        size_t len = strlen(all[i].w);
        for (size_t k = 0; k <= len; k++)
            up[k] =
                (char)(all[i].w[k] >= 'a' && all[i].w[k] <= 'z' ? all[i].w[k] - 32 : all[i].w[k]);
        if (dy_abbrev_kind(all[i].w, len) != all[i].k || dy_abbrev_kind(up, len) != all[i].k) {
            fprintf(stderr, "abbreviation %s not found\n", all[i].w);
            missing++;
        }
    }
    T_CHECK(missing == 0);
}

int main(void)
{
    arena = dy_arena_new(0, 0);
    if (!arena)
        return 1;
    test_utf8();
    test_norm();
    test_clitics();
    test_words();
    test_numbers();
    test_periods();
    test_quotes();
    test_offsets_and_limits();
    test_sentences();
    test_openers();
    test_abbrev();
    dy_arena_free(arena);
    return T_DONE();
}
