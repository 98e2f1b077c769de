/* bench_merge.c - the merge and ranking steps, timed in-process (driven by
 * bench/merge.sh, which runs the sqlite3 shell on the same rows beside it).
 *
 *   bench_merge gen DIR REVIEWERS PACKS INDICATORS   signed sheets + CSV rows
 *   bench_merge import DIR OUT PACKS INDICATORS     verify, re-derive against the kit and
 *                                                   import every DIR/NAME.jury
 *   bench_merge rank OUT full|totals [RANKS.txt]    zscore+trimmed, no bootstrap
 *   bench_merge boot OUT RESAMPLES                  the bootstrap alone
 *
 * Data as in research/performance.md §3: reviewer r is in group r % 5, pack a
 * is scored by groups a % 5 and (a + 1) % 5; scores carry a per-reviewer bias
 * so the z-scores matter. Each step prints seconds and peak RSS. */
#define _GNU_SOURCE
#include "db/merge/merge.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_mb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

static int die(const struct jury_error *err)
{
    char buf[2048];
    fprintf(stderr, "bench_merge: %s\n", jury_error_text(err, buf, sizeof buf));
    return 2;
}

/* Points of reviewer r on indicator i of pack a, 0..10. */
static int points_of(unsigned a, unsigned r, unsigned i)
{
    int q = 40 + (int)(a * 7919u % 50u), bias = (int)(r * 37u % 21u) - 10;
    int noise = (int)((a * 2654435761u ^ r * 40503u ^ i * 9973u) % 21u) - 10;
    int p = (q + bias + noise + 5) / 10;
    return p < 0 ? 0 : p > 10 ? 10 : p;
}

static char *fmt(const char *f, unsigned v)
{
    char buf[64];
    snprintf(buf, sizeof buf, f, v);
    return jury_xstrdup(buf);
}

static void fill_pack(struct sheet *sh, struct sheet_pack *p, unsigned a, unsigned r, unsigned n_i,
                      FILE *csv)
{
    p->id = fmt("p%05u.zip", a);
    p->applicant = fmt("申报单位%05u", a);
    p->task = jury_xstrdup("bench");
    p->ruleset = jury_xstrdup("bench");
    p->state = STORE_SUBMITTED;
    p->scores = jury_xcalloc(n_i, sizeof *p->scores);
    p->n_scores = n_i;
    for (unsigned i = 0; i < n_i; i++) {
        int pts = points_of(a, r, i);
        struct sheet_score *s = &p->scores[i];
        s->indicator = fmt("%02u", i);
        s->value = fmt("%u", (unsigned)pts);
        s->points = pts;
        struct sheet_audit *au = &sh->audit[sh->n_audit++];
        au->seq = sh->n_audit;
        au->at = jury_xstrdup("2026-01-01T00:00:00Z");
        au->pack = jury_xstrdup(p->id);
        au->kind = jury_xstrdup("score");
        au->item = jury_xstrdup(s->indicator);
        au->new_value = jury_xstrdup(s->value);
        fprintf(csv, "r%03u,%s,%s,%d\n", r, p->id, s->indicator, pts);
    }
    /* a submitted pack's sheet must show its submission in the log */
    struct sheet_audit *au = &sh->audit[sh->n_audit++];
    au->seq = sh->n_audit;
    au->at = jury_xstrdup("2026-01-01T00:00:00Z");
    au->pack = jury_xstrdup(p->id);
    au->kind = jury_xstrdup("submit");
}

/* The rule set's hash as the kit gives it: of DIR/kit/rules/bench.lua when
 * merge.sh wrote one (the CLI merge re-derives against it), else of "bench". */
static void rules_sha(const char *dir, char sha[SHA256_HEX_LEN + 1])
{
    struct jury_error err = {0};
    char *p = jury_path_join(dir, "kit/rules/bench.lua");
    if (!jury_is_file(p) || jury_sha256_file_hex(p, sha, &err) < 0)
        jury_sha256_hex("bench", 5, sha);
    free(p);
}

static int gen_sheet(const char *dir, unsigned r, unsigned n_packs, unsigned n_i)
{
    struct jury_error err = {0};
    char name[64], *path;
    struct sheet *sh = jury_xcalloc(1, sizeof *sh);
    sh->version = 1;
    sh->reviewer_id = fmt("r%03u", r);
    sh->reviewer_name = fmt("评审专家%u", r);
    sh->panel = fmt("G%u", r % 5);
    sh->kit_id = jury_xstrdup("bench");
    sh->created = jury_xstrdup("2026-01-01T00:00:00Z");
    sh->tool_version = jury_xstrdup(JURY_VERSION);
    sh->rulesets = jury_xcalloc(1, sizeof *sh->rulesets);
    sh->n_rulesets = 1;
    sh->rulesets[0].id = jury_xstrdup("bench");
    rules_sha(dir, sh->rulesets[0].sha256);
    sh->packs = jury_xcalloc(n_packs, sizeof *sh->packs);
    sh->audit = jury_xcalloc((size_t)n_packs * (n_i + 1) + 1, sizeof *sh->audit);
    snprintf(name, sizeof name, "r%03u.csv", r);
    path = jury_path_join(dir, name);
    FILE *csv = fopen(path, "w");
    free(path);
    for (unsigned a = 0; a < n_packs; a++)
        if (a % 5 == r % 5 || (a + 1) % 5 == r % 5)
            fill_pack(sh, &sh->packs[sh->n_packs++], a, r, n_i, csv);
    fclose(csv);
    sheet_audit_seal(sh);
    unsigned char sk[64];
    snprintf(name, sizeof name, "r%03u.jury", r);
    path = jury_path_join(dir, name);
    int rc = keys_load_secret(sh->reviewer_id, sk, &err);
    if (rc == 0)
        rc = sheet_write(sh, sk, path, &err);
    free(path);
    sheet_free(&sh);
    return rc < 0 ? die(&err) : 0;
}

static int cmd_gen(const char *dir, unsigned n_r, unsigned n_packs, unsigned n_i)
{
    struct jury_error err = {0};
    char *home = jury_path_join(dir, "home");
    setenv("JURY_HOME", home, 1);
    free(home);
    struct jstr roster = {0};
    jstr_add(&roster, "reviewer_id,name,panel,affiliation,public_key\n");
    for (unsigned r = 0; r < n_r; r++) {
        char id[16], panel[8], *line = NULL;
        snprintf(id, sizeof id, "r%03u", r);
        snprintf(panel, sizeof panel, "G%u", r % 5);
        if (keys_generate(id, id, panel, "", &line, &err) < 0)
            return die(&err);
        jstr_addf(&roster, "%s\n", line);
        free(line);
    }
    char *rp = jury_path_join(dir, "roster.csv");
    int rc = jury_write_file_atomic(rp, roster.s, roster.len, 0644, &err);
    free(rp);
    jstr_free(&roster);
    if (rc < 0)
        return die(&err);
    for (unsigned r = 0; r < n_r; r++)
        if ((rc = gen_sheet(dir, r, n_packs, n_i)) != 0)
            return rc;
    return 0;
}

/* The kit the generated sheets belong to, as the merge sees it: every pack,
 * its rule set (points 0..10 in steps of 1 for each indicator) and hash. */
struct bench_kit {
    struct checklist *cl;
    struct merge_kit_pack *packs;
    char **ids;
    char sha[SHA256_HEX_LEN + 1];
    struct merge_kit kit;
};

static void bench_kit_make(struct bench_kit *b, const char *dir, unsigned n_packs, unsigned n_i)
{
    b->cl = checklist_new();
    b->cl->id = jury_xstrdup("bench");
    for (unsigned i = 0; i < n_i; i++) {
        char id[16];
        snprintf(id, sizeof id, "%02u", i);
        struct cl_indicator in = {
            .id = id, .text = id, .depth = 1, .parent = -1, .scored = true, .max = 10, .step = 1};
        checklist_add_indicator(b->cl, &in);
    }
    rules_sha(dir, b->sha);
    b->packs = jury_xcalloc(n_packs + 1, sizeof *b->packs);
    b->ids = jury_xcalloc(n_packs + 1, sizeof *b->ids);
    for (unsigned a = 0; a < n_packs; a++) {
        b->ids[a] = fmt("p%05u.zip", a);
        b->packs[a] = (struct merge_kit_pack){.id = b->ids[a],
                                              .task = "bench",
                                              .ruleset = "bench",
                                              .ruleset_sha256 = b->sha,
                                              .cl = b->cl};
    }
    b->kit = (struct merge_kit){"bench", b->packs, n_packs};
}

static void bench_kit_free(struct bench_kit *b, unsigned n_packs)
{
    for (unsigned a = 0; a < n_packs; a++)
        free(b->ids[a]);
    free(b->ids);
    free(b->packs);
    checklist_free(&b->cl);
}

static int is_sheet(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 5 && strcmp(d->d_name + n - 5, ".jury") == 0;
}

static int cmd_import(const char *dir, const char *out, unsigned n_packs, unsigned n_i)
{
    struct bench_kit bk;
    bench_kit_make(&bk, dir, n_packs, n_i);
    double derive = 0;
    struct jury_error err = {0};
    struct roster *ro = NULL;
    struct merge *m = NULL;
    struct dirent **list = NULL;
    char *rp = jury_path_join(dir, "roster.csv");
    int n = scandir(dir, &list, is_sheet, alphasort), rc = 0;
    double t0 = now(), verify = 0, store = 0;
    if (roster_load(rp, &ro, &err) < 0 || merge_open(&m, out, &err) < 0 ||
        merge_add_roster(m, ro, NULL, &err) < 0)
        rc = die(&err);
    for (int i = 0; rc == 0 && i < n; i++) {
        char *p = jury_path_join(dir, list[i]->d_name), sha[SHA256_HEX_LEN + 1];
        struct sheet *sh = NULL;
        struct merge_sheet_report rep;
        double t = now();
        if (sheet_read_verified(p, ro, "bench", &sh, &err) < 0 ||
            jury_sha256_file_hex(p, sha, &err) < 0)
            rc = die(&err);
        verify += now() - t;
        t = now();
        if (rc == 0 && merge_sheet_check(&bk.kit, sh, p, &err) < 0)
            rc = die(&err);
        derive += now() - t;
        t = now();
        if (rc == 0 && merge_import(m, sh, p, sha, false, &rep, &err) < 0)
            rc = die(&err);
        store += now() - t;
        sheet_free(&sh);
        free(p);
    }
    if (rc == 0)
        printf("import %d sheets: %.3f s (verification %.3f s, re-derivation %.3f s, storing "
               "%.3f s), peak RSS %ld MB\n",
               n, now() - t0, verify, derive, store, rss_mb());
    bench_kit_free(&bk, n_packs);
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    free(rp);
    merge_close(&m);
    roster_free(&ro);
    return rc;
}

static int write_ranks(const struct merge_ranking *r, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 2;
    for (size_t i = 0; i < r->in.n_packs; i++) /* packs are sorted by id */
        fprintf(f, "%s\t%d\n", r->in.packs[i].id, r->result->rows[i].rank);
    fclose(f);
    return 0;
}

static int cmd_rank(const char *out, const char *how, const char *ranks, unsigned boot)
{
    struct jury_error err = {0};
    struct merge *m = NULL;
    struct merge_ranking *r = NULL;
    struct rank_settings s;
    rank_settings_default(&s);
    rank_settings_set_method(&s, "zscore+trimmed", &err);
    s.bootstrap = 0;
    s.spread_tie_break = false; /* the SQL peer has no tie-break */
    unsigned flags = strcmp(how, "full") == 0 ? MERGE_RANK_FROM_SCORES : 0;
    double t0 = now();
    if (merge_open(&m, out, &err) < 0 || merge_rank(m, &s, flags, &r, &err) < 0)
        return die(&err);
    double t1 = now();
    int rc = 0;
    if (boot) {
        r->result->settings.bootstrap = boot;
        if (rank_bootstrap(&r->in, r->result, &err) < 0)
            rc = die(&err);
        printf("bootstrap %u resamples of %zu packs: %.3f s, peak RSS %ld MB\n", boot,
               r->in.n_packs, now() - t1, rss_mb());
    } else {
        printf("rank (%s, %zu results): %.3f s, peak RSS %ld MB\n",
               flags ? "from raw scores" : "from kept totals", r->in.n_entries, t1 - t0, rss_mb());
    }
    if (ranks)
        rc = write_ranks(r, ranks);
    merge_ranking_free(&r);
    merge_close(&m);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "gen") == 0)
        return cmd_gen(argv[2], (unsigned)atoi(argv[3]), (unsigned)atoi(argv[4]),
                       (unsigned)atoi(argv[5]));
    if (argc == 6 && strcmp(argv[1], "import") == 0)
        return cmd_import(argv[2], argv[3], (unsigned)atoi(argv[4]), (unsigned)atoi(argv[5]));
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "rank") == 0)
        return cmd_rank(argv[2], argv[3], argc == 5 ? argv[4] : NULL, 0);
    if (argc == 4 && strcmp(argv[1], "boot") == 0)
        return cmd_rank(argv[2], "totals", NULL, (unsigned)atoi(argv[3]));
    fprintf(stderr, "usage: bench_merge gen DIR REVIEWERS PACKS INDICATORS |\n"
                    "       import DIR OUT PACKS INDICATORS |\n"
                    "       rank OUT full|totals [RANKS] | boot OUT RESAMPLES\n");
    return 2;
}
