/* test_merge_trust.c - forged-but-signed sheets at `jury merge --kit`.
 *
 * Reviewers score the sample pack with the real binary and export signed
 * sheets; one reviewer then edits their own sheet (read with the real reader,
 * changed, the audit chain resealed, signed again with their own key by the
 * real writer), so every signature verifies. Each forgery must be refused
 * with its reason and leave OUT byte for byte as it was; an honest sheet
 * claiming another applicant is merged under the kit's applicant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "app/app.h"
#include "db/sheet/sheet.h"
#include "packs/pack.h"
#include "scripting/rules.h"

static char work[256];
static const char *bin;
static struct roster *roster;

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A shell command in the work folder; its exit status. */
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(cmd, sizeof cmd, "cd '%s' && J='%s' && ", work, bin);
    vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *at(const char *name)
{
    return jury_path_join(work, name);
}

static int setup(void **state)
{
    (void)state;
    bin = getenv("JURY_BIN");
    snprintf(work, sizeof work, "/tmp/jury-test-trust-XXXXXX");
    if (!bin || !mkdtemp(work))
        return -1;
    char *home = at("home");
    setenv("JURY_HOME", home, 1);
    free(home);
    /* three reviewers score every point of the pack (a number, else the top
     * level), submit and export; the kit is a copy of the samples */
    int rc = run(
        "P=t1-changzhou; for R in R01 R02 R03; do $J keygen --name 评审$R --panel A --id $R "
        ">/dev/null || exit 1; done; "
        "{ echo reviewer_id,name,panel,affiliation,public_key; cat home/keys/R0*.pub; } "
        ">roster.csv; for R in R01 R02 R03; do "
        "for id in $($J score show $P --reviewer $R | sed -n 's/^  \\([0-9][0-9.]*\\) .*/\\1/p');"
        " do $J score set $P $id 优 --reviewer $R >/dev/null 2>&1 || "
        "$J score set $P $id 2 --reviewer $R >/dev/null 2>&1 || exit 1; done; "
        "for c in $(grep -o '\"E[0-9.]*\"' \"$JURY_SHARE/rules/task1.lua\" | tr -d '\"'); do "
        "$J confirm $P $c yes --reviewer $R >/dev/null 2>&1; done; "
        "$J score submit $P --reviewer $R >/dev/null && "
        "$J export --reviewer $R -o $R.jury >/dev/null || exit 1; done; "
        "cp -r \"$JURY_SHARE/packs/samples\" kit");
    if (rc != 0)
        return -1;
    struct jury_error err = {0};
    char *rp = at("roster.csv");
    rc = roster_load(rp, &roster, &err);
    free(rp);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    roster_free(&roster);
    if (!getenv("KEEP"))
        run("rm -rf '%s'", work);
    return 0;
}

/* Every name under dir with its link target or content hash, sorted. */
static void snapshot_dir(const char *dir, const char *rel, struct jstr *out)
{
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            char *p = jury_path_join(dir, name), link[256], hex[SHA256_HEX_LEN + 1] = "";
            struct stat st;
            struct jury_error err = {0};
            lstat(p, &st);
            if (S_ISLNK(st.st_mode)) {
                ssize_t k = readlink(p, link, sizeof link - 1);
                link[k < 0 ? 0 : k] = '\0';
                jstr_addf(out, "%s/%s -> %s\n", rel, name, link);
            } else if (S_ISDIR(st.st_mode)) {
                struct jstr sub = {0};
                jstr_addf(&sub, "%s/%s", rel, name);
                snapshot_dir(p, jstr_cstr(&sub), out);
                jstr_free(&sub);
            } else {
                jury_sha256_file_hex(p, hex, &err);
                jstr_addf(out, "%s/%s %s\n", rel, name, hex);
            }
            free(p);
        }
        free(list[i]);
    }
    free(list);
}

static char *snapshot(const char *name)
{
    char *p = at(name);
    struct jstr s = {0};
    snapshot_dir(p, "", &s);
    free(p);
    return jstr_take(&s);
}

static bool file_has(const char *name, const char *needle)
{
    char *p = at(name), *data = NULL;
    size_t len = 0;
    struct jury_error err = {0};
    bool ok = jury_read_file(p, 1 << 24, &data, &len, &err) == 0 && strstr(data, needle);
    free(data);
    free(p);
    return ok;
}

static struct sheet *read_sheet(const char *name)
{
    struct sheet *sh = NULL;
    struct jury_error err = {0};
    char *p = at(name);
    int rc = sheet_read_verified(p, roster, "sample-2026", &sh, &err);
    free(p);
    if (rc < 0)
        fail_msg("%s: %s", name, err.message);
    return sh;
}

/* Reseal the audit chain and sign with the reviewer's own key. */
static void sign_as(struct sheet *sh, const char *reviewer, const char *name)
{
    unsigned char sk[64];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret(reviewer, sk, &err), 0);
    sheet_audit_seal(sh);
    char *p = at(name);
    if (sheet_write(sh, sk, p, &err) < 0)
        fail_msg("%s: %s", name, err.message);
    free(p);
}

/* Content bytes the writer would never print (a number out of double range),
 * signed with the reviewer's key as the writer signs: the signature holds. */
static void sign_raw(struct sheet *sh, const char *reviewer, const char *from, const char *to,
                     const char *name)
{
    unsigned char sk[64], sig[crypto_sign_BYTES];
    struct jury_error err = {0};
    assert_int_equal(keys_load_secret(reviewer, sk, &err), 0);
    sheet_audit_seal(sh);
    char *content = sheet_content_json(sh), *hit = strstr(content, from);
    assert_non_null(hit);
    struct jstr c = {0};
    jstr_addn(&c, content, (size_t)(hit - content));
    jstr_add(&c, to);
    jstr_add(&c, hit + strlen(from));
    crypto_sign_detached(sig, NULL, (const unsigned char *)c.s, c.len, sk);
    char sig64[128], pk64[64];
    unsigned char pk[32];
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(pk64, sizeof pk64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    json_t *env =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "content", c.s, "format", "jury-sheet", "key",
                  pk64, "reviewer", reviewer, "signature", sig64, "version", 1);
    char *text = json_dumps(env, JSON_SORT_KEYS | JSON_INDENT(1)), *p = at(name);
    assert_int_equal(jury_write_file_atomic(p, text, strlen(text), 0644, &err), 0);
    free(p);
    free(text);
    json_decref(env);
    jstr_free(&c);
    free(content);
}

/* A new last audit row, so a changed or added score replays. */
static void log_score(struct sheet *sh, const char *pack, const char *item, const char *value)
{
    sh->audit = jury_xrealloc(sh->audit, (sh->n_audit + 1) * sizeof *sh->audit);
    struct sheet_audit *a = &sh->audit[sh->n_audit++];
    memset(a, 0, sizeof *a);
    a->seq = sh->n_audit;
    a->at = jury_xstrdup("2026-05-01T09:30:00Z");
    a->pack = jury_xstrdup(pack);
    a->kind = jury_xstrdup("score");
    a->item = jury_xstrdup(item);
    a->new_value = jury_xstrdup(value);
}

/* A forger who knows the format logs the forged points too, so that the
 * sheet replays from its own log and only the kit's rules can refuse it. */
static void log_points(struct sheet *sh, const char *pack, const char *item, double points)
{
    char v[32];
    snprintf(v, sizeof v, "%.10g", points); /* as the store logs a number */
    log_score(sh, pack, item, v);
    free(sh->audit[sh->n_audit - 1].kind);
    sh->audit[sh->n_audit - 1].kind = jury_xstrdup("points");
}

static void log_kind(struct sheet *sh, const char *pack, const char *kind, const char *item,
                     const char *value)
{
    log_score(sh, pack, item, value);
    free(sh->audit[sh->n_audit - 1].kind);
    sh->audit[sh->n_audit - 1].kind = jury_xstrdup(kind);
}

/* The pack row as the store logs it: applicant, task, rule set[, file hash]. */
static void log_pack_fields(struct sheet *sh, const struct sheet_pack *p)
{
    struct jstr v = {0};
    jstr_addf(&v, "%s\x1f%s\x1f%s", p->applicant ? p->applicant : "", p->task ? p->task : "",
              p->ruleset ? p->ruleset : "");
    if (p->sha256[0])
        jstr_addf(&v, "\x1f%s", p->sha256);
    log_kind(sh, p->id, "pack", "", jstr_cstr(&v));
    jstr_free(&v);
}

static struct sheet_score *level_score(struct sheet_pack *p)
{
    for (size_t i = 0; i < p->n_scores; i++)
        if (p->scores[i].value && strcmp(p->scores[i].value, "优") == 0)
            return &p->scores[i];
    fail_msg("no level-scored point in the sheet");
    return NULL;
}

static void set_str(char **s, const char *v)
{
    free(*s);
    *s = jury_xstrdup(v);
}

enum forgery {
    F_POINTS,
    F_VALUE,
    F_DEDUCTION,
    F_CONDITION,
    F_VETO,
    F_INDICATOR,
    F_PACK,
    F_PACK_TAB,
    F_PACK_BIDI,
    F_RULESET_SHA,
    F_RULESET_ID,
    F_KIT,
    F_INFINITE,
    F_AUTO_CONDITION,
    F_HUGE_POINTS,
    F_DEDUCTION_HIGH,
    F_COUNT
};

/* The expected reason of each forgery, a substring of the refusal. */
static const char *const reasons[F_COUNT] = {
    "the sheet claims 3 points for '优', the kit's rule gives",
    "'999' is not a level",
    "deduction 'D1' is -50, outside",
    "confirms condition 'no-such-condition'",
    "confirms veto 'V-made-up'",
    "'9.9.9' is not an observation point",
    "'zz-not-in-kit.zip' is not in kit 'sample-2026'",
    "a control character",
    "a bidi control character",
    "differs from the kit's (sheet SHA-256 00000000",
    "was scored with rule set 'made-up-rules'",
    "another kit",
    "expected a number",
    "confirms condition 'E1.4', which rule set",
    "claims 1e+09 points, outside 0..1e+06",
    "deduction 50 is outside 0..10",
};

static void rename_pack(struct sheet *sh, const char *id)
{
    for (size_t i = 0; i < sh->n_audit; i++)
        if (sh->audit[i].pack && strcmp(sh->audit[i].pack, sh->packs[0].id) == 0)
            set_str(&sh->audit[i].pack, id);
    set_str(&sh->packs[0].id, id);
}

static void forge(struct sheet *sh, enum forgery f)
{
    struct sheet_pack *p = &sh->packs[0];
    struct sheet_score *s = level_score(p);
    switch (f) {
    case F_POINTS: /* in range, but not what 优 is worth */
        s->points = 3;
        log_points(sh, p->id, s->indicator, 3);
        break;
    case F_VALUE:
        set_str(&s->value, "999");
        log_score(sh, p->id, s->indicator, "999");
        break;
    case F_DEDUCTION:
    case F_INFINITE:
    case F_DEDUCTION_HIGH:
        p->deductions = jury_xcalloc(1, sizeof *p->deductions);
        p->n_deductions = 1;
        p->deductions[0].id = jury_xstrdup("D1");
        p->deductions[0].value = f == F_DEDUCTION        ? -50
                                 : f == F_DEDUCTION_HIGH ? 50
                                                         : 7.25; /* 7.25: see sign_raw */
        log_points(sh, p->id, "D1", p->deductions[0].value);
        free(sh->audit[sh->n_audit - 1].kind);
        sh->audit[sh->n_audit - 1].kind = jury_xstrdup("deduction");
        break;
    case F_AUTO_CONDITION: /* sorted before every other E item */
        p->confirms = jury_xrealloc(p->confirms, (p->n_confirms + 1) * sizeof *p->confirms);
        memmove(p->confirms + 1, p->confirms, p->n_confirms++ * sizeof *p->confirms);
        p->confirms[0] = (struct sheet_confirm){jury_xstrdup("E1.4"), false, true};
        log_kind(sh, p->id, "condition", "E1.4", "yes");
        break;
    case F_HUGE_POINTS:
        s->points = 1e9;
        log_points(sh, p->id, s->indicator, 1e9);
        break;
    case F_CONDITION:
    case F_VETO:
        p->confirms = jury_xrealloc(p->confirms, (p->n_confirms + 1) * sizeof *p->confirms);
        p->confirms[p->n_confirms++] = (struct sheet_confirm){
            jury_xstrdup(f == F_VETO ? "V-made-up" : "no-such-condition"), f == F_VETO, true};
        log_kind(sh, p->id, f == F_VETO ? "veto" : "condition",
                 f == F_VETO ? "V-made-up" : "no-such-condition", "yes");
        break;
    case F_INDICATOR: /* "9.9.9" sorts after every real id */
        p->scores = jury_xrealloc(p->scores, (p->n_scores + 1) * sizeof *p->scores);
        p->scores[p->n_scores++] =
            (struct sheet_score){.indicator = jury_xstrdup("9.9.9"), .value = jury_xstrdup("优")};
        log_score(sh, p->id, "9.9.9", "优");
        break;
    case F_PACK:
        rename_pack(sh, "zz-not-in-kit.zip");
        break;
    case F_PACK_TAB:
        rename_pack(sh, "t1-changzhou.zip\t");
        break;
    case F_PACK_BIDI:
        rename_pack(sh, "t1-changzhou\xE2\x80\xAE"
                        "piz.zip");
        break;
    case F_RULESET_SHA:
        memset(sh->rulesets[0].sha256, '0', SHA256_HEX_LEN);
        log_kind(sh, "", "ruleset", sh->rulesets[0].id, sh->rulesets[0].sha256);
        break;
    case F_RULESET_ID:
        set_str(&p->ruleset, "made-up-rules");
        log_pack_fields(sh, p);
        break;
    case F_KIT:
        set_str(&sh->kit_id, "another-kit");
        break;
    case F_COUNT:
        break;
    }
}

/* OUT holds R01's merge; every forgery of R02's sheet is refused with its
 * reason, and OUT does not change by one byte. */
static void test_forgeries_refused(void **state)
{
    (void)state;
    assert_int_equal(run("$J merge R01.jury --roster roster.csv -o out --kit kit --bootstrap 0 "
                         ">m.out 2>m.err"),
                     0);
    char *before = snapshot("out");
    assert_non_null(strstr(before, "/ranking.csv -> .current/ranking.csv"));
    for (int f = 0; f < F_COUNT; f++) {
        struct sheet *sh = read_sheet("R02.jury");
        forge(sh, (enum forgery)f);
        char name[32];
        snprintf(name, sizeof name, "forged%d.jury", f);
        if (f == F_INFINITE) /* the writer refuses to print it: edit the bytes */
            sign_raw(sh, "R02", "\"value\":7.25", "\"value\":1e999", name);
        else
            sign_as(sh, "R02", name);
        sheet_free(&sh);
        int rc = run("$J merge %s --roster roster.csv -o out --kit kit --bootstrap 0 >f.out "
                     "2>f.err",
                     name);
        if (rc != 1 || !file_has("f.out", "refused\tforged") || !file_has("f.out", reasons[f]))
            run("cat f.out f.err >&2");
        assert_int_equal(rc, 1);
        assert_true(file_has("f.out", reasons[f]));
        char *after = snapshot("out");
        assert_string_equal(before, after);
        free(after);
    }
    free(before);
}

/* The sheet's applicant and task are not the kit's: merged, under the kit's. */
static void test_identity_from_kit(void **state)
{
    (void)state;
    struct sheet *sh = read_sheet("R03.jury");
    set_str(&sh->packs[0].applicant, "冒名单位");
    set_str(&sh->packs[0].task, "task2");
    log_pack_fields(sh, &sh->packs[0]);
    sign_as(sh, "R03", "claims.jury");
    sheet_free(&sh);
    assert_int_equal(run("$J merge R01.jury claims.jury R02.jury --roster roster.csv -o out "
                         "--kit kit --bootstrap 0 >c.out 2>c.err"),
                     0);
    assert_true(file_has("out/ranking.csv", "task1,1,t1-changzhou.zip,常州市,"));
    assert_false(file_has("out/ranking.csv", "冒名单位"));
    assert_false(file_has("out/report.md", "冒名单位"));
    /* R03 is not among the pack's reviewers in the kit's assignments.csv */
    assert_true(file_has("c.err", "reviewer R03 scored t1-changzhou.zip, which assignments.csv "
                                  "does not give them"));
    assert_false(file_has("c.err", "reviewer R01 scored"));
}

/* Without --kit the merge is an unofficial preview, and says so. */
static void test_preview_marked(void **state)
{
    (void)state;
    assert_int_equal(run("$J merge R01.jury --roster roster.csv -o prev --bootstrap 0 >p.out "
                         "2>p.err"),
                     0);
    assert_true(file_has("p.err", "UNOFFICIAL PREVIEW"));
    assert_true(file_has("prev/report.md", "UNOFFICIAL PREVIEW"));
    /* an official merge never mixes into a preview's folder */
    assert_int_equal(run("$J merge R02.jury --roster roster.csv -o prev --kit kit >p.out "
                         "2>p.err"),
                     2);
    assert_true(file_has("p.err", "unofficial preview"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forgeries_refused),
        cmocka_unit_test(test_identity_from_kit),
        cmocka_unit_test(test_preview_marked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
