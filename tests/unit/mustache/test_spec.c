/*
 * test_spec.c — the official Mustache spec, every test of every
 * JSON file in tests/fixtures/mustache-spec/ (under $NM_ROOT), one cmocka test each
 * (named "file: test name"), each asserting the exact expected output.
 *
 * The spec's data becomes an mst_value tree, its partials the templates
 * of a set beside the test's template. The files the engine must pass are
 * listed below; a missing one fails the run (so does a missing NM_ROOT).
 * Lambdas are out of scope: ~lambdas.json, if present, is skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache/mustache.h"

static const char *const required[] = {
    "comments.json", "delimiters.json", "interpolation.json", "inverted.json",
    "partials.json", "sections.json",   "~inheritance.json",  "~dynamic-names.json",
};

typedef struct spec_case {
    char label[300];
    json_t *test; /* borrowed from its file's root */
} spec_case;

static mst_value *to_value(arena *a, json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        mst_map *m = mst_map_new(a, json_object_size(j));
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) mst_map_set(m, key, to_value(a, v));
        return mst_map_value(m);
    }
    case JSON_ARRAY: {
        mst_list *l = mst_list_new(a, json_array_size(j));
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) mst_list_push(l, to_value(a, v));
        return mst_list_value(l);
    }
    case JSON_STRING:
        return mst_ref(a, json_string_value(j), json_string_length(j));
    case JSON_INTEGER:
        return mst_int(a, json_integer_value(j));
    case JSON_REAL:
        return mst_double(a, json_real_value(j));
    case JSON_TRUE:
        return mst_bool(true);
    case JSON_FALSE:
        return mst_bool(false);
    default:
        return mst_null();
    }
}

static void run_case(void **state)
{
    spec_case *sc = *state;
    json_t *t = sc->test;
    const char *tpl = json_string_value(json_object_get(t, "template"));
    const char *expected = json_string_value(json_object_get(t, "expected"));
    assert_non_null(tpl);
    assert_non_null(expected);

    nm_error err;
    nm_error_clear(&err);
    mst_set *set = mst_set_new(NULL, NULL);
    json_t *partials = json_object_get(t, "partials");
    const char *pname;
    json_t *psrc;
    json_object_foreach(partials, pname, psrc)
    {
        if (mst_set_add(set, pname, json_string_value(psrc), json_string_length(psrc), &err) != 0)
            fail_msg("%s: partial %s does not compile: %s", sc->label, pname, err.msg);
    }
    const char *main_name = "(spec template)";
    json_t *jt = json_object_get(t, "template");
    if (mst_set_add(set, main_name, tpl, json_string_length(jt), &err) != 0)
        fail_msg("%s: template does not compile: line %ld: %s", sc->label, err.line, err.msg);
    assert_int_equal(mst_set_link(set, 0, &err), 0);

    arena *a = arena_new(0);
    mst_value *data = to_value(a, json_object_get(t, "data"));
    nm_buf out;
    buf_init(&out, 1 << 20);
    int rc = mst_render(mst_set_get(set, main_name), data, &out, &err);
    if (rc != 0)
        fail_msg("%s: render failed: %s", sc->label, err.msg);
    if (strcmp(buf_cstr(&out), expected) != 0)
        fail_msg("%s\n  template: %s\n  expected: [%s]\n  got:      [%s]", sc->label, tpl, expected,
                 buf_cstr(&out));
    buf_free(&out);
    arena_free(a);
    mst_set_free(set);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void missing_spec(void **state)
{
    fail_msg("%s", (const char *)*state);
}

int main(void)
{
    static char why[600];
    const char *root = getenv("NM_ROOT");
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/tests/fixtures/mustache-spec", root ? root : "");
    DIR *d = root && *root ? opendir(dir) : NULL;
    if (!d) {
        snprintf(why, sizeof(why), "mustache spec not found: NM_ROOT=%s (want %s)",
                 root ? root : "(unset)", dir);
        const struct CMUnitTest t[] = {cmocka_unit_test_prestate(missing_spec, why)};
        return cmocka_run_group_tests_name("mustache-spec", t, NULL, NULL);
    }
    char *files[64];
    size_t nfiles = 0;
    struct dirent *de;
    while ((de = readdir(d)) && nfiles < 64) {
        size_t n = strlen(de->d_name);
        if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0 && strcmp(de->d_name, "~lambdas.json") != 0)
            files[nfiles++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(files, nfiles, sizeof(*files), by_name);

    size_t cap = 1024, n = 0;
    spec_case *cases = calloc(cap, sizeof(*cases));
    struct CMUnitTest *tests = calloc(cap + NM_ARRAY_LEN(required), sizeof(*tests));
    json_t *roots[64];
    for (size_t r = 0; r < NM_ARRAY_LEN(required); r++) {
        bool found = false;
        for (size_t f = 0; f < nfiles; f++)
            found |= strcmp(files[f], required[r]) == 0;
        if (!found) {
            tests[n].name = required[r];
            tests[n].test_func = missing_spec;
            tests[n].initial_state = (void *)"required spec file is missing";
            n++;
        }
    }
    size_t ncase_start = n;
    for (size_t f = 0; f < nfiles; f++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, files[f]);
        json_error_t jerr;
        roots[f] = json_load_file(path, 0, &jerr);
        json_t *list = json_object_get(roots[f], "tests");
        size_t i;
        json_t *t;
        json_array_foreach(list, i, t)
        {
            if (n - ncase_start >= cap)
                break;
            spec_case *sc = &cases[n - ncase_start];
            snprintf(sc->label, sizeof(sc->label), "%s: %s", files[f],
                     json_string_value(json_object_get(t, "name")));
            sc->test = t;
            tests[n].name = sc->label;
            tests[n].test_func = run_case;
            tests[n].initial_state = sc;
            n++;
        }
    }
    int rc = _cmocka_run_group_tests("mustache-spec", tests, n, NULL, NULL);
    for (size_t f = 0; f < nfiles; f++) {
        json_decref(roots[f]);
        free(files[f]);
    }
    free(cases);
    free(tests);
    return rc;
}
