/* sheet_free.c - releasing a sheet and one pack of it, in one place for the
 * sheets read from a file and those a store makes. */
#include "db/sheet/sheet.h"

#include <stdlib.h>
#include <string.h>

void sheet_pack_clear(struct sheet_pack *k)
{
    for (size_t j = 0; j < k->n_scores; j++) {
        struct sheet_score *sc = &k->scores[j];
        for (size_t c = 0; c < sc->n_cites; c++)
            free(sc->cites[c].path);
        free(sc->cites);
        free(sc->indicator);
        free(sc->value);
        free(sc->comment);
    }
    for (size_t j = 0; j < k->n_confirms; j++)
        free(k->confirms[j].item);
    for (size_t j = 0; j < k->n_deductions; j++)
        free(k->deductions[j].id);
    for (size_t j = 0; j < k->n_check_comments; j++) {
        free(k->check_comments[j].item);
        free(k->check_comments[j].comment);
    }
    free(k->check_comments);
    free(k->scores);
    free(k->confirms);
    free(k->deductions);
    free(k->id);
    free(k->applicant);
    free(k->task);
    free(k->ruleset);
    free(k->conflict);
    memset(k, 0, sizeof *k);
}

void sheet_free(struct sheet **p)
{
    struct sheet *sh = p ? *p : NULL;
    if (!sh)
        return;
    for (size_t i = 0; i < sh->n_packs; i++)
        sheet_pack_clear(&sh->packs[i]);
    for (size_t i = 0; i < sh->n_rulesets; i++)
        free(sh->rulesets[i].id);
    for (size_t i = 0; i < sh->n_audit; i++) {
        struct sheet_audit *a = &sh->audit[i];
        free(a->at);
        free(a->pack);
        free(a->kind);
        free(a->item);
        free(a->old_value);
        free(a->new_value);
    }
    free(sh->audit);
    free(sh->packs);
    free(sh->rulesets);
    free(sh->reviewer_id);
    free(sh->reviewer_name);
    free(sh->panel);
    free(sh->kit_id);
    free(sh->created);
    free(sh->tool_version);
    free(sh);
    *p = NULL;
}
