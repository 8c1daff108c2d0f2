// Sealed scorers: the plugin's chunk runs once per scoring sandbox instead of once per subject.
//
// Subjects must not be able to reach each other's data through a scorer's own state. Running the
// chunk afresh for every subject guarantees it (new closures, new tables, new globals), but costs
// more than many scoring rules. `seal` gets the same guarantee from one run: it walks everything
// the declaration, the chunk's globals and its loaded modules can reach, and
//   - makes every table read-only (a proxy; nested tables too, shared and cyclic ones once), so a
//     write raises and is recorded as a violation (`violated()`);
//   - records every upvalue of every Lua function it reaches (the scorer's module-level locals)
//     that some code can assign (a `SETUPVAL` in the function or a function it makes, read from
//     its binary chunk), which `restore` sets back to its sealed value before each subject, so
//     assigning one lasts for one subject only;
//   - refuses (returns nil and why) when the state holds anything it cannot make safe: a table
//     with a metatable of its own, a table used as a key, a coroutine, a userdata, or a C function
//     with upvalues that is not one of the sandbox's library functions.
// The host scores a subject whose scorer wrote to sealed state (`violated()`, or the error it
// raised) again with the chunk run afresh, and keeps doing so for the rest of the session, so
// results are those of fresh runs in every case. `require` of a module the chunk had not loaded
// is such a write.
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/// Deepest nesting the walk follows (deeper state is refused, and the scorer runs afresh).
#define SEAL_DEPTH 200
#define SEALED_NAME "scorer state"

typedef struct walk {
    lua_State *L;
    int visited;    // value -> true
    int tables;     // list of tables to seal
    int upvalues;   // flat list: function, index, function, index, ...
    int ids;        // upvalue id (light userdata) -> true
    int allowed;    // C functions of the sandbox's libraries -> true
    int written;    // upvalue id (light userdata) -> true, for upvalues some function may assign
    int env;        // the chunk's environment (it alone may have a metatable)
    const char *refused;
} walk;

static int mark(walk *w, int idx) {
    lua_State *L = w->L;
    lua_pushvalue(L, idx);
    if (lua_rawget(L, w->visited) != LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, w->visited);
    return 1;
}

static void append(lua_State *L, int list, int idx) {
    lua_pushvalue(L, idx);
    lua_rawseti(L, list, (lua_Integer)lua_rawlen(L, list) + 1);
}

static void visit(walk *w, int idx, int depth);

static void visit_table(walk *w, int idx, int depth) {
    lua_State *L = w->L;
    if (luashim_unproxy(L, idx)) {  // the host's read-only values (instrument, libraries): already safe
        lua_pop(L, 1);
        return;
    }
    if (!mark(w, idx)) return;
    if (!lua_rawequal(L, idx, w->env) && lua_getmetatable(L, idx)) {
        lua_pop(L, 1);
        w->refused = "a table with a metatable";
        return;
    }
    append(L, w->tables, idx);
    lua_pushnil(L);
    while (!w->refused && lua_next(L, idx)) {
        int t = lua_type(L, -2);
        if (t == LUA_TTABLE || t == LUA_TTHREAD || t == LUA_TUSERDATA) w->refused = "a table or object used as a key";
        else if (t == LUA_TFUNCTION) visit(w, lua_gettop(L) - 1, depth + 1);
        if (!w->refused) visit(w, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
    }
    if (w->refused) lua_pop(L, 1);  // the key lua_next left
}

// MARK: - Which upvalues a function can assign
//
// Only `SETUPVAL` changes an upvalue, so a module-level local that no function assigns needs no
// setting back. A function's assigned upvalues are found in its binary chunk (`lua_dump`): its
// own `SETUPVAL`s, and those of the functions it makes (nested prototypes) on upvalues they take
// from it. Anything unexpected in the chunk counts every upvalue as assigned.

#define OP_SETUPVAL 10  /* lopcodes.h, Lua 5.4 */

typedef struct chunk_buf {
    unsigned char *bytes;
    size_t len, cap;
} chunk_buf;

static int chunk_writer(lua_State *L, const void *p, size_t size, void *ud) {
    (void)L;
    chunk_buf *b = (chunk_buf *)ud;
    if (b->len + size > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + size) cap *= 2;
        unsigned char *bytes = (unsigned char *)realloc(b->bytes, cap);
        if (bytes == NULL) return 1;
        b->bytes = bytes;
        b->cap = cap;
    }
    memcpy(b->bytes + b->len, p, size);
    b->len += size;
    return 0;
}

typedef struct chunk_reader {
    const unsigned char *p, *end;
    int ok;
} chunk_reader;

static int read_byte(chunk_reader *r) {
    if (r->p >= r->end) { r->ok = 0; return 0; }
    return *r->p++;
}

static size_t read_size(chunk_reader *r) {  // ldump.c dumpSize: 7-bit groups, last byte marked
    size_t x = 0;
    for (int i = 0; i < 10 && r->ok; i++) {
        int b = read_byte(r);
        x = (x << 7) | (size_t)(b & 0x7f);
        if (b & 0x80) return x;
    }
    r->ok = 0;
    return 0;
}

static void skip(chunk_reader *r, size_t n) {
    if ((size_t)(r->end - r->p) < n) { r->ok = 0; return; }
    r->p += n;
}

static void skip_string(chunk_reader *r) {
    size_t n = read_size(r);
    if (n > 0) skip(r, n - 1);
}

/// Reads one function of a binary chunk; sets in `assigned` the bits of its upvalues that it or a
/// function it makes can assign, and copies its upvalue descriptions (in the stack or not, index).
static void read_function(chunk_reader *r, unsigned char assigned[32], unsigned char instack[256], unsigned char index[256],
                          size_t *upvalues, int depth) {
    if (depth > 200) { r->ok = 0; return; }
    skip_string(r);                                   // source
    read_size(r); read_size(r);                       // first and last line
    skip(r, 3);                                       // parameters, vararg, stack size
    size_t code = read_size(r);
    for (size_t i = 0; i < code && r->ok; i++) {
        if ((size_t)(r->end - r->p) < 4) { r->ok = 0; break; }
        uint32_t instruction;
        memcpy(&instruction, r->p, 4);
        r->p += 4;
        if ((instruction & 0x7F) == OP_SETUPVAL) {
            unsigned b = (instruction >> 16) & 0xFF;  // iABC: UpValue[B] := R[A]
            assigned[b / 8] |= (unsigned char)(1u << (b % 8));
        }
    }
    size_t constants = read_size(r);
    for (size_t i = 0; i < constants && r->ok; i++) {
        switch (read_byte(r)) {
        case 0: case 1: case 17: break;               // nil, false, true
        case 3: case 19: skip(r, 8); break;           // integer, float
        case 4: case 20: skip_string(r); break;       // short, long string
        default: r->ok = 0;
        }
    }
    size_t n = read_size(r);
    if (n > 255) { r->ok = 0; return; }
    *upvalues = n;
    for (size_t i = 0; i < n && r->ok; i++) {
        instack[i] = (unsigned char)read_byte(r);
        index[i] = (unsigned char)read_byte(r);
        read_byte(r);                                 // kind
    }
    size_t protos = read_size(r);
    for (size_t p = 0; p < protos && r->ok; p++) {
        unsigned char child[32] = {0}, child_instack[256], child_index[256];
        size_t child_upvalues = 0;
        read_function(r, child, child_instack, child_index, &child_upvalues, depth + 1);
        for (size_t j = 0; j < child_upvalues && r->ok; j++) {
            // A nested function's upvalue taken from this function's upvalue (not its stack).
            if ((child[j / 8] & (1u << (j % 8))) && child_instack[j] == 0)
                assigned[child_index[j] / 8] |= (unsigned char)(1u << (child_index[j] % 8));
        }
    }
    size_t lines = read_size(r);                      // debug information (none when stripped)
    skip(r, lines);
    size_t absolute = read_size(r);
    for (size_t i = 0; i < absolute && r->ok; i++) { read_size(r); read_size(r); }
    size_t locals = read_size(r);
    for (size_t i = 0; i < locals && r->ok; i++) { skip_string(r); read_size(r); read_size(r); }
    size_t names = read_size(r);
    for (size_t i = 0; i < names && r->ok; i++) skip_string(r);
}

/// The upvalues of the Lua function at `idx` that some code can assign (bits by index - 1);
/// every one when its chunk cannot be read.
static void assigned_upvalues(lua_State *L, int idx, unsigned char assigned[32]) {
    chunk_buf b = {NULL, 0, 0};
    lua_pushvalue(L, idx);
    int failed = lua_dump(L, chunk_writer, &b, 1);
    lua_pop(L, 1);
    memset(assigned, 0, 32);
    chunk_reader r = {b.bytes, b.bytes + b.len, b.bytes != NULL && !failed};
    static const unsigned char header[] = {0x1b, 'L', 'u', 'a', 0x54, 0, 0x19, 0x93, '\r', '\n', 0x1a, '\n', 4, 8, 8};
    if (r.ok && b.len > sizeof header + 17 && memcmp(b.bytes, header, sizeof header) == 0) {
        r.p += sizeof header + 8 + 8 + 1;             // the integer and float checks, main upvalue count
        unsigned char instack[256], index[256];
        size_t upvalues = 0;
        read_function(&r, assigned, instack, index, &upvalues, 0);
    } else {
        r.ok = 0;
    }
    if (!r.ok) memset(assigned, 0xFF, 32);
    free(b.bytes);
}

static void visit_function(walk *w, int idx, int depth) {
    lua_State *L = w->L;
    if (!mark(w, idx)) return;
    if (lua_iscfunction(L, idx)) {
        if (lua_getupvalue(L, idx, 1) == NULL) return;  // no state
        lua_pop(L, 1);
        lua_pushvalue(L, idx);
        if (lua_rawget(L, w->allowed) == LUA_TNIL) w->refused = "a C function with state";
        lua_pop(L, 1);
        return;
    }
    unsigned char assigned[32];
    assigned_upvalues(L, idx, assigned);
    for (int i = 1; !w->refused; i++) {
        if (lua_getupvalue(L, idx, i) == NULL) break;
        int value = lua_gettop(L);
        if (i > 256 || (assigned[(i - 1) / 8] & (1u << ((i - 1) % 8)))) {
            lua_pushlightuserdata(L, lua_upvalueid(L, idx, i));
            lua_pushboolean(L, 1);
            lua_rawset(L, w->written);
        }
        lua_pushlightuserdata(L, lua_upvalueid(L, idx, i));
        if (lua_rawget(L, w->ids) == LUA_TNIL) {
            lua_pop(L, 1);
            lua_pushlightuserdata(L, lua_upvalueid(L, idx, i));
            lua_pushboolean(L, 1);
            lua_rawset(L, w->ids);
            append(L, w->upvalues, idx);
            lua_pushinteger(L, i);
            lua_rawseti(L, w->upvalues, (lua_Integer)lua_rawlen(L, w->upvalues) + 1);
            visit(w, value, depth + 1);
        } else {
            lua_pop(L, 1);
        }
        lua_settop(L, value - 1);
    }
}

static void visit(walk *w, int idx, int depth) {
    lua_State *L = w->L;
    idx = lua_absindex(L, idx);
    if (w->refused) return;
    if (depth > SEAL_DEPTH) {
        w->refused = "state nested too deeply";
        return;
    }
    luaL_checkstack(L, 8, "seal");
    switch (lua_type(L, idx)) {
    case LUA_TTABLE: visit_table(w, idx, depth); break;
    case LUA_TFUNCTION: visit_function(w, idx, depth); break;
    case LUA_TTHREAD: w->refused = "a coroutine"; break;
    case LUA_TUSERDATA: w->refused = "a userdata"; break;
    default: break;  // nil, booleans, numbers, strings, light userdata: immutable
    }
}

/// The proxy of the value at `idx` when it is a sealed table; else the value itself. Pushes one.
static void sealed_value(lua_State *L, int proxies, int idx) {
    lua_pushvalue(L, idx);
    if (lua_type(L, -1) != LUA_TTABLE) return;
    if (lua_rawget(L, proxies) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushvalue(L, idx);
    }
}

/// Collects the C functions of the sandbox's global libraries (the table at `globals`) into `into`.
static void allow_library_functions(lua_State *L, int globals, int into) {
    lua_pushnil(L);
    while (lua_next(L, globals)) {
        if (lua_type(L, -1) == LUA_TFUNCTION) {
            lua_pushvalue(L, -1);
            lua_pushboolean(L, 1);
            lua_rawset(L, into);
        } else if (lua_type(L, -1) == LUA_TTABLE && luashim_unproxy(L, -1)) {
            int library = lua_gettop(L);
            lua_pushnil(L);
            while (lua_next(L, library)) {
                if (lua_type(L, -1) == LUA_TFUNCTION) {
                    lua_pushvalue(L, -1);
                    lua_pushboolean(L, 1);
                    lua_rawset(L, into);
                }
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
}

/// seal(declaration) -> sealed declaration, restore list | nil, reason. Call it straight after a
/// fresh run of the chunk: the environment it ran in and the modules it loaded are the ones the
/// fresh runner left in the registry.
int luashim_kernel_seal(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_module_env) != LUA_TTABLE) {  // 2: the environment
        lua_pushnil(L);
        lua_pushliteral(L, "no fresh run to seal");
        return 2;
    }
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &luashim_key_loaded) != LUA_TTABLE) {  // 3: loaded modules
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_loaded);
    }
    walk w = {L, 0, 0, 0, 0, 0, 0, 2, NULL};
    lua_newtable(L); w.visited = lua_gettop(L);
    lua_newtable(L); w.tables = lua_gettop(L);
    lua_newtable(L); w.upvalues = lua_gettop(L);
    lua_newtable(L); w.ids = lua_gettop(L);
    lua_newtable(L); w.allowed = lua_gettop(L);
    lua_newtable(L); w.written = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    allow_library_functions(L, lua_gettop(L), w.allowed);
    lua_pop(L, 1);
    visit(&w, 1, 0);
    visit(&w, 2, 0);
    visit(&w, 3, 0);
    if (w.refused) {
        lua_pushnil(L);
        lua_pushstring(L, w.refused);
        return 2;
    }
    // Every table gets its proxy, then every reference to a sealed table is pointed at its proxy:
    // fields of sealed tables, loaded modules, and upvalues.
    lua_newtable(L);
    int proxies = lua_gettop(L);
    lua_Integer tables = (lua_Integer)lua_rawlen(L, w.tables);
    for (lua_Integer k = 1; k <= tables; k++) {
        lua_rawgeti(L, w.tables, k);
        luashim_push_proxy(L, -1, SEALED_NAME, 1);
        lua_rawset(L, proxies);
    }
    for (lua_Integer k = 1; k <= tables + 1; k++) {
        if (k <= tables) lua_rawgeti(L, w.tables, k); else lua_pushvalue(L, 3);
        int t = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, t)) {
            if (lua_type(L, -1) == LUA_TTABLE) {
                lua_pushvalue(L, -1);
                if (lua_rawget(L, proxies) == LUA_TTABLE) {
                    lua_pushvalue(L, -3);
                    lua_insert(L, -2);
                    lua_rawset(L, t);  // replacing the value of an existing key is allowed during lua_next
                } else {
                    lua_pop(L, 1);
                }
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_newtable(L);
    int restore = lua_gettop(L);
    lua_Integer entries = (lua_Integer)lua_rawlen(L, w.upvalues);
    for (lua_Integer k = 1; k + 1 <= entries; k += 2) {
        lua_rawgeti(L, w.upvalues, k);                  // the function
        int f = lua_gettop(L);
        lua_rawgeti(L, w.upvalues, k + 1);
        int i = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_getupvalue(L, f, i);
        sealed_value(L, proxies, lua_gettop(L));
        lua_pushvalue(L, -1);
        lua_setupvalue(L, f, i);                        // pops the copy
        lua_pushlightuserdata(L, lua_upvalueid(L, f, i));
        int assignable = lua_rawget(L, w.written) != LUA_TNIL;
        lua_pop(L, 1);
        if (!assignable) {                              // no code can change it: nothing to set back
            lua_settop(L, f - 1);
            continue;
        }
        lua_Integer n = (lua_Integer)lua_rawlen(L, restore);
        lua_pushvalue(L, f);
        lua_rawseti(L, restore, n + 1);
        lua_pushinteger(L, i);
        lua_rawseti(L, restore, n + 2);
        lua_rawseti(L, restore, n + 3);                 // the sealed value
        lua_settop(L, f - 1);
    }
    // Modules a sealed scorer requires again find their sealed tables; new ones are refused.
    lua_pushvalue(L, 2);
    if (lua_rawget(L, proxies) == LUA_TTABLE) lua_rawsetp(L, LUA_REGISTRYINDEX, &luashim_key_module_env);
    else lua_pop(L, 1);
    sb->sealed = 1;
    sb->seal_violation = 0;
    sealed_value(L, proxies, 1);
    lua_pushvalue(L, restore);
    return 2;
}

/// Sets every upvalue of the restore list at `list` back to its sealed value.
void luashim_kernel_restore_at(lua_State *L, int list) {
    luaL_checkstack(L, 4, "restore");
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer k = 1; k + 2 <= n; k += 3) {
        lua_rawgeti(L, list, k);
        lua_rawgeti(L, list, k + 1);
        int i = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_rawgeti(L, list, k + 2);
        lua_setupvalue(L, -2, i);
        lua_pop(L, 1);
    }
    luashim_sb(L)->seal_violation = 0;
}

/// violated() -> boolean: whether the subject's scorer wrote to sealed state (since `restore`).
int luashim_kernel_violated(lua_State *L) {
    lua_pushboolean(L, luashim_sb(L)->seal_violation);
    return 1;
}

/// unseal(): back to fresh runs (the host calls it before scoring afresh).
int luashim_kernel_unseal(lua_State *L) {
    luashim_sandbox *sb = luashim_sb(L);
    sb->sealed = 0;
    sb->seal_violation = 0;
    return 0;
}

int luashim_seal_violated(lua_State *L) { return luashim_sb(L)->seal_violation; }
