// Budgeted replacements for string.find, string.match, string.gmatch and string.gsub.
//
// Lua's count hook never fires while a C function runs, so a single call to one of the stock
// pattern functions with a catastrophically backtracking pattern can run for minutes. This file
// implements the Lua 5.4 pattern language (reference manual §6.4.1) from scratch with the same
// observable behaviour as Lua 5.4.4 — results, integer positions, error messages and the moments
// at which errors are detected — but every unit of matcher work is counted and periodically
// charged to the script's budget through `luashim_charge`, which may raise and never return.
//
// Memory rule: nothing here allocates with malloc. All matcher state lives in C locals or, for
// gmatch, in a full userdata owned by the iterator closure, and results are assembled with
// luaL_Buffer. A limit error raised from the middle of a match therefore leaks nothing.

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "internal.h"

// --- Limits and markers -----------------------------------------------------------------------

enum {
    kMaxDepth = 200,        // nested matcher activations before "pattern too complex" (as stock)
    kMaxCaptures = 32,      // LUA_MAXCAPTURES in stock Lua
    kChargeEvery = 1024,    // flush the local step counter to luashim_charge this often
};

// Values of Capture.len that are not lengths.
#define CAPTURE_OPEN ((ptrdiff_t)-1)      // '(' seen, matching ')' not yet reached
#define CAPTURE_POSITION ((ptrdiff_t)-2)  // '()' position capture

typedef struct {
    const char *start;
    ptrdiff_t len;  // a length, CAPTURE_OPEN or CAPTURE_POSITION
} Capture;

typedef struct {
    lua_State *L;
    const char *subject;      // first byte of the subject
    const char *subject_end;  // one past its last byte
    const char *pattern_end;  // one past the pattern's last byte
    int depth_budget;         // activations of `walk` still allowed
    int ncaptures;            // captures opened so far (open, closed or position)
    size_t unpaid;            // steps counted but not yet charged
    Capture captures[kMaxCaptures];
} Matcher;

// --- Step accounting --------------------------------------------------------------------------

static void settle(Matcher *m) {
    size_t steps = m->unpaid;
    m->unpaid = 0;
    luashim_charge(m->L, steps);  // may raise; Matcher holds no heap memory
}

#define TICK(m)                                                 \
    do {                                                        \
        if (++(m)->unpaid >= (size_t)kChargeEvery) settle(m);   \
    } while (0)

static void pay(Matcher *m, size_t steps) {
    m->unpaid += steps;
    if (m->unpaid >= (size_t)kChargeEvery) settle(m);
}

/// Bulk memory work (memchr, memcmp, memcpy) costs one step per this many bytes, which keeps a
/// step worth roughly the same time as one matcher transition.
#define BULK_BYTES_PER_STEP_SHIFT 7

/// Raises a pattern error like luaL_error (message prefixed with the caller's position) after
/// charging the work done so far, so failing calls are not free.
static int fail(Matcher *m, const char *fmt, ...) {
    if (m->unpaid > 0) settle(m);
    va_list ap;
    va_start(ap, fmt);
    luaL_where(m->L, 1);
    lua_pushvfstring(m->L, fmt, ap);
    va_end(ap);
    lua_concat(m->L, 2);
    return lua_error(m->L);
}

// --- Character classes ------------------------------------------------------------------------

/// Does byte `c` belong to the class named by the character after '%' (`cls`)? Characters that
/// name no class stand for themselves (so "%." is a literal dot). An uppercase class letter is
/// the complement of its lowercase class. The ctype functions follow the current C locale, as
/// stock Lua's do.
static int in_class(int c, int cls) {
    switch (cls) {
        case 'a': return isalpha(c) != 0;
        case 'A': return !isalpha(c);
        case 'c': return iscntrl(c) != 0;
        case 'C': return !iscntrl(c);
        case 'd': return isdigit(c) != 0;
        case 'D': return !isdigit(c);
        case 'g': return isgraph(c) != 0;
        case 'G': return !isgraph(c);
        case 'l': return islower(c) != 0;
        case 'L': return !islower(c);
        case 'p': return ispunct(c) != 0;
        case 'P': return !ispunct(c);
        case 's': return isspace(c) != 0;
        case 'S': return !isspace(c);
        case 'u': return isupper(c) != 0;
        case 'U': return !isupper(c);
        case 'w': return isalnum(c) != 0;
        case 'W': return !isalnum(c);
        case 'x': return isxdigit(c) != 0;
        case 'X': return !isxdigit(c);
        case 'z': return c == 0;  // deprecated %z, still honoured by Lua 5.4
        case 'Z': return c != 0;
        default: return cls == c;
    }
}

/// Does byte `c` belong to the set whose '[' is at `open` and whose closing ']' is at `close`?
static int in_set(int c, const char *open, const char *close) {
    const unsigned char *q = (const unsigned char *)open + 1;
    const unsigned char *stop = (const unsigned char *)close;
    int found = 1;  // value to return on a hit; flipped by a leading '^'
    if (*q == '^') {
        found = 0;
        q++;
    }
    for (; q < stop; q++) {
        if (*q == '%') {
            q++;
            if (in_class(c, *q)) return found;
        } else if (q[1] == '-' && q + 2 < stop) {
            if (q[0] <= c && c <= q[2]) return found;
            q += 2;
        } else if (*q == c) {
            return found;
        }
    }
    return !found;
}

/// Returns the end of the set item whose '[' is at `p`. Raises for an unterminated set.
static const char *set_end(Matcher *m, const char *p) {
    const char *end = m->pattern_end;
    p++;
    if (p < end && *p == '^') p++;
    // The first member is taken unconditionally, so "[]]" is the set holding ']'.
    do {
        if (p >= end) fail(m, "malformed pattern (missing ']')");
        if (*p++ == '%' && p < end) p++;
    } while (p >= end || *p != ']');
    return p + 1;
}

/// Returns the end of the single-character item that starts at `p` (where a quantifier may
/// follow). Raises for a trailing '%' or an unterminated set, exactly when stock Lua would.
static inline const char *item_end(Matcher *m, const char *p) {
    switch (*p) {
        case '%':
            if (p + 1 >= m->pattern_end) fail(m, "malformed pattern (ends with '%%')");
            return p + 2;
        case '[':
            return set_end(m, p);
        default:
            return p + 1;
    }
}

/// Does the item [p, ep) match the subject byte at `s`? Never matches past the subject's end.
static inline int item_matches(const Matcher *m, const char *s, const char *p, const char *ep) {
    if (s >= m->subject_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
        case '.': return 1;
        case '%': return in_class(c, (unsigned char)p[1]);
        case '[': return in_set(c, p, ep - 1);
        default: return (unsigned char)*p == c;
    }
}

// --- The matcher ------------------------------------------------------------------------------

static const char *walk(Matcher *m, const char *s, const char *p);

/// '*' and '+' (after the mandatory first match): take as many as possible, then give back.
static const char *repeat_longest(Matcher *m, const char *s, const char *p, const char *ep) {
    size_t n = 0;
    while (item_matches(m, s + n, p, ep)) {
        n++;
        TICK(m);
    }
    for (;;) {
        const char *r = walk(m, s + n, ep + 1);
        if (r != NULL) return r;
        if (n == 0) return NULL;
        n--;
    }
}

/// '-': take as few as possible, one more each time the rest fails.
static const char *repeat_shortest(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = walk(m, s, ep + 1);
        if (r != NULL) return r;
        if (!item_matches(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *begin_capture(Matcher *m, const char *s, const char *p, ptrdiff_t kind) {
    int slot = m->ncaptures;
    if (slot >= kMaxCaptures) fail(m, "too many captures");
    m->captures[slot].start = s;
    m->captures[slot].len = kind;
    m->ncaptures = slot + 1;
    const char *r = walk(m, s, p);
    if (r == NULL) m->ncaptures = slot;  // backtrack: forget it
    return r;
}

static const char *finish_capture(Matcher *m, const char *s, const char *p) {
    int slot = m->ncaptures - 1;
    while (slot >= 0 && m->captures[slot].len != CAPTURE_OPEN) slot--;
    if (slot < 0) fail(m, "invalid pattern capture");
    m->captures[slot].len = s - m->captures[slot].start;
    const char *r = walk(m, s, p);
    if (r == NULL) m->captures[slot].len = CAPTURE_OPEN;  // backtrack: reopen it
    return r;
}

/// %1-%9 (and the always-invalid %0): the text of an earlier closed capture, again.
static const char *back_reference(Matcher *m, const char *s, int digit) {
    int slot = digit - '1';
    if (slot < 0 || slot >= m->ncaptures || m->captures[slot].len == CAPTURE_OPEN)
        fail(m, "invalid capture index %%%d", slot + 1);
    ptrdiff_t len = m->captures[slot].len;
    if (len == CAPTURE_POSITION) return NULL;  // a position never matches text
    pay(m, (size_t)len >> BULK_BYTES_PER_STEP_SHIFT);
    if (m->subject_end - s >= len && memcmp(m->captures[slot].start, s, (size_t)len) == 0)
        return s + len;
    return NULL;
}

/// %bxy at `p` (pointing at x): a balanced run from x to its matching y.
static const char *balanced(Matcher *m, const char *s, const char *p) {
    if (p >= m->pattern_end - 1)
        fail(m, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != p[0]) return NULL;
    char opener = p[0], closer = p[1];
    long depth = 1;
    while (++s < m->subject_end) {
        TICK(m);
        if (*s == closer) {
            if (--depth == 0) return s + 1;
        } else if (*s == opener) {
            depth++;
        }
    }
    return NULL;
}

/// Matches pattern text `p` (up to the pattern's end) against the subject at `s`. Returns the
/// end of the match or NULL. Recursion happens only where backtracking needs a choice point;
/// everything else advances in the loop, so the depth limit trips exactly where stock's does.
static const char *walk(Matcher *m, const char *s, const char *p) {
    TICK(m);  // every attempt costs a step, even with an empty pattern
    if (m->depth_budget == 0) fail(m, "pattern too complex");
    m->depth_budget--;
    const char *const pend = m->pattern_end;
    while (p != pend) {
        TICK(m);
        switch (*p) {
            case '(':
                if (p + 1 < pend && p[1] == ')')
                    s = begin_capture(m, s, p + 2, CAPTURE_POSITION);
                else
                    s = begin_capture(m, s, p + 1, CAPTURE_OPEN);
                goto done;
            case ')':
                s = finish_capture(m, s, p + 1);
                goto done;
            case '$':
                if (p + 1 == pend) {  // anchor only as the pattern's last character
                    if (s != m->subject_end) s = NULL;
                    goto done;
                }
                break;  // otherwise an ordinary character
            case '%': {
                char what = (p + 1 < pend) ? p[1] : '\0';
                if (what == 'b') {
                    s = balanced(m, s, p + 2);
                    if (s == NULL) goto done;
                    p += 4;
                    continue;
                }
                if (what == 'f') {
                    p += 2;
                    if (p >= pend || *p != '[')
                        fail(m, "missing '[' after '%%f' in pattern");
                    const char *ep = item_end(m, p);
                    int before = (s == m->subject) ? 0 : (unsigned char)s[-1];
                    int here = (s < m->subject_end) ? (unsigned char)*s : 0;
                    if (!in_set(before, p, ep - 1) && in_set(here, p, ep - 1)) {
                        p = ep;
                        continue;
                    }
                    s = NULL;
                    goto done;
                }
                if (what >= '0' && what <= '9') {
                    s = back_reference(m, s, (unsigned char)what);
                    if (s == NULL) goto done;
                    p += 2;
                    continue;
                }
                break;  // a class such as %a, or an escaped character
            }
            default:
                break;
        }

        // A single-character item, possibly followed by '*', '+', '-' or '?'.
        const char *ep = item_end(m, p);
        char suffix = (ep < pend) ? *ep : '\0';
        if (!item_matches(m, s, p, ep)) {
            if (suffix == '*' || suffix == '?' || suffix == '-') {
                p = ep + 1;  // zero repetitions are fine
                continue;
            }
            s = NULL;
            goto done;
        }
        switch (suffix) {
            case '?': {
                const char *r = walk(m, s + 1, ep + 1);
                if (r != NULL) {
                    s = r;
                    goto done;
                }
                p = ep + 1;
                continue;
            }
            case '+':
                s = repeat_longest(m, s + 1, p, ep);
                goto done;
            case '*':
                s = repeat_longest(m, s, p, ep);
                goto done;
            case '-':
                s = repeat_shortest(m, s, p, ep);
                goto done;
            default:
                s++;
                p = ep;
                continue;
        }
    }
done:
    m->depth_budget++;
    return s;
}

// --- Setup and results ------------------------------------------------------------------------

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp) {
    m->L = L;
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->depth_budget = kMaxDepth;
    m->ncaptures = 0;
    m->unpaid = 1;  // the call itself
}

static void matcher_restart(Matcher *m) {
    m->depth_budget = kMaxDepth;
    m->ncaptures = 0;
}

/// Locates capture `i` (or the whole match [s, e) when the pattern has no captures and i == 0).
/// For a position capture pushes the position and returns CAPTURE_POSITION; otherwise stores the
/// text in *text and returns its length.
static ptrdiff_t locate_capture(Matcher *m, int i, const char *s, const char *e,
                                const char **text) {
    if (i >= m->ncaptures) {
        if (i != 0) fail(m, "invalid capture index %%%d", i + 1);
        *text = s;
        return e - s;
    }
    ptrdiff_t len = m->captures[i].len;
    *text = m->captures[i].start;
    if (len == CAPTURE_OPEN) fail(m, "unfinished capture");
    if (len == CAPTURE_POSITION)
        lua_pushinteger(m->L, (lua_Integer)(m->captures[i].start - m->subject) + 1);
    return len;
}

static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    const char *text;
    ptrdiff_t len = locate_capture(m, i, s, e, &text);
    if (len != CAPTURE_POSITION) lua_pushlstring(m->L, text, (size_t)len);
}

/// Pushes all captures, or the whole match when there are none and `s` is given.
static int push_all_captures(Matcher *m, const char *s, const char *e) {
    int n = (m->ncaptures == 0 && s != NULL) ? 1 : m->ncaptures;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

/// Converts a 1-based, possibly negative start position into a 1-based one clipped at 1.
static size_t start_position(lua_Integer pos, size_t len) {
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

/// True when the pattern contains any character that makes it more than a literal string.
static int has_magic(const char *p, size_t lp) {
    static const unsigned char magic[256] = {
        ['^'] = 1, ['$'] = 1, ['*'] = 1, ['+'] = 1, ['?'] = 1,
        ['.'] = 1, ['('] = 1, ['['] = 1, ['%'] = 1, ['-'] = 1,
    };
    const unsigned char *q = (const unsigned char *)p;
    unsigned char any = 0;
    for (size_t i = 0; i < lp; i++) any |= magic[q[i]];
    return any;
}

/// Plain substring search: memchr for the first byte, memcmp for the rest. Charges one step per
/// candidate position plus the bulk cost of the bytes scanned and compared.
static const char *find_literal(Matcher *m, const char *hay, size_t hlen, const char *needle,
                                size_t nlen) {
    if (nlen == 0) return hay;
    if (nlen > hlen) return NULL;
    const char first = needle[0];
    const char *last_start = hay + (hlen - nlen);  // no match can begin after this
    const size_t per_try = 1 + ((nlen - 1) >> BULK_BYTES_PER_STEP_SHIFT);
    const char *at = hay;
    while (at <= last_start) {
        const char *hit = memchr(at, first, (size_t)(last_start - at) + 1);
        if (hit == NULL) break;
        pay(m, per_try + ((size_t)(hit - at) >> BULK_BYTES_PER_STEP_SHIFT));
        if (memcmp(hit + 1, needle + 1, nlen - 1) == 0) return hit;
        at = hit + 1;
    }
    return NULL;
}

// --- string.find / string.match ---------------------------------------------------------------

static int search(lua_State *L, int is_find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t from = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    if (from > ls) {  // starts after the end: nothing can match
        settle(&m);
        luaL_pushfail(L);
        return 1;
    }
    if (is_find && (lua_toboolean(L, 4) || !has_magic(p, lp))) {
        pay(&m, lp >> 4);  // the has_magic scan, a simple byte loop
        const char *hit = find_literal(&m, s + from, ls - from, p, lp);
        settle(&m);
        if (hit == NULL) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
        lua_pushinteger(L, (lua_Integer)(hit - s + lp));
        return 2;
    }
    int anchored = (lp > 0 && *p == '^');
    if (anchored) {
        p++;
        lp--;
    }
    const char *at = s + from;
    do {
        matcher_restart(&m);
        const char *e = walk(&m, at, p);
        if (e != NULL) {
            settle(&m);
            if (is_find) {
                lua_pushinteger(L, (lua_Integer)(at - s) + 1);
                lua_pushinteger(L, (lua_Integer)(e - s));
                return push_all_captures(&m, NULL, NULL) + 2;
            }
            return push_all_captures(&m, at, e);
        }
    } while (at++ < m.subject_end && !anchored);
    settle(&m);
    luaL_pushfail(L);
    return 1;
}

static int shim_find(lua_State *L) { return search(L, 1); }

static int shim_match(lua_State *L) { return search(L, 0); }

// --- string.gmatch ----------------------------------------------------------------------------

typedef struct {
    Matcher m;
    const char *next;        // where the next search starts
    const char *pattern;
    const char *last_end;    // end of the previous match; a match may not end there again
} GmatchState;

static int gmatch_next(lua_State *L) {
    GmatchState *g = (GmatchState *)lua_touserdata(L, lua_upvalueindex(3));
    Matcher *m = &g->m;
    m->L = L;  // the iterator may be resumed from another coroutine
    m->unpaid = 1;
    for (const char *at = g->next; at <= m->subject_end; at++) {
        matcher_restart(m);
        const char *e = walk(m, at, g->pattern);
        if (e != NULL && e != g->last_end) {
            g->next = g->last_end = e;
            settle(m);
            return push_all_captures(m, at, e);
        }
    }
    settle(m);
    return 0;
}

static int shim_gmatch(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t from = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
    lua_settop(L, 2);  // the closure keeps subject and pattern alive as upvalues 1 and 2
    GmatchState *g = (GmatchState *)lua_newuserdatauv(L, sizeof(GmatchState), 0);
    if (from > ls) from = ls + 1;  // past the end: the iterator yields nothing
    matcher_init(&g->m, L, s, ls, p, lp);
    g->next = s + from;
    g->pattern = p;
    g->last_end = NULL;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

// --- string.gsub ------------------------------------------------------------------------------

/// Appends the replacement string (argument 3) for the match [s, e), expanding %0-%9 and %%.
static void expand_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t lr;
    const char *r = lua_tolstring(L, 3, &lr);
    const char *rend = r + lr;
    pay(m, lr >> BULK_BYTES_PER_STEP_SHIFT);
    const char *pct;
    while ((pct = memchr(r, '%', (size_t)(rend - r))) != NULL) {
        luaL_addlstring(b, r, (size_t)(pct - r));
        char d = (pct + 1 < rend) ? pct[1] : '\0';
        if (d == '%') {
            luaL_addchar(b, '%');
        } else if (d == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (d >= '1' && d <= '9') {
            const char *text;
            ptrdiff_t len = locate_capture(m, d - '1', s, e, &text);
            if (len == CAPTURE_POSITION)
                luaL_addvalue(b);  // the position pushed by locate_capture
            else
                luaL_addlstring(b, text, (size_t)len);
        } else {
            fail(m, "invalid use of '%%' in replacement string");
        }
        r = pct + 2;
    }
    luaL_addlstring(b, r, (size_t)(rend - r));
}

/// Appends the replacement for the match [s, e). Returns whether the text was changed (a
/// false/nil result from a table or function keeps the original match).
static int substitute(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TFUNCTION) {
        settle(m);  // charge our share before running script code
        lua_pushvalue(L, 3);
        int n = push_all_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {  // string or number
        expand_template(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return fail(m, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int shim_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer limit = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L,
                     kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                         kind == LUA_TTABLE,
                     3, "string/function/table");
    int anchored = (lp > 0 && *p == '^');
    if (anchored) {
        p++;
        lp--;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    Matcher m;
    matcher_init(&m, L, src, ls, p, lp);
    const char *last_end = NULL;
    lua_Integer count = 0;
    int changed = 0;
    while (count < limit) {
        matcher_restart(&m);
        const char *e = walk(&m, src, p);
        if (e != NULL && e != last_end) {
            count++;
            changed |= substitute(&m, &b, src, e, kind);
            src = last_end = e;
        } else if (src < m.subject_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchored) break;
    }
    settle(&m);
    if (!changed) {
        lua_pushvalue(L, 1);  // nothing replaced: return the subject itself
    } else {
        luaL_addlstring(&b, src, (size_t)(m.subject_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, count);
    return 2;
}

// --- Registration -----------------------------------------------------------------------------

void luashim_open_patterns(lua_State *L, int idx) {
    static const luaL_Reg functions[] = {
        {"find", shim_find},
        {"match", shim_match},
        {"gmatch", shim_gmatch},
        {"gsub", shim_gsub},
        {NULL, NULL},
    };
    idx = lua_absindex(L, idx);
    for (const luaL_Reg *f = functions; f->name != NULL; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, idx, f->name);
    }
}
