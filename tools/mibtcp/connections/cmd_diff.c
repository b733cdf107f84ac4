/* mibtcp diff: the sockets opened, closed and changed between two
 * snapshots (captures, directories of captures, images). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "connections/gather.h"
#include "connections/socket_output.h"
#include "output/out_writer.h"

static const char *const formats[] = {"text", "jsonl", "csv", NULL};

static const cli_option output_options[] = {
    {.name = "--format",
     .value_name = "F",
     .parse = option_choice,
     OPTION_FIELD(gather_options, format),
     .names = formats,
     .help = "text (default), jsonl or csv: the sockets as connections prints them, after\n"
             "a change key (column): opened, closed or changed"},
};
static const option_group output_group = OPTION_GROUP(NULL, output_options);

static const command_options diff_spec = {
    .command = "diff",
    .operand = "A B",
    .operand_noun = "input",
    .missing_operand = "diff needs two inputs, A and B (captures, directories of captures or images)",
    .operands_min = 2,
    .operands_max = 2,
    .about = "Compare the sockets of two snapshots, each a capture, a directory of captures or an\n"
             "image, gathered as connections does. opened: in B only; closed: in A only;\n"
             "changed: in both with another state or PID (TIME_WAIT rows belong to PID 0), printed\n"
             "as B shows it with state_before and state_after (pid_before, pid_after). The same\n"
             "endpoints with two creation times are two sockets: one closed, one opened.\n",
    .groups = {&output_group, &owner_option_group, &scan_option_group},
    .epilogue = "Exit status: 0 no socket opened, closed or changed, 1 some were, 2 usage, I/O or write\n"
                "error, or rows of found tables that could not be decoded.\n",
};

typedef struct diff_counts {
    size_t opened, closed, changed, same;
} diff_counts;

typedef struct diff_run {
    out_writer *out;
    socket_format format;
    const socket_set *a, *b;
    socket_view *va, *vb; /* every socket's view, made once */
    diff_counts counts;
    bool out_of_memory;
} diff_run;

/* The views of every socket of @p set, or NULL when out of memory. */
static socket_view *views_of(const socket_set *set, const owner_lists *owners)
{
    socket_view *v = malloc((set->socket_count ? set->socket_count : 1) * sizeof *v);
    for (size_t i = 0; v != NULL && i < set->socket_count; i++) {
        socket_view_make(set, i, owners, &v[i]);
    }
    return v;
}

/* Two sockets can be the same one: their creation times agree where both
 * have one, and their PIDs too unless @p allow_pid_change. */
static bool same_socket(const socket_view *x, const socket_view *y, bool allow_pid_change)
{
    if (x->has_created && y->has_created && x->key->created != y->key->created) {
        return false;
    }
    return allow_pid_change || !x->has_pid || !y->has_pid || x->key->pid == y->key->pid;
}

static void pair(diff_run *r, const socket_view *x, const socket_view *y)
{
    socket_change c = {"changed", false, 0, 0, false, 0, 0};
    const bool tcp = record_has(y->key, MIBTCP_FIELD_STATE);
    if (tcp && x->last_state != y->last_state) {
        c.has_states = true;
        c.state_before = x->last_state;
        c.state_after = y->last_state;
    }
    if (x->has_pid && y->has_pid && x->key->pid != y->key->pid) {
        c.has_pids = true;
        c.pid_before = x->key->pid;
        c.pid_after = y->key->pid;
    }
    if (!c.has_states && !c.has_pids) {
        r->counts.same++;
        return;
    }
    r->counts.changed++;
    socket_print(r->out, r->format, r->b, y, &c);
}

/* Groups of equal endpoints are small in real tables (a socket, its
 * earlier incarnations, a few owners); past this many pairs only sockets
 * with the same PID and creation time are paired, in one walk of the two
 * sorted groups, so a crafted image cannot make the comparison quadratic. */
#define MAX_PAIRS_TRIED (UINT64_C(1) << 16)

/* The B socket in [b0, b1) not yet used that A's socket x pairs with, or b1. */
static size_t find_pair(const diff_run *r, const socket_view *x, size_t b0, size_t b1, const bool *b_used, bool lone)
{
    /* the same PID first; a lone socket on each side may change its PID */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t b = b0; b < b1; b++) {
            if (!b_used[b - b0] && same_socket(x, &r->vb[b], pass == 1 && lone)) {
                return b;
            }
        }
    }
    return b1;
}

/* Sockets [a0, a1) of A and [b0, b1) of B share their endpoints. */
static void compare_group(diff_run *r, size_t a0, size_t a1, size_t b0, size_t b1)
{
    bool *b_used = calloc(b1 - b0 + 1, sizeof *b_used);
    if (b_used == NULL) {
        r->out_of_memory = true;
        return;
    }
    const bool lone = a1 - a0 == 1 && b1 - b0 == 1;
    const bool small = (uint64_t)(a1 - a0) * (b1 - b0) <= MAX_PAIRS_TRIED;
    size_t walk = b0; /* large groups: both sides are in key order (PID, then creation time) */
    for (size_t a = a0; a < a1; a++) {
        const socket_view *x = &r->va[a];
        size_t match = b1;
        if (small) {
            match = find_pair(r, x, b0, b1, b_used, lone);
        } else {
            while (walk < b1 && (r->vb[walk].has_pid < x->has_pid ||
                                 (r->vb[walk].has_pid == x->has_pid && r->vb[walk].key->pid < x->key->pid))) {
                walk++;
            }
            for (size_t b = walk;
                 b < b1 && r->vb[b].has_pid == x->has_pid && r->vb[b].key->pid == x->key->pid && match == b1; b++) {
                if (!b_used[b - b0] && same_socket(x, &r->vb[b], false)) {
                    match = b;
                }
            }
        }
        if (match == b1) {
            r->counts.closed++;
            (void)socket_print(r->out, r->format, r->a, x, &(socket_change){"closed", false, 0, 0, false, 0, 0});
            continue;
        }
        b_used[match - b0] = true;
        pair(r, x, &r->vb[match]);
    }
    for (size_t b = b0; b < b1; b++) {
        if (!b_used[b - b0]) {
            r->counts.opened++;
            (void)socket_print(r->out, r->format, r->b, &r->vb[b],
                               &(socket_change){"opened", false, 0, 0, false, 0, 0});
        }
    }
    free(b_used);
}

/* Both sets list their sockets in endpoint order (sockets_merge()): walk
 * them side by side, a group of equal endpoints at a time. */
static void compare_sets(diff_run *r)
{
    size_t a = 0, b = 0;
    const size_t na = r->a->socket_count, nb = r->b->socket_count;
    while ((a < na || b < nb) && r->out->error == 0 && !r->out_of_memory) {
        const int order = a == na ? 1 : b == nb ? -1 : sighting_compare_endpoints(r->va[a].key, r->vb[b].key);
        const mibtcp_record *k = order <= 0 ? r->va[a].key : r->vb[b].key;
        size_t a1 = a, b1 = b;
        while (a1 < na && sighting_compare_endpoints(r->va[a1].key, k) == 0) {
            a1++;
        }
        while (b1 < nb && sighting_compare_endpoints(r->vb[b1].key, k) == 0) {
            b1++;
        }
        compare_group(r, a, a1, b, b1);
        a = a1;
        b = b1;
    }
}

int cmd_diff(int argc, char **argv)
{
    gather_options o;
    owner_storage owners;
    size_t count = 0;
    int status;
    const char **inputs = gather_start(&diff_spec, argc, argv, &o, &owners, &count, &status);
    if (inputs == NULL) {
        return status;
    }
    socket_set a, b;
    socket_set_init(&a);
    socket_set_init(&b);
    uint64_t unscanned = 0;
    status = EXIT_USAGE;
    if (gather_inputs("diff", &o, &inputs[0], 1, 0, &a, &unscanned) && sockets_merge(&a) &&
        gather_inputs("diff", &o, &inputs[1], 1, 1, &b, &unscanned) && sockets_merge(&b)) {
        static out_writer out; /* 64 KiB: not on the stack */
        out_init(&out, stdout);
        diff_run r = {&out,
                      socket_format_from_name(o.format),
                      &a,
                      &b,
                      views_of(&a, &owners.lists),
                      views_of(&b, &owners.lists),
                      {0, 0, 0, 0},
                      false};
        r.out_of_memory = r.va == NULL || r.vb == NULL;
        if (!r.out_of_memory) {
            socket_print_header(&out, r.format, true);
            compare_sets(&r);
        }
        free(r.va);
        free(r.vb);
        const bool written = out_finish(&out, "diff");
        if (r.out_of_memory) {
            fputs("mibtcp diff: out of memory\n", stderr);
        } else {
            fprintf(stderr, "mibtcp diff: %zu opened, %zu closed, %zu changed, %zu unchanged\n", r.counts.opened,
                    r.counts.closed, r.counts.changed, r.counts.same);
        }
        const bool differ = r.counts.opened + r.counts.closed + r.counts.changed > 0;
        status = !written || r.out_of_memory || a.undecoded + b.undecoded > 0 ? EXIT_USAGE
                 : differ                                                     ? EXIT_INVALID
                                                                              : EXIT_VALID;
    } else if (a.out_of_memory || b.out_of_memory) {
        fputs("mibtcp diff: out of memory\n", stderr);
    }
    socket_set_free(&a);
    socket_set_free(&b);
    owner_storage_free(&owners);
    free(inputs);
    return status;
}
