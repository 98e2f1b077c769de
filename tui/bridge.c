/* bridge.c - TEMPORARY in-memory stand-in for app/ until app/app.h lands:
 * two demo packs, pages of Chinese text, scores kept in memory only. */
#include "tui/bridge_int.h"
#include "tui/tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bridge {
    char title[256];
    char summary[128];
    struct bridge_item items[8];
    size_t n_items;
    char score[64];
    bool open;
    struct bridge_hit hit;
};

static const char *demo_files[] = {"01_申报书/申报书.pdf", "01_申报书/附件.txt", "README.txt"};

int bridge_open(struct bridge **out, const struct tui_options *opt, struct jury_error *err)
{
    (void)opt;
    (void)err;
    struct bridge *b = jury_xcalloc(1, sizeof *b);
    snprintf(b->title, sizeof b->title, "%s", "demo");
    *out = b;
    return 0;
}

void bridge_close(struct bridge **p)
{
    free(*p);
    *p = NULL;
}

const char *bridge_title(struct bridge *b)
{
    return b->title;
}
size_t bridge_pack_count(struct bridge *b)
{
    (void)b;
    return 2;
}

void bridge_pack_row(struct bridge *b, size_t i, struct bridge_pack_row *row)
{
    (void)b;
    static const char *apps[] = {"某职业技术学院 机电一体化技术", "某卫生职业学院 护理"};
    *row = (struct bridge_pack_row){i ? "t4-nursing.zip" : "t4-mechatronics.zip",
                                    apps[i],
                                    "task4",
                                    _("not started"),
                                    0,
                                    3,
                                    false};
}

void bridge_pack_sort(struct bridge *b, int key)
{
    (void)b;
    (void)key;
}
void bridge_pack_filter(struct bridge *b, const char *text)
{
    (void)b;
    (void)text;
}
const char *bridge_pack_filter_text(struct bridge *b)
{
    (void)b;
    return "";
}

static void demo_items(struct bridge *b)
{
    static char *ids[] = {NULL, "1.1", "1.2", "1.3"};
    static char *texts[] = {"一级指标 基本情况", "专业定位准确", "产教融合机制健全", "课程体系"};
    b->n_items = 4;
    for (size_t i = 0; i < 4; i++)
        b->items[i] = (struct bridge_item){
            i ? BI_INDICATOR : BI_HEADER, i ? 1 : 0, ids[i], texts[i], i == 1 ? b->score : NULL,
            "评分指导: 按材料",           NULL,      0,      i > 0,    false};
}

int bridge_pack_open(struct bridge *b, size_t i, struct jury_error *err)
{
    (void)i;
    (void)err;
    b->open = true;
    demo_items(b);
    return 0;
}

int bridge_pack_open_name(struct bridge *b, const char *name, struct jury_error *err)
{
    return bridge_pack_open(b, 0, err) + (name ? 0 : 0);
}

const char *bridge_pack_name(struct bridge *b)
{
    return b->open ? "t4-mechatronics.zip" : NULL;
}
const char *bridge_pack_label(struct bridge *b)
{
    (void)b;
    return "某职业技术学院  task4";
}
size_t bridge_file_count(struct bridge *b)
{
    (void)b;
    return 3;
}
const char *bridge_file_path(struct bridge *b, size_t i)
{
    (void)b;
    return demo_files[i];
}
const char *bridge_file_kind(struct bridge *b, size_t i)
{
    (void)b;
    (void)i;
    return "text";
}

int bridge_file_pages(struct bridge *b, size_t i, char ***pages, size_t *n, char **note,
                      struct jury_error *err)
{
    (void)b, (void)i, (void)err;
    *n = 5;
    *pages = jury_xcalloc(5, sizeof **pages);
    for (size_t p = 0; p < 5; p++) {
        struct jstr s = {0};
        for (int k = 0; k < 40; k++)
            jstr_addf(
                &s, "第%zu页 第%d行：深化产教融合，推进校企合作，培养高素质技术技能人才。Line %d\n",
                p + 1, k, k);
        (*pages)[p] = jstr_take(&s);
    }
    *note = NULL;
    return 0;
}

long bridge_file_find(struct bridge *b, const char *path)
{
    (void)b;
    for (long i = 0; i < 3; i++)
        if (strcmp(demo_files[i], path) == 0)
            return i;
    return -1;
}

int bridge_file_export_temp(struct bridge *b, size_t i, char **path, struct jury_error *err)
{
    (void)b, (void)i, (void)path;
    return jury_error_set(err, JURY_ERR_INTERNAL, NULL, "not yet");
}

size_t bridge_item_count(struct bridge *b)
{
    return b->n_items;
}
const struct bridge_item *bridge_item(struct bridge *b, size_t i)
{
    return &b->items[i];
}

const char *bridge_summary(struct bridge *b)
{
    snprintf(b->summary, sizeof b->summary, _("Total %s/100  %d left"),
             b->score[0] ? b->score : "0", 3);
    return b->summary;
}

const char *bridge_score_check(struct bridge *b, const char *id, const char *value)
{
    (void)b, (void)id;
    return atof(value) > 10 ? "out of range 0..10" : NULL;
}

int bridge_score(struct bridge *b, const char *id, const char *value, struct jury_error *err)
{
    const char *why = bridge_score_check(b, id, value ? value : "");
    if (why)
        return jury_error_set(err, JURY_ERR_INVALID, id, "%s", why);
    snprintf(b->score, sizeof b->score, "%s", value ? value : "");
    demo_items(b);
    return 0;
}

int bridge_comment(struct bridge *b, const char *id, const char *text, struct jury_error *err)
{
    (void)b, (void)id, (void)text, (void)err;
    return 0;
}

const char *bridge_comment_get(struct bridge *b, const char *id)
{
    (void)b, (void)id;
    return "";
}

int bridge_cite(struct bridge *b, const char *id, const char *path, int page,
                struct jury_error *err)
{
    (void)b, (void)id, (void)path, (void)page, (void)err;
    return 0;
}

int bridge_confirm(struct bridge *b, const char *id, bool yes, struct jury_error *err)
{
    (void)b, (void)id, (void)yes, (void)err;
    return 0;
}

int bridge_deduct(struct bridge *b, const char *id, const char *value, struct jury_error *err)
{
    (void)b, (void)id, (void)value, (void)err;
    return 0;
}

int bridge_conflict(struct bridge *b, const char *pack, const char *reason, struct jury_error *err)
{
    (void)b, (void)pack, (void)reason, (void)err;
    return 0;
}

const char *bridge_missing(struct bridge *b)
{
    (void)b;
    return "1.2\n1.3";
}
int bridge_submit(struct bridge *b, struct jury_error *err)
{
    (void)b, (void)err;
    return 0;
}

int bridge_reopen(struct bridge *b, const char *reason, struct jury_error *err)
{
    (void)b, (void)reason, (void)err;
    return 0;
}

int bridge_export(struct bridge *b, const char *path, struct jury_error *err)
{
    (void)b, (void)path;
    return jury_error_set(err, JURY_ERR_INTERNAL, NULL, "not yet");
}

int bridge_search(struct bridge *b, const char *query, struct jury_error *err)
{
    (void)err;
    b->hit = (struct bridge_hit){"t4", (char *)demo_files[0], (char *)query, 3};
    return 0;
}

size_t bridge_hit_count(struct bridge *b)
{
    (void)b;
    return 1;
}
const struct bridge_hit *bridge_hit(struct bridge *b, size_t i)
{
    (void)i;
    return &b->hit;
}

void bridge_save_position(struct bridge *b, const char *file, int page, const char *indicator)
{
    (void)b, (void)file, (void)page, (void)indicator;
}

void bridge_last_position(struct bridge *b, const char **pack, const char **file, int *page,
                          const char **indicator)
{
    (void)b;
    *pack = *file = *indicator = NULL;
    *page = 0;
}
