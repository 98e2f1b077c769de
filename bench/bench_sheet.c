/* bench_sheet.c - writing and reading (verify included) one large signed
 * score sheet, timed in-process (driven by bench/sheet.sh).
 *
 *   bench_sheet DIR [SCORES]   default 120,000 scores
 *
 * The sheet is built by hand (as bench_merge does): packs of 30 indicators,
 * every second score with a comment, every third with a citation, and the
 * audit rows a store logs for all of it (pack, start, value, points,
 * comment, citation, submit), so the verifier replays a real log. Prints
 * the file size, the median of 3 runs of sheet_write and of
 * sheet_read_verified, and MB/s of each. */
#define _GNU_SOURCE
#include "db/sheet/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PER_PACK 30u

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int die(const struct jury_error *err)
{
    char buf[2048];
    fprintf(stderr, "bench_sheet: %s\n", jury_error_text(err, buf, sizeof buf));
    return 2;
}

static char *fmt(const char *f, unsigned v)
{
    char buf[64];
    snprintf(buf, sizeof buf, f, v);
    return jury_xstrdup(buf);
}

static void row(struct sheet *sh, const char *pack, const char *kind, const char *item,
                const char *new_value)
{
    struct sheet_audit *a = &sh->audit[sh->n_audit++];
    a->seq = sh->n_audit;
    a->at = jury_xstrdup("2026-01-01T00:00:00Z");
    a->pack = jury_xstrdup(pack);
    a->kind = jury_xstrdup(kind);
    a->item = item ? jury_xstrdup(item) : NULL;
    a->new_value = new_value ? jury_xstrdup(new_value) : NULL;
}

/* A score and the rows a store logs for it: value, points, comment, citation. */
static void fill_score(struct sheet *sh, const struct sheet_pack *p, struct sheet_score *s,
                       unsigned i, unsigned n)
{
    unsigned pts = (n * 2654435761u >> 7) % 11u;
    s->indicator = fmt("%02u", i);
    s->value = fmt("%u", pts);
    s->points = pts;
    row(sh, p->id, "score", s->indicator, s->value);
    row(sh, p->id, "points", s->indicator, s->value);
    if (n % 2 == 0) {
        s->comment = jury_xstrdup("证据充分，佐证材料齐全");
        row(sh, p->id, "comment", s->indicator, s->comment);
    }
    if (n % 3 == 0) {
        s->cites = jury_xcalloc(1, sizeof *s->cites);
        s->n_cites = 1;
        s->cites[0].path = fmt("材料/佐证%u.pdf", i);
        s->cites[0].page = (int)(n % 40);
        char cite[128];
        snprintf(cite, sizeof cite, "%s:%d", s->cites[0].path, s->cites[0].page);
        row(sh, p->id, "cite", s->indicator, cite);
    }
}

/* A pack and the rows a store logs for it: its fields, its start, then
 * (after its scores) its submission. */
static void fill_pack(struct sheet *sh, struct sheet_pack *p, unsigned a)
{
    p->id = fmt("p%05u.zip", a);
    jury_sha256_hex(p->id, strlen(p->id), p->sha256);
    p->applicant = fmt("申报单位%05u", a);
    p->task = jury_xstrdup("t1");
    p->ruleset = jury_xstrdup("bench-rules");
    p->state = STORE_SUBMITTED;
    p->scores = jury_xcalloc(PER_PACK, sizeof *p->scores);
    char v[256];
    snprintf(v, sizeof v, "%s\x1f%s\x1f%s\x1f%s", p->applicant, p->task, p->ruleset, p->sha256);
    row(sh, p->id, "pack", NULL, v);
    row(sh, p->id, "start", NULL, NULL);
}

static struct sheet *build(unsigned n_scores)
{
    struct sheet *sh = jury_xcalloc(1, sizeof *sh);
    unsigned n_packs = (n_scores + PER_PACK - 1) / PER_PACK;
    sh->version = 1;
    sh->reviewer_id = jury_xstrdup("r1");
    sh->reviewer_name = jury_xstrdup("评审专家");
    sh->panel = jury_xstrdup("G1");
    sh->kit_id = jury_xstrdup("bench");
    sh->created = jury_xstrdup("2026-01-01T00:00:00Z");
    sh->tool_version = jury_xstrdup(JURY_VERSION);
    sh->rulesets = jury_xcalloc(1, sizeof *sh->rulesets);
    sh->n_rulesets = 1;
    sh->rulesets[0].id = jury_xstrdup("bench-rules");
    jury_sha256_hex("bench", 5, sh->rulesets[0].sha256);
    sh->packs = jury_xcalloc(n_packs, sizeof *sh->packs);
    sh->audit = jury_xcalloc((size_t)n_scores * 4 + (size_t)n_packs * 3 + 1, sizeof *sh->audit);
    unsigned n = 0;
    for (unsigned a = 0; a < n_packs; a++) {
        struct sheet_pack *p = &sh->packs[sh->n_packs++];
        fill_pack(sh, p, a);
        for (unsigned i = 0; i < PER_PACK && n < n_scores; i++, n++)
            fill_score(sh, p, &p->scores[p->n_scores++], i, n);
        row(sh, p->id, "submit", NULL, NULL);
    }
    sheet_audit_seal(sh);
    return sh;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double median3(double t[3])
{
    qsort(t, 3, sizeof *t, cmp_double);
    return t[1];
}

static int roster_of(const char *dir, struct roster **ro, struct jury_error *err)
{
    char *line = NULL, *path = jury_path_join(dir, "roster.csv");
    int rc = keys_generate("r1", "评审专家", "G1", "", &line, err);
    FILE *f = rc == 0 ? fopen(path, "w") : NULL;
    if (f) {
        fprintf(f, "reviewer_id,name,panel,affiliation,public_key\n%s\n", line);
        fclose(f);
        rc = roster_load(path, ro, err);
    }
    free(line);
    free(path);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_sheet DIR [SCORES]\n");
        return 2;
    }
    unsigned n_scores = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 120000u;
    char *home = jury_path_join(argv[1], "home");
    setenv("JURY_HOME", home, 1);
    free(home);
    struct jury_error err = {0};
    struct roster *ro = NULL;
    unsigned char sk[64];
    if (roster_of(argv[1], &ro, &err) < 0 || keys_load_secret("r1", sk, &err) < 0)
        return die(&err);
    struct sheet *sh = build(n_scores);
    char *path = jury_path_join(argv[1], "bench.jury");
    double tw[3], tr[3];
    for (int i = 0; i < 3; i++) {
        double t0 = now();
        if (sheet_write(sh, sk, path, &err) < 0)
            return die(&err);
        tw[i] = now() - t0;
    }
    for (int i = 0; i < 3; i++) {
        struct sheet *back = NULL;
        double t0 = now();
        if (sheet_read_verified(path, ro, "bench", &back, &err) < 0)
            return die(&err);
        tr[i] = now() - t0;
        if (back->n_packs != sh->n_packs || back->n_audit != sh->n_audit)
            return fprintf(stderr, "bench_sheet: the sheet read back differs\n"), 2;
        sheet_free(&back);
    }
    struct stat sb;
    stat(path, &sb);
    double mb = (double)sb.st_size / 1e6, w = median3(tw), r = median3(tr);
    printf("sheet: %u scores, %zu audit rows, %.1f MB\n", n_scores, sh->n_audit, mb);
    printf("write: %.3f s (%.0f MB/s)\n", w, mb / w);
    printf("read+verify: %.3f s (%.0f MB/s)\n", r, mb / r);
    sheet_free(&sh);
    roster_free(&ro);
    free(path);
    return 0;
}
