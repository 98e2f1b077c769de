/* store_levels.c - the Latin names a reviewer may type for a level, so a
 * level point can be scored without a Chinese input method: its number
 * (1 = the first level), its letter (A = the first), its pinyin ("you") or
 * its pinyin initial when nothing else shares it. The store keeps the level's
 * own name, so sheets never see an alias. */
#include "db/store/store_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Pinyin of the characters level names are made of (the rule sets' presets
 * and the words the indicator documents use for grades). */
static const char *const pinyin[][2] = {
    {"优", "you"}, {"良", "liang"}, {"中", "zhong"}, {"差", "cha"}, {"好", "hao"},  {"较", "jiao"},
    {"一", "yi"},  {"般", "ban"},   {"合", "he"},    {"格", "ge"},  {"不", "bu"},   {"及", "ji"},
    {"秀", "xiu"}, {"通", "tong"},  {"过", "guo"},   {"高", "gao"}, {"低", "di"},   {"强", "qiang"},
    {"弱", "ruo"}, {"很", "hen"},   {"未", "wei"},   {"达", "da"},  {"标", "biao"}, {"满", "man"},
    {"意", "yi"},  {"基", "ji"},    {"本", "ben"},   {"符", "fu"},  {"无", "wu"},   {"有", "you"},
};

static const char *syllable(const char *s, size_t *len)
{
    for (size_t i = 0; i < sizeof pinyin / sizeof pinyin[0]; i++) {
        size_t n = strlen(pinyin[i][0]);
        if (strncmp(s, pinyin[i][0], n) == 0) {
            *len = n;
            return pinyin[i][1];
        }
    }
    return NULL;
}

/* The pinyin of a name ("buhege") and its initials ("bhg"); false when a
 * character of it has no known pinyin. */
static bool name_pinyin(const char *name, char *full, size_t nf, char *init, size_t ni)
{
    size_t f = 0, k = 0;
    for (const char *p = name; *p;) {
        size_t len = 0;
        const char *py = syllable(p, &len);
        if (!py || f + strlen(py) + 1 > nf || k + 2 > ni)
            return false;
        memcpy(full + f, py, strlen(py));
        f += strlen(py);
        init[k++] = py[0];
        p += len;
    }
    full[f] = init[k] = '\0';
    return f > 0;
}

/* The level whose pinyin (whole or initials) is `typed`; NULL when none or
 * when two levels share it. */
static const char *by_pinyin(const struct cl_indicator *ind, const char *typed, bool initials)
{
    const char *hit = NULL;
    for (size_t i = 0; i < ind->n_levels; i++) {
        char full[128], init[32];
        if (!name_pinyin(ind->levels[i].name, full, sizeof full, init, sizeof init))
            continue;
        if (initials && typed[1] == '\0') /* one letter: the first initial */
            init[1] = '\0';
        if (strcasecmp(initials ? init : full, typed) != 0)
            continue;
        if (hit)
            return NULL; /* ambiguous */
        hit = ind->levels[i].name;
    }
    return hit;
}

/* Does some level's own name read as the Latin letter or number `typed`? */
static bool names_latin(const struct cl_indicator *ind)
{
    for (size_t i = 0; i < ind->n_levels; i++)
        if ((unsigned char)ind->levels[i].name[0] < 0x80)
            return true;
    return false;
}

const char *store_level_resolve(const struct checklist *cl, const char *indicator,
                                const char *typed)
{
    const struct cl_indicator *ind = cl ? checklist_find(cl, indicator) : NULL;
    if (!ind || !ind->scored || ind->mode != CL_LEVELS || !typed || !typed[0])
        return typed;
    for (size_t i = 0; i < ind->n_levels; i++)
        if (strcmp(ind->levels[i].name, typed) == 0)
            return ind->levels[i].name;
    for (size_t i = 0; i < ind->n_levels; i++) /* case-insensitive names: "a" for "A" */
        if (strcasecmp(ind->levels[i].name, typed) == 0)
            return ind->levels[i].name;
    size_t n = ind->n_levels;
    if (typed[1] == '\0' && typed[0] >= '1' && typed[0] <= '9' && (size_t)(typed[0] - '1') < n)
        return ind->levels[typed[0] - '1'].name;
    char c = (char)toupper((unsigned char)typed[0]);
    bool latin = names_latin(ind);
    if (typed[1] == '\0' && !latin && c >= 'A' && (size_t)(c - 'A') < n)
        return ind->levels[c - 'A'].name;
    const char *hit = by_pinyin(ind, typed, false);
    if (hit)
        return hit;
    /* An initial never shadows a letter alias: "c" is the third level of
     * 优良中差, not 差 ("cha" names it). */
    bool letter = typed[1] == '\0' && c >= 'A' && (size_t)(c - 'A') < n;
    if (!letter || latin)
        hit = by_pinyin(ind, typed, true);
    return hit ? hit : typed;
}
