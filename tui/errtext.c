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
    N_("no indicator '{}' in rule set {}"),
    N_("unknown indicator in rule set {}"),
    N_("the score store is open read-only here: nothing can be changed"),
    /* the rule engine's, framed by app/ with the task whose rule set failed;
     * the detail is translated in its turn when it is one of these */
    N_("rule set {} cannot be used: {}"),
    N_("rule set {} could not check this pack: {}"),
    N_("no rule set '{}'"),
    N_("'{}' is not a rule set id"),
    N_("pack has no manifest naming its task"),
    N_("binary rule files are not allowed"),
    N_("memory limit exceeded"),
    N_("memory limit of {} MiB exceeded"),
    N_("instruction limit of {} exceeded (an endless loop?)"),
    N_("instruction limit of {} for the whole evaluation exceeded"),
    N_("time budget of {} ms for the whole evaluation exceeded"),
    N_("the file is not valid UTF-8; save it as UTF-8"),
    N_("the file is not valid UTF-8 (it looks like GBK/GB18030); save it as UTF-8"),
    N_("the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"),
    N_("stopped: the time budget of the evaluation was spent"),
    N_("stopped after {} ms without progress (an endless loop in a C function, e.g. a "
       "pathological pattern?)"),
    N_("the sandboxed evaluation was killed by signal {} ({})"),
    N_("the sandboxed evaluation stopped unexpectedly (exit {})"),
    N_("RULESET is not set"),
    N_("call ruleset{...} first"),
    N_("indicator '{}': max must be a positive number"),
    N_("indicator '{}': text missing"),
    N_("indicator '{}': parent '{}' not defined yet"),
    N_("indicator '{}': unknown levels '{}'"),
    N_("indicator '{}': bad step"),
    N_("{}: duplicate id '{}'"),
    N_("{}: unknown key '{}' (known: {})"),
    N_("{}: fact '{}' is not declared in facts{...}"),
    N_("fact '{}' is not declared in facts{...}"),
    N_("condition '{}': text missing"),
    N_("condition '{}': check must be a function"),
    N_("veto '{}': text missing"),
    N_("veto '{}': check must be a function"),
    N_("deduction '{}': text missing"),
    N_("deduction '{}': max must be positive"),
    N_("evidence: unknown indicator '{}'"),
    /* Lua's own, for a rule file that does not parse or run */
    N_("{} expected (to close {} at line {}) near {}"),
    N_("{} expected near {}"),
    N_("unexpected symbol near {}"),
    N_("unfinished string near {}"),
    N_("malformed number near {}"),
    N_("attempt to call a nil value (global '{}')"),
    N_("attempt to call a nil value (field '{}')"),
    N_("attempt to index a nil value (global '{}')"),
    N_("attempt to index a nil value (field '{}')"),
    N_("attempt to perform arithmetic on a nil value (global '{}')"),
    N_("attempt to perform arithmetic on a nil value (field '{}')"),
    /* the chair's ranking: why a pack is not ranked (db/rank.c) */
    N_("veto {}/{}: {}"),
    N_("veto {}/{}"),
    N_("ineligible: {}"),
    N_("no scores"),
    N_("{} not met"),
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

static const char *translate(const char *msg, char *out, size_t size, int depth);

/* The translation of template `tr` with {1}.. replaced by the captures,
 * each translated in its turn (a framed message: "rule set {} cannot be
 * used: {}" around the rule engine's own words). */
static void fill(const char *tr, char cap[][256], int n, char *out, size_t size, int depth)
{
    size_t o = 0;
    for (const char *p = tr; *p && o + 1 < size;) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}' && p[1] - '1' < n) {
            char part[256];
            translate(cap[p[1] - '1'], part, sizeof part, depth + 1);
            int w = snprintf(out + o, size - o, "%s", part);
            o += w > 0 && (size_t)w < size - o ? (size_t)w : size - o - 1;
            p += 3;
            continue;
        }
        out[o++] = *p++;
    }
    out[o < size ? o : size - 1] = '\0';
}

static const char *translate(const char *msg, char *out, size_t size, int depth)
{
    char cap[8][256];
    int n;
    for (size_t i = 0; depth < 3 && i < sizeof templates / sizeof templates[0]; i++) {
        if (!match(msg, templates[i], cap, &n))
            continue;
        const char *tr = gettext(templates[i]);
        if (tr == templates[i])
            break; /* no translation: the English as it came */
        fill(tr, cap, n, out, size, depth);
        return out;
    }
    snprintf(out, size, "%s", msg);
    return out;
}

const char *tui_err_translate(const char *msg, char *out, size_t size)
{
    return translate(msg, out, size, 0);
}

const char *tui_err_translate_at(const char *text, char *out, size_t size)
{
    /* "file:line: message": the message after the first ":<digits>: " */
    const char *msg = NULL;
    for (const char *p = strchr(text, ':'); p && !msg; p = strchr(p + 1, ':')) {
        size_t d = strspn(p + 1, "0123456789");
        if (d && p[1 + d] == ':' && p[2 + d] == ' ')
            msg = p + 3 + d;
    }
    if (!msg)
        return translate(text, out, size, 0);
    char tr[1100];
    translate(msg, tr, sizeof tr, 0);
    snprintf(out, size, "%.*s%s", (int)(msg - text), text, tr);
    return out;
}

const char *tui_message(const char *msg, char *out, size_t size)
{
    tui_i18n_init();
    return tui_err_translate(msg, out, size);
}
