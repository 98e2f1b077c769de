/* pack_file.c - one pack file outside any kit, as `jury pack` works on it:
 * what it holds, every entry read (verify), an entry's text, a search
 * through its cache, and building a pack from a folder or archive. */
#include "app/app.h"
#include "packs/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct app_pack_file {
    char *given; /* the path as the caller named it */
    struct pack *p;
    struct pack_index *idx;
    struct index_hit *hits;
    struct app_hit *app_hits;
    size_t n_hits;
};

int app_pack_file_open(struct app_pack_file **out, const char *path, const char *passphrase,
                       struct jury_error *err)
{
    struct pack_options o;
    pack_options_default(&o);
    o.passphrase = passphrase;
    struct app_pack_file *f = jury_xcalloc(1, sizeof *f);
    *out = NULL;
    int rc = pack_open(&f->p, path, &o, err);
    if (rc < 0) {
        app_pack_file_close(&f);
        return rc;
    }
    f->given = jury_xstrdup(path);
    *out = f;
    return 0;
}

static void hits_clear(struct app_pack_file *f)
{
    index_hits_free(&f->hits, f->n_hits);
    free(f->app_hits);
    f->app_hits = NULL;
    f->n_hits = 0;
}

void app_pack_file_close(struct app_pack_file **p)
{
    struct app_pack_file *f = *p;
    if (!f)
        return;
    hits_clear(f);
    index_close(&f->idx);
    pack_close(&f->p);
    free(f->given);
    free(f);
    *p = NULL;
}

bool app_pack_file_needs_passphrase(const struct app_pack_file *f)
{
    return pack_needs_passphrase(f->p);
}

void app_pack_file_info(const struct app_pack_file *f, struct app_pack_info *out)
{
    const struct pack *p = f->p;
    const struct pack_manifest *m = pack_manifest(p);
    memset(out, 0, sizeof *out);
    out->path = pack_path(p);
    out->sha256 = pack_id(p);
    out->format = pack_format(p);
    out->names = pack_encoding_name(pack_name_encoding(p));
    out->top_folder = pack_top_folder(p);
    out->n_entries = pack_entry_count(p);
    for (size_t i = 0; i < out->n_entries; i++)
        out->n_hidden += pack_entry(p, i)->hidden;
    out->n_warnings = pack_warning_count(p);
    out->manifest = m != NULL;
    if (!m)
        return;
    out->task = m->task;
    out->applicant = m->applicant;
    out->title = m->title;
    out->region = m->region;
    out->n_facts = m->n_facts;
    out->n_evidence = m->n_evidence;
}

void app_pack_file_entry(const struct app_pack_file *f, size_t i, struct app_pack_entry *out)
{
    const struct pack_entry *e = pack_entry(f->p, i);
    *out = (struct app_pack_entry){e->path,   e->size,    pack_kind_name(e->kind),
                                   e->hidden, e->is_link, e->link_target};
}

void app_pack_file_warning(const struct app_pack_file *f, size_t i, struct app_pack_warning *out)
{
    const struct pack_warning *w = pack_warning(f->p, i);
    *out = (struct app_pack_warning){w->code, w->path, w->message};
}

char *app_pack_file_json(const struct app_pack_file *f)
{
    return pack_to_json(f->p);
}

int app_pack_file_text(struct app_pack_file *f, const char *entry, long page, struct jstr *out,
                       struct jury_error *err)
{
    if (pack_find(f->p, entry) < 0)
        return jury_error_set(err, JURY_ERR_NOTFOUND, f->given, "no entry '%s'", entry);
    return extract_pack_text(f->p, entry, page, out, err);
}

void app_pack_file_verify(struct app_pack_file *f, struct app_pack_check *out)
{
    memset(out, 0, sizeof *out);
    out->n_entries = pack_entry_count(f->p);
    out->bad = jury_xcalloc(out->n_entries + 1, sizeof *out->bad);
    for (size_t i = 0; i < out->n_entries; i++) {
        const struct pack_entry *e = pack_entry(f->p, i);
        if (e->is_link)
            continue;
        out->readable++;
        struct jury_error err = {0};
        char hex[SHA256_HEX_LEN + 1];
        if (pack_entry_sha256(f->p, i, hex, &err) == 0) {
            out->ok++;
            continue;
        }
        struct app_unreadable *b = &out->bad[out->n_bad++];
        b->path = e->path;
        snprintf(b->message, sizeof b->message, "%s", err.message);
    }
}

void app_pack_check_clear(struct app_pack_check *c)
{
    free(c->bad);
    memset(c, 0, sizeof *c);
}

/* Index what is not indexed yet, telling progress after each step and once
 * when done. */
static int index_all(struct app_pack_file *f,
                     void (*progress)(size_t done, size_t entries, size_t failed, bool finished,
                                      void *ctx),
                     void *ctx, struct jury_error *err)
{
    struct index_progress prog;
    int rc = index_progress(f->idx, &prog, err);
    while (rc == 0 && !prog.complete) {
        rc = index_step(f->idx, 200, &prog, err);
        if (rc == 0 && progress)
            progress(prog.done, prog.entries, prog.failed, false, ctx);
    }
    if (rc == 0 && progress)
        progress(prog.done, prog.entries, prog.failed, true, ctx);
    return rc;
}

int app_pack_file_search(struct app_pack_file *f, const char *query, size_t limit,
                         void (*progress)(size_t done, size_t entries, size_t failed, bool finished,
                                          void *ctx),
                         void *ctx, const struct app_hit **hits, size_t *n, struct jury_error *err)
{
    hits_clear(f);
    *hits = NULL;
    *n = 0;
    int rc = f->idx ? 0 : index_open(&f->idx, f->p, err);
    if (rc == 0)
        rc = index_all(f, progress, ctx, err);
    if (rc == 0)
        rc = index_search(f->idx, query, limit, &f->hits, &f->n_hits, err);
    if (rc < 0)
        return rc;
    f->app_hits = jury_xcalloc(f->n_hits + 1, sizeof *f->app_hits);
    for (size_t k = 0; k < f->n_hits; k++)
        f->app_hits[k] =
            (struct app_hit){f->hits[k].path, (int)f->hits[k].page, f->hits[k].snippet};
    *hits = f->app_hits;
    *n = f->n_hits;
    return 0;
}

int app_pack_build(const struct app_pack_build *b, size_t *n_files, struct jury_error *err)
{
    struct pack_options o;
    pack_options_default(&o);
    o.passphrase = b->passphrase;
    struct pack_build pb = {.src = b->src,
                            .out = b->out,
                            .task = b->task,
                            .applicant = b->applicant,
                            .title = b->title,
                            .region = b->region,
                            .facts_file = b->facts_file,
                            .opt = &o};
    return pack_build_zip(&pb, n_files, err);
}
