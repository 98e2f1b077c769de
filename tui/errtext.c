/* errtext.c - the messages of the layers below (store, checklist, session)
 * in the reviewer's language. Those layers never print and speak English;
 * here each message a reviewer can meet is a template whose "{}" parts
 * (numbers, ids, names) are carried into its translation as {1}, {2}...
 * ("{}" rather than "%s", so the catalogue's format checks leave them be). */
#include "tui/tui_int.h"

#include <stdio.h>
#include <string.h>

static const char *const templates[] = {
    N_("{} is outside 0..{}"),
    N_("{} is not a multiple of {}"),
    N_("'{}' is not a number"),
    N_("'{}' is not a level (use {})"),
    N_("deduction {} is outside 0..{}"),
    N_("no deduction '{}'"),
    N_("not a number: {}"),
    N_("'{}' is a heading; score its observation points"),
    N_("not an observation point (it takes no score)"),
    N_("pack is submitted and locked: reopen it first (jury score reopen PACK --reason TEXT)"),
    N_("pack is submitted and locked: reopen it first"),
    N_("a conflict of interest (回避) is declared for this pack: it takes no scores"),
    N_("a conflict of interest (回避) needs a reason"),
    N_("withdrawing a conflict of interest (回避) needs a reason"),
    N_("no conflict of interest (回避) is declared for this pack"),
    N_("pack is already submitted"),
    N_("pack is not submitted"),
    N_("reopening needs a reason"),
    N_("{} observation point{} not scored yet (first: {})"),
    N_("{} eligibility condition{} not answered yet (first: {})"),
    N_("veto item {} is not answered yet (the rules could not decide it)"),
    N_("this condition is decided by the rules, not by a reviewer"),
    N_("no eligibility condition or veto item with this id"),
    N_("a citation needs a file path and a page >= 0"),
    N_("no such pack in this store"),
    N_("cannot write {}"),
    N_("the score store is open elsewhere (another jury, pid {}): close it there first"),
    N_("a key already exists here; it is never overwritten (choose another --id)"),
    N_("no key for reviewer '{}': make one with jury keygen"),
    N_("a reviewer id is 1-64 letters, digits, '-', '_' or '.'"),
    N_("no such pack in kit {} ({}/packs)"),
    N_("the pack file changed since you scored it: was {}, now {}; put the original pack back "
       "(or ask the organiser which is right)"),
    N_("no reviewer key in the data folder: run jury keygen first"),
    N_("several reviewer keys in the data folder: say which with --reviewer ID"),
};

/* Match `s` against template `t`; the text of each {} goes into cap[]. */
static bool match(const char *s, const char *t, char cap[][256], int *n)
{
    *n = 0;
    while (*t) {
        const char *hole = strstr(t, "{}");
        size_t fixed = hole ? (size_t)(hole - t) : strlen(t);
        if (strncmp(s, t, fixed) != 0)
            return false;
        s += fixed;
        t += fixed;
        if (!hole)
            return *s == '\0';
        t += 2;
        /* the hole runs to the next fixed text (to the end when none) */
        const char *next = strstr(t, "{}");
        size_t nf = next ? (size_t)(next - t) : strlen(t);
        const char *end = nf ? NULL : s + strlen(s);
        for (const char *p = s; !end && *p; p++)
            if (strncmp(p, t, nf) == 0 && (next || p[nf] == '\0'))
                end = p;
        if (!end || *n >= 8)
            return false;
        snprintf(cap[*n], sizeof cap[*n], "%.*s", (int)(end - s), s);
        (*n)++;
        s = end;
    }
    return *s == '\0';
}

/* The translation of template `tr` with {1}.. replaced by the captures. */
static void fill(const char *tr, char cap[][256], int n, char *out, size_t size)
{
    size_t o = 0;
    for (const char *p = tr; *p && o + 1 < size;) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}' && p[1] - '1' < n) {
            o += (size_t)snprintf(out + o, size - o, "%s", cap[p[1] - '1']);
            p += 3;
            continue;
        }
        out[o++] = *p++;
    }
    out[o < size ? o : size - 1] = '\0';
}

const char *tui_err_translate(const char *msg, char *out, size_t size)
{
    char cap[8][256];
    int n;
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
        if (!match(msg, templates[i], cap, &n))
            continue;
        const char *tr = gettext(templates[i]);
        if (tr == templates[i])
            break; /* no translation: the English as it came */
        fill(tr, cap, n, out, size);
        return out;
    }
    snprintf(out, size, "%s", msg);
    return out;
}

const char *tui_message(const char *msg, char *out, size_t size)
{
    tui_i18n_init();
    return tui_err_translate(msg, out, size);
}
