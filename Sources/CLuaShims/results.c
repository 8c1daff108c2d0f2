// Batches of scorer calls: the kernels the host's trusted driver uses to score many subjects in one
// call from Swift. `start` gives each subject the budgets a call of its own would have;
// `capture` checks a scorer's result table and appends it, in a compact binary form, to the state's
// result tape, which the host reads once the batch is done. Neither is reachable by scripts: the
// host passes them to its driver chunk only.
//
// `capture` accepts only the plain shape (no metatables, known fields of the right types, finite
// numbers, ids the instrument has, each once, valid UTF-8). Anything else returns false and the
// driver hands that result back to the host as a value, whose full reader then gives the exact
// result or error: the tape is a fast path, never a second set of rules.
//
// Tape format (native byte order; str = uint32 length + bytes), per subject:
//   uint8 status: 0 = not captured (the driver kept the result), 1 = captured, then sections:
//     uint8 section (0 ends): 1 dimensions, 3 items: uint32 n + n entries; 2 overall: one entry;
//     4 extra: uint32 n + n × (str key, uint8 tag: 1 false, 2 true, 3 number f64, 4 string str)
//   entry: fields until uint8 0: 1 known id uint32 (index in the host's name list), 2 id str,
//     3 score f64, 4 answered int64, 5 band str, 6 reason str, 7 stats uint32 n + n × (str, f64),
//     8 flags uint32 n + n × str, 9 groups uint32 n + n × (str group, entry)
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/// Largest tape the host will hold for one batch.
#define TAPE_LIMIT ((size_t)1 << 28)
/// A tape this long asks the driver to end the call (the next subjects go in another).
#define TAPE_FULL ((size_t)32 << 20)
/// Ids a list can check for repeats on the C stack (larger instruments take the host's reader).
#define SEEN_BITS 4096
/// Deepest nesting of `groups` entries (as the host's reader).
#define MAX_DEPTH 4

enum { F_ID = 1, F_SCORE, F_ANSWERED, F_BAND, F_REASON, F_STATS, F_FLAGS, F_GROUPS };
enum { S_DIMENSIONS = 11, S_OVERALL, S_ITEMS, S_EXTRA };
enum { UP_CODES = 1, UP_DIMENSIONS, UP_ITEMS, UP_GROUPS };

typedef struct tape_writer {
    lua_State *L;
    luashim_sandbox *sb;
    size_t strings;  // string bytes written, charged to the output budget
} tape_writer;

static void tape_put(tape_writer *w, const void *bytes, size_t n) {
    luashim_sandbox *sb = w->sb;
    if (sb->tape_len + n > sb->tape_cap) {
        size_t cap = sb->tape_cap ? sb->tape_cap : 4096;
        while (cap < sb->tape_len + n) cap *= 2;
        unsigned char *tape = cap <= TAPE_LIMIT ? (unsigned char *)realloc(sb->tape, cap) : NULL;
        if (tape == NULL) luaL_error(w->L, "not enough memory for the scores of this batch");
        sb->tape = tape;
        sb->tape_cap = cap;
    }
    memcpy(sb->tape + sb->tape_len, bytes, n);
    sb->tape_len += n;
}

static void put_u8(tape_writer *w, unsigned char v) { tape_put(w, &v, 1); }
static void put_u32(tape_writer *w, uint32_t v) { tape_put(w, &v, 4); }
static void put_f64(tape_writer *w, double v) { tape_put(w, &v, 8); }
static void put_i64(tape_writer *w, int64_t v) { tape_put(w, &v, 8); }

/// Reserves a uint32 count to be patched once known; returns its offset.
static size_t put_count(tape_writer *w) {
    size_t at = w->sb->tape_len;
    put_u32(w, 0);
    return at;
}

static void patch_count(tape_writer *w, size_t at, uint32_t n) { memcpy(w->sb->tape + at, &n, 4); }

static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t len;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return 0;
        if (i + len > n) return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
        i += len;
    }
    return 1;
}

/// Writes the string at `idx` (which must be a string, valid UTF-8). Returns 0 otherwise.
static int put_string(tape_writer *w, int idx) {
    if (lua_type(w->L, idx) != LUA_TSTRING) return 0;
    size_t n;
    const char *s = lua_tolstring(w->L, idx, &n);
    if (n > UINT32_MAX || !valid_utf8((const unsigned char *)s, n)) return 0;
    put_u32(w, (uint32_t)n);
    tape_put(w, s, n);
    w->strings += n;
    return 1;
}

static int plain_table(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    if (lua_getmetatable(L, idx)) {
        lua_pop(L, 1);
        return 0;
    }
    return 1;
}

/// The code `codes[key]` for the key at `idx` (0 when it is not a known name).
static int code_of(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TSTRING) return 0;
    lua_pushvalue(L, idx);
    int code = lua_rawget(L, lua_upvalueindex(UP_CODES)) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    return code;
}

/// A list with keys exactly 1..n (n = its raw length, returned in *n).
static int plain_list(lua_State *L, int idx, lua_Integer *n) {
    if (!plain_table(L, idx)) return 0;
    lua_Integer len = (lua_Integer)lua_rawlen(L, idx), keys = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1)) { lua_pop(L, 1); return 0; }
        lua_Integer k = lua_tointeger(L, -1);
        if (k < 1 || k > len) { lua_pop(L, 1); return 0; }
        keys++;
    }
    *n = len;
    return keys == len;
}

/// One score entry at `idx`. `ids` is the upvalue index of the id table the entry's id must be in
/// (0: any id, and `has_default` says whether one may be left out). Returns 0 for anything unusual.
static int put_entry(tape_writer *w, int idx, int ids, int has_default, int depth, uint32_t *known) {
    lua_State *L = w->L;
    if (depth >= MAX_DEPTH || !plain_table(L, idx)) return 0;
    luaL_checkstack(L, 8, "capture");
    int has_id = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        int value = lua_gettop(L);
        int ok = 1;
        switch (code_of(L, value - 1)) {
        case F_ID:
            if (ids) {
                if (lua_type(L, value) != LUA_TSTRING) { ok = 0; break; }
                lua_pushvalue(L, value);
                if (lua_rawget(L, lua_upvalueindex(ids)) != LUA_TNUMBER) ok = 0;
                else {
                    *known = (uint32_t)lua_tointeger(L, -1);
                    put_u8(w, 1);
                    put_u32(w, *known);
                }
                lua_pop(L, 1);
            } else {
                put_u8(w, 2);
                ok = put_string(w, value);
            }
            has_id = ok;
            break;
        case F_SCORE: {
            if (lua_type(L, value) != LUA_TNUMBER) { ok = 0; break; }
            double d = lua_tonumber(L, value);
            if (!isfinite(d)) { ok = 0; break; }
            put_u8(w, 3);
            put_f64(w, d);
            break;
        }
        case F_ANSWERED: {
            int isint = 0;
            lua_Integer n = lua_type(L, value) == LUA_TNUMBER ? lua_tointegerx(L, value, &isint) : 0;
            if (!isint) { ok = 0; break; }
            put_u8(w, 4);
            put_i64(w, (int64_t)n);
            break;
        }
        case F_BAND:
            put_u8(w, 5);
            ok = put_string(w, value);
            break;
        case F_REASON:
            put_u8(w, 6);
            ok = put_string(w, value);
            break;
        case F_STATS: {
            if (!plain_table(L, value)) { ok = 0; break; }
            put_u8(w, 7);
            size_t at = put_count(w);
            uint32_t n = 0;
            lua_pushnil(L);
            while (ok && lua_next(L, value)) {
                double d = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
                ok = put_string(w, -2) && isfinite(d);
                if (ok) put_f64(w, d);
                lua_pop(L, 1);
                n++;
            }
            if (!ok) lua_pop(L, 1);  // the key lua_next left
            patch_count(w, at, n);
            break;
        }
        case F_FLAGS: {
            lua_Integer n;
            if (!plain_list(L, value, &n) || n > (lua_Integer)UINT32_MAX) { ok = 0; break; }
            put_u8(w, 8);
            put_u32(w, (uint32_t)n);
            for (lua_Integer k = 1; ok && k <= n; k++) {
                lua_rawgeti(L, value, k);
                ok = put_string(w, -1);
                lua_pop(L, 1);
            }
            break;
        }
        case F_GROUPS: {
            if (!plain_table(L, value)) { ok = 0; break; }
            put_u8(w, 9);
            size_t at = put_count(w);
            uint32_t n = 0;
            lua_pushnil(L);
            while (ok && lua_next(L, value)) {
                int group = lua_gettop(L);
                uint32_t ignored = 0;
                if (lua_type(L, group - 1) != LUA_TSTRING) ok = 0;
                else {
                    lua_pushvalue(L, group - 1);
                    ok = lua_rawget(L, lua_upvalueindex(UP_GROUPS)) != LUA_TNIL;
                    lua_pop(L, 1);
                }
                ok = ok && put_string(w, group - 1) && put_entry(w, group, 0, 1, depth + 1, &ignored);
                lua_pop(L, 1);
                n++;
            }
            if (!ok) lua_pop(L, 1);
            patch_count(w, at, n);
            break;
        }
        default:
            ok = 0;
        }
        lua_settop(L, value - 1);  // keep the key for lua_next
        if (!ok) {
            lua_pop(L, 1);
            return 0;
        }
    }
    put_u8(w, 0);
    return has_id || has_default;
}

/// A list of entries whose ids are in the id table `ids`, each once.
static int put_entries(tape_writer *w, int idx, int ids) {
    lua_State *L = w->L;
    lua_Integer n;
    if (!plain_list(L, idx, &n) || n > SEEN_BITS) return 0;
    unsigned char seen[SEEN_BITS / 8];
    memset(seen, 0, sizeof seen);
    put_u32(w, (uint32_t)n);
    for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, idx, k);
        uint32_t known = UINT32_MAX;
        int ok = put_entry(w, lua_gettop(L), ids, 0, 0, &known);
        lua_pop(L, 1);
        if (!ok || known >= SEEN_BITS || (seen[known / 8] & (1u << (known % 8)))) return 0;
        seen[known / 8] |= (unsigned char)(1u << (known % 8));
    }
    return 1;
}

/// `extra` when it is a flat table of named scalars.
static int put_extra(tape_writer *w, int idx) {
    lua_State *L = w->L;
    if (!plain_table(L, idx)) return 0;
    size_t at = put_count(w);
    uint32_t n = 0;
    int ok = 1;
    lua_pushnil(L);
    while (ok && lua_next(L, idx)) {
        ok = put_string(w, -2);
        if (ok) {
            switch (lua_type(L, -1)) {
            case LUA_TBOOLEAN: put_u8(w, lua_toboolean(L, -1) ? 2 : 1); break;
            case LUA_TNUMBER: put_u8(w, 3); put_f64(w, lua_tonumber(L, -1)); break;
            case LUA_TSTRING: put_u8(w, 4); ok = put_string(w, -1); break;
            default: ok = 0;
            }
        }
        lua_pop(L, 1);
        n++;
    }
    if (!ok) lua_pop(L, 1);
    patch_count(w, at, n);
    return ok;
}

/// capture(result) -> taken, full: appends the result to the tape when it has the plain shape;
/// `full` asks the driver to end the call, the tape being long enough.
static int capture(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    lua_settop(L, 1);
    luaL_checkstack(L, 8, "capture");
    tape_writer w = {L, sb, 0};
    size_t start = sb->tape_len;
    int ok = plain_table(L, 1);
    if (ok) {
        put_u8(&w, 1);
        lua_pushnil(L);
        while (ok && lua_next(L, 1)) {
            switch (code_of(L, 2)) {
            case S_DIMENSIONS: put_u8(&w, 1); ok = put_entries(&w, 3, UP_DIMENSIONS); break;
            case S_OVERALL: {
                uint32_t ignored = 0;
                put_u8(&w, 2);
                ok = put_entry(&w, 3, 0, 1, 0, &ignored);
                break;
            }
            case S_ITEMS: put_u8(&w, 3); ok = put_entries(&w, 3, UP_ITEMS); break;
            case S_EXTRA: put_u8(&w, 4); ok = put_extra(&w, 3); break;
            default: ok = 0;
            }
            lua_settop(L, 2);
        }
        if (ok) put_u8(&w, 0);
    }
    if (!ok) {
        sb->tape_len = start;
        put_u8(&w, 0);
        lua_pushboolean(L, 0);
        lua_pushboolean(L, sb->tape_len >= TAPE_FULL);
        return 2;
    }
    // Strings handed to the host count towards the output limit, as when results are copied.
    if (!luashim_count_output(L, w.strings)) return luashim_raise_limit(L);
    lua_pushboolean(L, 1);
    lua_pushboolean(L, sb->tape_len >= TAPE_FULL);
    return 2;
}

/// Fills the table at `into` with `list[k] = offset + k - 1` (ids to their index in the host's list).
static void index_ids(lua_State *L, int list, int into, lua_Integer offset) {
    luaL_checktype(L, list, LUA_TTABLE);
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, list, k);
        lua_pushinteger(L, offset + k - 1);
        lua_rawset(L, into);
    }
}

int luashim_kernel_make_capture(lua_State *L) {
    static const char *const names[] = {"id", "score", "answered", "band", "reason", "stats", "flags", "groups"};
    static const char *const sections[] = {"dimensions", "overall", "items", "extra"};
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
    lua_createtable(L, 0, 12);                         // 4: codes
    for (int i = 0; i < 8; i++) {
        lua_pushinteger(L, F_ID + i);
        lua_setfield(L, 4, names[i]);
    }
    for (int i = 0; i < 4; i++) {
        lua_pushinteger(L, S_DIMENSIONS + i);
        lua_setfield(L, 4, sections[i]);
    }
    lua_newtable(L);                                   // 5: dimension ids
    index_ids(L, 1, 5, 0);
    lua_newtable(L);                                   // 6: item ids
    index_ids(L, 2, 6, (lua_Integer)lua_rawlen(L, 1));
    lua_newtable(L);                                   // 7: group ids
    index_ids(L, 3, 7, 0);
    lua_pushcclosure(L, capture, 4);
    return 1;
}

/// Fresh budgets for the next subject, as if it were a call of its own.
static void begin_subject(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    if (sb->tripped) luashim_raise_limit(L);
    sb->batch_instructions += sb->instructions_used;
    sb->instructions_used = 0;
    sb->deadline = sb->limits.seconds > 0 ? luashim_now() + sb->limits.seconds : 0;
    sb->output_used = 0;
    sb->batch_position++;

}

/// start(subject): the next subject of a batch: fresh budgets, math.random
/// seeded afresh when it moved, a sealed scorer's assignable locals set back (the restore list,
/// upvalue 1, when there is one), and the lazy metatable (upvalue 2) on a subject that has no
/// `answers` yet.
static int start_subject(lua_State *L) {
    begin_subject(L);
    luashim_reseed_if_used(L);
    luashim_sb(L)->seal_violation = 0;
    lua_settop(L, 1);
    if (lua_type(L, lua_upvalueindex(1)) == LUA_TTABLE) {
        lua_pushvalue(L, lua_upvalueindex(1));
        luashim_kernel_restore_at(L, 2);
        lua_settop(L, 1);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushvalue(L, lua_upvalueindex(3));                // "answers"
    if (lua_rawget(L, 1) == LUA_TNIL) {
        lua_pushvalue(L, lua_upvalueindex(2));
        lua_setmetatable(L, 1);
    }
    return 0;
}

/// make_starter(restore_list_or_nil, lazy_metatable) -> start (see start_subject).
int luashim_kernel_make_starter(lua_State *L) {
    lua_settop(L, 2);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_pushliteral(L, "answers");
    lua_pushcclosure(L, start_subject, 3);
    return 1;
}


const unsigned char *luashim_tape(lua_State *L, size_t *len) {
    luashim_sandbox *sb = luashim_sb(L);
    *len = sb->tape_len;
    return sb->tape;
}

void luashim_batch_reset(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    sb->tape_len = 0;
    sb->batch_position = 0;
    sb->batch_instructions = 0;
}

int64_t luashim_batch_position(lua_State *L) { return luashim_sb(L)->batch_position; }

int64_t luashim_batch_instructions(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    return sb->batch_instructions + sb->instructions_used;
}
