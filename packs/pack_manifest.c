/* pack_manifest.c - manifest.json (format "jury-pack/1") and the inspect
 * JSON document. */
#define _GNU_SOURCE
#include "packs/pack_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The public struct first, so a pack_manifest pointer is this pointer. Its
 * strings point into root, which lives as long as the manifest. */
struct manifest_full {
    struct pack_manifest pub;
    json_t *root;
};

#define FORMAT_V1 "jury-pack/1"

static const char *opt_string(json_t *root, const char *key, struct jstr *notes)
{
    json_t *v = json_object_get(root, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        if (notes)
            jstr_addf(notes, "'%s' is not a string; ignored\n", key);
        return NULL;
    }
    return json_string_value(v);
}

/* "YYYY-MM-DD", optionally followed by a time ("T..." or " ..."). */
static bool is_iso_date(const char *s)
{
    static const char pat[] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof pat - 1; i++)
        if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i])
            return false;
    return s[10] == '\0' || s[10] == 'T' || s[10] == ' ';
}

static bool fact_set(struct pack_fact *f, const char *key, json_t *v)
{
    f->name = key;
    if (json_is_number(v)) {
        f->type = PACK_FACT_NUMBER;
        f->number = json_number_value(v);
    } else if (json_is_boolean(v)) {
        f->type = PACK_FACT_BOOL;
        f->boolean = json_is_true(v);
    } else if (json_is_string(v)) {
        f->text = json_string_value(v);
        f->type = is_iso_date(f->text) ? PACK_FACT_DATE : PACK_FACT_STRING;
    } else {
        return false;
    }
    return true;
}

static void parse_facts(struct pack_manifest *m, json_t *root, struct jstr *notes)
{
    json_t *facts = json_object_get(root, "facts");
    if (!facts)
        return;
    if (!json_is_object(facts)) {
        if (notes)
            jstr_add(notes, "'facts' is not an object; ignored\n");
        return;
    }
    m->facts = jury_xcalloc(json_object_size(facts) + 1, sizeof *m->facts);
    const char *key;
    json_t *v;
    json_object_foreach(facts, key, v)
    {
        if (fact_set(&m->facts[m->n_facts], key, v))
            m->n_facts++;
        else if (notes)
            jstr_addf(notes, "fact '%s' is not a number, string, boolean or date; ignored\n", key);
    }
}

static void parse_one_evidence(struct pack_evidence *ev, json_t *item, size_t i, struct jstr *notes)
{
    json_t *ind = json_object_get(item, "indicators");
    size_t n = json_is_array(ind) ? json_array_size(ind) : 0;
    ev->indicators = jury_xcalloc(n + 1, sizeof *ev->indicators);
    for (size_t k = 0; k < n; k++) {
        json_t *s = json_array_get(ind, k);
        if (json_is_string(s))
            ev->indicators[ev->n_indicators++] = json_string_value(s);
        else if (notes)
            jstr_addf(notes, "evidence[%zu].indicators[%zu] is not a string; ignored\n", i, k);
    }
    if (ind && !json_is_array(ind) && notes)
        jstr_addf(notes, "evidence[%zu].indicators is not a list; ignored\n", i);
}

static void parse_evidence(struct pack_manifest *m, json_t *root, struct jstr *notes)
{
    json_t *ev = json_object_get(root, "evidence");
    if (!ev)
        return;
    if (!json_is_array(ev)) {
        if (notes)
            jstr_add(notes, "'evidence' is not a list; ignored\n");
        return;
    }
    m->evidence = jury_xcalloc(json_array_size(ev) + 1, sizeof *m->evidence);
    for (size_t i = 0; i < json_array_size(ev); i++) {
        json_t *item = json_array_get(ev, i);
        json_t *path = json_object_get(item, "path");
        if (!json_is_object(item) || !json_is_string(path)) {
            if (notes)
                jstr_addf(notes, "evidence[%zu] has no \"path\" string; ignored\n", i);
            continue;
        }
        struct pack_evidence *e = &m->evidence[m->n_evidence++];
        e->path = json_string_value(path);
        parse_one_evidence(e, item, i, notes);
    }
}

int pack_manifest_parse(const char *json, size_t len, struct pack_manifest **out,
                        struct jstr *notes, struct jury_error *err)
{
    *out = NULL;
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    char where[64];
    if (!root) {
        snprintf(where, sizeof where, "manifest.json:%d:%d", je.line, je.column);
        return jury_error_set(err, JURY_ERR_FORMAT, where, "%s", je.text);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return jury_error_set(err, JURY_ERR_FORMAT, "manifest.json:1:1",
                              "the manifest is not a JSON object");
    }
    const char *fmt = opt_string(root, "format", notes);
    if (fmt && strcmp(fmt, FORMAT_V1) != 0) {
        jury_error_set(err, JURY_ERR_VERSION, "manifest.json",
                       "format '%s' is not " FORMAT_V1 " (made by a newer program?)", fmt);
        json_decref(root);
        return JURY_ERR_VERSION;
    }
    if (!fmt && notes)
        jstr_add(notes, "no \"format\"; read as " FORMAT_V1 "\n");
    struct manifest_full *f = jury_xcalloc(1, sizeof *f);
    struct pack_manifest *m = &f->pub;
    f->root = root;
    m->format = FORMAT_V1;
    m->task = opt_string(root, "task", notes);
    m->applicant = opt_string(root, "applicant", notes);
    m->title = opt_string(root, "title", notes);
    m->region = opt_string(root, "region", notes);
    parse_facts(m, root, notes);
    parse_evidence(m, root, notes);
    *out = m;
    return 0;
}

void pack_manifest_free(struct pack_manifest **pm)
{
    struct pack_manifest *m = pm ? *pm : NULL;
    if (!m)
        return;
    struct manifest_full *f = (struct manifest_full *)m;
    for (size_t i = 0; i < m->n_evidence; i++)
        free(m->evidence[i].indicators);
    free(m->evidence);
    free(m->facts);
    json_decref(f->root);
    free(f);
    *pm = NULL;
}

const struct pack_fact *pack_manifest_fact(const struct pack_manifest *m, const char *name)
{
    for (size_t i = 0; m && i < m->n_facts; i++)
        if (strcmp(m->facts[i].name, name) == 0)
            return &m->facts[i];
    return NULL;
}

char *pack_manifest_to_json(const struct pack_manifest *m)
{
    const struct manifest_full *f = (const struct manifest_full *)m;
    char *s = json_dumps(f->root, JSON_COMPACT);
    char *r = jury_xstrdup(s ? s : "null");
    free(s);
    return r;
}

static void warn_notes(struct pack *p, long idx, const char *notes)
{
    while (*notes) {
        const char *nl = strchr(notes, '\n');
        size_t k = nl ? (size_t)(nl - notes) : strlen(notes);
        pack_warn(p, idx, 0, "manifest", "manifest.json: %.*s", (int)k, notes);
        notes += k + (nl ? 1 : 0);
    }
}

/* Parse the manifest captured while listing, if it sits at the root of what
 * is shown; problems become "manifest" warnings and the pack opens anyway. */
void manifest_attach(struct pack *p)
{
    long idx = p->manifest_cand;
    if (idx < 0 || strcmp(p->entries[idx].path, "manifest.json") != 0)
        return;
    p->manifest_idx = idx;
    struct jstr notes = {0};
    struct jury_error e = {0};
    if (pack_manifest_parse(p->manifest_raw, p->manifest_len, &p->manifest, &notes, &e) != 0) {
        pack_warn(p, idx, 0, "manifest", "%s: %s; the manifest is ignored", e.where, e.message);
    } else {
        warn_notes(p, idx, jstr_cstr(&notes));
        for (size_t i = 0; i < p->manifest->n_evidence; i++)
            if (pack_find(p, p->manifest->evidence[i].path) < 0)
                pack_warn(p, idx, 0, "manifest", "manifest.json: evidence '%s' is not in the pack",
                          p->manifest->evidence[i].path);
    }
    jstr_free(&notes);
}

static json_t *entries_json(const struct pack *p)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < p->n; i++) {
        const struct pack_entry *e = &p->entries[i];
        json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:b}", "path", e->path, "size",
                                             (json_int_t)e->size, "kind", pack_kind_name(e->kind),
                                             "hidden", e->hidden));
    }
    return arr;
}

static json_t *warnings_json(const struct pack *p)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < p->n_warns; i++) {
        const struct pack_warning *w = &p->warns[i];
        json_t *o = json_object();
        json_object_set_new(o, "entry", w->entry >= 0 ? json_string(w->path) : json_null());
        json_object_set_new(o, "code", json_string(w->code));
        json_object_set_new(o, "message", json_string(w->message));
        json_array_append_new(arr, o);
    }
    return arr;
}

char *pack_to_json(const struct pack *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "sha256", json_string(pack_id(p)));
    json_object_set_new(o, "format", json_string(p->format));
    json_object_set_new(o, "name_encoding", json_string(pack_encoding_name(p->enc)));
    json_object_set_new(o, "entries", entries_json(p));
    json_object_set_new(o, "manifest",
                        p->manifest
                            ? json_deep_copy(((const struct manifest_full *)p->manifest)->root)
                            : json_null());
    json_object_set_new(o, "warnings", warnings_json(p));
    char *s = json_dumps(o, JSON_INDENT(2));
    json_decref(o);
    char *r = jury_xstrdup(s ? s : "{}");
    free(s);
    return r;
}
