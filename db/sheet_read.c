/* sheet_read.c - reading a score sheet as untrusted input: envelope,
 * roster, signature, structure, kit, audit chain, score consistency; in that
 * order, so nothing unsigned is ever parsed into a struct sheet. */
#include "db/store_int.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHEET_MAX_BYTES ((size_t)1 << 30)

static int not_sheet(const char *path, const char *data, size_t len, struct jury_error *err)
{
    const char *what = "not JSON";
    if (len >= 4 && memcmp(data, "PK\003\004", 4) == 0)
        what = "it is a zip archive";
    else if (len >= 16 && memcmp(data, "SQLite format 3", 16) == 0)
        what = "it is a SQLite database";
    else if (len == 0)
        what = "it is empty";
    return jury_error_set(err, JURY_ERR_FORMAT, path, "not a jury score sheet (%s)", what);
}

/* The envelope's fields; content points into env. */
struct envelope {
    json_t *env;
    const char *reviewer, *key, *signature, *content;
    size_t content_len;
};

static int envelope_parse(const char *path, const char *data, size_t len, struct envelope *e,
                          struct jury_error *err)
{
    json_error_t je;
    if (len == 0 || data[0] != '{')
        return not_sheet(path, data, len, err);
    e->env = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!e->env || !json_is_object(e->env))
        return not_sheet(path, data, len, err);
    const char *format = json_string_value(json_object_get(e->env, "format"));
    json_t *ver = json_object_get(e->env, "version");
    if (!format || strcmp(format, "jury-sheet") != 0)
        return jury_error_set(err, JURY_ERR_FORMAT, path,
                              "not a jury score sheet (no \"format\": \"jury-sheet\")");
    if (!json_is_integer(ver) || json_integer_value(ver) != 1)
        return jury_error_set(err, JURY_ERR_VERSION, path,
                              "sheet format version not supported by this jury (need 1)");
    e->reviewer = json_string_value(json_object_get(e->env, "reviewer"));
    e->key = json_string_value(json_object_get(e->env, "key"));
    e->signature = json_string_value(json_object_get(e->env, "signature"));
    json_t *c = json_object_get(e->env, "content");
    e->content = json_string_value(c);
    e->content_len = json_string_length(c);
    if (!e->reviewer || !e->key || !e->signature || !e->content)
        return jury_error_set(err, JURY_ERR_FORMAT, path,
                              "sheet envelope lacks reviewer, key, signature or content");
    return 0;
}

static int signature_check(const char *path, const struct envelope *e, const struct roster *r,
                           struct jury_error *err)
{
    const struct roster_entry *who = roster_find(r, e->reviewer);
    if (!who)
        return jury_error_set(err, JURY_ERR_DENIED, path,
                              "reviewer '%s' is not on the roster: unknown key", e->reviewer);
    if (strcmp(who->public_key, e->key) != 0)
        return jury_error_set(err, JURY_ERR_DENIED, path,
                              "signed by a key not on the roster (reviewer '%s' is listed with "
                              "another public key)",
                              e->reviewer);
    unsigned char sig[crypto_sign_BYTES];
    size_t n = 0;
    if (sodium_base642bin(sig, sizeof sig, e->signature, strlen(e->signature), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n != sizeof sig)
        return jury_error_set(err, JURY_ERR_CORRUPT, path, "signature is not 64 bytes of base64");
    if (crypto_sign_verify_detached(sig, (const unsigned char *)e->content, e->content_len,
                                    who->pk) != 0)
        return jury_error_set(err, JURY_ERR_CORRUPT, path,
                              "bad signature: the sheet was changed after '%s' signed it",
                              e->reviewer);
    return 0;
}

/* ---- content -> struct sheet (already signed, but still checked) */

static char *dup_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? jury_xstrdup(s) : NULL;
}

static int bad(const char *path, const char *what, struct jury_error *err)
{
    return jury_error_set(err, JURY_ERR_FORMAT, path, "sheet content: %s", what);
}

static int parse_score(const char *path, json_t *o, struct sheet_score *sc, struct jury_error *err)
{
    sc->indicator = dup_str(o, "indicator");
    sc->value = dup_str(o, "value");
    sc->comment = dup_str(o, "comment");
    sc->points = json_number_value(json_object_get(o, "points"));
    json_t *cites = json_object_get(o, "cites");
    if (!sc->indicator || !json_is_array(cites))
        return bad(path, "a score without indicator or cites", err);
    sc->n_cites = json_array_size(cites);
    sc->cites = jury_xcalloc(sc->n_cites + 1, sizeof *sc->cites);
    for (size_t i = 0; i < sc->n_cites; i++) {
        json_t *c = json_array_get(cites, i);
        const char *p = json_string_value(json_array_get(c, 0));
        json_t *page = json_array_get(c, 1);
        if (!p || !json_is_integer(page))
            return bad(path, "a citation is not [path, page]", err);
        sc->cites[i].path = jury_xstrdup(p);
        sc->cites[i].page = (int)json_integer_value(page);
    }
    return 0;
}

static int parse_extras(const char *path, json_t *o, struct sheet_pack *k, struct jury_error *err)
{
    json_t *conf = json_object_get(o, "confirms"), *ded = json_object_get(o, "deductions");
    if (!json_is_array(conf) || !json_is_array(ded))
        return bad(path, "a pack without confirms or deductions", err);
    k->n_confirms = json_array_size(conf);
    k->confirms = jury_xcalloc(k->n_confirms + 1, sizeof *k->confirms);
    for (size_t i = 0; i < k->n_confirms; i++) {
        json_t *c = json_array_get(conf, i);
        const char *kind = json_string_value(json_object_get(c, "kind"));
        const char *ans = json_string_value(json_object_get(c, "answer"));
        k->confirms[i].item = dup_str(c, "item");
        if (!k->confirms[i].item || !kind || !ans)
            return bad(path, "a confirmation without item, kind or answer", err);
        k->confirms[i].is_veto = strcmp(kind, "veto") == 0;
        k->confirms[i].yes = strcmp(ans, "yes") == 0;
    }
    k->n_deductions = json_array_size(ded);
    k->deductions = jury_xcalloc(k->n_deductions + 1, sizeof *k->deductions);
    for (size_t i = 0; i < k->n_deductions; i++) {
        json_t *d = json_array_get(ded, i);
        k->deductions[i].id = dup_str(d, "id");
        k->deductions[i].value = json_number_value(json_object_get(d, "value"));
        if (!k->deductions[i].id)
            return bad(path, "a deduction without id", err);
    }
    return 0;
}

static int parse_pack(const char *path, json_t *o, struct sheet_pack *k, struct jury_error *err)
{
    k->id = dup_str(o, "id");
    k->applicant = dup_str(o, "applicant");
    k->task = dup_str(o, "task");
    k->ruleset = dup_str(o, "ruleset");
    k->conflict = dup_str(o, "conflict");
    const char *st = json_string_value(json_object_get(o, "state"));
    json_t *sha = json_object_get(o, "sha256");
    if (sha && (!json_is_string(sha) || !audit_is_hex64(json_string_value(sha))))
        return bad(path, "a pack's sha256 is not 64 lowercase hex digits", err);
    if (sha)
        memcpy(k->sha256, json_string_value(sha), sizeof k->sha256);
    json_t *scores = json_object_get(o, "scores");
    if (!k->id || !st || !json_is_array(scores))
        return bad(path, "a pack without id, state or scores", err);
    k->state = strcmp(st, "submitted") == 0     ? STORE_SUBMITTED
               : strcmp(st, "in_progress") == 0 ? STORE_IN_PROGRESS
                                                : STORE_NOT_STARTED;
    k->n_scores = json_array_size(scores);
    k->scores = jury_xcalloc(k->n_scores + 1, sizeof *k->scores);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < k->n_scores; i++)
        rc = parse_score(path, json_array_get(scores, i), &k->scores[i], err);
    if (rc == 0)
        rc = parse_extras(path, o, k, err);
    if (rc == 0 && k->conflict && (k->n_scores || k->n_confirms || k->n_deductions))
        rc = bad(path, "a declared-conflict pack carries scores", err);
    return rc;
}

static int parse_audit_row(const char *path, json_t *row, struct sheet_audit *a,
                           struct jury_error *err)
{
    json_t *seq = json_array_get(row, 0);
    if (!json_is_integer(seq) || (json_array_size(row) != 2 && json_array_size(row) != 7))
        return bad(path,
                   "an audit row is not [seq, leaf] or [seq, at, pack, kind, item, old, "
                   "new]",
                   err);
    a->seq = (uint64_t)json_integer_value(seq);
    if (json_array_size(row) == 2) {
        const char *leaf = json_string_value(json_array_get(row, 1));
        if (!leaf || strlen(leaf) != SHA256_HEX_LEN)
            return bad(path, "a redacted audit row without a leaf hash", err);
        a->redacted = true;
        memcpy(a->leaf, leaf, sizeof a->leaf);
        return 0;
    }
    char **f[6] = {&a->at, &a->pack, &a->kind, &a->item, &a->old_value, &a->new_value};
    for (size_t i = 0; i < 6; i++) {
        const char *s = json_string_value(json_array_get(row, i + 1));
        *f[i] = s ? jury_xstrdup(s) : NULL;
    }
    if (!a->at || !a->kind)
        return bad(path, "an audit row without time or kind", err);
    audit_leaf(a->seq, a->at, a->pack, a->kind, a->item, a->old_value, a->new_value, a->leaf);
    return 0;
}

static int parse_top(const char *path, json_t *c, struct sheet *sh, struct jury_error *err)
{
    json_t *rev = json_object_get(c, "reviewer"), *audit = json_object_get(c, "audit");
    const char *format = json_string_value(json_object_get(c, "format"));
    if (!format || strcmp(format, "jury-sheet-content") != 0 || !json_is_object(rev) ||
        !json_is_object(audit))
        return bad(path, "not a jury-sheet-content document", err);
    sh->version = (int)json_integer_value(json_object_get(c, "version"));
    sh->kit_id = dup_str(c, "kit");
    sh->created = dup_str(c, "created");
    sh->tool_version = dup_str(c, "tool");
    sh->reviewer_id = dup_str(rev, "id");
    sh->reviewer_name = dup_str(rev, "name");
    sh->panel = dup_str(rev, "panel");
    const char *head = json_string_value(json_object_get(audit, "head"));
    json_t *rows = json_object_get(audit, "rows");
    if (!sh->kit_id || !sh->reviewer_id || !head || strlen(head) != SHA256_HEX_LEN ||
        !json_is_integer(rows) || json_integer_value(rows) < 0)
        return bad(path, "missing kit, reviewer or audit head", err);
    memcpy(sh->audit_head, head, sizeof sh->audit_head);
    sh->audit_rows = (uint64_t)json_integer_value(rows);
    return 0;
}

static int parse_lists(const char *path, json_t *c, struct sheet *sh, struct jury_error *err)
{
    json_t *rs = json_object_get(c, "rulesets"), *packs = json_object_get(c, "packs");
    json_t *log = json_object_get(json_object_get(c, "audit"), "log");
    if (!json_is_array(rs) || !json_is_array(packs) || !json_is_array(log))
        return bad(path, "missing rulesets, packs or audit log", err);
    sh->n_rulesets = json_array_size(rs);
    sh->rulesets = jury_xcalloc(sh->n_rulesets + 1, sizeof *sh->rulesets);
    for (size_t i = 0; i < sh->n_rulesets; i++) {
        json_t *r = json_array_get(rs, i);
        const char *h = json_string_value(json_object_get(r, "sha256"));
        sh->rulesets[i].id = dup_str(r, "id");
        if (!sh->rulesets[i].id || !h || strlen(h) != SHA256_HEX_LEN)
            return bad(path, "a rule set without id or SHA-256", err);
        memcpy(sh->rulesets[i].sha256, h, SHA256_HEX_LEN + 1);
    }
    int rc = 0;
    sh->n_packs = json_array_size(packs);
    sh->packs = jury_xcalloc(sh->n_packs + 1, sizeof *sh->packs);
    for (size_t i = 0; rc == 0 && i < sh->n_packs; i++)
        rc = parse_pack(path, json_array_get(packs, i), &sh->packs[i], err);
    sh->n_audit = json_array_size(log);
    sh->audit = jury_xcalloc(sh->n_audit + 1, sizeof *sh->audit);
    for (size_t i = 0; rc == 0 && i < sh->n_audit; i++)
        rc = parse_audit_row(path, json_array_get(log, i), &sh->audit[i], err);
    return rc;
}

/* The chain recomputed from the rows reaches the stated head, and every score
 * of the sheet is the last value the log gave it. */
static int audit_check(const char *path, const struct sheet *sh, struct jury_error *err)
{
    char prev[SHA256_HEX_LEN + 1];
    memset(prev, '0', SHA256_HEX_LEN);
    prev[SHA256_HEX_LEN] = '\0';
    for (size_t i = 0; i < sh->n_audit; i++) {
        if (sh->audit[i].seq != i + 1)
            return jury_error_set(err, JURY_ERR_CORRUPT, path,
                                  "inconsistent audit log: row %zu has seq %llu", i + 1,
                                  (unsigned long long)sh->audit[i].seq);
        audit_link(prev, sh->audit[i].leaf, prev);
    }
    if (sh->n_audit != sh->audit_rows || strcmp(prev, sh->audit_head) != 0)
        return jury_error_set(err, JURY_ERR_CORRUPT, path,
                              "inconsistent audit head: the log's %zu rows hash to %.12s…, the "
                              "sheet states %.12s… over %llu rows",
                              sh->n_audit, prev, sh->audit_head,
                              (unsigned long long)sh->audit_rows);
    return 0;
}

/* Score rows of the log sorted by (pack, item, seq), so the last value of
 * each observation point is found by binary search: sheets may hold 10^5
 * scores and as many log rows. */
static int cmp_row(const void *x, const void *y)
{
    const struct sheet_audit *a = *(const struct sheet_audit *const *)x;
    const struct sheet_audit *b = *(const struct sheet_audit *const *)y;
    int c = strcmp(a->pack, b->pack);
    if (c == 0)
        c = strcmp(a->item, b->item);
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Index just past the last row for (pack, item) in the sorted rows. */
static size_t rows_end(struct sheet_audit **rows, size_t n, const char *pack, const char *item)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(rows[mid]->pack, pack);
        if (c == 0)
            c = strcmp(rows[mid]->item, item);
        if (c <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int replay_check(const char *path, const struct sheet *sh, struct jury_error *err)
{
    struct sheet_audit **rows = jury_xcalloc(sh->n_audit + 1, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < sh->n_audit; i++) {
        struct sheet_audit *a = &sh->audit[i];
        if (!a->redacted && strcmp(a->kind, "score") == 0 && a->pack && a->item)
            rows[n++] = a;
    }
    qsort(rows, n, sizeof *rows, cmp_row);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sh->n_packs; i++) {
        const struct sheet_pack *k = &sh->packs[i];
        for (size_t j = 0; rc == 0 && j < k->n_scores; j++) {
            const struct sheet_score *sc = &k->scores[j];
            size_t end = rows_end(rows, n, k->id, sc->indicator);
            const struct sheet_audit *last = end > 0 ? rows[end - 1] : NULL;
            const char *v =
                last && strcmp(last->pack, k->id) == 0 && strcmp(last->item, sc->indicator) == 0
                    ? last->new_value
                    : NULL;
            if ((v || sc->value) && (!v || !sc->value || strcmp(v, sc->value) != 0))
                rc = jury_error_set(err, JURY_ERR_CORRUPT, path,
                                    "inconsistent audit log: score %s/%s is %s but the log "
                                    "last gave it %s",
                                    k->id, sc->indicator, sc->value ? sc->value : "(none)",
                                    v ? v : "(none)");
        }
    }
    free(rows);
    return rc;
}

static int content_check(const char *path, const struct envelope *e, const char *kit_id,
                         struct sheet **out, struct jury_error *err)
{
    json_error_t je;
    json_t *c = json_loadb(e->content, e->content_len, JSON_REJECT_DUPLICATES, &je);
    struct sheet *sh = jury_xcalloc(1, sizeof *sh);
    int rc = c ? parse_top(path, c, sh, err) : bad(path, "not JSON", err);
    if (rc == 0)
        rc = parse_lists(path, c, sh, err);
    json_decref(c);
    if (rc == 0 && strcmp(sh->reviewer_id, e->reviewer) != 0)
        rc = jury_error_set(err, JURY_ERR_CORRUPT, path,
                            "content names reviewer '%s', the envelope '%s'", sh->reviewer_id,
                            e->reviewer);
    if (rc == 0 && kit_id && strcmp(sh->kit_id, kit_id) != 0)
        rc = jury_error_set(err, JURY_ERR_DENIED, path,
                            "sheet is for another kit ('%s', expected '%s')", sh->kit_id, kit_id);
    if (rc == 0 && (rc = audit_check(path, sh, err)) == 0)
        rc = replay_check(path, sh, err);
    if (rc == 0)
        snprintf(sh->public_key, sizeof sh->public_key, "%s", e->key);
    if (rc < 0)
        sheet_free(&sh);
    *out = sh;
    return rc;
}

int sheet_read_verified(const char *path, const struct roster *roster, const char *kit_id,
                        struct sheet **out, struct jury_error *err)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    struct envelope e = {0};
    int rc = jury_crypto_init(err);
    if (rc == 0)
        rc = jury_read_file(path, SHEET_MAX_BYTES, &data, &len, err);
    if (rc == 0)
        rc = envelope_parse(path, data, len, &e, err);
    if (rc == 0)
        rc = signature_check(path, &e, roster, err);
    if (rc == 0)
        rc = content_check(path, &e, kit_id, out, err);
    json_decref(e.env);
    free(data);
    return rc;
}
