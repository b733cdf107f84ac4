#include "common/hex_text.h"

int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_separator(char c)
{
    return is_space(c) || c == ',' || c == ';';
}

static size_t find_char(const char *text, size_t begin, size_t end, char c)
{
    for (size_t i = begin; i < end; i++) {
        if (text[i] == c) {
            return i;
        }
    }
    return end;
}

static size_t skip_spaces(const char *text, size_t i, size_t end)
{
    while (i < end && is_space(text[i])) {
        i++;
    }
    return i;
}

typedef struct line_view {
    const char *text;  /* start of the whole input, for columns */
    size_t begin, end; /* the line without its comment and newline */
    size_t number;
} line_view;

static bool fail(hex_error *err, const line_view *l, size_t at, const char *message)
{
    *err = (hex_error){l->number, at - l->begin + 1, message};
    return false;
}

/* How the first line with bytes on it writes them; every line follows it. */
typedef enum dump_style {
    STYLE_PLAIN,     /* lists, xxd -p: no address */
    STYLE_XXD,       /* "00000000: 0300 0000  .." */
    STYLE_WINDBG,    /* "00000000`0012f000  03 00-.." or "0012f000  00000003" */
    STYLE_HEXDUMP_C, /* "00000000  03 00 ..  |..|", then the length alone */
    STYLE_OD         /* "0000000 0003 0000", then the length alone (od, hexdump) */
} dump_style;

/* A line's leading address, if it has one. */
typedef struct line_head {
    dump_style style;
    bool lone;                          /* the address alone: a final length line */
    size_t address, address_end, after; /* its digits, and where the groups start */
} line_head;

static line_head classify(const line_view *l, bool input_has_bars)
{
    const char *t = l->text;
    const size_t i = skip_spaces(t, l->begin, l->end);
    size_t e = i;
    size_t backticks = 0;
    while (e < l->end && (hex_digit_value(t[e]) >= 0 || t[e] == '`')) {
        backticks += t[e] == '`';
        e++;
    }
    const size_t digits = e - i - backticks;
    const bool lone = digits > 0 && skip_spaces(t, e, l->end) == l->end;
    const bool two_spaces = e + 2 < l->end && t[e] == ' ' && t[e + 1] == ' ';
    const bool bars = find_char(t, e, l->end, '|') < l->end;
    line_head h = {STYLE_PLAIN, false, i, i, l->begin};
    if (digits > 0 && backticks == 0 && e < l->end && t[e] == ':') {
        h = (line_head){STYLE_XXD, false, i, e, e + 1};
    } else if (backticks == 1 && digits == 16 && t[i + 8] == '`') {
        h = (line_head){STYLE_WINDBG, false, i, e, e};
    } else if (backticks == 0 && digits == 8 && two_spaces && bars) {
        h = (line_head){STYLE_HEXDUMP_C, false, i, e, e};
    } else if (backticks == 0 && digits >= 7 && lone && input_has_bars) {
        h = (line_head){STYLE_HEXDUMP_C, true, i, e, e};
    } else if (backticks == 0 && digits == 8 && two_spaces && t[e + 2] != ' ') {
        h = (line_head){STYLE_WINDBG, false, i, e, e}; /* 32-bit WinDbg address */
    } else if (backticks == 0 && (digits == 6 || digits == 7) && (lone || (e + 1 < l->end && t[e] == ' '))) {
        h = (line_head){STYLE_OD, lone, i, e, e};
    }
    return h;
}

/* The address digits [begin, end) in a radix, skipping WinDbg's backtick.
 * classify() took only hex digits and backticks into an address, so every
 * other character is a hex digit (were it not, -1 would convert to a value
 * no radix admits). */
static bool address_value(const char *t, size_t begin, size_t end, unsigned radix, uint64_t *value)
{
    uint64_t v = 0;
    for (size_t i = begin; i < end; i++) {
        if (t[i] == '`') {
            continue;
        }
        const unsigned d = (unsigned)hex_digit_value(t[i]);
        if (d >= radix || v > (UINT64_MAX - d) / radix) {
            return false;
        }
        v = v * radix + d;
    }
    *value = v;
    return true;
}

/* Does any line look like hexdump -C (an offset, two spaces, and a
 * |ascii| column)? Only then is a final lone number its length line. */
static bool hexdump_c_input(const char *text, size_t len)
{
    for (size_t begin = 0, number = 1; begin < len; number++) {
        size_t end = find_char(text, begin, len, '\n');
        const size_t next = end < len ? end + 1 : len;
        end = find_char(text, begin, end, '#');
        const line_view l = {text, begin, end, number};
        if (classify(&l, false).style == STYLE_HEXDUMP_C) {
            return true;
        }
        begin = next;
    }
    return false;
}

typedef struct plan {
    dump_style style;
    bool little_endian; /* groups of several bytes are little-endian words */
    unsigned radices;   /* bit 0: addresses may be octal, bit 1: hexadecimal */
    bool has_total;     /* od/hexdump: the last line's length; bytes past it are zero padding */
    uint64_t total;
    bool force_plain; /* read every line as plain hex, addresses included */
} plan;

/* What the first pass learns, and the second pass's output. */
typedef struct walk {
    bool writing;
    uint8_t *out;
    size_t cap, n; /* bytes decoded so far (counted, or written) */
    size_t style_line;
    bool have_address;
    uint64_t next_address[2];   /* octal, hexadecimal */
    size_t wide_digits;         /* digits of the first group of several bytes, 0: none yet */
    bool ascii_denies_order[2]; /* an ASCII column contradicts byte order / little-endian */
    size_t ascii_line[2], ascii_line_begin[2], ascii_column[2]; /* where each was first contradicted */
    size_t last_group_bytes;
    size_t address_lines;    /* lines with an address (not counting a length line) */
    size_t first_address_at; /* where the first line's address starts */
    size_t style_line_begin;
} walk;

/* One group of hex digits [begin, end), `digits` of them (a WinDbg dq
 * group has one backtick in the middle, at `tick`; SIZE_MAX when there is none). */
typedef struct group {
    size_t begin, end, digits, tick;
} group;

static bool emit(walk *w, const plan *p, const line_view *l, size_t at, uint8_t byte, hex_error *err)
{
    if (w->writing) {
        if (p->has_total && w->n >= p->total) { /* od's padding of the last group */
            if (byte != 0) {
                return fail(err, l, at, "non-zero byte past the length on the last line");
            }
            return true; /* not counted: the output ends at the length */
        }
        if (w->n >= w->cap) {
            return fail(err, l, at, "output buffer full");
        }
        w->out[w->n] = byte;
    }
    w->n++;
    return true;
}

static uint8_t digit_pair(const char *t, size_t at)
{
    return (uint8_t)(hex_digit_value(t[at]) << 4 | hex_digit_value(t[at + 1]));
}

/* Where the byte at index k (< digits / 2) of a group starts, in the order
 * the dump wrote it: past the backtick when the pair lies after it. O(1),
 * so a group as long as the input (xxd -p without line breaks) is linear. */
static size_t pair_at(const group *g, size_t k)
{
    const size_t at = g->begin + 2 * k;
    return at >= g->tick ? at + 1 : at;
}

static bool emit_group(walk *w, const plan *p, const line_view *l, const group *g, hex_error *err)
{
    const char *t = l->text;
    if (g->digits == 1) { /* "0x3" or "3," in a list: one byte */
        return emit(w, p, l, g->begin, (uint8_t)hex_digit_value(t[g->begin]), err);
    }
    const size_t bytes = g->digits / 2;
    w->last_group_bytes = bytes;
    for (size_t k = 0; k < bytes; k++) {
        /* Only dumps with addresses are ever little-endian: lists are read in byte order. */
        const size_t at = pair_at(g, p->little_endian ? bytes - 1 - k : k);
        if (!emit(w, p, l, at, digit_pair(t, at), err)) {
            return false;
        }
    }
    return true;
}

/* What may stand between two groups. WinDbg puts '-' between the 8th and
 * 9th byte (every style but od's takes it); in od's words a '-' could only
 * be a sign, so it is an unexpected character there, not an empty group. */
static bool is_group_separator(const plan *p, char c)
{
    return is_separator(c) || (c == '-' && p->style != STYLE_OD);
}

/* The next group at or after *i (separators skipped), or false at the end
 * of the line or of the hex area. */
static bool next_group(const line_view *l, const plan *p, size_t *i, size_t end, group *g, hex_error *err, bool *bad)
{
    const char *t = l->text;
    *bad = false;
    while (*i < end && is_group_separator(p, t[*i])) {
        ++*i;
    }
    if (*i >= end) {
        return false;
    }
    size_t start = *i;
    if (p->style == STYLE_PLAIN && t[start] == '0' && start + 1 < end && (t[start + 1] == 'x' || t[start + 1] == 'X')) {
        start = *i += 2;
    }
    size_t digits = 0, tick = SIZE_MAX;
    const bool windbg = p->style == STYLE_WINDBG;
    while (*i < end && (hex_digit_value(t[*i]) >= 0 || (t[*i] == '`' && windbg && digits == 8 && tick == SIZE_MAX))) {
        if (t[*i] == '`') {
            tick = *i;
        } else {
            digits++;
        }
        ++*i;
    }
    *bad = true;
    if (start < end && t[start] == '*' && p->style != STYLE_PLAIN) {
        return fail(err, l, start, "'*' stands for repeated lines the dump left out: dump again with -v");
    }
    if (*i < end && !is_group_separator(p, t[*i])) {
        return fail(err, l, *i, "unexpected character in hex text");
    }
    if (digits == 0) {
        return fail(err, l, start, "'0x' without hex digits");
    }
    if (digits % 2 != 0 && (digits != 1 || p->style != STYLE_PLAIN)) {
        return fail(err, l, start, "odd number of hex digits in a group");
    }
    if (digits > 16 && p->style != STYLE_PLAIN) {
        return fail(err, l, start, "a group of more than 8 bytes after an address");
    }
    *bad = false;
    *g = (group){start, *i, digits, tick};
    return true;
}

/* Does the ASCII column [begin, end) show these bytes? '.' stands for any
 * byte that is not printable. */
static bool ascii_shows(const line_view *l, const group *groups, size_t count, bool little_endian, size_t begin,
                        size_t end)
{
    const char *t = l->text;
    size_t c = begin;
    for (size_t i = 0; i < count; i++) {
        const size_t bytes = groups[i].digits / 2;
        for (size_t k = 0; k < bytes && c < end; k++, c++) {
            const uint8_t b = digit_pair(t, pair_at(&groups[i], little_endian ? bytes - 1 - k : k));
            const char shown = b >= 0x20 && b < 0x7f ? (char)b : '.';
            if (t[c] != shown) {
                return false;
            }
        }
    }
    return true;
}

#define MAX_LINE_GROUPS 64

/* Where the rest of a line is nothing but groups of one width: the line
 * is tokenized once, so asking at every gap of a long line stays linear. */
typedef struct uniform_tail {
    bool known;
    bool bad;     /* the line holds something that is no group */
    size_t since; /* the end of the last group of another width (or the start) */
} uniform_tail;

/* Is [at, end) nothing but groups of `digits` hex digits? `at` lies between
 * two groups of the line [begin, end), so its groups are the line's. */
static bool only_groups_of(uniform_tail *u, const line_view *l, const plan *p, size_t begin, size_t at, size_t end,
                           size_t digits)
{
    if (!u->known) {
        group g;
        hex_error ignored;
        size_t i = begin;
        *u = (uniform_tail){true, false, begin};
        while (next_group(l, p, &i, end, &g, &ignored, &u->bad)) {
            if (g.digits != digits) {
                u->since = g.end;
            }
        }
    }
    return !u->bad && at >= u->since;
}

/* The hex area of an xxd or WinDbg line: groups until the ASCII column,
 * which starts after a gap of two or more blanks and is as long as the
 * bytes before it (or shorter, when a copy lost its trailing blanks). */
static bool decode_line(walk *w, const plan *p, const line_view *l, size_t begin, size_t end, hex_error *err)
{
    const char *t = l->text;
    const bool may_have_ascii = p->style == STYLE_XXD || p->style == STYLE_WINDBG;
    size_t trimmed = end;
    while (trimmed > begin && t[trimmed - 1] == '\r') {
        trimmed--;
    }
    group groups[MAX_LINE_GROUPS];
    size_t count = 0, bytes = 0;
    uniform_tail tail = {false, false, begin};
    size_t i = begin;
    for (;;) {
        const size_t gap_begin = i;
        size_t gap_end = i;
        while (gap_end < end && t[gap_end] == ' ') {
            gap_end++;
        }
        if (may_have_ascii && bytes > 0 && gap_end - gap_begin >= 2 && gap_end < trimmed) {
            const size_t rest = trimmed - gap_end;
            size_t probe = gap_end;
            group g;
            hex_error ignored;
            bool bad;
            /* next_group() sets bad only when it returns false. */
            const bool hex_follows = next_group(l, p, &probe, end, &g, &ignored, &bad);
            /* WinDbg's word dumps have no ASCII column (dc aside): more words
             * of the same width are words, even when their length matches.
             * bytes > 0: groups[0] is this line's first group. */
            const bool more_words = p->style == STYLE_WINDBG && groups[0].digits > 2 &&
                                    only_groups_of(&tail, l, p, begin, gap_end, end, groups[0].digits);
            if ((rest == bytes && !more_words) || (!hex_follows && rest < bytes)) {
                /* Blanks the column starts with (bytes 0x20) are in the gap. */
                const size_t column = trimmed - gap_begin >= bytes + 2 ? trimmed - bytes : gap_end;
                for (unsigned order = 0; order < 2 && !w->writing && count <= MAX_LINE_GROUPS && w->wide_digits;
                     order++) {
                    if (!ascii_shows(l, groups, count, order == 1, column, trimmed) && !w->ascii_denies_order[order]) {
                        w->ascii_denies_order[order] = true;
                        w->ascii_line[order] = l->number;
                        w->ascii_line_begin[order] = l->begin;
                        w->ascii_column[order] = column;
                    }
                }
                return true;
            }
        }
        group g;
        bool bad;
        if (!next_group(l, p, &i, end, &g, err, &bad)) {
            return !bad;
        }
        if (g.digits > 2 && w->wide_digits == 0) {
            w->wide_digits = g.digits;
        }
        if (count < MAX_LINE_GROUPS) {
            groups[count] = g;
        }
        count++;
        bytes += g.digits == 1 ? 1 : g.digits / 2;
        if (!emit_group(w, p, l, &g, err)) {
            return false;
        }
    }
}

/* Addresses advance by the bytes of each line, in the dump's radix (od's
 * is octal or hexadecimal: whichever the addresses agree with). */
static bool follow_address(walk *w, plan *p, const line_view *l, const line_head *h, hex_error *err)
{
    static const unsigned radix[2] = {8, 16};
    unsigned still = 0;
    for (unsigned r = 0; r < 2; r++) {
        uint64_t value;
        if (!(p->radices & 1u << r) || !address_value(l->text, h->address, h->address_end, radix[r], &value)) {
            continue;
        }
        if (h->lone) {
            /* The length line: the bytes decoded, less any zero padding of the last group. */
            if (value <= w->n && w->n - value < (w->last_group_bytes > 0 ? w->last_group_bytes : 1)) {
                still |= 1u << r;
                p->total = value;
            }
        } else if (!w->have_address || w->next_address[r] == value) {
            still |= 1u << r;
            w->next_address[r] = value;
        }
    }
    if (still == 0) {
        return fail(err, l, h->address,
                    h->lone ? "length line does not match the bytes above it"
                            : "address does not follow the previous line's (a line of data, or a gap in the dump?)");
    }
    p->radices = still;
    p->has_total |= h->lone;
    w->have_address = true;
    return true;
}

static bool walk_text(const char *text, size_t len, plan *p, walk *w, hex_error *err)
{
    const bool input_has_bars = hexdump_c_input(text, len);
    bool total_seen = false;
    for (size_t begin = 0, number = 1; begin < len; number++) {
        const size_t line_end = find_char(text, begin, len, '\n');
        const size_t next = line_end < len ? line_end + 1 : len;
        line_view l = {text, begin, find_char(text, begin, line_end, '#'), number};
        begin = next;
        if (skip_spaces(text, l.begin, l.end) == l.end) {
            continue;
        }
        line_head h = classify(&l, input_has_bars);
        if (p->force_plain || (h.lone && (w->style_line == 0 || p->style == STYLE_PLAIN))) {
            h = (line_head){STYLE_PLAIN, false, h.address, h.address, l.begin}; /* a short run of hex */
        }
        if (w->style_line == 0) {
            w->style_line = l.number;
            w->style_line_begin = l.begin;
            w->first_address_at = h.address;
            p->style = h.style;
            p->radices = h.style == STYLE_OD ? 3u : 2u;
        }
        if (p->style == STYLE_XXD || p->style == STYLE_WINDBG || p->style == STYLE_HEXDUMP_C) {
            l.end = line_end; /* an ASCII column may show '#': only whole lines are comments here */
        }
        const size_t first = skip_spaces(text, l.begin, l.end);
        if (p->style != STYLE_PLAIN && text[first] == '*') {
            return fail(err, &l, first, "'*' stands for repeated lines the dump left out: dump again with -v");
        }
        if (h.style != p->style || total_seen) {
            return fail(err, &l, h.address,
                        total_seen ? "text after the dump's length line"
                                   : "line is not in the style of the first line");
        }
        if (p->style == STYLE_PLAIN) {
            const size_t bar = find_char(text, l.begin, l.end, '|'); /* a lone |ascii| column */
            if (!decode_line(w, p, &l, l.begin, bar, err)) {
                return false;
            }
            continue;
        }
        if (!w->writing && !follow_address(w, p, &l, &h, err)) {
            return false;
        }
        total_seen = h.lone;
        w->address_lines += !h.lone;
        const size_t hex_end = p->style == STYLE_HEXDUMP_C ? find_char(text, h.after, l.end, '|') : l.end;
        const size_t before = w->n;
        if (!h.lone && !decode_line(w, p, &l, h.after, hex_end, err)) {
            return false;
        }
        if (!w->writing) {
            for (unsigned r = 0; r < 2; r++) {
                w->next_address[r] += w->n - before;
            }
        }
    }
    return true;
}

/* A WinDbg line with a 32-bit address, or an od line without its length
 * line, is as much a line of plain hex whose first group happens to be
 * followed by two blanks (or one): with no second address to follow, the
 * address is a guess. Such a single line is refused when it reads as plain
 * hex too, rather than read either way. */
static bool reads_two_ways(const char *text, size_t len, const plan *p, const walk *measure)
{
    const bool bare_address =
        p->style == STYLE_OD || (p->style == STYLE_WINDBG &&
                                 find_char(text, measure->first_address_at, len, '`') != measure->first_address_at + 8);
    if (!bare_address || measure->address_lines != 1 || p->has_total) {
        return false;
    }
    plan plain = {STYLE_PLAIN, false, 0, false, 0, true};
    walk as_plain = {false, NULL, 0, 0, 0, false, {0, 0}, 0, {false, false}, {0, 0}, {0, 0}, {0, 0}, 0, 0, 0, 0};
    hex_error ignored;
    return walk_text(text, len, &plain, &as_plain, &ignored);
}

bool hex_text_decode(const char *text, size_t len, uint8_t *out, size_t out_cap, size_t *out_len, hex_error *err)
{
    plan p = {STYLE_PLAIN, false, 0, false, 0, false};
    walk measure = {false, NULL, 0, 0, 0, false, {0, 0}, 0, {false, false}, {0, 0}, {0, 0}, {0, 0}, 0, 0, 0, 0};
    *out_len = 0;
    if (!walk_text(text, len, &p, &measure, err)) {
        return false;
    }
    if (reads_two_ways(text, len, &p, &measure)) {
        const line_view where = {text, measure.style_line_begin, len, measure.style_line};
        return fail(err, &where, measure.first_address_at,
                    "one line that reads two ways: an address and words (WinDbg dd, od) or plain hex; "
                    "paste the dump's next line too, or remove the address");
    }
    if (p.style == STYLE_WINDBG || p.style == STYLE_OD) {
        p.little_endian = true;
    } else if (p.style == STYLE_XXD && measure.wide_digits != 0) {
        /* xxd writes 2-byte groups in byte order; wider ones are xxd -e's
         * little-endian words, unless the ASCII column says otherwise. */
        p.little_endian = measure.ascii_denies_order[0] || (measure.wide_digits > 4 && !measure.ascii_denies_order[1]);
        if (measure.ascii_denies_order[0] && measure.ascii_denies_order[1]) {
            const unsigned later = measure.ascii_line[1] > measure.ascii_line[0] ? 1u : 0u;
            const line_view where = {text, measure.ascii_line_begin[later], len, measure.ascii_line[later]};
            return fail(err, &where, measure.ascii_column[later],
                        "the ASCII column matches neither byte order nor little-endian groups");
        }
    }
    /* A length line is only accepted when it is at most the bytes above it
     * (follow_address), and the writing walk counts no byte past it: the
     * bytes written are the output, already cut to the length. */
    walk write = {true, out, out_cap, 0, 0, false, {0, 0}, 0, {false, false}, {0, 0}, {0, 0}, {0, 0}, 0, 0, 0, 0};
    if (!walk_text(text, len, &p, &write, err)) {
        return false;
    }
    *out_len = write.n;
    return true;
}
