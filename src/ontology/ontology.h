/*
 * ontology.h - the CAMEO event ontology inside the library: iteration over dyad's table
 * (for `dyad dict check` and the docs) and root names. The lookup itself is public:
 * dyad_cameo_lookup() in dyad.h. Never installed.
 */
#ifndef DY_ONTOLOGY_H
#define DY_ONTOLOGY_H

#include "dyad.h"

#include <stddef.h>

/* The name of CAMEO root 1-20 ("MAKE PUBLIC STATEMENT" ... "USE UNCONVENTIONAL MASS
 * VIOLENCE"); NULL for any other number. Static text. */
const char *dy_cameo_root_name(int root);

/* Every CAMEO code dyad knows, in strcmp() order of the code: dy_cameo_at(i) for
 * i < dy_cameo_count(), NULL past the end. Entries are static and immutable. */
/* The CAMEO code of announcing `code` as a future act: 03x for cooperation ("will
 * provide aid" 033), 13x for conflict ("will attack" 138); NULL when the code has none
 * (statements, demands, the 03 and 13 roots themselves). */
const char *dy_cameo_intent(const char *code);

size_t dy_cameo_count(void);
const dyad_cameo_info *dy_cameo_at(size_t i);

#endif
