/* sheet_write.c - the canonical serialisation of a sheet and its signature.
 *
 * The file is one JSON object (the envelope):
 *   {"content":"<content>","format":"jury-sheet","key":"<b64 public key>",
 *    "reviewer":"<id>","signature":"<b64 Ed25519 over content's bytes>","version":1}
 * where <content> is a JSON text (as a string, so its exact bytes survive)
 * with sorted keys, compact separators and reals printed with %.10g, written
 * straight into one buffer (sheet_json.c: byte for byte what jansson wrote
 * for the first sheets). See docs/sheet-format.md. */
#include "db/sheet/sheet_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text being written; bad once a string is not UTF-8, a required one is
 * missing or a number is not finite (then the text is thrown away). */
struct w {
    struct jstr b;
    bool bad;
};

static void lit(struct w *w, const char *s)
{
    jstr_add(&w->b, s);
}

/* A string; NULL is written as null when nullable, else makes w bad. */
static void str(struct w *w, const char *s, bool nullable)
{
    if (!s) {
        w->bad |= !nullable;
        lit(w, "null");
    } else if (!sj_string(&w->b, s, strlen(s))) {
        w->bad = true;
    }
}

static void real(struct w *w, double v)
{
    if (!sj_real(&w->b, v)) {
        w->bad = true;
        lit(w, "0.0");
    }
}

static void uint(struct w *w, uint64_t v)
{
    char buf[32];
    jstr_addn(&w->b, buf, (size_t)snprintf(buf, sizeof buf, "%llu", (unsigned long long)v));
}

static const char *state_name(enum store_pack_state s)
{
    return s == STORE_SUBMITTED     ? "submitted"
           : s == STORE_IN_PROGRESS ? "in_progress"
                                    : "not_started";
}

static void score_json(struct w *w, const struct sheet_score *sc)
{
    lit(w, "{\"cites\":[");
    for (size_t i = 0; i < sc->n_cites; i++) {
        lit(w, i ? ",[" : "[");
        str(w, sc->cites[i].path, false);
        lit(w, ",");
        if (sc->cites[i].page < 0)
            w->bad = true;
        uint(w, sc->cites[i].page < 0 ? 0 : (uint64_t)sc->cites[i].page);
        lit(w, "]");
    }
    lit(w, "],\"comment\":");
    str(w, sc->comment, true);
    lit(w, ",\"indicator\":");
    str(w, sc->indicator, false);
    lit(w, ",\"points\":");
    real(w, sc->value ? sc->points : 0);
    lit(w, ",\"value\":");
    str(w, sc->value, true);
    lit(w, "}");
}

static void extras_json(struct w *w, const struct sheet_pack *k)
{
    lit(w, ",\"confirms\":[");
    for (size_t i = 0; i < k->n_confirms; i++) {
        lit(w, i ? ",{\"answer\":" : "{\"answer\":");
        lit(w, k->confirms[i].yes ? "\"yes\"" : "\"no\"");
        lit(w, ",\"item\":");
        str(w, k->confirms[i].item, false);
        lit(w, k->confirms[i].is_veto ? ",\"kind\":\"veto\"}" : ",\"kind\":\"condition\"}");
    }
    lit(w, "],\"conflict\":");
    str(w, k->conflict, true);
    lit(w, ",\"deductions\":[");
    for (size_t i = 0; i < k->n_deductions; i++) {
        lit(w, i ? ",{\"id\":" : "{\"id\":");
        str(w, k->deductions[i].id, false);
        lit(w, ",\"value\":");
        real(w, k->deductions[i].value);
        lit(w, "}");
    }
    lit(w, "]");
}

static void pack_json(struct w *w, const struct sheet_pack *k)
{
    lit(w, "{\"applicant\":");
    str(w, k->applicant, true);
    /* absent when none, so a sheet without them is as before */
    for (size_t i = 0; i < k->n_check_comments; i++) {
        lit(w, i ? ",{\"comment\":" : ",\"check_comments\":[{\"comment\":");
        str(w, k->check_comments[i].comment, false);
        lit(w, ",\"item\":");
        str(w, k->check_comments[i].item, false);
        lit(w, i + 1 < k->n_check_comments ? "}" : "}]");
    }
    extras_json(w, k);
    lit(w, ",\"id\":");
    str(w, k->id, false);
    lit(w, ",\"ruleset\":");
    str(w, k->ruleset, true);
    lit(w, ",\"scores\":[");
    for (size_t i = 0; i < k->n_scores; i++) {
        if (i)
            lit(w, ",");
        score_json(w, &k->scores[i]);
    }
    lit(w, "]");
    if (k->sha256[0]) { /* absent when unknown, as in sheets from before it */
        lit(w, ",\"sha256\":");
        str(w, k->sha256, false);
    }
    lit(w, ",\"state\":\"");
    lit(w, state_name(k->state));
    lit(w, "\",\"task\":");
    str(w, k->task, true);
    lit(w, "}");
}

static void audit_json(struct w *w, const struct sheet *sh)
{
    lit(w, "{\"head\":");
    str(w, sh->audit_head, false);
    lit(w, ",\"log\":[");
    for (size_t i = 0; i < sh->n_audit; i++) {
        const struct sheet_audit *a = &sh->audit[i];
        lit(w, i ? ",[" : "[");
        uint(w, a->seq);
        lit(w, ",");
        if (a->redacted) {
            str(w, a->leaf, false);
        } else {
            const char *f[6] = {a->at, a->pack, a->kind, a->item, a->old_value, a->new_value};
            str(w, f[0], false);
            for (size_t j = 1; j < 6; j++) {
                lit(w, ",");
                str(w, f[j], true);
            }
        }
        lit(w, "]");
    }
    lit(w, "],\"rows\":");
    uint(w, sh->audit_rows);
    lit(w, "}");
}

static void top_json(struct w *w, const struct sheet *sh)
{
    lit(w, "{\"audit\":");
    audit_json(w, sh);
    lit(w, ",\"created\":");
    str(w, sh->created, true);
    lit(w, ",\"format\":\"jury-sheet-content\",\"kit\":");
    str(w, sh->kit_id, false);
    lit(w, ",\"packs\":[");
    for (size_t i = 0; i < sh->n_packs; i++) {
        if (i)
            lit(w, ",");
        pack_json(w, &sh->packs[i]);
    }
    lit(w, "],\"reviewer\":{\"id\":");
    str(w, sh->reviewer_id, false);
    lit(w, ",\"name\":");
    str(w, sh->reviewer_name, true);
    lit(w, ",\"panel\":");
    str(w, sh->panel, true);
    lit(w, "},\"rulesets\":[");
    for (size_t i = 0; i < sh->n_rulesets; i++) {
        lit(w, i ? ",{\"id\":" : "{\"id\":");
        str(w, sh->rulesets[i].id, false);
        lit(w, ",\"sha256\":");
        str(w, sh->rulesets[i].sha256, false);
        lit(w, "}");
    }
    lit(w, "],\"tool\":");
    str(w, sh->tool_version, true);
    lit(w, ",\"version\":1}");
}

/* The content JSON text (caller frees); NULL when a string is not UTF-8, a
 * required one (kit, reviewer id, pack id, indicator, ...) is missing or a
 * number is not finite. */
char *sheet_content_json(const struct sheet *sh)
{
    struct w w = {0};
    /* about 170 bytes per score with its audit row: one allocation */
    jstr_reserve(&w.b, 4096 + sh->n_audit * 96);
    top_json(&w, sh);
    if (w.bad) {
        jstr_free(&w.b);
        return NULL;
    }
    return jstr_take(&w.b);
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
    if (!content)
        return jury_error_set(err, JURY_ERR_INVALID, path,
                              "sheet has a string that is not UTF-8, a missing id or a number "
                              "that is not finite");
    size_t n = strlen(content);
    crypto_sign_detached(sig, NULL, (const unsigned char *)content, n, sk);
    char sig64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    /* the envelope as jansson's JSON_SORT_KEYS | JSON_INDENT(1) wrote it */
    struct w file = {0};
    jstr_reserve(&file.b, n + n / 8 + 512);
    lit(&file, "{\n \"content\": ");
    file.bad = !sj_string(&file.b, content, n);
    free(content);
    lit(&file, ",\n \"format\": \"jury-sheet\",\n \"key\": ");
    str(&file, sh->public_key, false);
    lit(&file, ",\n \"reviewer\": ");
    str(&file, sh->reviewer_id, false);
    lit(&file, ",\n \"signature\": ");
    str(&file, sig64, false);
    lit(&file, ",\n \"version\": 1\n}\n");
    if (file.bad) {
        jstr_free(&file.b);
        return jury_error_set(err, JURY_ERR_INVALID, path, "sheet has a string that is not UTF-8");
    }
    rc = jury_write_file_atomic(path, file.b.s, file.b.len, 0644, err);
    jstr_free(&file.b);
    return rc;
}
