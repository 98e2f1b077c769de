/* kit_assign.c - who reviews which pack: balanced, within panels, never
 * against an affiliation or a declared conflict, deterministic for a seed. */
#include "packs/kit/kit.h"

#include <stdlib.h>
#include <string.h>

char *kit_normalise_org(const char *name)
{
    struct jstr s = {0};
    size_t n = strlen(name), i = 0;
    while (i < n) {
        uint32_t cp;
        int k = utf8_decode(name + i, n - i, &cp);
        if (k < 0) {
            jstr_addc(&s, name[i++]);
            continue;
        }
        i += (size_t)k;
        if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
            cp -= 0xFEE0;
        if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0)
            continue;
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        char e[4];
        jstr_addn(&s, e, (size_t)utf8_encode(cp, e));
    }
    /* One spelling for the limited-company suffix; 学院/大学 stay distinct. */
    char *p = strstr(jstr_cstr(&s), "有限责任公司");
    if (p) {
        size_t at = (size_t)(p - s.s);
        struct jstr t = {0};
        jstr_addn(&t, s.s, at);
        jstr_add(&t, "有限公司");
        jstr_add(&t, p + strlen("有限责任公司"));
        jstr_free(&s);
        return jstr_take(&t);
    }
    return jstr_take(&s);
}

static size_t cp_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

bool kit_org_conflict(const char *aff, const char *applicant)
{
    if (!aff || !applicant || !*aff || !*applicant)
        return false;
    char *a = kit_normalise_org(aff), *b = kit_normalise_org(applicant);
    bool hit = strcmp(a, b) == 0;
    if (!hit && cp_count(a) >= 4 && strstr(b, a))
        hit = true;
    if (!hit && cp_count(b) >= 4 && strstr(a, b))
        hit = true;
    free(a);
    free(b);
    return hit;
}

/* splitmix64: a small, well-mixed generator, so results do not depend on
 * the C library's rand(). */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

struct solver {
    const struct kit_assign_input *in;
    struct kit_assign_result *out;
    unsigned char *allowed; /* pack-major */
    size_t *tiebreak;       /* a seeded random rank per reviewer */
    size_t *have;           /* reviewers assigned per pack */
};

static bool same_panel(const struct kit_assign_input *in, size_t p, size_t r)
{
    if (!in->pack_panel || !in->pack_panel[p] || !in->pack_panel[p][0])
        return true;
    return in->reviewer_panel && in->reviewer_panel[r] &&
           strcmp(in->pack_panel[p], in->reviewer_panel[r]) == 0;
}

static void compute_allowed(struct solver *s)
{
    const struct kit_assign_input *in = s->in;
    for (size_t p = 0; p < in->n_packs; p++)
        for (size_t r = 0; r < in->n_reviewers; r++) {
            bool conflict = (in->forbidden && in->forbidden[p * in->n_reviewers + r]) ||
                            kit_org_conflict(in->reviewer_aff ? in->reviewer_aff[r] : NULL,
                                             in->pack_applicant ? in->pack_applicant[p] : NULL);
            s->out->conflicts_avoided += conflict && same_panel(in, p, r);
            s->allowed[p * in->n_reviewers + r] = !conflict && same_panel(in, p, r);
        }
}

/* The free reviewer with the lowest load (then the seeded rank) for pack p. */
static long pick(const struct solver *s, size_t p)
{
    const struct kit_assign_input *in = s->in;
    long best = -1;
    for (size_t r = 0; r < in->n_reviewers; r++) {
        size_t i = p * in->n_reviewers + r;
        if (!s->allowed[i] || s->out->assigned[i] || s->out->load[r] >= s->out->cap)
            continue;
        if (best < 0 || s->out->load[r] < s->out->load[best] ||
            (s->out->load[r] == s->out->load[best] && s->tiebreak[r] < s->tiebreak[best]))
            best = (long)r;
    }
    return best;
}

static void give(struct solver *s, size_t p, size_t r, int delta)
{
    s->out->assigned[p * s->in->n_reviewers + r] = delta > 0;
    s->out->load[r] = (size_t)((long)s->out->load[r] + delta);
    s->have[p] = (size_t)((long)s->have[p] + delta);
}

/* Pack p is short and every allowed reviewer is full: move one of a full
 * reviewer r's other packs q to a reviewer r2 with room, freeing r for p. */
static bool repair(struct solver *s, size_t p)
{
    const struct kit_assign_input *in = s->in;
    size_t R = in->n_reviewers;
    for (size_t r = 0; r < R; r++) {
        if (!s->allowed[p * R + r] || s->out->assigned[p * R + r])
            continue;
        for (size_t q = 0; q < in->n_packs; q++) {
            if (q == p || !s->out->assigned[q * R + r])
                continue;
            long r2 = pick(s, q);
            if (r2 < 0)
                continue;
            give(s, q, r, -1);
            give(s, q, (size_t)r2, +1);
            give(s, p, r, +1);
            return true;
        }
    }
    return false;
}

/* Hardest packs first: those with the fewest allowed reviewers. */
static size_t *pack_order(const struct solver *s, uint64_t *rng)
{
    const struct kit_assign_input *in = s->in;
    size_t n = in->n_packs, *order = jury_xcalloc(n ? n : 1, sizeof(size_t));
    size_t *key = jury_xcalloc(n ? n : 1, sizeof(size_t));
    for (size_t p = 0; p < n; p++) {
        order[p] = p;
        for (size_t r = 0; r < in->n_reviewers; r++)
            key[p] += s->allowed[p * in->n_reviewers + r];
        key[p] = key[p] * 1000003u + (size_t)(next_rand(rng) % 1000003u);
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: n is a few hundred */
        for (size_t j = i; j > 0 && key[order[j]] < key[order[j - 1]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    free(key);
    return order;
}

int kit_assign_solve(const struct kit_assign_input *in, struct kit_assign_result *out,
                     struct jury_error *err)
{
    memset(out, 0, sizeof *out);
    if (in->n_reviewers == 0 || in->per_pack == 0)
        return jury_error_set(err, JURY_ERR_INVALID, "roster.csv",
                              in->n_reviewers ? "--per-pack must be at least 1"
                                              : "the roster lists no reviewers");
    size_t P = in->n_packs, R = in->n_reviewers;
    out->cap = (P * in->per_pack + R - 1) / R;
    out->assigned = jury_xcalloc(P * R + 1, 1);
    out->load = jury_xcalloc(R, sizeof(size_t));
    out->short_packs = jury_xcalloc(P ? P : 1, sizeof(size_t));
    struct solver s = {.in = in, .out = out};
    s.allowed = jury_xcalloc(P * R + 1, 1);
    s.tiebreak = jury_xcalloc(R, sizeof(size_t));
    s.have = jury_xcalloc(P ? P : 1, sizeof(size_t));
    uint64_t rng = in->seed;
    for (size_t r = 0; r < R; r++)
        s.tiebreak[r] = (size_t)next_rand(&rng);
    compute_allowed(&s);
    size_t *order = pack_order(&s, &rng);
    for (size_t round = 0; round < in->per_pack; round++) /* one reviewer per pack per round */
        for (size_t i = 0; i < P; i++) {
            long r = pick(&s, order[i]);
            if (r >= 0)
                give(&s, order[i], (size_t)r, +1);
        }
    for (size_t i = 0; i < P; i++) {
        size_t p = order[i];
        while (s.have[p] < in->per_pack && repair(&s, p))
            ;
        if (s.have[p] < in->per_pack)
            out->short_packs[out->n_short++] = p;
    }
    free(order);
    free(s.allowed);
    free(s.tiebreak);
    free(s.have);
    return JURY_OK;
}

void kit_assign_result_free(struct kit_assign_result *r)
{
    free(r->assigned);
    free(r->load);
    free(r->short_packs);
    memset(r, 0, sizeof *r);
}
