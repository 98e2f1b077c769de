/* sheet_read.c - reading a score sheet as untrusted input: envelope,
 * roster, signature, structure, kit, audit chain, score consistency; in that
 * order, so nothing unsigned is ever parsed into a struct sheet. */
#include "db/sheet/sheet_int.h"

#include <math.h>
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

/* The envelope's fields (decoded strings, owned); version -1 when absent. */
struct envelope {
    char *format, *reviewer, *key, *signature, *content;
    size_t content_len;
    long long version;
};

static void envelope_free(struct envelope *e)
{
    free(e->format);
    free(e->reviewer);
    free(e->key);
    free(e->signature);
    free(e->content);
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* Four hex digits at p (either case, as any JSON tool may write). */
static long hex4(const char *p, const char *end)
{
    long v = 0;
    for (int i = 0; i < 4; i++, p++) {
        int d = p >= end                 ? -1
                : *p >= '0' && *p <= '9' ? *p - '0'
                : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
                                         : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A \uXXXX escape (a surrogate pair takes two) at *pp, after "\u". */
static bool env_unicode(const char **pp, const char *end, struct jstr *out)
{
    long cp = hex4(*pp, end);
    *pp += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        long lo = end - *pp >= 6 && (*pp)[0] == '\\' && (*pp)[1] == 'u' ? hex4(*pp + 2, end) : -1;
        if (lo < 0xDC00 || lo > 0xDFFF)
            return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        *pp += 6;
    }
    char u[4];
    int n = cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF) ? 0 : utf8_encode((uint32_t)cp, u);
    if (n == 0)
        return false;
    jstr_addn(out, u, (size_t)n);
    return true;
}

/* Any JSON string at *pp (after the quote), into out. The envelope may have
 * passed through JSON tools, so every spelling JSON allows is taken here;
 * the content it carries is then held to its exact signed bytes. */
static bool env_string(const char **pp, const char *end, struct jstr *out)
{
    const char *p = *pp;
    jstr_reserve(out, (size_t)(end - p)); /* never longer than its JSON */
    for (;;) {
        char *o = out->s + out->len;
        while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
            *o++ = *p++;
        out->len = (size_t)(o - out->s);
        out->s[out->len] = '\0';
        if (p >= end || (unsigned char)*p < 0x20)
            return false;
        if (*p++ == '"')
            break;
        char e = p < end ? *p++ : '\0';
        char ch = e == '"' || e == '\\' || e == '/' ? e
                  : e == 'b'                        ? '\b'
                  : e == 'f'                        ? '\f'
                  : e == 'n'                        ? '\n'
                  : e == 'r'                        ? '\r'
                  : e == 't'                        ? '\t'
                                                    : '\0';
        if (e == 'u' ? !env_unicode(&p, end, out) : !ch)
            return false;
        if (ch)
            jstr_addc(out, ch);
    }
    *pp = p;
    return sj_utf8_ok(jstr_cstr(out), out->len);
}

/* One "key": value member, value a string or an integer; false on bad JSON. */
static bool env_member(const char **pp, const char *end, struct envelope *e)
{
    struct jstr key = {0}, val = {0};
    const char *p = skip_ws(*pp, end);
    bool ok = p < end && *p++ == '"' && env_string(&p, end, &key);
    p = ok ? skip_ws(p, end) : p;
    ok = ok && p < end && *p++ == ':';
    p = ok ? skip_ws(p, end) : p;
    bool is_str = ok && p < end && *p == '"';
    long long num = -1;
    if (is_str) {
        p++;
        ok = env_string(&p, end, &val);
    } else if (ok) {
        char *stop = NULL;
        num = p < end && (*p == '-' || (*p >= '0' && *p <= '9')) ? strtoll(p, &stop, 10) : -1;
        ok = stop && stop <= end;
        p = ok ? stop : p;
    }
    static const char *const names[] = {"format", "reviewer", "key", "signature", "content"};
    char **slot[] = {&e->format, &e->reviewer, &e->key, &e->signature, &e->content};
    for (size_t i = 0; ok && i < 5; i++) {
        if (strcmp(jstr_cstr(&key), names[i]) != 0)
            continue;
        ok = is_str && !*slot[i]; /* duplicates refused */
        if (ok && i == 4)
            e->content_len = val.len;
        if (ok)
            *slot[i] = jstr_take(&val);
    }
    if (ok && strcmp(jstr_cstr(&key), "version") == 0) {
        ok = !is_str && e->version == -1;
        e->version = num < 0 ? -2 : num;
    }
    jstr_free(&key);
    jstr_free(&val);
    *pp = p;
    return ok;
}

/* The envelope: one JSON object of strings and integers. */
static bool env_object(const char *data, size_t len, struct envelope *e)
{
    const char *p = skip_ws(data, data + len), *end = data + len;
    if (p >= end || *p++ != '{')
        return false;
    for (;;) {
        if (!env_member(&p, end, e))
            return false;
        p = skip_ws(p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p >= end || *p++ != '}')
            return false;
        return skip_ws(p, end) == end;
    }
}

static int envelope_parse(const char *path, const char *data, size_t len, struct envelope *e,
                          struct jury_error *err)
{
    e->version = -1;
    if (len == 0 || data[0] != '{' || !env_object(data, len, e))
        return not_sheet(path, data, len, err);
    if (!e->format || strcmp(e->format, "jury-sheet") != 0)
        return jury_error_set(err, JURY_ERR_FORMAT, path,
                              "not a jury score sheet (no \"format\": \"jury-sheet\")");
    if (e->version != 1)
        return jury_error_set(err, JURY_ERR_VERSION, path,
                              "sheet format version not supported by this jury (need 1)");
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

/* ---- content -> struct sheet: signed, but still untrusted (a reviewer's
 * own key can sign anything), so the text must be exactly what sheet_write
 * makes: keys in their order, no spaces, the writer's escapes and numbers.
 * One pass, no tree; the first deviation is named with its byte offset. */

#define GROW(arr, n)                                                                               \
    do {                                                                                           \
        if (((n) & ((n)-1)) == 0)                                                                  \
            (arr) = jury_xrealloc((arr), sizeof *(arr) * ((n) ? (n)*2 : 4));                       \
    } while (0)

/* Before element i of a list: true when there is one (consumes the ','). */
static bool next_item(struct sj *c, size_t i)
{
    if (i == 0)
        return c->status == 0 && !sj_peek(c, ']');
    if (!sj_peek(c, ','))
        return false;
    c->p++;
    return true;
}

/* A 64-hex-digit string into hex. */
static bool hex64(struct sj *c, char hex[SHA256_HEX_LEN + 1], const char *what)
{
    char *s = NULL;
    const char *at = c->p;
    bool ok = sj_str(c, false, &s) && audit_is_hex64(s);
    if (ok)
        memcpy(hex, s, SHA256_HEX_LEN + 1);
    free(s);
    if (!ok && c->status == 0) {
        c->p = at;
        sj_fail(c, what);
    }
    return ok;
}

/* One of the literal words (each followed by '"'); its index or -1. */
static int word(struct sj *c, const char *const *words, size_t n, const char *what)
{
    for (size_t i = 0; c->status == 0 && i < n; i++) {
        size_t len = strlen(words[i]);
        if ((size_t)(c->end - c->p) > len && memcmp(c->p, words[i], len) == 0 && c->p[len] == '"') {
            c->p += len + 1;
            return (int)i;
        }
    }
    sj_fail(c, what);
    return -1;
}

static void parse_cites(struct sj *c, struct sheet_score *sc)
{
    for (size_t i = 0; next_item(c, i); i++) {
        GROW(sc->cites, sc->n_cites);
        struct sheet_cite *ct = &sc->cites[sc->n_cites++];
        uint64_t page = 0;
        ct->path = NULL;
        if (sj_lit(c, "[") && sj_str(c, false, &ct->path) && sj_lit(c, ",") &&
            sj_uint(c, INT32_MAX, &page))
            sj_lit(c, "]");
        ct->page = (int)page;
    }
}

static void parse_score(struct sj *c, struct sheet_score *sc)
{
    if (!sj_lit(c, "{\"cites\":["))
        return;
    parse_cites(c, sc);
    if (sj_lit(c, "],\"comment\":") && sj_str(c, true, &sc->comment) &&
        sj_lit(c, ",\"indicator\":") && sj_str(c, false, &sc->indicator) &&
        sj_lit(c, ",\"points\":") && sj_num(c, &sc->points) && sj_lit(c, ",\"value\":") &&
        sj_str(c, true, &sc->value) && sj_lit(c, "}") && !sc->value &&
        (sc->points != 0 || signbit(sc->points)))
        sj_fail(c, "a score without a value is worth something");
}

static void parse_confirms(struct sj *c, struct sheet_pack *k)
{
    static const char *const answers[] = {"yes", "no"}, *const kinds[] = {"condition", "veto"};
    for (size_t i = 0; next_item(c, i); i++) {
        GROW(k->confirms, k->n_confirms);
        struct sheet_confirm *cf = &k->confirms[k->n_confirms++];
        cf->item = NULL;
        if (!sj_lit(c, "{\"answer\":\""))
            return;
        cf->yes = word(c, answers, 2, "an answer that is not yes or no") == 0;
        if (sj_lit(c, ",\"item\":") && sj_str(c, false, &cf->item) && sj_lit(c, ",\"kind\":\""))
            cf->is_veto = word(c, kinds, 2, "a confirmation kind not condition or veto") == 1;
        sj_lit(c, "}");
    }
}

static void parse_deductions(struct sj *c, struct sheet_pack *k)
{
    for (size_t i = 0; next_item(c, i); i++) {
        GROW(k->deductions, k->n_deductions);
        struct sheet_deduction *d = &k->deductions[k->n_deductions++];
        d->id = NULL;
        if (sj_lit(c, "{\"id\":") && sj_str(c, false, &d->id) && sj_lit(c, ",\"value\":") &&
            sj_num(c, &d->value))
            sj_lit(c, "}");
    }
}

static void parse_scores(struct sj *c, struct sheet_pack *k)
{
    for (size_t i = 0; next_item(c, i); i++) {
        GROW(k->scores, k->n_scores);
        struct sheet_score *sc = &k->scores[k->n_scores++];
        memset(sc, 0, sizeof *sc);
        parse_score(c, sc);
    }
}

/* Comments on conditions and vetoes: absent when none, never empty. */
static void parse_check_comments(struct sj *c, struct sheet_pack *k)
{
    static const char key[] = ",\"check_comments\":[";
    if (!sj_peek(c, ',') || (size_t)(c->end - c->p) <= sizeof key - 1 ||
        memcmp(c->p, key, sizeof key - 1) != 0)
        return;
    c->p += sizeof key - 1;
    for (size_t i = 0; i == 0 || next_item(c, i); i++) {
        GROW(k->check_comments, k->n_check_comments);
        struct sheet_check_comment *n = &k->check_comments[k->n_check_comments++];
        n->item = n->comment = NULL;
        if (sj_lit(c, "{\"comment\":") && sj_str(c, false, &n->comment) &&
            sj_lit(c, ",\"item\":") && sj_str(c, false, &n->item))
            sj_lit(c, "}");
        if (c->status != 0)
            return;
    }
    sj_lit(c, "]");
}

static void parse_pack(struct sj *c, struct sheet_pack *k)
{
    static const char *const states[] = {"not_started", "in_progress", "submitted"};
    const char *at = c->p;
    if (!sj_lit(c, "{\"applicant\":") || !sj_str(c, true, &k->applicant))
        return;
    parse_check_comments(c, k);
    if (c->status != 0 || !sj_lit(c, ",\"confirms\":["))
        return;
    parse_confirms(c, k);
    if (!sj_lit(c, "],\"conflict\":") || !sj_str(c, true, &k->conflict) ||
        !sj_lit(c, ",\"deductions\":["))
        return;
    parse_deductions(c, k);
    if (!sj_lit(c, "],\"id\":") || !sj_str(c, false, &k->id) || !sj_lit(c, ",\"ruleset\":") ||
        !sj_str(c, true, &k->ruleset) || !sj_lit(c, ",\"scores\":["))
        return;
    parse_scores(c, k);
    if (!sj_lit(c, "]"))
        return;
    if (sj_peek(c, ',') && c->end - c->p > 10 && memcmp(c->p, ",\"sha256\":", 10) == 0) {
        c->p += 10;
        hex64(c, k->sha256, "a pack's sha256 that is not 64 lowercase hex digits");
    }
    if (sj_lit(c, ",\"state\":\""))
        k->state = (enum store_pack_state)word(c, states, 3, "an unknown pack state");
    if (sj_lit(c, ",\"task\":") && sj_str(c, true, &k->task) && sj_lit(c, "}") && k->conflict &&
        (k->n_scores || k->n_confirms || k->n_deductions || k->n_check_comments)) {
        c->p = at;
        sj_fail(c, "a declared-conflict pack carries scores");
    }
}

static void parse_row(struct sj *c, struct sheet_audit *a)
{
    uint64_t seq = 0;
    char *first = NULL;
    const char *at = NULL;
    if (!sj_lit(c, "[") || !sj_uint(c, INT64_MAX, &seq) || !sj_lit(c, ","))
        return;
    a->seq = seq;
    at = c->p;
    if (!sj_str(c, false, &first))
        return;
    if (sj_peek(c, ']')) { /* redacted: [seq, leaf] */
        a->redacted = true;
        bool ok = audit_is_hex64(first);
        if (ok)
            memcpy(a->leaf, first, sizeof a->leaf);
        free(first);
        c->p = ok ? c->p + 1 : at;
        if (!ok)
            sj_fail(c, "a redacted audit row without a leaf hash");
        return;
    }
    a->at = first;
    char **f[5] = {&a->pack, &a->kind, &a->item, &a->old_value, &a->new_value};
    for (size_t i = 0; i < 5; i++)
        if (!sj_lit(c, ",") || !sj_str(c, true, f[i]))
            return;
    if (sj_lit(c, "]") && !a->kind) {
        c->p = at;
        sj_fail(c, "an audit row without a kind");
        return;
    }
    audit_leaf(a->seq, a->at, a->pack, a->kind, a->item, a->old_value, a->new_value, a->leaf);
}

static void parse_audit(struct sj *c, struct sheet *sh)
{
    uint64_t rows = 0;
    if (!sj_lit(c, "{\"audit\":{\"head\":") ||
        !hex64(c, sh->audit_head, "an audit head that is not 64 lowercase hex digits") ||
        !sj_lit(c, ",\"log\":["))
        return;
    for (size_t i = 0; next_item(c, i); i++) {
        GROW(sh->audit, sh->n_audit);
        struct sheet_audit *a = &sh->audit[sh->n_audit++];
        memset(a, 0, sizeof *a);
        parse_row(c, a);
    }
    if (sj_lit(c, "],\"rows\":") && sj_uint(c, INT64_MAX, &rows))
        sj_lit(c, "}");
    sh->audit_rows = rows;
}

static void parse_packs(struct sj *c, struct sheet *sh)
{
    for (size_t i = 0; next_item(c, i); i++) {
        GROW(sh->packs, sh->n_packs);
        struct sheet_pack *k = &sh->packs[sh->n_packs++];
        memset(k, 0, sizeof *k);
        parse_pack(c, k);
    }
}

static void parse_rulesets(struct sj *c, struct sheet *sh)
{
    for (size_t i = 0; next_item(c, i); i++) {
        GROW(sh->rulesets, sh->n_rulesets);
        struct sheet_ruleset *r = &sh->rulesets[sh->n_rulesets++];
        memset(r, 0, sizeof *r);
        if (sj_lit(c, "{\"id\":") && sj_str(c, false, &r->id) && sj_lit(c, ",\"sha256\":") &&
            hex64(c, r->sha256, "a rule set's sha256 that is not 64 lowercase hex digits"))
            sj_lit(c, "}");
    }
}

/* The whole content document, in the writer's key order. */
static void parse_content(struct sj *c, struct sheet *sh)
{
    parse_audit(c, sh);
    if (!sj_lit(c, ",\"created\":") || !sj_str(c, true, &sh->created) ||
        !sj_lit(c, ",\"format\":\"jury-sheet-content\",\"kit\":") ||
        !sj_str(c, false, &sh->kit_id) || !sj_lit(c, ",\"packs\":["))
        return;
    parse_packs(c, sh);
    if (!sj_lit(c, "],\"reviewer\":{\"id\":") || !sj_str(c, false, &sh->reviewer_id) ||
        !sj_lit(c, ",\"name\":") || !sj_str(c, true, &sh->reviewer_name) ||
        !sj_lit(c, ",\"panel\":") || !sj_str(c, true, &sh->panel) || !sj_lit(c, "},\"rulesets\":["))
        return;
    parse_rulesets(c, sh);
    if (sj_lit(c, "],\"tool\":") && sj_str(c, true, &sh->tool_version) &&
        sj_lit(c, ",\"version\":1}") && c->p != c->end)
        sj_fail(c, "bytes after the content");
    sh->version = 1;
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

static int content_check(const char *path, const struct envelope *e, const char *kit_id,
                         struct sheet **out, struct jury_error *err)
{
    struct sheet *sh = jury_xcalloc(1, sizeof *sh);
    struct sj c = {.base = e->content,
                   .p = e->content,
                   .end = e->content + e->content_len,
                   .path = path,
                   .err = err};
    parse_content(&c, sh);
    int rc = c.status;
    if (rc == 0 && strcmp(sh->reviewer_id, e->reviewer) != 0)
        rc = jury_error_set(err, JURY_ERR_CORRUPT, path,
                            "content names reviewer '%s', the envelope '%s'", sh->reviewer_id,
                            e->reviewer);
    if (rc == 0 && kit_id && strcmp(sh->kit_id, kit_id) != 0)
        rc = jury_error_set(err, JURY_ERR_DENIED, path,
                            "sheet is for another kit ('%s', expected '%s')", sh->kit_id, kit_id);
    if (rc == 0 && (rc = audit_check(path, sh, err)) == 0)
        rc = sheet_replay_check(path, sh, err);
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
    envelope_free(&e);
    free(data);
    return rc;
}
