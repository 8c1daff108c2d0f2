// The Swift <-> Lua bridge: encoded values, protected twins of raising API calls, host calls into
// Lua with a message handler, and the trampoline that lets Swift functions raise errors safely.
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/// Deepest table nesting the encoder pushes (matches the reader's limit in Swift).
#define MAX_PUSH_DEPTH 200

// MARK: - Encoder

typedef enum enc_tag { ENC_NIL, ENC_BOOL, ENC_INT, ENC_NUM, ENC_STR, ENC_TABLE, ENC_REF, ENC_HOSTFN } enc_tag;

typedef struct enc_item {
    enc_tag tag;
    int a, b;            // TABLE: narr, nrec; BOOL: value; REF: ref
    int64_t i;
    double n;
    size_t off, len;     // STR: bytes in the arena
    luashim_host_fn fn;  // HOSTFN
    void *ctx;
} enc_item;

struct luashim_encoder {
    enc_item *items;
    size_t count, cap;
    char *bytes;
    size_t used, bytes_cap;
    int top_level;       // values at depth 0
    int pending;         // items still owed to open tables (tracks depth-0 values)
    int failed;
    char *error;
    size_t error_len;
    int error_misuse;
    // Stack of open tables: how many items each still expects.
    int *open;
    size_t open_count, open_cap;
};

luashim_encoder *luashim_encoder_new(void) {
    return (luashim_encoder *)calloc(1, sizeof(luashim_encoder));
}

void luashim_encoder_free(luashim_encoder *e) {
    if (!e) return;
    free(e->items);
    free(e->bytes);
    free(e->error);
    free(e->open);
    free(e);
}

void luashim_encoder_reset(luashim_encoder *e) {
    e->count = 0;
    e->used = 0;
    e->top_level = 0;
    e->failed = 0;
    e->open_count = 0;
    e->error_len = 0;
    e->error_misuse = 0;
}

int luashim_encoder_failed(const luashim_encoder *e) { return e->failed; }
int luashim_encoder_count(const luashim_encoder *e) { return e->top_level; }

/// Accounts for one value: it either fills a slot of the innermost open table or is top-level.
static void enc_took_slot(luashim_encoder *e) {
    while (e->open_count > 0) {
        int *remaining = &e->open[e->open_count - 1];
        if (*remaining > 0) {
            (*remaining)--;
            return;
        }
        e->open_count--;  // a finished table
    }
    e->top_level++;
}

/// After a value was appended, close every table whose slots are all filled.
static void enc_close_full(luashim_encoder *e) {
    while (e->open_count > 0 && e->open[e->open_count - 1] == 0) e->open_count--;
}

static enc_item *enc_push(luashim_encoder *e, enc_tag tag) {
    if (e->failed) return NULL;
    if (e->count == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        enc_item *items = (enc_item *)realloc(e->items, cap * sizeof(enc_item));
        if (!items) {
            e->failed = 1;
            return NULL;
        }
        e->items = items;
        e->cap = cap;
    }
    enc_took_slot(e);
    enc_item *it = &e->items[e->count++];
    memset(it, 0, sizeof *it);
    it->tag = tag;
    return it;
}

void luashim_enc_nil(luashim_encoder *e) { if (enc_push(e, ENC_NIL)) enc_close_full(e); }

void luashim_enc_bool(luashim_encoder *e, int b) {
    enc_item *it = enc_push(e, ENC_BOOL);
    if (it) { it->a = b != 0; enc_close_full(e); }
}

void luashim_enc_int(luashim_encoder *e, int64_t i) {
    enc_item *it = enc_push(e, ENC_INT);
    if (it) { it->i = i; enc_close_full(e); }
}

void luashim_enc_num(luashim_encoder *e, double n) {
    enc_item *it = enc_push(e, ENC_NUM);
    if (it) { it->n = n; enc_close_full(e); }
}

void luashim_enc_str(luashim_encoder *e, const char *s, size_t len) {
    enc_item *it = enc_push(e, ENC_STR);
    if (!it) return;
    if (e->used + len > e->bytes_cap) {
        size_t cap = e->bytes_cap ? e->bytes_cap : 256;
        while (cap < e->used + len) cap *= 2;
        char *bytes = (char *)realloc(e->bytes, cap);
        if (!bytes) {
            e->failed = 1;
            return;
        }
        e->bytes = bytes;
        e->bytes_cap = cap;
    }
    if (len) memcpy(e->bytes + e->used, s, len);
    it->off = e->used;
    it->len = len;
    e->used += len;
    enc_close_full(e);
}

void luashim_enc_table(luashim_encoder *e, int narr, int nrec) {
    enc_item *it = enc_push(e, ENC_TABLE);
    if (!it) return;
    it->a = narr;
    it->b = nrec;
    int slots = narr + 2 * nrec;
    if (slots == 0) {
        enc_close_full(e);
        return;
    }
    if (e->open_count == e->open_cap) {
        size_t cap = e->open_cap ? e->open_cap * 2 : 16;
        int *open = (int *)realloc(e->open, cap * sizeof(int));
        if (!open) {
            e->failed = 1;
            return;
        }
        e->open = open;
        e->open_cap = cap;
    }
    e->open[e->open_count++] = slots;
}

void luashim_enc_ref(luashim_encoder *e, int ref) {
    enc_item *it = enc_push(e, ENC_REF);
    if (it) { it->a = ref; enc_close_full(e); }
}

void luashim_enc_hostfn(luashim_encoder *e, luashim_host_fn fn, void *ctx) {
    enc_item *it = enc_push(e, ENC_HOSTFN);
    if (it) { it->fn = fn; it->ctx = ctx; enc_close_full(e); }
}

void luashim_enc_error(luashim_encoder *e, const char *msg, size_t len, int misuse) {
    char *copy = (char *)realloc(e->error, len + 1);
    if (!copy) {
        e->failed = 1;
        return;
    }
    memcpy(copy, msg, len);
    copy[len] = 0;
    e->error = copy;
    e->error_len = len;
    e->error_misuse = misuse;
}

static void push_item(lua_State *L, luashim_encoder *e, size_t *cursor, int depth) {
    enc_item *it = &e->items[(*cursor)++];
    switch (it->tag) {
    case ENC_NIL: lua_pushnil(L); break;
    case ENC_BOOL: lua_pushboolean(L, it->a); break;
    case ENC_INT: lua_pushinteger(L, (lua_Integer)it->i); break;
    case ENC_NUM: lua_pushnumber(L, (lua_Number)it->n); break;
    case ENC_STR: lua_pushlstring(L, e->bytes + it->off, it->len); break;
    case ENC_REF: lua_rawgeti(L, LUA_REGISTRYINDEX, it->a); break;
    case ENC_HOSTFN:
        lua_pushlightuserdata(L, (void *)it->fn);
        lua_pushlightuserdata(L, it->ctx);
        lua_pushcclosure(L, luashim_host_trampoline, 2);
        break;
    case ENC_TABLE: {
        if (depth >= MAX_PUSH_DEPTH) luaL_error(L, "value nests deeper than %d levels", MAX_PUSH_DEPTH);
        luaL_checkstack(L, 4, "value nests too deeply");
        int narr = it->a, nrec = it->b;
        lua_createtable(L, narr, nrec);
        for (int k = 1; k <= narr; k++) {
            push_item(L, e, cursor, depth + 1);
            lua_rawseti(L, -2, k);
        }
        for (int k = 0; k < nrec; k++) {
            push_item(L, e, cursor, depth + 1);
            push_item(L, e, cursor, depth + 1);
            lua_rawset(L, -3);
        }
        break;
    }
    }
}

void luashim_push_encoded_raw(lua_State *L, luashim_encoder *e) {
    if (e->failed) luaL_error(L, "not enough memory to pass values to the script");
    luaL_checkstack(L, e->top_level + 1, "too many values");
    size_t cursor = 0;
    for (int v = 0; v < e->top_level; v++) push_item(L, e, &cursor, 0);
}

// MARK: - Protected twins

static int push_entry(lua_State *L) {
    luashim_encoder *e = (luashim_encoder *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    luashim_push_encoded_raw(L, e);
    return lua_gettop(L);
}

/// Runs `f` with one light-userdata argument under lua_pcall; on failure leaves the message on top.
static int protected_run(lua_State *L, lua_CFunction f, void *arg, int nresults) {
    if (!lua_checkstack(L, 3)) return LUA_ERRMEM;
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, arg);
    return lua_pcall(L, 1, nresults, 0);
}

int luashim_push_encoded(lua_State *L, luashim_encoder *e) {
    return protected_run(L, push_entry, e, LUA_MULTRET);
}

typedef struct global_args {
    const char *name;
    luashim_encoder *e;
    int readonly;
    const void *table_key;  // NULL: globals; else a registry table to store into
} global_args;

static int set_entry(lua_State *L) {
    global_args *g = (global_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    luashim_push_encoded_raw(L, g->e);
    if (lua_gettop(L) != 1) return luaL_error(L, "expected exactly one value for '%s'", g->name);
    if (g->readonly && lua_type(L, 1) == LUA_TTABLE) luashim_make_readonly(L, g->name);
    if (g->table_key) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, g->table_key);
        lua_pushvalue(L, 1);
        lua_setfield(L, -2, g->name);
    } else {
        lua_setglobal(L, g->name);
    }
    return 0;
}

int luashim_set_global(lua_State *L, const char *name, luashim_encoder *e, int readonly) {
    global_args g = {name, e, readonly, NULL};
    return protected_run(L, set_entry, &g, 0);
}

int luashim_preload(lua_State *L, const char *name, luashim_encoder *e, int readonly) {
    global_args g = {name, e, readonly, &luashim_key_preload};
    return protected_run(L, set_entry, &g, 0);
}

static int ref_entry(lua_State *L) {
    int *ref = (int *)lua_touserdata(L, 2);
    lua_settop(L, 1);
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    luashim_sb(L)->live_refs++;
    return 0;
}

int luashim_ref(lua_State *L, int *ref) {
    if (!lua_checkstack(L, 3)) return LUA_ERRMEM;
    lua_pushcfunction(L, ref_entry);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, ref);
    return lua_pcall(L, 2, 0, 0);
}

static int unref_entry(lua_State *L) {
    int ref = (int)(intptr_t)lua_touserdata(L, 1);
    luaL_unref(L, LUA_REGISTRYINDEX, ref);
    luashim_sb(L)->live_refs--;
    return 0;
}

int luashim_unref(lua_State *L, int ref) {
    int status = protected_run(L, unref_entry, (void *)(intptr_t)ref, 0);
    if (status != LUA_OK) lua_pop(L, 1);
    return status;
}

typedef struct load_args {
    const char *source;
    size_t len;
    const char *chunkname;
} load_args;

static int load_entry(lua_State *L) {
    load_args *a = (load_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    int status = luaL_loadbufferx(L, a->source, a->len, a->chunkname, "t");
    lua_pushinteger(L, status);
    return 2;
}

int luashim_load(lua_State *L, const char *source, size_t len, const char *chunkname) {
    load_args a = {source, len, chunkname};
    int status = protected_run(L, load_entry, &a, 2);
    if (status != LUA_OK) return status;
    status = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    return status;
}

// MARK: - Calls from the host into Lua

/// Message handler: turns any error value into a string without running metamethods, and keeps a
/// traceback for the host.
static int message_handler(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    sb->host_mode++;
    int t = lua_type(L, 1);
    if (t == LUA_TNUMBER) {
        lua_pushvalue(L, 1);
        lua_tolstring(L, -1, NULL);
    } else if (t != LUA_TSTRING) {
        lua_pushfstring(L, "(error object is a %s value)", lua_typename(L, t));
    } else {
        lua_pushvalue(L, 1);
    }
    luaL_traceback(L, L, NULL, 1);
    size_t len;
    const char *tb = lua_tolstring(L, -1, &len);
    char *copy = (char *)realloc(sb->traceback, len + 1);
    if (copy) {
        memcpy(copy, tb, len);
        copy[len] = 0;
        sb->traceback = copy;
    }
    lua_pop(L, 1);
    sb->host_mode--;
    return 1;
}

typedef struct call_args {
    luashim_encoder *args;
    int ref;
} call_args;

static int call_entry(lua_State *L) {
    call_args *c = (call_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, c->ref);
    if (c->args) luashim_push_encoded_raw(L, c->args);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// Pushes a message outside protected mode: allocation is uncapped here, so it cannot raise.
static void push_host_message(lua_State *L, const char *message) {
    luashim_sandbox *sb = luashim_sb(L);
    sb->host_mode++;
    lua_pushstring(L, message);
    sb->host_mode--;
}

int luashim_call(lua_State *L, int fn_ref, luashim_encoder *args, int *base, int *nresults) {
    luashim_sandbox *sb = luashim_sb(L);
    int top = lua_gettop(L);
    *base = top;
    *nresults = 0;
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    int outermost = sb->call_depth == 0;
    if (outermost) {
        sb->instructions_used = 0;
        sb->deadline = sb->limits.seconds > 0 ? luashim_now() + sb->limits.seconds : 0;
        if (sb->traceback) sb->traceback[0] = 0;
        lua_pushnil(L);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_misuse);  // the registry field exists: no allocation
    }
    if (sb->tripped) {
        push_host_message(L, "limit exceeded");
        return LUA_ERRRUN;
    }
    int host_mode = sb->host_mode;
    call_args c = {args, fn_ref};
    lua_pushcfunction(L, message_handler);
    lua_pushcfunction(L, call_entry);
    lua_pushlightuserdata(L, &c);
    sb->call_depth++;
    int status = lua_pcall(L, 1, LUA_MULTRET, top + 1);
    sb->call_depth--;
    sb->host_mode = host_mode;
    lua_remove(L, top + 1);  // the message handler
    if (status == LUA_OK && sb->tripped) {
        // A limit tripped but the script swallowed it on its very last instruction: still a failure.
        lua_settop(L, top);
        push_host_message(L, "limit exceeded");
        status = LUA_ERRRUN;
    }
    if (status != LUA_OK && lua_type(L, -1) != LUA_TSTRING) {
        lua_pop(L, 1);
        push_host_message(L, "(error object is not a string)");
    }
    *nresults = lua_gettop(L) - top;
    return status;
}

const char *luashim_last_traceback(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    return sb->traceback ? sb->traceback : "";
}

// MARK: - Host functions

int luashim_host_trampoline(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    if (sb->tripped) return luashim_raise_limit(L);
    luashim_host_fn fn = (luashim_host_fn)lua_touserdata(L, lua_upvalueindex(1));
    void *ctx = lua_touserdata(L, lua_upvalueindex(2));
    int depth = sb->host_depth;
    if (depth >= sb->encoders_cap) {
        int cap = sb->encoders_cap ? sb->encoders_cap * 2 : 8;
        luashim_encoder **encoders = (luashim_encoder **)realloc(sb->encoders, (size_t)cap * sizeof(*encoders));
        if (!encoders) return luaL_error(L, "not enough memory");
        memset(encoders + sb->encoders_cap, 0, (size_t)(cap - sb->encoders_cap) * sizeof(*encoders));
        sb->encoders = encoders;
        sb->encoders_cap = cap;
    }
    if (!sb->encoders[depth] && !(sb->encoders[depth] = luashim_encoder_new()))
        return luaL_error(L, "not enough memory");
    luashim_encoder *results = sb->encoders[depth];
    luashim_encoder_reset(results);
    sb->host_depth++;
    int n = fn(L, ctx, results);   // Swift runs here; it never raises
    sb->host_depth--;
    // The Swift frame is gone: raising is safe from here on.
    if (sb->tripped) return luashim_raise_limit(L);
    if (n < 0) {
        luaL_where(L, 1);
        if (results->error) lua_pushlstring(L, results->error, results->error_len);
        else lua_pushliteral(L, "host function failed");
        lua_concat(L, 2);
        if (results->error_misuse) {
            lua_pushvalue(L, -1);
            lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_misuse);
        }
        return lua_error(L);
    }
    int before = lua_gettop(L);
    luashim_push_encoded_raw(L, results);
    return lua_gettop(L) - before;
}

int luashim_where(lua_State *L, int level, char *chunk, size_t chunk_size, int *line) {
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar)) return 0;
        if (ar.currentline > 0) {
            if (chunk_size) {
                strncpy(chunk, ar.short_src, chunk_size - 1);
                chunk[chunk_size - 1] = 0;
            }
            *line = ar.currentline;
            return 1;
        }
    }
    return 0;
}

// MARK: - Fresh runs (isolation between subjects)

static int fresh_runner(lua_State *L) {
    int nargs = lua_gettop(L);
    // A new environment: reads fall through to the base globals, writes stay here. Its metatable
    // is made once per runner and protected (`__metatable`), so no run can change it.
    lua_createtable(L, 0, 4);                                   // env
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    // Modules required from files are loaded afresh, into this environment (the table of loaded
    // modules is made by the first require of the run).
    lua_pushboolean(L, 0);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_loaded);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_module_env);
    // The chunk's first upvalue is its _ENV.
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, -2);
    if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1);
    lua_remove(L, -2);                                          // the env (still referenced by the chunk)
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

typedef struct runner_args {
    int chunk_ref, base_ref;
} runner_args;

static int runner_entry(lua_State *L) {
    runner_args *a = (runner_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, a->chunk_ref);
    lua_createtable(L, 0, 2);                                   // the environments' metatable
    lua_rawgeti(L, LUA_REGISTRYINDEX, a->base_ref > 0 ? a->base_ref : LUA_RIDX_GLOBALS);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushcclosure(L, fresh_runner, 2);
    return 1;
}

int luashim_push_fresh_runner(lua_State *L, int chunk_ref, int base_ref) {
    runner_args a = {chunk_ref, base_ref};
    return protected_run(L, runner_entry, &a, 1);
}
