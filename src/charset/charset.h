/*
 * charset.h — bytes from outside become UTF-8, once, at the door.
 *
 * One reading for every document newsmill takes in (feeds, article pages):
 * a byte-order mark wins; then the charset of the HTTP Content-Type; then
 * the label the document declares (an XML prolog's encoding, an HTML
 * <meta> charset: the caller finds it and passes it); and only when those
 * are missing or the bytes do not decode in them, detection (uchardet).
 * Labels are read as the WHATWG Encoding Standard and every browser read
 * them: iso-8859-1, latin1 and us-ascii are windows-1252; GB2312 and GBK
 * are GB18030; Shift_JIS is CP932; EUC-KR is CP949; Big5 is CP950.
 *
 * Thread safety: every function here is reentrant (iconv and uchardet
 * handles are opened per call). Nothing here prints.
 */
#ifndef NM_CHARSET_H
#define NM_CHARSET_H

#include "util/util.h"

#include <stdbool.h>
#include <stddef.h>

/* How a document was read. */
typedef struct charset_info {
    char name[40];      /* what the bytes were read as: "UTF-8", "GB18030", … */
    const char *source; /* "bom", "http", "declared", "detected" or "default" */
    bool bozo;          /* the declaration was wrong or missing and guessed,
                           or bytes were replaced by U+FFFD */
    char reason[300];   /* why bozo (the first reason), "" otherwise; may
                           quote a label from the document: not yet cleaned
                           of control characters */
} charset_info;

/* Converts bytes (len of them) to UTF-8. http_label and declared_label
 * may be NULL or "". The result is *out, *out_len bytes: in arena a and
 * NUL-terminated, or bytes itself (not a copy, not NUL-terminated) when
 * the bytes already were valid UTF-8 without a byte-order mark. Bytes the
 * chosen charset cannot read become U+FFFD. Never fails; info says how
 * the document was read and why it is bozo. */
void charset_to_utf8(arena *a, const char *bytes, size_t len, const char *http_label,
                     const char *declared_label, const char **out, size_t *out_len,
                     charset_info *info);

/* The iconv name a charset label is read as, following the WHATWG
 * Encoding Standard's labels (case and surrounding quotes and spaces are
 * ignored). Returns NULL for UTF-8 (and its labels), a static string for a
 * known label, or the label itself, lowercased, in tmp (tmpn bytes) for an
 * unknown one, which iconv may still know. */
const char *charset_label(const char *label, char *tmp, size_t tmpn);

/* uchardet's guess at the charset of bytes (at most the first 256 KiB
 * are looked at), mapped through charset_label into out (outn bytes).
 * False when the bytes are valid UTF-8 (or ASCII), or the detector has no
 * answer or answers UTF-8/ASCII. */
bool charset_detect(const char *bytes, size_t len, char *out, size_t outn);

/* A copy of p with every byte that is not part of valid UTF-8 replaced by
 * U+FFFD, in a; *out_len may be NULL. */
char *charset_utf8_repair(arena *a, const char *p, size_t n, size_t *out_len);

/* Double-encoded text (UTF-8 read as windows-1252 and encoded again:
 * "â€¦" for "…"): when the whole of s (valid UTF-8, n bytes) encodes to
 * windows-1252 and those bytes are valid UTF-8 with at least one
 * multi-byte character, writes them to a (NUL-terminated, *out_len bytes)
 * and returns them; otherwise returns NULL. Cheap when s has no 0xC3 byte
 * (every double-encoded lead byte, U+00C2…U+00F4, starts with it). */
char *charset_fix_double_utf8(arena *a, const char *s, size_t n, size_t *out_len);

#endif
