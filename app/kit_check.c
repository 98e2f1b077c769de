/* kit_check.c - the kit's seal as a reviewer sees it: which organiser key to trust, and
 * kit_verify's report turned into one finding, a one-line summary and the full report. `jury kit
 * verify` and the workbench both come here, so they agree. */
#include "app/app.h"
#include "db/sheet/sheet.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many altered paths the summary names before "...". */
#define SEAL_NAMES_SHOWN 3

bool app_organiser_key(const char *given, unsigned char pk[32])
{
    struct jury_error err = {0};
    const char *b64 = given ? given : getenv("JURY_ORGANISER_KEY");
    if (b64 && *b64)
        return jury_base64_decode(b64, pk, 32) == 32;
    struct roster_entry e = {0};
    if (keys_load_public("organiser", &e, &err) != JURY_OK)
        return false;
    memcpy(pk, e.pk, 32);
    roster_entry_clear(&e);
    return true;
}

static size_t count_lines(const struct jstr *lines)
{
    size_t n = 0;
    for (const char *s = jstr_cstr(lines); *s; s++)
        n += *s == '\n';
    if (lines->len && jstr_cstr(lines)[lines->len - 1] != '\n')
        n++;
    return n;
}

/* Append "label: path" for every line of `lines` to the report, and the
 * first few paths to `names`. */
static char *add_lines(struct jstr *report, struct jstr *names, size_t *shown, const char *label,
                       const struct jstr *lines)
{
    struct jstr list = {0};
    const char *s = jstr_cstr(lines);
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *safe = utf8_sanitize(s, n); /* paths come from the kit: untrusted */
        jstr_addf(report, "%s: %s\n", label, safe);
        jstr_addf(&list, "%s\n", safe);
        if (*shown < SEAL_NAMES_SHOWN)
            jstr_addf(names, "%s%s", *shown ? ", " : "", safe);
        else if (*shown == SEAL_NAMES_SHOWN)
            jstr_add(names, ", ...");
        ++*shown;
        free(safe);
        s += n + (nl != NULL);
    }
    return jstr_take(&list);
}

/* The worst finding first: a broken seal says nothing about the files. */
static enum app_seal_state seal_state(const struct kit_verify_report *rep, bool have_key,
                                      const struct app_seal *out)
{
    if (!rep->sealed)
        return APP_SEAL_NONE;
    if (!rep->signature_ok)
        return APP_SEAL_BAD_SIGNATURE;
    if (out->added || out->removed || out->changed)
        return APP_SEAL_ALTERED;
    if (!have_key)
        return APP_SEAL_NO_KEY;
    return rep->signer_trusted ? APP_SEAL_OK : APP_SEAL_OTHER_KEY;
}

static void seal_summary(struct app_seal *out, struct jstr *report)
{
    struct jstr sum = {0};
    switch (out->state) {
    case APP_SEAL_OK:
        jstr_addf(&sum, "ok: sealed by %s, no file added, removed or changed", out->signer);
        break;
    case APP_SEAL_NONE:
        jstr_add(&sum, "not sealed: the kit has no seal.json");
        break;
    case APP_SEAL_UNREADABLE:
        jstr_add(&sum, "seal unreadable: seal.json cannot be read");
        break;
    case APP_SEAL_BAD_SIGNATURE:
        jstr_add(&sum, "bad signature: seal.json was altered or not made by its signer");
        break;
    case APP_SEAL_ALTERED:
        jstr_addf(&sum, "altered since sealing: %zu added, %zu removed, %zu changed (%s)",
                  out->added, out->removed, out->changed, out->names);
        break;
    case APP_SEAL_NO_KEY:
        jstr_addf(&sum, "signed by %s, but no trusted organiser key is known", out->signer);
        break;
    case APP_SEAL_OTHER_KEY:
        jstr_addf(&sum, "signed by another key: %s", out->signer);
        break;
    }
    out->summary = jstr_take(&sum);
    struct jstr full = {0};
    jstr_addf(&full, "%s\n%s", out->summary, jstr_cstr(report));
    out->report = jstr_take(&full);
}

int app_kit_seal_check(const char *kit_dir, struct app_seal *out, struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    char *seal = jury_path_join(kit_dir, "seal.json");
    bool sealed = jury_is_file(seal);
    free(seal);
    struct jstr report = {0}, names = {0};
    if (!sealed) { /* skip hashing every file of an unsealed kit */
        out->state = APP_SEAL_NONE;
        out->names = jury_xstrdup("");
        out->added_list = jury_xstrdup("");
        out->removed_list = jury_xstrdup("");
        out->changed_list = jury_xstrdup("");
        seal_summary(out, &report);
        return 0;
    }
    unsigned char pk[32];
    bool have_key = app_organiser_key(NULL, pk);
    struct kit_verify_report rep;
    struct jury_error why = {0};
    int rc = kit_verify(kit_dir, have_key ? pk : NULL, &rep, &why);
    if (rc < 0 && rc != JURY_ERR_FORMAT && rc != JURY_ERR_CORRUPT) {
        kit_verify_report_free(&rep);
        *err = why;
        return rc;
    }
    if (rc < 0) { /* a malformed seal.json is a finding, not a failure */
        char buf[1600];
        jstr_addf(&report, "%s\n", jury_error_text(&why, buf, sizeof buf));
    }
    snprintf(out->signer, sizeof out->signer, "%s", rep.signer);
    size_t shown = 0;
    out->added = count_lines(&rep.added);
    out->removed = count_lines(&rep.removed);
    out->changed = count_lines(&rep.changed);
    out->added_list = add_lines(&report, &names, &shown, "added", &rep.added);
    out->removed_list = add_lines(&report, &names, &shown, "removed", &rep.removed);
    out->changed_list = add_lines(&report, &names, &shown, "changed", &rep.changed);
    out->state = rc < 0 ? APP_SEAL_UNREADABLE : seal_state(&rep, have_key, out);
    out->names = jstr_take(&names);
    seal_summary(out, &report);
    jstr_free(&report);
    kit_verify_report_free(&rep);
    return 0;
}

void app_seal_clear(struct app_seal *s)
{
    free(s->names);
    free(s->added_list);
    free(s->removed_list);
    free(s->changed_list);
    free(s->summary);
    free(s->report);
    memset(s, 0, sizeof *s);
}
