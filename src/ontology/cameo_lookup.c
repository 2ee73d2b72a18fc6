/*
 * cameo_lookup.c - finds a CAMEO event code in dyad's table (cameo_table.c) for the coder,
 * the writers and `dyad dict check`. Only 2-4 ASCII digits can be a code; anything else
 * (PETRARCH's "---", "174K" style placeholders) is not looked up at all.
 */
#include "ontology.h"

#include <string.h>

/* 1 if s is 2 to 4 ASCII digits (isdigit() would depend on the locale). */
static int is_code_shape(const char *s)
{
    size_t len = 0;

    while (len < 5 && s[len] >= '0' && s[len] <= '9')
        len++;
    return s[len] == '\0' && len >= 2 && len <= 4;
}

/* Binary search over the table, which is sorted by strcmp() of the code. */
static const dyad_cameo_info *find_code(const char *code)
{
    size_t lo = 0, hi = dy_cameo_count();

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const dyad_cameo_info *e = dy_cameo_at(mid);
        int cmp = strcmp(code, e->code);

        if (cmp == 0)
            return e;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int dyad_cameo_lookup(const char *code, dyad_cameo_info *out)
{
    const dyad_cameo_info *e;

    if (code == NULL || !is_code_shape(code))
        return 0;
    e = find_code(code);
    if (e == NULL)
        return 0;
    if (out != NULL)
        *out = *e;
    return 1;
}

const char *dy_cameo_root_name(int root)
{
    char code[3];
    const dyad_cameo_info *e;

    if (root < 1 || root > 20)
        return NULL;
    code[0] = (char)('0' + root / 10);
    code[1] = (char)('0' + root % 10);
    code[2] = '\0';
    e = find_code(code);
    return e != NULL ? e->name : NULL;
}

/* What a future action is, announced: "will provide aid" expresses the intent to (033),
 * "will attack" threatens (138). CAMEO's 03 and 13 roots mirror the action roots; this
 * follows the mirror at the finest level it has. */
const char *dy_cameo_intent(const char *code)
{
    static const struct {
        const char *prefix, *intent;
    } map[] = {
        {"0831", "0341"}, {"0832", "0342"}, {"0833", "0343"}, {"0834", "0344"},
        {"04", "036"},    {"05", "032"},    {"061", "0311"},  {"062", "0312"},
        {"063", "0313"},  {"064", "0314"},  {"06", "031"},    {"071", "0331"},
        {"072", "0332"},  {"073", "0333"},  {"074", "0334"},  {"07", "033"},
        {"081", "0351"},  {"082", "0352"},  {"083", "034"},   {"084", "0353"},
        {"085", "0354"},  {"086", "0355"},  {"087", "0356"},  {"08", "035"},
        {"16", "131"},    {"17", "137"},    {"191", "1381"},  {"192", "1382"},
        {"19", "1384"},   {"18", "138"},    {"20", "1383"},
    };
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strncmp(code, map[i].prefix, strlen(map[i].prefix)) == 0)
            return map[i].intent;
    return NULL;
}
