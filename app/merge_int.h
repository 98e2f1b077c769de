/* merge_int.h - private to app/: the state of one `jury merge` run, shared by
 * merge.c (reading and checking) and merge_write.c (writing OUT). */
#ifndef JURY_APP_MERGE_INT_H
#define JURY_APP_MERGE_INT_H

#include "app/app.h"
#include "db/merge/merge.h"
#include "packs/kit/kit.h"
#include "packs/pack.h"
#include "scripting/rules.h"

/* A task's rule set, loaded once per run. */
struct merge_task {
    char *task;
    struct ruleset *rs;
    struct ruleset_info info;
    struct checklist *cl; /* NULL when the rule set could not be loaded: why */
    char *why;
};

/* Strings kit_pack_model owns for a merge_kit_pack. */
struct merge_pack_extra {
    char *task, *applicant, *why;
    struct checklist *variant_cl; /* the pack's variant, as the reviewer's store has it */
};

struct merge_run {
    struct roster *roster;
    char roster_sha[SHA256_HEX_LEN + 1];
    struct kit *kit; /* NULL: an unofficial preview */
    char seal_sha[SHA256_HEX_LEN + 1];
    struct merge_task *tasks;
    size_t n_tasks;
    struct merge_kit_pack *kpacks; /* one per kit pack, in the kit's (sorted) order */
    struct merge_pack_extra *extra;
    struct merge_kit mkit;
    char fingerprint[SHA256_HEX_LEN + 1];
    char *last_fingerprint; /* the previous run's, NULL when none */
    struct merge *m;        /* NULL until OUT/merged.sqlite exists */
    bool written;           /* roster, kit facts and settings stored this run */
};

/* Before the first write of the run: open (creating) OUT/merged.sqlite and
 * store roster, kit facts and settings. Runs once; later calls return 0. */
int app_merge_write_setup(struct merge_run *mr, const struct app_merge_options *o,
                          struct app_merge_result *res, struct jury_error *err);
/* The kit's assignments absent or not submitted in the merged sheets. */
int app_merge_missing(struct merge_run *mr, struct app_merge_result *res, struct jury_error *err);
void app_merge_run_free(struct merge_run *mr);

#endif
