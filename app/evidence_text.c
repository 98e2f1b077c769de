/* evidence_text.c - fingerprints of the evidence text of packs, so the merge
 * can list near-identical text in packs of different applicants (possible
 * copying, 剽窃 is a veto item in task 10) besides byte-identical files. */
#include "app/app.h"
#include "packs/pack.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_text(enum pack_kind k)
{
    return k == PACK_KIND_PDF || k == PACK_KIND_DOCX || k == PACK_KIND_XLSX ||
           k == PACK_KIND_PPTX || k == PACK_KIND_TEXT;
}

static void push(struct app_text_print **v, size_t *n, const char *pack, const struct pack_entry *e,
                 uint64_t hash, size_t features)
{
    *v = jury_xrealloc(*v, (*n + 1) * sizeof **v);
    struct app_text_print *t = &(*v)[(*n)++];
    t->pack = jury_xstrdup(pack);
    t->path = jury_xstrdup(e->path);
    snprintf(t->sha256, sizeof t->sha256, "%s", e->sha256);
    t->hash = hash;
    t->features = features;
}

int app_text_prints_add(struct pack *p, const char *pack_name, size_t min_features,
                        struct app_text_print **prints, size_t *n, struct jury_error *err)
{
    long manifest = pack_manifest_entry(p);
    for (size_t i = 0; i < pack_entry_count(p); i++) {
        const struct pack_entry *e = pack_entry(p, i);
        if ((long)i == manifest || e->hidden || e->is_link || e->encrypted || !has_text(e->kind))
            continue;
        struct extract_result *x = NULL;
        struct jury_error ignored = {0};
        if (extract_entry(p, i, NULL, &x, &ignored) != JURY_OK)
            continue; /* unreadable evidence is the pack check's business */
        struct jstr all = {0};
        for (size_t k = 0; k < x->n_pages; k++)
            jstr_addn(&all, x->pages[k].text, x->pages[k].len);
        size_t features;
        uint64_t h = text_simhash(jstr_cstr(&all), all.len, &features);
        if (features >= min_features)
            push(prints, n, pack_name, e, h, features);
        jstr_free(&all);
        extract_result_free(&x);
    }
    (void)err;
    return JURY_OK;
}

void app_text_prints_free(struct app_text_print **p, size_t n)
{
    for (size_t i = 0; *p && i < n; i++) {
        free((*p)[i].pack);
        free((*p)[i].path);
    }
    free(*p);
    *p = NULL;
}

/* True when group g (members with rep == g) spans two packs and is not just
 * one file copied byte for byte (the SHA-256 check lists those). */
static bool group_counts(const struct app_text_print *v, const size_t *rep, size_t n, size_t g)
{
    bool packs = false, shas = false;
    for (size_t i = 0; i < n; i++) {
        if (rep[i] != g)
            continue;
        packs |= strcmp(v[i].pack, v[g].pack) != 0;
        shas |= strcmp(v[i].sha256, v[g].sha256) != 0 || !v[g].sha256[0];
    }
    return packs && shas;
}

size_t app_text_groups(const struct app_text_print *v, size_t n, int max_distance, size_t *rep)
{
    uint64_t *h = jury_xcalloc(n + 1, sizeof *h);
    for (size_t i = 0; i < n; i++)
        h[i] = v[i].hash;
    simhash_cluster(h, n, max_distance, rep);
    free(h);
    size_t groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (rep[i] != i)
            continue;
        if (group_counts(v, rep, n, i))
            groups++;
        else
            for (size_t j = i; j < n; j++)
                if (rep[j] == i)
                    rep[j] = SIZE_MAX;
    }
    return groups;
}
