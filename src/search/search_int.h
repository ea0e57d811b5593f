/*
 * search_int.h — what the files of the search module share: the database
 * handle and the tokenizer's registration. Not for other modules.
 */
#ifndef NM_SEARCH_INT_H
#define NM_SEARCH_INT_H

#include <sqlite3.h>

#include "search.h"

struct search_db {
    sqlite3 *db;
    char *site_dir;
    char *path; /* <site>/.newsmill/search.db, for messages */
};

/* Registers the "newsmill" tokenizer on db; -1 when FTS5 is missing. */
int search_register_tokenizer(sqlite3 *db);

/* s with control characters and whitespace runs folded to one space,
 * trimmed (NULL gives ""). Result in a. */
char *search_clean_line(arena *a, const char *s);

#endif
