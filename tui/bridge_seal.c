/* bridge_seal.c - the kit's seal as the workbench shows it: checked once on
 * open (and again by :verify), a translated warning when the kit is not
 * sealed by the organiser and unaltered, and the full report. The check
 * itself is app/'s (app_kit_seal_check), shared with `jury kit verify`. */
#include "app/app.h"
#include "tui/bridge_int.h"
#include "tui/bridge_state_int.h"
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bridge_seal_check(struct bridge *b)
{
    struct jury_error err = {0};
    app_seal_clear(&b->seal);
    b->seal_error[0] = '\0';
    if (app_kit_seal_check(session_kit_dir(b->s), &b->seal, &err) < 0) {
        char buf[1200];
        char *safe = utf8_sanitize(jury_error_text(&err, buf, sizeof buf), strlen(buf));
        snprintf(b->seal_error, sizeof b->seal_error, "%s", safe);
        free(safe);
    }
}

/* The warning for what the check found, translated; NULL when all is well. */
const char *bridge_seal_warning(struct bridge *b)
{
    const struct app_seal *s = &b->seal;
    char *w = b->seal_line;
    size_t n = sizeof b->seal_line;
    if (b->seal_error[0]) {
        snprintf(w, n, _("Warning: the kit's seal could not be checked: %s"), b->seal_error);
        return w;
    }
    switch (s->state) {
    case APP_SEAL_OK:
        return NULL;
    case APP_SEAL_NONE:
        snprintf(w, n, "%s",
                 _("Warning: this kit is not sealed, so nothing shows that its files are the "
                   "organiser's. You can still review."));
        break;
    case APP_SEAL_UNREADABLE:
        snprintf(w, n, "%s", _("Warning: the kit's seal cannot be read (seal.json is damaged)."));
        break;
    case APP_SEAL_BAD_SIGNATURE:
        snprintf(w, n, "%s",
                 _("Warning: the kit's seal has a bad signature: seal.json was altered or not "
                   "made by its signer."));
        break;
    case APP_SEAL_ALTERED:
        snprintf(w, n,
                 _("Warning: the kit was altered since it was sealed: %zu added, %zu removed, "
                   "%zu changed (%s)."),
                 s->added, s->removed, s->changed, s->names);
        break;
    case APP_SEAL_NO_KEY:
        snprintf(w, n, "%s",
                 _("Warning: the kit is sealed, but no trusted organiser key is known (set "
                   "JURY_ORGANISER_KEY)."));
        break;
    case APP_SEAL_OTHER_KEY:
        snprintf(w, n, _("Warning: the kit was sealed by another key, not the organiser's: %s"),
                 s->signer);
        break;
    }
    return w;
}

static void report_list(struct jstr *r, const char *label, const char *list)
{
    if (!list || !*list)
        return;
    jstr_addf(r, "\n%s\n", label);
    for (const char *p = list; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        jstr_add(r, "  ");
        jstr_addn(r, p, len);
        jstr_addc(r, '\n');
        p += len + (nl != NULL);
    }
}

char *bridge_seal_report(struct bridge *b)
{
    struct jstr r = {0};
    const char *w = bridge_seal_warning(b);
    jstr_add(&r, w ? w
                   : _("The kit is sealed by the organiser's key and no file was added, "
                       "removed or changed."));
    jstr_addc(&r, '\n');
    if (b->seal.signer[0])
        jstr_addf(&r, _("Signer: %s\n"), b->seal.signer);
    report_list(&r, _("Added:"), b->seal.added_list);
    report_list(&r, _("Removed:"), b->seal.removed_list);
    report_list(&r, _("Changed:"), b->seal.changed_list);
    return jstr_take(&r);
}
