/*
 * bare_libxml2.c — the floor of bench/parse: read each file and parse it
 * with xmlReadMemory (no walk, no output), as cheaply as libxml2 allows.
 * Prints the number of bytes parsed. Usage: bare_libxml2 FILE...
 */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    size_t total = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *buf = malloc((size_t)n + 1);
        if (fread(buf, 1, (size_t)n, f) != (size_t)n)
            return 1;
        fclose(f);
        xmlDocPtr doc = xmlReadMemory(buf, (int)n, argv[i], NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
        if (!doc) {
            fprintf(stderr, "%s: not well-formed\n", argv[i]);
            return 1;
        }
        xmlFreeDoc(doc);
        free(buf);
        total += (size_t)n;
    }
    printf("%zu\n", total);
    return 0;
}
