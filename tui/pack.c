/* pack.c - the pack view: evidence tree | viewer | checklist (three panes
 * from 160 columns, tabs below), and the tree and viewer actions. */
#define _GNU_SOURCE
#include "tui/actions_int.h"
#include "tui/bridge_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

struct tree_row {
    char *label;
    char *dir; /* folder rows: the folder path */
    int depth;
    long file; /* file rows: the bridge's file index; -1 for folders */
};

static struct {
    struct tree_row *rows;
    size_t n;
    char **closed; /* collapsed folder paths */
    size_t n_closed;
    long file;              /* shown in the viewer, -1 for none */
    char saved[1024];       /* the position last saved */
    char saved_place[1200]; /* the place last saved */
} ps = {.file = -1};

static bool tree_is_closed(const char *dir)
{
    for (size_t i = 0; i < ps.n_closed; i++)
        if (strcmp(ps.closed[i], dir) == 0)
            return true;
    return false;
}

static void tree_clear(void)
{
    for (size_t i = 0; i < ps.n; i++) {
        free(ps.rows[i].label);
        free(ps.rows[i].dir);
    }
    free(ps.rows);
    ps.rows = NULL;
    ps.n = 0;
}

static void tree_add(const char *label, size_t len, const char *dir, int depth, long file)
{
    ps.rows = jury_xrealloc(ps.rows, (ps.n + 1) * sizeof *ps.rows);
    ps.rows[ps.n++] =
        (struct tree_row){jury_xstrndup(label, len), dir ? jury_xstrdup(dir) : NULL, depth, file};
}

/* Is some folder above `path` (up to byte `upto`) collapsed? */
static bool tree_hidden(const char *path, size_t upto)
{
    for (size_t i = 0; i < upto; i++) {
        if (path[i] != '/')
            continue;
        char *d = jury_xstrndup(path, i);
        bool c = tree_is_closed(d);
        free(d);
        if (c)
            return true;
    }
    return false;
}

/* Emit the folders of `path` that `prev` did not share, then the file. */
static void tree_add_path(const char *prev, const char *path, long file)
{
    size_t common = 0;
    for (size_t i = 0; prev && prev[i] && prev[i] == path[i]; i++)
        if (prev[i] == '/')
            common = i + 1;
    int depth = 0;
    for (size_t i = 0; i < common; i++)
        depth += path[i] == '/';
    const char *s = path + common;
    for (const char *sl; (sl = strchr(s, '/')); s = sl + 1, depth++) {
        char *dir = jury_xstrndup(path, (size_t)(sl - path));
        if (!tree_hidden(path, (size_t)(s - path)))
            tree_add(s, (size_t)(sl - s), dir, depth, -1);
        free(dir);
    }
    if (!tree_hidden(path, strlen(path)))
        tree_add(s, strlen(s), NULL, depth, file);
}

void tui_pack_rebuild_tree(struct tui *t)
{
    tree_clear();
    const char *prev = NULL;
    for (size_t i = 0; i < bridge_file_count(t->b); i++) {
        const char *p = bridge_file_path(t->b, i);
        tree_add_path(prev, p, (long)i);
        prev = p;
    }
    list_set(&t->tree, ps.n);
}

/* The checklist row whose id is `id` (a point, a condition, a deduction). */
static bool check_find(struct tui *t, const char *id)
{
    for (size_t i = 0; id && i < bridge_item_count(t->b); i++) {
        const struct bridge_item *it = bridge_item(t->b, i);
        if (it->id && strcmp(it->id, id) == 0) {
            t->check.cur = i;
            return true;
        }
    }
    return false;
}

/* Back where the reviewer left this pack; a new pack starts at the first
 * row owing a value. */
static bool pack_restore(struct tui *t)
{
    struct bridge_place pl;
    bool have = bridge_place_get(t->b, &pl);
    long f = have && pl.file ? bridge_file_find(t->b, pl.file) : -1;
    if (f >= 0) {
        tui_pack_show_file(t, f, pl.page, NULL, false);
        viewer_offset_set(&t->view, pl.page, pl.top);
        for (size_t i = 0; i < ps.n; i++)
            if (ps.rows[i].file == f)
                t->tree.cur = i;
    }
    if (!(have && check_find(t, pl.row)))
        checklist_first_todo(t);
    t->check.top = t->check.cur > 2 ? t->check.cur - 2 : 0;
    if (have && pl.focus >= 0 && pl.focus < PANE_COUNT)
        t->focus = pl.focus;
    bridge_place_clear(&pl);
    return have;
}

bool tui_pack_enter_screen(struct tui *t)
{
    bool placed = false;
    t->screen = SCREEN_PACK;
    t->focus = PANE_TREE;
    t->tree = (struct tui_list){0};
    t->check = (struct tui_list){0};
    ps.file = -1;
    ps.saved[0] = ps.saved_place[0] = '\0';
    viewer_free(&t->view);
    tui_pack_rebuild_tree(t);
    list_set(&t->check, bridge_item_count(t->b));
    tui_layout(t);
    if (bridge_item_count(t->b))
        placed = pack_restore(t);
    tui_layout(t);
    return placed;
}

/* The id the checklist row stands for: its own, else its point's. */
static const char *check_row_id(struct tui *t)
{
    size_t n = bridge_item_count(t->b);
    for (size_t i = t->check.cur + 1; i-- > 0;)
        if (i < n && bridge_item(t->b, i)->id)
            return bridge_item(t->b, i)->id;
    return NULL;
}

/* Save the place in the open pack when it changed (file, page, scroll,
 * checklist row, pane). */
static void place_save(struct tui *t)
{
    const char *file = ps.file >= 0 ? bridge_file_path(t->b, (size_t)ps.file) : NULL;
    const char *row = check_row_id(t);
    char now[sizeof ps.saved_place];
    snprintf(now, sizeof now, "%s|%s|%zu|%zu|%s|%d", bridge_pack_name(t->b), file ? file : "",
             file ? viewer_page(&t->view) : 0, (size_t)viewer_offset(&t->view), row ? row : "",
             t->focus);
    if (strcmp(now, ps.saved_place) == 0)
        return;
    snprintf(ps.saved_place, sizeof ps.saved_place, "%s", now);
    struct bridge_place pl = {(char *)file, file ? (int)viewer_page(&t->view) : 0,
                              viewer_offset(&t->view), (char *)row, t->focus};
    bridge_place_save(t->b, &pl);
}

void tui_pack_leave(struct tui *t)
{
    if (t->screen != SCREEN_PACK && t->screen != SCREEN_RESULT)
        return;
    if (!t->b || !bridge_pack_name(t->b))
        return;
    tui_pack_track(t); /* the position and the place, now */
}

int tui_pack_back(struct tui *t)
{
    if (t->screen == SCREEN_DETAIL || t->screen == SCREEN_RANK) {
        t->screen = SCREEN_RANK;
        return TUI_DRAW;
    }
    if (t->screen == SCREEN_RESULT) {
        t->screen = SCREEN_PACK;
        return TUI_RELAYOUT;
    }
    tui_pack_leave(t);
    t->screen = SCREEN_LIST;
    tui_pack_list_select(t);
    return TUI_RELAYOUT;
}

int tui_pack_focus(struct tui *t, int pane)
{
    if (t->screen != SCREEN_PACK)
        return TUI_DRAW;
    t->focus = pane;
    return TUI_RELAYOUT;
}

static void tree_toggle(size_t i, bool open)
{
    const char *dir = ps.rows[i].dir;
    if (!dir || tree_is_closed(dir) == !open)
        return;
    if (!open) {
        ps.closed = jury_xrealloc(ps.closed, (ps.n_closed + 1) * sizeof *ps.closed);
        ps.closed[ps.n_closed++] = jury_xstrdup(dir);
        return;
    }
    for (size_t k = 0; k < ps.n_closed; k++)
        if (strcmp(ps.closed[k], dir) == 0) {
            free(ps.closed[k]);
            ps.closed[k] = ps.closed[--ps.n_closed];
            return;
        }
}

int nav_left(struct tui *t)
{
    if (t->screen != SCREEN_PACK)
        return TUI_DRAW;
    if (t->focus == PANE_TREE && t->tree.n && ps.rows[t->tree.cur].dir) {
        tree_toggle(t->tree.cur, false);
        tui_pack_rebuild_tree(t);
        return TUI_DRAW;
    }
    return tui_pack_focus(t, (t->focus + PANE_COUNT - 1) % PANE_COUNT);
}

int nav_right(struct tui *t)
{
    if (t->screen != SCREEN_PACK)
        return TUI_DRAW;
    if (t->focus == PANE_TREE && t->tree.n && ps.rows[t->tree.cur].dir) {
        tree_toggle(t->tree.cur, true);
        tui_pack_rebuild_tree(t);
        return TUI_DRAW;
    }
    return tui_pack_focus(t, (t->focus + 1) % PANE_COUNT);
}

static void free_pages(char **pages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(pages[i]);
    free(pages);
}

int tui_pack_show_file(struct tui *t, long i, int page, const char *mark, bool focus)
{
    char **pages = NULL, *note = NULL;
    size_t n = 0;
    struct jury_error err = {0};
    if (i != ps.file || !t->view.loaded) {
        if (bridge_file_pages(t->b, (size_t)i, &pages, &n, &note, &err) != 0) {
            char buf[1600];
            note = jury_xstrdup(jury_error_text(&err, buf, sizeof buf));
        }
        viewer_set(&t->view, bridge_file_path(t->b, (size_t)i), (const char *const *)pages, n,
                   note);
        free_pages(pages, n);
        free(note);
        ps.file = i;
        tui_layout(t);
    }
    if (page > 0)
        viewer_goto_page(&t->view, (size_t)page);
    if (mark && *mark && viewer_search(&t->view, mark) == 0)
        tui_err(t, _("Not found in this file: %s"), mark);
    if (focus)
        t->focus = PANE_VIEWER;
    return TUI_RELAYOUT;
}

static int tree_enter(struct tui *t)
{
    if (t->tree.n == 0)
        return TUI_DRAW;
    struct tree_row *r = &ps.rows[t->tree.cur];
    if (r->dir) {
        tree_toggle(t->tree.cur, tree_is_closed(r->dir));
        tui_pack_rebuild_tree(t);
        return TUI_DRAW;
    }
    return tui_pack_show_file(t, r->file, 0, NULL, true);
}

int tui_pack_enter(struct tui *t)
{
    switch (t->focus) {
    case PANE_TREE:
        return tree_enter(t);
    case PANE_CHECK:
        return checklist_enter(t);
    default:
        return TUI_DRAW;
    }
}

/* The current file, for citing: its path or NULL. */
const char *tui_pack_current_file(struct tui *t)
{
    return ps.file >= 0 ? bridge_file_path(t->b, (size_t)ps.file) : NULL;
}

/* Save the position when it changed (after each batch of keys). */
void tui_pack_save_position(struct tui *t, const char *indicator)
{
    const char *file = tui_pack_current_file(t);
    int page = (int)viewer_page(&t->view);
    char now[1024];
    snprintf(now, sizeof now, "%s|%s|%d|%s", bridge_pack_name(t->b), file ? file : "", page,
             indicator ? indicator : "");
    place_save(t);
    if (strcmp(now, ps.saved) == 0)
        return;
    snprintf(ps.saved, sizeof ps.saved, "%s", now);
    bridge_save_position(t->b, file, file ? page : 0, indicator);
}

void tui_pack_mouse_row(struct tui *t, int pane, int row)
{
    struct tui_list *l = pane == PANE_TREE ? &t->tree : pane == PANE_CHECK ? &t->check : NULL;
    if (l && l->top + (size_t)row < l->n)
        l->cur = l->top + (size_t)row;
}

static void tree_draw(struct tui *t, struct tui_rect r, bool focused)
{
    draw_box_title(r, _("Evidence"), focused);
    list_set(&t->tree, ps.n);
    list_fit(&t->tree, r.h - 1);
    for (int i = 1; i < r.h; i++) {
        size_t k = t->tree.top + (size_t)i - 1;
        if (k >= ps.n) {
            draw_blank(r.y + i, r.x, r.w, A_NORMAL);
            continue;
        }
        struct tree_row *row = &ps.rows[k];
        char line[1200];
        const char *mark = row->dir ? (tree_is_closed(row->dir) ? "+ " : "- ") : "  ";
        snprintf(line, sizeof line, "%*s%s%s%s", row->depth * 2, "", mark, row->label,
                 row->dir ? "/" : "");
        attr_t a = k == t->tree.cur ? (focused ? tui_attr(PAIR_SEL) : A_REVERSE) : A_NORMAL;
        if (row->file >= 0 && row->file == ps.file)
            a |= A_BOLD;
        draw_text(r.y + i, r.x, r.w, line, a);
    }
}

static void pack_title(struct tui *t)
{
    char title[1024];
    if (t->tabs) {
        static const char *const names[] = {N_("F1 Evidence"), N_("F2 Viewer"), N_("F3 Checklist")};
        int x = 0;
        for (int p = 0; p < PANE_COUNT; p++) {
            snprintf(title, sizeof title, " %s ", _(names[p]));
            int w = text_cols(title);
            if (x + w > t->cols)
                break;
            draw_text(0, x, w, title, p == t->focus ? tui_attr(PAIR_BAR) | A_BOLD : A_NORMAL);
            x += w + 1;
        }
        draw_text(0, x, t->cols - x, bridge_pack_label(t->b), A_BOLD);
        return;
    }
    snprintf(title, sizeof title, "jury  %s  %s", bridge_pack_label(t->b), bridge_summary(t->b));
    draw_text(0, 0, t->cols, title, A_BOLD);
}

void tui_pack_draw(struct tui *t)
{
    pack_title(t);
    for (int p = 0; p < PANE_COUNT; p++) {
        struct tui_rect r = t->pane[p];
        if (r.w <= 0 || r.h <= 0)
            continue;
        bool f = p == t->focus;
        if (p == PANE_TREE)
            tree_draw(t, r, f);
        else if (p == PANE_VIEWER)
            viewer_draw(&t->view, r, f);
        else
            checklist_draw(t, r, f);
        if (!t->tabs && p < PANE_COUNT - 1)
            mvvline(r.y, r.x + r.w, '|', r.h);
    }
}

static int goto_done(struct tui *t, const char *text)
{
    char *end;
    long p = strtol(text, &end, 10);
    if (end == text || *end || p < 1 || (size_t)p > viewer_pages(&t->view)) {
        tui_err(t, _("No page %s (1 to %zu)."), text, viewer_pages(&t->view));
        return TUI_DRAW;
    }
    viewer_goto_page(&t->view, (size_t)p);
    t->focus = PANE_VIEWER;
    return TUI_RELAYOUT;
}

int tui_pack_goto(struct tui *t)
{
    if (!t->view.loaded) /* refused: what is typed after g must not act */
        return prompt_refuse(t, "%s", _("Open a file first (Enter on the evidence tree)."));
    prompt_open(t, _("Page:"), "", 9, goto_done, NULL);
    return TUI_DRAW;
}

static int search_done(struct tui *t, const char *text)
{
    size_t n = viewer_search(&t->view, text);
    if (n == 0)
        tui_err(t, _("Not found: %s"), text);
    else
        tui_say(t, _("%zu matches (n next, N previous)."), n);
    return TUI_DRAW;
}

int tui_pack_search(struct tui *t)
{
    if (!t->view.loaded) /* refused: what is typed after / must not act */
        return prompt_refuse(t, "%s", _("Open a file first (Enter on the evidence tree)."));
    prompt_open(t, "/", "", 200, search_done, NULL);
    return TUI_DRAW;
}

int tui_pack_search_next(struct tui *t, int dir)
{
    if (!viewer_next(&t->view, dir))
        tui_err(t, "%s", _("No search (press / first)."));
    else
        tui_say(t, _("Match %zu of %zu."), t->view.cur_match + 1, t->view.n_matches);
    return TUI_DRAW;
}

/* Run the opener detached: a grandchild execs it, the child exits at once,
 * so no zombie is left and SIGCHLD stays untouched for others. */
static void spawn_opener(const char *path)
{
    const char *cmd = getenv("JURY_OPEN");
    if (!cmd || !*cmd)
        cmd = "xdg-open";
    pid_t pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            int fd = open("/dev/null", O_RDWR);
            dup2(fd, 0);
            dup2(fd, 1);
            dup2(fd, 2);
            setsid();
            execlp(cmd, cmd, path, (char *)NULL);
            _exit(127);
        }
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

int tui_pack_external(struct tui *t)
{
    if (ps.file < 0) {
        tui_err(t, "%s", _("Open a file first (Enter on the evidence tree)."));
        return TUI_DRAW;
    }
    char *path = NULL;
    struct jury_error err = {0};
    if (bridge_file_export_temp(t->b, (size_t)ps.file, &path, &err) != 0) {
        tui_err_show(t, &err);
        return TUI_DRAW;
    }
    spawn_opener(path);
    tui_say(t, _("Opened a private copy: %s"), path);
    free(path);
    return TUI_DRAW;
}
