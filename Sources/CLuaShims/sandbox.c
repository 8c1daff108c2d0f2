// The sandboxed Lua state: limiting allocator, instruction/time hook, and the safe library subset.
//
// Everything a script can call that the stock libraries would do unsafely or non-deterministically is
// replaced here: `print` (routed to the host), `load` (text only, size-capped), `require` (framework
// modules and files beside the script only), `collectgarbage` ("count" only), `setmetatable` (no
// finalizers), `rawset` (library tables stay read-only), `pairs`/`next` (stable order), `tostring` and
// `string.format` (no addresses), `math.randomseed` (explicit seeds only) and `coroutine.close`
// (bounded nesting: Lua 5.4.4 overflows the C stack on long chains).
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <stdio.h>
#include <lualib.h>
#include "internal.h"

const char luashim_key_misuse = 0;
const char luashim_key_loaded = 0;
const char luashim_key_preload = 0;
const char luashim_key_readonly = 0;
const char luashim_key_readonly_names = 0;
const char luashim_key_ids = 0;
const char luashim_key_snapshots = 0;
const char luashim_key_module_env = 0;
const char luashim_key_sealed = 0;
const char luashim_key_reseed = 0;

/// Instructions between two runs of the count hook.
#define HOOK_INTERVAL 1000
/// Deepest chain of nested coroutine.close calls allowed.
#define MAX_CLOSE_DEPTH 100
/// Budget for to-be-closed variables that run while a state closes.
#define CLOSE_SECONDS 0.25
#define CLOSE_INSTRUCTIONS 10000000

double luashim_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// MARK: - Allocator

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    luashim_sandbox *sb = (luashim_sandbox *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        sb->memory_used -= old;
        return NULL;
    }
    if (nsize > old && sb->host_mode == 0) {
        if (sb->tripped == LUASHIM_LIMIT_MEMORY) return NULL;
        if (sb->limits.memory_bytes && sb->memory_used - old + nsize > sb->limits.memory_bytes) {
            if (sb->tripped == LUASHIM_LIMIT_NONE) sb->tripped = LUASHIM_LIMIT_MEMORY;
            return NULL;
        }
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) {
        if (nsize > old && sb->tripped == LUASHIM_LIMIT_NONE) sb->tripped = LUASHIM_LIMIT_MEMORY;
        return NULL;
    }
    sb->memory_used = sb->memory_used - old + nsize;
    return block;
}

static int sandbox_panic(lua_State *L) {
    // Never reached: every entry into Lua is protected. Reaching it is a host bug, not a script's.
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(non-string error)";
    fprintf(stderr, "assess: internal error: unprotected Lua error: %s\n", msg);
    abort();
}

// MARK: - Limits

static const char *limit_message(luashim_limit limit) {
    switch (limit) {
    case LUASHIM_LIMIT_MEMORY: return "memory limit exceeded";
    case LUASHIM_LIMIT_INSTRUCTIONS: return "instruction limit exceeded";
    case LUASHIM_LIMIT_TIME: return "time limit exceeded";
    case LUASHIM_LIMIT_OUTPUT: return "output limit exceeded";
    default: return "limit exceeded";
    }
}

int luashim_raise_limit(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    // Sticky: from now on every instruction of this thread and of the main thread raises again, so a
    // `pcall` that caught the error cannot carry on.
    int mask = LUA_MASKCOUNT | (sb->line_fn ? LUA_MASKLINE : 0);
    lua_sethook(L, lua_gethook(L), mask, 1);
    if (sb->main != L) lua_sethook(sb->main, lua_gethook(sb->main), mask, 1);
    if (sb->tripped == LUASHIM_LIMIT_MEMORY) {
        lua_pushliteral(L, "not enough memory");  // short strings are interned: no allocation when it exists
        return lua_error(L);
    }
    return luaL_error(L, "%s", limit_message(sb->tripped));
}

static void check_limits(lua_State *L, luashim_sandbox *sb) {
    if (sb->tripped == LUASHIM_LIMIT_NONE) {
        if (sb->limits.instructions > 0 && sb->instructions_used > sb->limits.instructions)
            sb->tripped = LUASHIM_LIMIT_INSTRUCTIONS;
        else if (sb->deadline > 0 && luashim_now() > sb->deadline)
            sb->tripped = LUASHIM_LIMIT_TIME;
    }
    if (sb->tripped != LUASHIM_LIMIT_NONE) luashim_raise_limit(L);
}

static void sandbox_hook(lua_State *L, lua_Debug *ar) {
    luashim_sandbox *sb = luashim_sb(L);
    if (ar->event == LUA_HOOKLINE) {
        if (sb->line_fn && lua_getinfo(L, "S", ar)) sb->line_fn(sb->line_ctx, ar->source, ar->currentline);
        if (sb->tripped) luashim_raise_limit(L);
        return;
    }
    sb->instructions_used += lua_gethookcount(L);
    check_limits(L, sb);
}

void luashim_enable_coverage(lua_State *L, luashim_line_fn fn, void *ctx) {
    luashim_sandbox *sb = luashim_sb(L);
    sb->line_fn = fn;
    sb->line_ctx = ctx;
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT | LUA_MASKLINE, HOOK_INTERVAL);
}

void luashim_charge(lua_State *L, size_t steps) {
    luashim_sandbox *sb = luashim_sb(L);
    sb->instructions_used += (int64_t)steps;
    // The clock is read once per HOOK_INTERVAL steps charged, as the hook reads it once per
    // HOOK_INTERVAL instructions; the instruction limit is checked every time.
    sb->clock_debt += steps;
    if (sb->clock_debt < HOOK_INTERVAL && sb->tripped == LUASHIM_LIMIT_NONE) {
        if (sb->limits.instructions > 0 && sb->instructions_used > sb->limits.instructions) {
            sb->tripped = LUASHIM_LIMIT_INSTRUCTIONS;
            luashim_raise_limit(L);
        }
        return;
    }
    sb->clock_debt = 0;
    check_limits(L, sb);
}

int luashim_misuse(lua_State *L, const char *fmt, ...) {
    va_list argp;
    va_start(argp, fmt);
    luaL_where(L, 1);
    lua_pushvfstring(L, fmt, argp);
    va_end(argp);
    lua_concat(L, 2);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_misuse);
    return lua_error(L);
}

int luashim_is_misuse(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TSTRING || !lua_checkstack(L, 1)) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_misuse);
    int same = lua_type(L, -1) == LUA_TSTRING && lua_rawequal(L, -1, idx);
    lua_pop(L, 1);
    return same;
}

// MARK: - Object identities (for address-free tostring and ordering of non-scalar keys)

static lua_Integer object_id(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_ids);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    lua_Integer id;
    if (lua_isinteger(L, -1)) {
        id = lua_tointeger(L, -1);
        lua_pop(L, 2);
        return id;
    }
    lua_pop(L, 1);
    id = ++luashim_sb(L)->next_object_id;
    lua_pushvalue(L, idx);
    lua_pushinteger(L, id);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return id;
}

/// Like luaL_tolstring, but tables, functions, threads and userdata print as `type: #id`.
static const char *safe_tolstring(lua_State *L, int idx, size_t *len) {
    idx = lua_absindex(L, idx);
    if (luaL_callmeta(L, idx, "__tostring")) {
        if (!lua_isstring(L, -1)) luaL_error(L, "'__tostring' must return a string");
        return lua_tolstring(L, -1, len);
    }
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
    case LUA_TSTRING:
    case LUA_TBOOLEAN:
    case LUA_TNIL:
        return luaL_tolstring(L, idx, len);
    default: {
        lua_Integer id = object_id(L, idx);
        lua_pushfstring(L, "%s: #%I", luaL_typename(L, idx), id);
        return lua_tolstring(L, -1, len);
    }
    }
}

static int sb_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    safe_tolstring(L, 1, NULL);
    return 1;
}

// MARK: - print

static int sb_print(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    if (sb->tripped) return luashim_raise_limit(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        safe_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (!luashim_count_output(L, len)) return luashim_raise_limit(L);
    if (sb->print_fn) sb->print_fn(sb->print_ctx, s, len);
    return 0;
}

void luashim_reset_output(lua_State *L) { luashim_sb(L)->output_used = 0; }

int luashim_count_output(lua_State *L, size_t bytes) {
    luashim_sandbox *sb = luashim_sb(L);
    sb->output_used += bytes;
    if (sb->limits.output_bytes && sb->output_used > sb->limits.output_bytes) {
        if (sb->tripped == LUASHIM_LIMIT_NONE) sb->tripped = LUASHIM_LIMIT_OUTPUT;
        return 0;
    }
    return 1;
}

// MARK: - load and require

static int sb_load(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    if (lua_type(L, 1) != LUA_TSTRING)
        return luashim_misuse(L, "load: only string chunks are allowed in the sandbox");
    size_t len;
    const char *source = lua_tolstring(L, 1, &len);
    const char *chunkname = luaL_optstring(L, 2, source);
    const char *mode = luaL_optstring(L, 3, "bt");
    int has_env = !lua_isnone(L, 4);
    if (strchr(mode, 't') == NULL) {
        luaL_pushfail(L);
        lua_pushliteral(L, "binary chunks are not allowed in the sandbox");
        return 2;
    }
    if (sb->limits.chunk_bytes && len > sb->limits.chunk_bytes) {
        luaL_pushfail(L);
        lua_pushfstring(L, "chunk is larger than the sandbox allows (%I bytes)", (lua_Integer)sb->limits.chunk_bytes);
        return 2;
    }
    int status = luaL_loadbufferx(L, source, len, chunkname, "t");
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env) {
        lua_pushvalue(L, 4);
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    }
    return 1;
}

static int valid_module_name(const char *name, size_t len) {
    if (len == 0 || len > 200) return 0;
    int segment = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '.') {
            if (segment == 0) return 0;
            segment = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
            segment++;
        } else {
            return 0;
        }
    }
    return segment > 0;
}

static const char loading_sentinel = 0;

static int sb_require(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    size_t len;
    const char *name = luaL_checklstring(L, 1, &len);
    if (!valid_module_name(name, len))
        return luashim_misuse(L, "require: invalid module name '%s'", name);
    lua_settop(L, 1);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_loaded) != LUA_TTABLE) {  // 2
        // A fresh run (see luashim_push_fresh_runner) starts with no table of loaded modules.
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_loaded);
    }
    lua_pushvalue(L, 1);
    lua_rawget(L, 2);                                          // 3
    if (lua_touserdata(L, 3) == &loading_sentinel)
        return luashim_misuse(L, "require: module '%s' is still loading (a circular require, or it failed earlier)", name);
    if (!lua_isnil(L, 3)) return 1;
    lua_pop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_preload);  // 3
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 3) != LUA_TNIL) {                        // 4
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 4);
        lua_rawset(L, 2);
        return 1;
    }
    lua_settop(L, 2);
    if (sb->sealed) {
        // Sealed scorer state has every module it loaded; a new one would outlive the subject.
        sb->seal_violation = 1;
        return luashim_misuse(L, "require: module '%s' was not loaded when the scorer was set up", name);
    }
    const char *source = NULL, *chunkname = NULL;
    size_t source_len = 0;
    if (sb->module_fn == NULL || !sb->module_fn(sb->module_ctx, name, len, &source, &source_len, &chunkname))
        return luashim_misuse(L, "module '%s' not found", name);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, (void *)&loading_sentinel);
    lua_rawset(L, 2);
    if (luaL_loadbufferx(L, source, source_len, chunkname ? chunkname : name, "t") != LUA_OK) {  // 3
        lua_pushvalue(L, 1);
        lua_pushnil(L);
        lua_rawset(L, 2);
        return lua_error(L);
    }
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_module_env) == LUA_TTABLE) {
        if (lua_setupvalue(L, 3, 1) == NULL) lua_pop(L, 1);     // the module runs in the fresh environment
    } else {
        lua_pop(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);                                         // 3: the module's value
    if (lua_isnil(L, 3)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 3);
    lua_rawset(L, 2);
    return 1;
}

// MARK: - Base-library replacements

static int sb_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luashim_misuse(L, "collectgarbage: only \"count\" is available in the sandbox");
    int kb = lua_gc(L, LUA_GCCOUNT);
    int bytes = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)kb + ((lua_Number)bytes / 1024));
    return 1;
}

static int sb_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luashim_misuse(L, "finalizers (__gc) are not allowed in the sandbox");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static int is_readonly(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_readonly);
    lua_pushvalue(L, idx);
    int found = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return found;
}

static int sb_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_readonly(L, 1)) {
        if (luashim_is_sealed(L, 1)) luashim_sb(L)->seal_violation = 1;
        lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_readonly_names);
        lua_pushvalue(L, 1);
        lua_rawget(L, -2);
        return luashim_misuse(L, "attempt to modify read-only table '%s'", lua_tostring(L, -1));
    }
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

/// `rawget` and `rawlen` read the table a read-only proxy guards, so host values and sealed scorer
/// state read like the plain tables they stand for.
static int sb_rawget(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    if (luashim_unproxy(L, 1)) lua_replace(L, 1);
    lua_rawget(L, 1);
    return 1;
}

static int sb_rawlen(lua_State *L) {
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
    lua_settop(L, 1);
    if (t == LUA_TTABLE && luashim_unproxy(L, 1)) lua_replace(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
    return 1;
}

/// `getmetatable` of sealed scorer state is what it was before sealing: none.
static int sb_getmetatable(lua_State *L) {
    luaL_checkany(L, 1);
    if (luashim_is_sealed(L, 1)) {
        lua_pushnil(L);
        return 1;
    }
    if (!lua_getmetatable(L, 1)) {
        lua_pushnil(L);
        return 1;
    }
    luaL_getmetafield(L, 1, "__metatable");
    return 1;
}

// MARK: - Stable iteration

typedef struct sort_key {
    int rank;            // 0 number, 1 string, 2 boolean, 3 other
    int is_int;
    lua_Integer i;
    lua_Number d;
    const char *s;
    size_t len;
    int pos;             // index in the unsorted key array
} sort_key;

static int compare_numbers(const sort_key *a, const sort_key *b) {
    if (a->is_int && b->is_int) return (a->i > b->i) - (a->i < b->i);
    lua_Number x = a->is_int ? (lua_Number)a->i : a->d;
    lua_Number y = b->is_int ? (lua_Number)b->i : b->d;
    if (x < y) return -1;
    if (x > y) return 1;
    return a->is_int - b->is_int;  // equal as doubles: order the integer first (distinct keys anyway)
}

static int compare_keys(const void *pa, const void *pb) {
    const sort_key *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank - b->rank;
    switch (a->rank) {
    case 0: return compare_numbers(a, b);
    case 1: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = memcmp(a->s, b->s, n);
        if (c != 0) return c;
        return (a->len > b->len) - (a->len < b->len);
    }
    default: return (a->i > b->i) - (a->i < b->i);
    }
}

/// Builds {keys = sorted array, index = key -> position} for the table at `t`; leaves it on the stack.
static void build_snapshot(lua_State *L, int t) {
    lua_Integer n = 0;
    lua_newtable(L);                       // unsorted keys
    int keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++n);
    }
    sort_key *sk = (sort_key *)lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(sort_key), 0);
    for (lua_Integer k = 1; k <= n; k++) {
        sort_key *e = &sk[k - 1];
        memset(e, 0, sizeof *e);
        e->pos = (int)k;
        lua_rawgeti(L, keys, k);
        switch (lua_type(L, -1)) {
        case LUA_TNUMBER:
            e->rank = 0;
            e->is_int = lua_isinteger(L, -1);
            if (e->is_int) e->i = lua_tointeger(L, -1); else e->d = lua_tonumber(L, -1);
            break;
        case LUA_TSTRING:
            e->rank = 1;
            e->s = lua_tolstring(L, -1, &e->len);   // kept alive by `keys`
            break;
        case LUA_TBOOLEAN:
            e->rank = 2;
            e->i = lua_toboolean(L, -1);
            break;
        default:
            e->rank = 3;
            e->i = object_id(L, -1);
            break;
        }
        lua_pop(L, 1);
    }
    size_t steps = (size_t)n;
    for (lua_Integer m = n; m > 1; m >>= 1) steps += (size_t)n;
    luashim_charge(L, steps);
    qsort(sk, (size_t)n, sizeof(sort_key), compare_keys);
    lua_createtable(L, 2, 0);              // snapshot
    lua_createtable(L, (int)n, 0);         // sorted keys
    lua_createtable(L, 0, (int)n);         // index
    for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, keys, sk[k - 1].pos);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -4, k);
        lua_pushinteger(L, k);
        lua_rawset(L, -3);
    }
    lua_rawseti(L, -3, 2);
    lua_rawseti(L, -2, 1);
    lua_replace(L, keys);                  // snapshot replaces the unsorted keys
    lua_settop(L, keys);
}

/// `next` in a stable order: numbers ascending, then strings by bytes, then false/true, then others.
static int sb_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (luashim_unproxy(L, 1)) lua_replace(L, 1);  // a read-only proxy iterates the table it guards
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_snapshots);   // 3
    lua_Integer position = 0;
    int snapshot = 0;
    if (!lua_isnil(L, 2)) {
        lua_pushvalue(L, 1);
        if (lua_rawget(L, 3) == LUA_TTABLE) {                     // 4
            lua_rawgeti(L, 4, 2);
            lua_pushvalue(L, 2);
            lua_rawget(L, -2);
            position = lua_tointeger(L, -1);
            lua_pop(L, 2);
            if (position > 0) snapshot = 4;
        }
        if (!snapshot) {
            lua_settop(L, 3);
            build_snapshot(L, 1);                                   // 4
            lua_rawgeti(L, 4, 2);
            lua_pushvalue(L, 2);
            lua_rawget(L, -2);
            position = lua_tointeger(L, -1);
            lua_pop(L, 2);
            if (position == 0) return luaL_error(L, "invalid key to 'next'");
            lua_pushvalue(L, 1);
            lua_pushvalue(L, 4);
            lua_rawset(L, 3);
            snapshot = 4;
        }
    } else {
        build_snapshot(L, 1);                                       // 4
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 4);
        lua_rawset(L, 3);
        snapshot = 4;
    }
    lua_rawgeti(L, snapshot, 1);                                    // 5: sorted keys
    lua_Integer n = (lua_Integer)lua_rawlen(L, 5);
    for (lua_Integer k = position + 1; k <= n; k++) {
        lua_rawgeti(L, 5, k);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, 1) != LUA_TNIL) return 2;
        lua_pop(L, 2);
    }
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    lua_rawset(L, 3);   // traversal finished: drop the snapshot
    lua_pushnil(L);
    return 1;
}

static int sb_pairs(lua_State *L) {
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
        lua_pushcfunction(L, sb_next);
        lua_pushvalue(L, 1);
        lua_pushnil(L);
    } else {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
    }
    return 3;
}

// MARK: - Read-only library tables

static int readonly_newindex(lua_State *L) {
    return luashim_misuse(L, "attempt to modify read-only table '%s'", lua_tostring(L, lua_upvalueindex(1)));
}

/// `pairs` of a read-only proxy: the proxy itself is the iteration state (sb_next reads the table
/// it guards), so the guarded table never reaches a script.
static int readonly_pairs(lua_State *L) {
    lua_pushcfunction(L, sb_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int readonly_len(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
    return 1;
}

/// A write to sealed scorer state: recorded, so the host can score the subject afresh instead.
static int sealed_newindex(lua_State *L) {
    luashim_sb(L)->seal_violation = 1;
    return luashim_misuse(L, "attempt to modify read-only table '%s'", lua_tostring(L, lua_upvalueindex(1)));
}

void luashim_push_proxy(lua_State *L, int real, const char *name, int sealed) {
    real = lua_absindex(L, real);
    luaL_checkstack(L, 6, "value nests too deeply");
    lua_newtable(L);                        // proxy
    lua_createtable(L, 0, 5);               // its metatable
    lua_pushvalue(L, real);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, sealed ? sealed_newindex : readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, readonly_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, readonly_len, 1);
    lua_setfield(L, -2, "__len");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_readonly);   // proxy -> the table it guards
    lua_pushvalue(L, -2);
    lua_pushvalue(L, real);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_readonly_names);  // proxy -> name for messages
    lua_pushvalue(L, -2);
    lua_pushstring(L, name);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    if (sealed) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_sealed);
        lua_pushvalue(L, -2);
        lua_pushboolean(L, 1);
        lua_rawset(L, -3);
        lua_pop(L, 1);
    }
}

int luashim_is_sealed(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_sealed);
    lua_pushvalue(L, idx);
    int found = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return found;
}

void luashim_make_readonly(lua_State *L, const char *name) {
    int real = lua_gettop(L);
    // Nested tables become read-only too (host values are trees: no cycles), so no part of a
    // shared framework value can carry state between scripts or subjects.
    luaL_checkstack(L, 4, "value nests too deeply");
    lua_pushnil(L);
    while (lua_next(L, real) != 0) {
        if (lua_type(L, -1) == LUA_TTABLE && !lua_getmetatable(L, -1)) {
            luashim_make_readonly(L, name);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, real);      // replacing the value of an existing key is allowed during lua_next
        } else if (lua_type(L, -1) == LUA_TTABLE) {
            lua_pop(L, 2);            // it has a metatable already (a library proxy): leave it
        } else {
            lua_pop(L, 1);
        }
    }
    luashim_push_proxy(L, real, name, 0);
    lua_replace(L, real);
}

// MARK: - string.format, math.randomseed, coroutine.close

static int sb_format(lua_State *L) {
    size_t len;
    const char *fmt = luaL_checklstring(L, 1, &len);
    const char *end = fmt + len;
    int arg = 1;
    for (const char *p = fmt; p < end; p++) {
        if (*p != '%') continue;
        if (++p >= end) break;
        if (*p == '%') continue;
        while (p < end && strchr("-+ #0123456789.", *p) != NULL) p++;
        if (p >= end) break;
        arg++;
        if (*p == 'p') return luashim_misuse(L, "string.format: '%%p' is not available in the sandbox");
        if (*p == 's' && arg <= lua_gettop(L)) {
            int t = lua_type(L, arg);
            if (t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TTHREAD || t == LUA_TUSERDATA || t == LUA_TLIGHTUSERDATA) {
                safe_tolstring(L, arg, NULL);
                lua_replace(L, arg);
            }
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/// `math.random`, noting that the generator moved (so the next subject starts it afresh).
static int sb_random(lua_State *L) {
    luashim_sb(L)->random_used = 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

void luashim_reseed_if_used(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    if (!sb->random_used) return;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_reseed);
    lua_pushinteger(L, (lua_Integer)sb->seed);
    lua_call(L, 1, 0);
    sb->random_used = 0;
}

static int sb_randomseed(lua_State *L) {
    luashim_sb(L)->random_used = 1;
    if (lua_gettop(L) == 0)
        return luashim_misuse(L, "math.randomseed: a seed is required in the sandbox");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int sb_coclose(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    if (sb->close_depth >= MAX_CLOSE_DEPTH)
        return luaL_error(L, "coroutine.close: nested too deeply");
    sb->close_depth++;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    sb->close_depth--;
    if (status != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

// MARK: - Loops inside C (the count hook never runs there)
//
// These stock functions loop in C for as long as their arguments say, without allocating when the
// values are nils or empty strings, so neither the hook nor the allocator would stop them. Each
// wrapper charges the loop's length to the instruction budget before running the original.

/// Calls the original (upvalue 1) with all arguments and returns all its results.
static int call_original(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static void charge_range(lua_State *L, lua_Integer first, lua_Integer last) {
    if (last >= first) {
        lua_Unsigned count = (lua_Unsigned)last - (lua_Unsigned)first + 1u;
        luashim_charge(L, count > (lua_Unsigned)INT64_MAX ? (size_t)INT64_MAX : (size_t)count);
    }
}

static int sb_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0 && l + lsep == 0) {     // stock would copy nothing n times
        lua_pushliteral(L, "");
        return 1;
    }
    return call_original(L);
}

static int sb_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    charge_range(L, f, e);
    return call_original(L);
}

static int sb_concat(lua_State *L) {
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer j = lua_isnoneornil(L, 4) ? (luaL_checkany(L, 1), luaL_len(L, 1)) : luaL_checkinteger(L, 4);
    charge_range(L, i, j);
    return call_original(L);
}

/// table.insert(t, pos, v) and table.remove(t, pos) shift `#t - pos` elements. `#t` may come from
/// `__len`, which then runs twice (once here, once in the original).
static int sb_insert(lua_State *L) {
    if (lua_type(L, 1) == LUA_TTABLE && lua_gettop(L) == 3 && lua_isinteger(L, 2))
        charge_range(L, lua_tointeger(L, 2), luaL_len(L, 1));
    return call_original(L);
}

static int sb_remove(lua_State *L) {
    if (lua_type(L, 1) == LUA_TTABLE && lua_isinteger(L, 2))
        charge_range(L, lua_tointeger(L, 2), luaL_len(L, 1));
    return call_original(L);
}

/// A limit error is raised from inside the count hook, where Lua keeps hooks switched off; a
/// script's xpcall message handler would then run unhooked and could loop for ever. Once a limit
/// has tripped the handler is skipped (the error is sticky anyway).
static int guarded_handler(lua_State *L) {
    if (luashim_sb(L)->tripped) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    return call_original(L);
}

// table.sort: Lua 5.4's quicksort picks a clock-seeded random pivot for unbalanced partitions, so
// elements that compare equal can end in a different order from run to run. The sandbox sorts with
// a stable merge sort instead: equal elements keep their original order, on every run. The same
// comparisons are made through `<` (metamethods included) or the script's comparator, and the
// work is charged to the instruction budget.

typedef struct sort_state {
    lua_State *L;
    int values;     // stack index of a table holding the original elements 1..n
    int comparator; // stack index of the comparator, or 0 for `<`
} sort_state;

/// True when element a must come before element b (both 1-based indices into `values`).
static int sort_less(sort_state *st, lua_Integer a, lua_Integer b) {
    lua_State *L = st->L;
    if (st->comparator) {
        lua_pushvalue(L, st->comparator);
        lua_rawgeti(L, st->values, a);
        lua_rawgeti(L, st->values, b);
        lua_call(L, 2, 1);
        int less = lua_toboolean(L, -1);
        lua_pop(L, 1);
        return less;
    }
    lua_rawgeti(L, st->values, a);
    lua_rawgeti(L, st->values, b);
    int less = lua_compare(L, -2, -1, LUA_OPLT);
    lua_pop(L, 2);
    return less;
}

static int sb_sort(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (n > 1) {
        luaL_argcheck(L, n < INT_MAX, 1, "array too big");
        int comparator = 0;
        if (!lua_isnoneornil(L, 2)) {
            luaL_checktype(L, 2, LUA_TFUNCTION);
            comparator = 2;
        }
        lua_settop(L, 2);
        lua_Integer steps = n;
        for (lua_Integer m = n; m > 1; m >>= 1) steps += n;
        charge_range(L, 1, steps);
        // Copy the elements out (through __index, as stock does), then sort positions.
        lua_createtable(L, (int)n, 0);                                  // 3: values
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, 1, i);
            lua_rawseti(L, 3, i);
        }
        lua_Integer *order = (lua_Integer *)lua_newuserdatauv(L, (size_t)n * 2 * sizeof(lua_Integer), 0);  // 4
        lua_Integer *scratch = order + n;
        for (lua_Integer i = 0; i < n; i++) order[i] = i + 1;
        sort_state st = {L, 3, comparator};
        // Bottom-up merge sort: runs of width 1, 2, 4, ... merged from `order` into `scratch`.
        for (lua_Integer width = 1; width < n; width *= 2) {
            for (lua_Integer lo = 0; lo < n; lo += 2 * width) {
                lua_Integer mid = lo + width < n ? lo + width : n;
                lua_Integer hi = lo + 2 * width < n ? lo + 2 * width : n;
                lua_Integer i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    // Take from the right run only when strictly less: equal elements keep their order.
                    if (sort_less(&st, order[j], order[i])) scratch[k++] = order[j++];
                    else scratch[k++] = order[i++];
                }
                while (i < mid) scratch[k++] = order[i++];
                while (j < hi) scratch[k++] = order[j++];
            }
            lua_Integer *swap = order;
            order = scratch;
            scratch = swap;
        }
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, 3, order[i - 1]);
            lua_seti(L, 1, i);
        }
    }
    return 0;
}

/// Replaces field `name` of the table at `t` with a C closure whose upvalue is the original.
static void wrap_field(lua_State *L, int t, const char *name, lua_CFunction f) {
    lua_getfield(L, t, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, t, name);
}

// MARK: - Creation

typedef struct setup_args {
    int64_t seed;
} setup_args;

static void new_weak_table(lua_State *L, const void *key, const char *mode) {
    lua_newtable(L);
    if (mode) {
        lua_createtable(L, 0, 1);
        lua_pushstring(L, mode);
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

static int setup_entry(lua_State *L) {
    setup_args *args = (setup_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    new_weak_table(L, &luashim_key_ids, "k");
    new_weak_table(L, &luashim_key_snapshots, "k");
    new_weak_table(L, &luashim_key_readonly, "k");
    new_weak_table(L, &luashim_key_readonly_names, "k");
    new_weak_table(L, &luashim_key_sealed, "k");
    new_weak_table(L, &luashim_key_loaded, NULL);
    new_weak_table(L, &luashim_key_preload, NULL);

    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);          // 1: _G
    static const char *const removed[] = {"dofile", "loadfile", "warn", NULL};
    for (int i = 0; removed[i]; i++) {
        lua_pushnil(L);
        lua_setfield(L, 1, removed[i]);
    }
    static const luaL_Reg replaced[] = {
        {"print", sb_print}, {"load", sb_load}, {"require", sb_require},
        {"collectgarbage", sb_collectgarbage}, {"setmetatable", sb_setmetatable},
        {"rawset", sb_rawset}, {"next", sb_next}, {"pairs", sb_pairs}, {"tostring", sb_tostring},
        {"rawget", sb_rawget}, {"rawlen", sb_rawlen}, {"getmetatable", sb_getmetatable},
        {NULL, NULL}};
    luaL_setfuncs(L, replaced, 0);
    wrap_field(L, 1, "xpcall", sb_xpcall);

    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);   // 2
    lua_pushnil(L);
    lua_setfield(L, 2, "dump");
    luashim_open_patterns(L, 2);
    wrap_field(L, 2, "format", sb_format);
    wrap_field(L, 2, "rep", sb_rep);
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);                               // the string metatable: protect it
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);    // 3
    lua_getfield(L, 3, "randomseed");
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_reseed);   // the stock one, for reseeding
    lua_pushinteger(L, (lua_Integer)args->seed);
    lua_call(L, 1, 0);
    luashim_sb(L)->seed = args->seed;
    luashim_sb(L)->random_used = 0;
    wrap_field(L, 3, "randomseed", sb_randomseed);
    wrap_field(L, 3, "random", sb_random);

    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 0); // 4
    wrap_field(L, 4, "close", sb_coclose);

    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);    // 5
    wrap_field(L, 5, "move", sb_move);
    wrap_field(L, 5, "concat", sb_concat);
    wrap_field(L, 5, "insert", sb_insert);
    wrap_field(L, 5, "remove", sb_remove);
    lua_pushcfunction(L, sb_sort);
    lua_setfield(L, 5, "sort");
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);    // 6

    static const char *const libs[] = {LUA_STRLIBNAME, LUA_MATHLIBNAME, LUA_COLIBNAME, LUA_TABLIBNAME, LUA_UTF8LIBNAME};
    for (int i = 0; i < 5; i++) {
        lua_pushvalue(L, 2 + i);
        luashim_make_readonly(L, libs[i]);
        lua_setfield(L, 1, libs[i]);
    }
    return 0;
}

lua_State *luashim_sandbox_new(const luashim_limits *limits, int64_t seed,
                               luashim_print_fn print_fn, void *print_ctx,
                               luashim_module_fn module_fn, void *module_ctx) {
    luashim_sandbox *sb = (luashim_sandbox *)calloc(1, sizeof(luashim_sandbox));
    if (sb == NULL) return NULL;
    sb->limits = *limits;
    sb->print_fn = print_fn;
    sb->print_ctx = print_ctx;
    sb->module_fn = module_fn;
    sb->module_ctx = module_ctx;
    lua_State *L = lua_newstate(sandbox_alloc, sb);
    if (L == NULL) {
        free(sb);
        return NULL;
    }
    sb->main = L;
    lua_atpanic(L, sandbox_panic);
    setup_args args = {seed};
    lua_pushcfunction(L, setup_entry);
    lua_pushlightuserdata(L, &args);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        luashim_sandbox_close(L);
        return NULL;
    }
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, HOOK_INTERVAL);
    return L;
}

void luashim_sandbox_close(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    // lua_close runs pending to-be-closed variables of the main thread: give them a short budget.
    sb->instructions_used = 0;
    if (sb->limits.instructions <= 0 || sb->limits.instructions > CLOSE_INSTRUCTIONS)
        sb->limits.instructions = CLOSE_INSTRUCTIONS;
    sb->deadline = luashim_now() + CLOSE_SECONDS;
    lua_close(L);
    for (int i = 0; i < sb->encoders_cap; i++)
        if (sb->encoders[i]) luashim_encoder_free(sb->encoders[i]);
    free(sb->encoders);
    free(sb->traceback);
    free(sb->tape);
    free(sb);
}

luashim_limit luashim_tripped(lua_State *L) { return luashim_sb(L)->tripped; }

void luashim_trip(lua_State *L, luashim_limit limit) {
    luashim_sandbox *sb = luashim_sb(L);
    if (sb->tripped == LUASHIM_LIMIT_NONE) sb->tripped = limit;
}

size_t luashim_memory_used(lua_State *L) { return luashim_sb(L)->memory_used; }
int64_t luashim_instructions_used(lua_State *L) { return luashim_sb(L)->instructions_used; }
luashim_limits luashim_get_limits(lua_State *L) { return luashim_sb(L)->limits; }
int luashim_live_refs(lua_State *L) { return luashim_sb(L)->live_refs; }

int luashim_unproxy(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || !lua_checkstack(L, 2)) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_readonly);
    lua_pushvalue(L, idx);
    if (lua_rawget(L, -2) == LUA_TTABLE) {
        lua_remove(L, -2);
        return 1;
    }
    lua_pop(L, 2);
    return 0;
}
