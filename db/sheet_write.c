/* sheet_write.c - the canonical serialisation of a sheet and its signature.
 *
 * The file is one JSON object (the envelope):
 *   {"content":"<content>","format":"jury-sheet","key":"<b64 public key>",
 *    "reviewer":"<id>","signature":"<b64 Ed25519 over content's bytes>","version":1}
 * where <content> is a JSON text (as a string, so its exact bytes survive)
 * written by jansson with sorted keys, compact separators and reals printed
 * with %.10g. See docs/sheet-format.md. */
#include "db/store_int.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHEET_DUMP_FLAGS (JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10))

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char *state_name(enum store_pack_state s)
{
    return s == STORE_SUBMITTED     ? "submitted"
           : s == STORE_IN_PROGRESS ? "in_progress"
                                    : "not_started";
}

static json_t *score_json(const struct sheet_score *sc)
{
    json_t *cites = json_array();
    for (size_t i = 0; i < sc->n_cites; i++)
        json_array_append_new(cites, json_pack("[s,i]", sc->cites[i].path, sc->cites[i].page));
    json_t *o = json_object();
    json_object_set_new(o, "indicator", json_string(sc->indicator));
    json_object_set_new(o, "value", str_or_null(sc->value));
    json_object_set_new(o, "points", json_real(sc->value ? sc->points : 0));
    json_object_set_new(o, "comment", str_or_null(sc->comment));
    json_object_set_new(o, "cites", cites);
    return o;
}

static json_t *pack_json(const struct sheet_pack *k)
{
    json_t *o = json_object(), *scores = json_array(), *conf = json_array(), *ded = json_array();
    for (size_t i = 0; i < k->n_scores; i++)
        json_array_append_new(scores, score_json(&k->scores[i]));
    for (size_t i = 0; i < k->n_confirms; i++)
        json_array_append_new(conf, json_pack("{s:s,s:s,s:s}", "item", k->confirms[i].item, "kind",
                                              k->confirms[i].is_veto ? "veto" : "condition",
                                              "answer", k->confirms[i].yes ? "yes" : "no"));
    for (size_t i = 0; i < k->n_deductions; i++)
        json_array_append_new(ded, json_pack("{s:s,s:f}", "id", k->deductions[i].id, "value",
                                             k->deductions[i].value));
    json_object_set_new(o, "id", json_string(k->id));
    json_object_set_new(o, "applicant", str_or_null(k->applicant));
    json_object_set_new(o, "task", str_or_null(k->task));
    json_object_set_new(o, "ruleset", str_or_null(k->ruleset));
    json_object_set_new(o, "state", json_string(state_name(k->state)));
    json_object_set_new(o, "conflict", str_or_null(k->conflict));
    if (k->sha256[0]) /* absent when unknown, as in sheets from before it */
        json_object_set_new(o, "sha256", json_string(k->sha256));
    json_object_set_new(o, "scores", scores);
    json_object_set_new(o, "confirms", conf);
    json_object_set_new(o, "deductions", ded);
    return o;
}

static json_t *audit_json(const struct sheet *sh)
{
    json_t *log = json_array();
    for (size_t i = 0; i < sh->n_audit; i++) {
        const struct sheet_audit *a = &sh->audit[i];
        json_t *row = a->redacted ? json_pack("[I,s]", (json_int_t)a->seq, a->leaf)
                                  : json_pack("[I,s,o,o,o,o,o]", (json_int_t)a->seq, a->at,
                                              str_or_null(a->pack), str_or_null(a->kind),
                                              str_or_null(a->item), str_or_null(a->old_value),
                                              str_or_null(a->new_value));
        json_array_append_new(log, row);
    }
    return json_pack("{s:s,s:I,s:o}", "head", sh->audit_head, "rows", (json_int_t)sh->audit_rows,
                     "log", log);
}

/* The content JSON text (caller frees). */
char *sheet_content_json(const struct sheet *sh)
{
    json_t *packs = json_array(), *rs = json_array();
    for (size_t i = 0; i < sh->n_packs; i++)
        json_array_append_new(packs, pack_json(&sh->packs[i]));
    for (size_t i = 0; i < sh->n_rulesets; i++)
        json_array_append_new(
            rs, json_pack("{s:s,s:s}", "id", sh->rulesets[i].id, "sha256", sh->rulesets[i].sha256));
    json_t *rev = json_object();
    json_object_set_new(rev, "id", json_string(sh->reviewer_id));
    json_object_set_new(rev, "name", str_or_null(sh->reviewer_name));
    json_object_set_new(rev, "panel", str_or_null(sh->panel));
    json_t *c = json_object();
    json_object_set_new(c, "format", json_string("jury-sheet-content"));
    json_object_set_new(c, "version", json_integer(sh->version));
    json_object_set_new(c, "kit", json_string(sh->kit_id));
    json_object_set_new(c, "reviewer", rev);
    json_object_set_new(c, "created", str_or_null(sh->created));
    json_object_set_new(c, "tool", str_or_null(sh->tool_version));
    json_object_set_new(c, "rulesets", rs);
    json_object_set_new(c, "packs", packs);
    json_object_set_new(c, "audit", audit_json(sh));
    char *text = json_dumps(c, SHEET_DUMP_FLAGS);
    json_decref(c);
    if (!text)
        jury_xmalloc(SIZE_MAX); /* jansson only fails for lack of memory */
    char *out = jury_xstrdup(text);
    free(text);
    return out;
}

void sheet_audit_seal(struct sheet *sh)
{
    char prev[SHA256_HEX_LEN + 1];
    memset(prev, '0', SHA256_HEX_LEN);
    prev[SHA256_HEX_LEN] = '\0';
    for (size_t i = 0; i < sh->n_audit; i++) {
        struct sheet_audit *a = &sh->audit[i];
        if (!a->redacted)
            audit_leaf(a->seq, a->at, a->pack, a->kind, a->item, a->old_value, a->new_value,
                       a->leaf);
        audit_link(prev, a->leaf, prev);
    }
    memcpy(sh->audit_head, prev, sizeof prev);
    sh->audit_rows = sh->n_audit;
}

int sheet_write(struct sheet *sh, const unsigned char sk[64], const char *path,
                struct jury_error *err)
{
    int rc = jury_crypto_init(err);
    if (rc < 0)
        return rc;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_bin2base64(sh->public_key, sizeof sh->public_key, pk, sizeof pk,
                      sodium_base64_VARIANT_ORIGINAL);
    char *content = sheet_content_json(sh);
    size_t n = strlen(content);
    crypto_sign_detached(sig, NULL, (const unsigned char *)content, n, sk);
    char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    json_t *env = json_pack("{s:s%,s:s,s:s,s:s,s:s,s:i}", "content", content, n, "format",
                            "jury-sheet", "key", sh->public_key, "reviewer", sh->reviewer_id,
                            "signature", sig64, "version", 1);
    free(content);
    char *text = env ? json_dumps(env, JSON_SORT_KEYS | JSON_INDENT(1)) : NULL;
    json_decref(env);
    if (!text)
        return jury_error_set(err, JURY_ERR_INVALID, path, "sheet has a string that is not UTF-8");
    struct jstr file = {0};
    jstr_add(&file, text);
    jstr_addc(&file, '\n');
    free(text);
    rc = jury_write_file_atomic(path, file.s, file.len, 0644, err);
    jstr_free(&file);
    return rc;
}

int store_export(struct store *s, const unsigned char sk[64], const char *path,
                 struct jury_error *err)
{
    struct sheet *sh = NULL;
    int rc = store_snapshot(s, &sh, err);
    if (rc == 0)
        rc = sheet_write(sh, sk, path, err);
    sheet_free(&sh);
    return rc;
}
