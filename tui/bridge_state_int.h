/* bridge_state_int.h - private to tui/bridge*.c: the bridge's state. Only
 * bridge*.c include app/app.h. */
#ifndef JURY_TUI_BRIDGE_STATE_INT_H
#define JURY_TUI_BRIDGE_STATE_INT_H

#include "app/app.h"

struct bridge {
    struct session *s;
    char title[512];
    struct app_pack_row *rows;
    size_t n_rows;
    size_t *points; /* per row (kit order): points to score, SIZE_MAX unknown */
    size_t *order, n_order;
    int sort;
    char filter[256];
    struct app_pack *ap;
    char label[512];
    const struct app_values *vals; /* owned by ap (app_pack_values) */
    struct bridge_item *items;
    size_t n_items, cap_items;
    char summary[256];
    char why[1100];
    struct jstr missing;
    struct jstr submit_sum; /* bridge_submit_summary */
    size_t n_todo_q;        /* questions owed an answer */
    char range[256];        /* bridge_score_range / bridge_deduct_range */
    char *export_name;
    struct jstr export_warn;
    size_t n_hits;
    struct bridge_hit *bhits;
    struct app_position pos;
    char *start_pack;     /* `jury open PACK` */
    struct app_seal seal; /* the kit's seal (bridge_seal.c) */
    char seal_error[1200], seal_line[2048];
};

/* Rebuild the checklist rows from the checklist, rules and store. */
void bridge_items_rebuild(struct bridge *b);
/* Reload the pack list rows (totals, states). */
int bridge_rows_reload(struct bridge *b);
/* The pack was opened: its row's "left" can be known now. */
void bridge_rows_learn(struct bridge *b, const char *pack);
/* Before curses: when no reviewer key exists, offer to make one. */
int bridge_keys_offer(const struct tui_options *opt, const char **reviewer, char *id, size_t n,
                      struct jury_error *err);

/* Free the checklist rows. */
void items_clear(struct bridge *b);
/* Drop the last search hits. */
void hits_clear_public(struct bridge *b);

#endif
