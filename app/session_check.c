/* session_check.c - has a rule file changed since the scores were given?
 *
 * The store records each rule set's SHA-256 when a pack is opened. An
 * organiser's corrected rule file copied into the kit between scoring and
 * export would otherwise leave a sheet that names rules the scores were
 * never checked against. */
#include "app/app.h"
#include "app/session_int.h"
#include "db/store/store.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"
#include "scripting/rules.h"

#include <stdlib.h>
#include <string.h>

int session_rules_changed(struct session *s, struct jstr *changed, struct jury_error *err)
{
    struct sheet *sh = NULL;
    int rc = store_snapshot(session_store(s), &sh, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < sh->n_rulesets; i++) {
        const struct sheet_ruleset *r = &sh->rulesets[i];
        struct jury_error ignored = {0};
        /* a rule set no longer found is reported when a pack needs it */
        char *path = rules_find(r->id, session_kit_dir(s), &ignored);
        char now[SHA256_HEX_LEN + 1];
        if (path && jury_sha256_file_hex(path, now, &ignored) == 0 && strcmp(now, r->sha256) != 0)
            jstr_addf(changed, "%s (%s): scored under SHA-256 %.12s, the file is now %.12s\n",
                      r->id, path, r->sha256, now);
        free(path);
    }
    sheet_free(&sh);
    return 0;
}

/* The sheet signs each pack's SHA-256: read every named pack in full now
 * (not from the identity cache), so a pack replaced since it was scored is
 * caught however it was replaced. A pack no longer in the kit is not an
 * error here: its scores were given to the bytes the sheet names. */
int session_packs_changed(struct session *s, struct jstr *changed, struct jury_error *err)
{
    struct sheet *sh = NULL;
    int rc = store_snapshot(session_store(s), &sh, err);
    if (rc < 0)
        return rc;
    struct pack_idcache *ids = pack_idcache_open();
    for (size_t i = 0; i < sh->n_packs; i++) {
        const struct sheet_pack *p = &sh->packs[i];
        char *path = kit_pack_path(session_kit(s), p->id);
        char now[SHA256_HEX_LEN + 1];
        struct jury_error ignored = {0};
        if (p->sha256[0] && jury_is_file(path) &&
            pack_idcache_file(ids, path, PACK_ID_FULL, now, NULL, &ignored) == 0 &&
            strcmp(now, p->sha256) != 0)
            jstr_addf(changed, "%s: scored as SHA-256 %.12s, the file is now %.12s\n", p->id,
                      p->sha256, now);
        free(path);
    }
    pack_idcache_close(&ids);
    sheet_free(&sh);
    return 0;
}
