/* decide.c - the vote tables for vetoes and failed eligibility items.
 *
 * rank_compute decides (rank.c: majority of the reviewers who scored the
 * pack, a tie to the chair; "any"; "chair"); this file only counts the votes
 * the way the report shows them: yes, no and abstain, where abstain is a
 * declared conflict of interest (回避), which is not counted in the majority
 * because that reviewer's result never entered the merge. */
#include "db/merge/merge_int.h"

#include <stdlib.h>
#include <string.h>

static size_t abstentions(const struct merge_ranking *r, size_t p)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_cois; i++)
        n += r->cois[i].pack && strcmp(r->cois[i].pack, r->in.packs[p].id) == 0;
    return n;
}

int decide_votes(const struct merge_ranking *r, struct decide_vote **out, size_t *n,
                 struct jury_error *err)
{
    (void)err;
    *out = NULL;
    *n = 0;
    const struct rank_result *res = r->result;
    struct decide_vote *v = jury_xcalloc(res->n_rows + 1, sizeof *v);
    size_t *start, *by_pack;
    rank_group_entries(&r->in, &start, &by_pack);
    for (size_t i = 0; i < res->n_rows; i++) {
        size_t p = res->order[i];
        const struct rank_row *row = &res->rows[p];
        if (row->veto_votes == 0)
            continue;
        struct decide_vote *x = &v[(*n)++];
        x->pack = p;
        x->yes = row->veto_votes;
        x->no = row->n_reviewers - row->veto_votes;
        x->abstain = abstentions(r, p);
        x->policy = rank_pack_veto_policy(&res->settings, &r->in.packs[p]);
        x->carried = row->cause == RANK_OUT_VETO;
        x->split = x->no > 0;
        x->chair_tie = x->policy == RANK_VETO_MAJORITY && x->yes == x->no &&
                       rank_chair_vote(&r->in, start, by_pack, p) >= 0;
    }
    free(start);
    free(by_pack);
    *out = v;
    return 0;
}
