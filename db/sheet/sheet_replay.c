/* sheet_replay.c - a verified sheet's values against its own audit log.
 *
 * The log's rows are read as the last word on keys (what, pack, item, sub),
 * as the store's replay at export does (audit.c): a score's value, points and
 * comment, each citation, confirmation, deduction and comment on a condition
 * or veto, a pack's conflict,
 * state and fields, the reviewer and the rule sets. Every value the sheet
 * carries must be the log's last word on it, and every value the log leaves
 * standing must be in the sheet. Rows of a withheld pack are redacted, and
 * its scores are not in the sheet, so neither side has them.
 *
 * Stores before schema 5 did not log points or a pack's start, and the
 * first stores did not log a pack's fields: where the log has never spoken
 * of those, the sheet's value is taken (a sheet's log is read as it came). */
#include "db/sheet/sheet_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct key {
    const char *k, *pack, *item, *sub, *val;
    bool veto; /* a confirmation's kind */
    bool seen;
    uint64_t hash;
};

/* The keys in a hash table (open addressing, slots hold index + 1): a sheet
 * may carry 10^5 scores and several log rows each. */
struct replay {
    struct key *keys;
    size_t n;
    uint32_t *slots;
    size_t mask;
    const char *path;
    struct jury_error *err;
    struct jstr buf;
    int rc;
};

static const char *nz(const char *s)
{
    return s ? s : "";
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull; /* a separator no UTF-8 string holds */
}

static uint64_t key_hash(const struct key *e)
{
    return fnv(fnv(fnv(fnv(0xcbf29ce484222325ull, e->k), e->pack), e->item), e->sub);
}

static bool key_eq(const struct key *a, const struct key *b)
{
    return a->hash == b->hash && strcmp(a->k, b->k) == 0 && strcmp(a->pack, b->pack) == 0 &&
           strcmp(a->item, b->item) == 0 && strcmp(a->sub, b->sub) == 0;
}

/* The slot of e's key: its entry, or the empty slot where it would go. */
static uint32_t *slot(struct replay *r, const struct key *e)
{
    for (size_t i = e->hash & r->mask;; i = (i + 1) & r->mask)
        if (!r->slots[i] || key_eq(&r->keys[r->slots[i] - 1], e))
            return &r->slots[i];
}

/* The key a log row speaks of, or false when it speaks of none. */
static bool row_key(const struct sheet_audit *a, struct key *out)
{
    static const char *const plain[] = {"score", "comment", "points",  "deduction",    "conflict",
                                        "pack",  "meta",    "ruleset", "check-comment"};
    const char *kind = a->kind;
    *out = (struct key){
        .k = kind, .pack = nz(a->pack), .item = nz(a->item), .sub = "", .val = a->new_value};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (kind[0] == plain[i][0] && strcmp(kind, plain[i]) == 0) {
            if (i >= 4 && i < 6)
                out->item = "";
            return true;
        }
    if (strcmp(kind, "cite") == 0 || strcmp(kind, "uncite") == 0) {
        out->k = "cite";
        out->sub = nz(a->new_value);
        out->val = kind[0] == 'c' ? "cite" : NULL;
        return true;
    }
    if (strcmp(kind, "condition") == 0 || strcmp(kind, "veto") == 0) {
        out->k = "confirm";
        out->veto = kind[0] == 'v';
        return true;
    }
    if (strcmp(kind, "submit") == 0 || strcmp(kind, "reopen") == 0 || strcmp(kind, "start") == 0) {
        out->k = "state";
        out->item = "";
        out->val = strcmp(kind, "submit") == 0 ? "2" : "1";
        return true;
    }
    return false;
}

/* The keys of the log, each with its last word (the log is in seq order). */
static void build(struct replay *r, const struct sheet *sh)
{
    size_t cap = 16;
    while (cap < 2 * sh->n_audit)
        cap *= 2;
    r->mask = cap - 1;
    r->slots = jury_xcalloc(cap, sizeof *r->slots);
    r->keys = jury_xcalloc(sh->n_audit + 1, sizeof *r->keys);
    for (size_t i = 0; i < sh->n_audit; i++) {
        struct key e;
        if (sh->audit[i].redacted || !row_key(&sh->audit[i], &e))
            continue;
        e.hash = key_hash(&e);
        uint32_t *at = slot(r, &e);
        if (!*at) {
            r->keys[r->n] = e;
            *at = (uint32_t)++r->n;
        } else {
            r->keys[*at - 1] = e;
        }
    }
}

static struct key *find(struct replay *r, const char *k, const char *pack, const char *item,
                        const char *sub)
{
    struct key want = {.k = k, .pack = nz(pack), .item = nz(item), .sub = nz(sub)};
    want.hash = key_hash(&want);
    uint32_t *at = slot(r, &want);
    if (!*at)
        return NULL;
    r->keys[*at - 1].seen = true;
    return &r->keys[*at - 1];
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void fail(struct replay *r, const char *what, const char *pack, const char *item,
                 const char *has, const char *gave)
{
    if (r->rc < 0)
        return;
    bool both = pack[0] && item && item[0];
    r->rc = jury_error_set(r->err, JURY_ERR_CORRUPT, r->path,
                           "inconsistent audit log: %s %s%s%s is %s but the log %s %s", what, pack,
                           both ? "/" : "", item ? item : "", has ? has : "(none)",
                           gave ? "last gave it" : "never gave it", gave ? gave : "a value");
}

/* strict: the log must have spoken (else the sheet's value is taken when
 * the log never did). */
static void check(struct replay *r, const char *k, const char *what, const struct sheet_pack *p,
                  const char *item, const char *has, bool strict)
{
    const struct key *e = find(r, k, p ? p->id : "", item, "");
    if (r->rc == 0 && (e || strict) && !same(has, e ? e->val : NULL))
        fail(r, what, p ? p->id : "", item, has, e ? e->val : NULL);
}

static void check_score(struct replay *r, const struct sheet_pack *p, const struct sheet_score *sc)
{
    check(r, "score", "score", p, sc->indicator, sc->value, true);
    check(r, "comment", "comment of", p, sc->indicator, sc->comment, true);
    const struct key *e = find(r, "points", p->id, sc->indicator, "");
    char pts[AUDIT_REAL_LEN];
    if (e && sc->value) /* printed only when the log has points to compare */
        audit_real(sc->points, pts);
    if (r->rc == 0 && e && !same(sc->value ? pts : NULL, e->val))
        fail(r, "points of", p->id, sc->indicator, sc->value ? pts : NULL, e->val);
    for (size_t i = 0; r->rc == 0 && i < sc->n_cites; i++) {
        jstr_clear(&r->buf);
        jstr_addf(&r->buf, "%s:%d", sc->cites[i].path, sc->cites[i].page);
        const struct key *c = find(r, "cite", p->id, sc->indicator, jstr_cstr(&r->buf));
        if (!c || !c->val)
            fail(r, "citation", p->id, sc->indicator, jstr_cstr(&r->buf), NULL);
    }
}

static void check_extras(struct replay *r, const struct sheet_pack *p)
{
    for (size_t i = 0; r->rc == 0 && i < p->n_confirms; i++) {
        const struct sheet_confirm *c = &p->confirms[i];
        const struct key *e = find(r, "confirm", p->id, c->item, "");
        const char *has = c->yes ? "yes" : "no";
        if (!e || e->veto != c->is_veto || !same(e->val, has))
            fail(r, c->is_veto ? "veto" : "condition", p->id, c->item, has, e ? e->val : NULL);
    }
    for (size_t i = 0; r->rc == 0 && i < p->n_deductions; i++) {
        char v[AUDIT_REAL_LEN];
        audit_real(p->deductions[i].value, v);
        check(r, "deduction", "deduction", p, p->deductions[i].id, v, true);
    }
    for (size_t i = 0; r->rc == 0 && i < p->n_check_comments; i++)
        check(r, "check-comment", "comment on", p, p->check_comments[i].item,
              p->check_comments[i].comment, true);
}

static void check_pack(struct replay *r, const struct sheet_pack *p)
{
    check(r, "conflict", "conflict of interest of", p, NULL, p->conflict, true);
    const struct key *e = find(r, "state", p->id, "", "");
    static const char *const names[] = {"not started", "in progress", "submitted"};
    const char *has = p->state == STORE_SUBMITTED ? "2" : p->state == STORE_IN_PROGRESS ? "1" : "0";
    if (r->rc == 0 && ((e && strcmp(e->val, has) != 0) || (!e && p->state == STORE_SUBMITTED)))
        fail(r, "state of", p->id, NULL, names[has[0] - '0'], e ? names[e->val[0] - '0'] : NULL);
    jstr_clear(&r->buf);
    jstr_addf(&r->buf, "%s\x1f%s\x1f%s", nz(p->applicant), nz(p->task), nz(p->ruleset));
    if (p->sha256[0])
        jstr_addf(&r->buf, "\x1f%s", p->sha256);
    check(r, "pack", "applicant, task, rule set or file hash of", p, NULL, jstr_cstr(&r->buf),
          false);
    for (size_t i = 0; r->rc == 0 && i < p->n_scores; i++)
        check_score(r, p, &p->scores[i]);
    check_extras(r, p);
}

/* The reviewer and the rule sets, where the log speaks of them. */
static void check_identity(struct replay *r, const struct sheet *sh)
{
    const char *meta[][2] = {{"kit", sh->kit_id},
                             {"reviewer", sh->reviewer_id},
                             {"reviewer_name", sh->reviewer_name},
                             {"panel", sh->panel}};
    for (size_t i = 0; i < 4; i++)
        check(r, "meta", "reviewer field", NULL, meta[i][0], meta[i][1], false);
    for (size_t i = 0; i < sh->n_rulesets; i++)
        check(r, "ruleset", "rule set", NULL, sh->rulesets[i].id, sh->rulesets[i].sha256, false);
}

/* A sheet pack's score for indicator (scores are sorted by the writer, but
 * a sheet is untrusted: a plain scan). */
static bool has_score(const struct sheet *sh, const char *pack, const char *ind)
{
    for (size_t i = 0; i < sh->n_packs; i++)
        if (strcmp(sh->packs[i].id, pack) == 0)
            for (size_t j = 0; j < sh->packs[i].n_scores; j++)
                if (strcmp(sh->packs[i].scores[j].indicator, ind) == 0)
                    return true;
    return false;
}

/* Every value the log leaves standing that the sheet does not carry. */
static void check_unseen(struct replay *r, const struct sheet *sh)
{
    static const char *const kinds[] = {"score", "comment", "confirm", "deduction",
                                        "cite",  "ruleset", "pack",    "check-comment"};
    for (size_t i = 0; r->rc == 0 && i < r->n; i++) {
        const struct key *e = &r->keys[i];
        if (e->seen || !e->val)
            continue;
        for (size_t j = 0; j < sizeof kinds / sizeof kinds[0]; j++)
            if (strcmp(e->k, kinds[j]) == 0 &&
                (j != 4 || has_score(sh, e->pack, e->item))) /* as export: a citation
                                                                 goes with its score */
                fail(r, e->k, e->pack[0] ? e->pack : e->item, e->pack[0] ? e->item : NULL, NULL,
                     j == 6 ? "an entry" : e->val);
    }
}

int sheet_replay_check(const char *path, const struct sheet *sh, struct jury_error *err)
{
    struct replay r = {.path = path, .err = err};
    build(&r, sh);
    check_identity(&r, sh);
    for (size_t i = 0; r.rc == 0 && i < sh->n_packs; i++)
        check_pack(&r, &sh->packs[i]);
    check_unseen(&r, sh);
    free(r.keys);
    free(r.slots);
    jstr_free(&r.buf);
    return r.rc;
}
