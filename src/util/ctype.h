/*
 * ctype.h — the ASCII character classes, locale-independent.
 *
 * <ctype.h> depends on the locale (and is undefined for negative chars);
 * what newsmill reads — feeds, HTML, YAML, URLs, dates — is defined in
 * ASCII terms whatever the user's locale. Each function takes a char or
 * an unsigned char; a byte >= 0x80 (or a negative char) is in no class.
 *
 * Three kinds of white space, because the formats disagree:
 *   nm_is_space       C and YAML's: space \t \n \v \f \r
 *   nm_is_html_space  HTML's ASCII whitespace: space \t \n \f \r
 *   nm_is_xml_space   XML's S (also JSON's and Mustache's): space \t \n \r
 */
#ifndef NM_UTIL_CTYPE_H
#define NM_UTIL_CTYPE_H

#include <stdbool.h>

static inline bool nm_is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool nm_is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline bool nm_is_lower(int c) { return c >= 'a' && c <= 'z'; }
static inline bool nm_is_alpha(int c) { return nm_is_upper(c) || nm_is_lower(c); }
static inline bool nm_is_alnum(int c) { return nm_is_alpha(c) || nm_is_digit(c); }
static inline bool nm_is_xdigit(int c)
{
    return nm_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline bool nm_is_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}
static inline bool nm_is_html_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
static inline bool nm_is_xml_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
static inline int nm_to_lower(int c) { return nm_is_upper(c) ? c + ('a' - 'A') : c; }
static inline int nm_to_upper(int c) { return nm_is_lower(c) ? c - ('a' - 'A') : c; }
/* The value of a hex digit, -1 for any other byte. */
static inline int nm_hex_value(int c)
{
    return nm_is_digit(c) ? c - '0'
           : (c >= 'a' && c <= 'f') ? c - 'a' + 10
           : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                    : -1;
}

#endif
