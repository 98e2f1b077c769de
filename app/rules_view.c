/* rules_view.c - an open pack as the rules see it (struct rules_pack_view). */
#include "app/app.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_TEXT_LIMIT ((size_t)1 << 20)

struct view_box {
    struct rules_pack_view view; /* first: the public pointer */
    struct pack *pack;
    struct rules_fact *facts;
    struct rules_file *files;
    char **exts;
    size_t n_exts;
};

static int view_text(void *ctx, const char *path, char **out, size_t *len)
{
    struct pack *p = ctx;
    struct jstr b = {0};
    struct jury_error err;
    if (pack_find(p, path) < 0 || extract_pack_text(p, path, 0, &b, &err) < 0) {
        jstr_free(&b);
        return -1;
    }
    if (b.len > VIEW_TEXT_LIMIT) {
        size_t cut = VIEW_TEXT_LIMIT;
        while (cut > 0 && ((unsigned char)b.s[cut] & 0xC0) == 0x80)
            cut--; /* never split a UTF-8 sequence */
        b.len = cut;
        b.s[cut] = 0;
    }
    *len = b.len;
    *out = jstr_take(&b);
    return 0;
}

static enum rules_value_kind fact_kind(enum pack_fact_type t)
{
    switch (t) {
    case PACK_FACT_NUMBER:
        return RULES_NUMBER;
    case PACK_FACT_BOOL:
        return RULES_BOOL;
    case PACK_FACT_DATE:
        return RULES_DATE;
    default:
        return RULES_STRING;
    }
}

static void view_facts(struct view_box *b, const struct pack_manifest *m)
{
    b->facts = jury_xcalloc(m->n_facts + 1, sizeof *b->facts);
    for (size_t i = 0; i < m->n_facts; i++) {
        const struct pack_fact *f = &m->facts[i];
        b->facts[i] = (struct rules_fact){.name = f->name,
                                          .kind = fact_kind(f->type),
                                          .number = f->number,
                                          .boolean = f->boolean,
                                          .str = f->text};
    }
    b->view.facts = b->facts;
    b->view.n_facts = m->n_facts;
}

static char *ext_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    char *e = jury_xstrdup(dot && dot[1] ? dot + 1 : "");
    for (char *c = e; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return e;
}

static void view_files(struct view_box *b, struct pack *p)
{
    size_t n = pack_entry_count(p);
    long manifest = pack_manifest_entry(p);
    b->files = jury_xcalloc(n + 1, sizeof *b->files);
    b->exts = jury_xcalloc(n + 1, sizeof *b->exts);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct pack_entry *e = pack_entry(p, i);
        if (e->hidden || e->is_link || (long)i == manifest)
            continue;
        b->exts[b->n_exts] = ext_of(e->path);
        b->files[k++] = (struct rules_file){.path = e->path,
                                            .kind = pack_kind_name(e->kind),
                                            .ext = b->exts[b->n_exts++],
                                            .size = (double)e->size};
    }
    b->view.files = b->files;
    b->view.n_files = k;
}

int app_rules_view(struct pack *p, struct rules_pack_view **out, struct jury_error *err)
{
    struct view_box *b = jury_xcalloc(1, sizeof *b);
    const struct pack_manifest *m = pack_manifest(p);
    b->pack = p;
    if (m) {
        b->view.applicant = m->applicant;
        b->view.task = m->task;
        b->view.title = m->title;
        b->view.region = m->region;
        view_facts(b, m);
    }
    view_files(b, p);
    b->view.text = view_text;
    b->view.text_ctx = p;
    b->view.text_limit = VIEW_TEXT_LIMIT;
    *out = &b->view;
    (void)err;
    return 0;
}

void app_rules_view_free(struct rules_pack_view **p)
{
    if (!p || !*p)
        return;
    struct view_box *b = (struct view_box *)*p;
    for (size_t i = 0; i < b->n_exts; i++)
        free(b->exts[i]);
    free(b->exts);
    free(b->files);
    free(b->facts);
    free(b);
    *p = NULL;
}
