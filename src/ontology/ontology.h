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
size_t dy_cameo_count(void);
const dyad_cameo_info *dy_cameo_at(size_t i);

#endif
