// CLuaShims: the small C layer between Swift and the system Lua 5.4 library.
//
// Why it exists:
// - Swift cannot call Lua's function-like macros (lua_pop, lua_pcall, lua_tostring, ...) nor see
//   LUA_REGISTRYINDEX; the `luashim_` inline functions below re-expose the ones the host needs.
// - A Lua error is a longjmp. It must never cross a Swift frame. Every operation that can raise
//   (allocate, run a metamethod) is done here in C under lua_pcall ("protected twins"), and Swift
//   callbacks report failure by return value to a C trampoline, which raises after Swift returned.
// - The sandbox itself (limiting allocator, instruction/time hook, safe library subset, stable
//   `pairs`, address-free `tostring`) is C because it runs on Lua's hot paths.
//
// Only the Swift module `LuaRuntime` imports this header.
#ifndef CLUASHIMS_H
#define CLUASHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>

// MARK: - Macros Swift cannot import

static inline int luashim_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void luashim_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline int luashim_upvalueindex(int i) { return lua_upvalueindex(i); }

// MARK: - Limits and the sandbox

/// Which limit ended a script. Values are stable: Swift maps them by number.
typedef enum luashim_limit {
    LUASHIM_LIMIT_NONE = 0,
    LUASHIM_LIMIT_MEMORY = 1,
    LUASHIM_LIMIT_INSTRUCTIONS = 2,
    LUASHIM_LIMIT_TIME = 3,
    LUASHIM_LIMIT_OUTPUT = 4,
} luashim_limit;

/// The limits of one sandboxed state. Zero means "no limit" for every field except `chunk_bytes`.
typedef struct luashim_limits {
    size_t memory_bytes;       ///< allocator cap for the whole state
    int64_t instructions;      ///< VM instructions (plus C work charged by pattern functions) per host call
    double seconds;            ///< wall-clock time per host call
    size_t output_bytes;       ///< bytes printed plus bytes of strings returned to the host, whole state
    size_t chunk_bytes;        ///< largest text chunk `load` accepts
} luashim_limits;

/// Receives everything a script prints (already formatted, newline included).
typedef void (*luashim_print_fn)(void *ctx, const char *bytes, size_t len);

/// Resolves `require(name)` for a module that is neither cached nor preloaded. Returns 1 and sets
/// `*source`/`*source_len` (bytes that stay valid until the next call) and `*chunkname` (a
/// NUL-terminated name for error messages, like "@shared/scales.lua") when found; returns 0 when
/// not found. Must not call Lua.
typedef int (*luashim_module_fn)(void *ctx, const char *name, size_t name_len,
                                 const char **source, size_t *source_len, const char **chunkname);

/// Creates a sandboxed state: limiting allocator, safe libraries only, stable iteration, random
/// numbers seeded with `seed`, and the hook that enforces instruction and time limits.
/// Returns NULL when the state cannot be created (out of memory).
lua_State *luashim_sandbox_new(const luashim_limits *limits, int64_t seed,
                               luashim_print_fn print_fn, void *print_ctx,
                               luashim_module_fn module_fn, void *module_ctx);

/// Receives each line a script runs, while coverage is on: the chunk name as given to load
/// (e.g. "@path/to/script.lua") and the line. Must not call Lua.
typedef void (*luashim_line_fn)(void *ctx, const char *source, int line);

/// Turns on line coverage for the state (and coroutines created afterwards): `fn` is called for
/// every line executed. The count hook keeps enforcing the limits.
void luashim_enable_coverage(lua_State *L, luashim_line_fn fn, void *ctx);

/// Closes a state made by `luashim_sandbox_new` and frees everything it owned. Pending
/// to-be-closed variables run under a fresh short time and instruction budget.
void luashim_sandbox_close(lua_State *L);

/// The limit that has tripped in this state, if any. Once tripped the state refuses to run.
luashim_limit luashim_tripped(lua_State *L);

/// Trips `limit` from the host (used when returned values exceed the output limit).
void luashim_trip(lua_State *L, luashim_limit limit);

/// Adds bytes to the output counter; returns 0 and trips the output limit when exceeded.
int luashim_count_output(lua_State *L, size_t bytes);

/// Sets the output count back to zero (the host starts a new budget).
void luashim_reset_output(lua_State *L);

/// Bytes currently allocated by the state.
size_t luashim_memory_used(lua_State *L);

/// Instructions used by the current (or last) host call.
int64_t luashim_instructions_used(lua_State *L);

/// The limits the state was created with.
luashim_limits luashim_get_limits(lua_State *L);

// MARK: - Encoded values (Swift -> Lua)

/// A flat, C-owned description of values to push. Swift appends to it (pure C, cannot raise);
/// C pushes it under protection. Tables are encoded in pre-order: a table header
/// (array count, record count), then the array items, then key/value pairs.
typedef struct luashim_encoder luashim_encoder;

/// A Swift function callable from Lua. It reads its arguments from `L` with non-raising API calls
/// only, encodes its results into `results` and returns their count, or returns -1 after
/// `luashim_enc_error` to raise an error once it has returned.
typedef int (*luashim_host_fn)(lua_State *L, void *ctx, luashim_encoder *results);

luashim_encoder *luashim_encoder_new(void);
void luashim_encoder_free(luashim_encoder *e);
void luashim_encoder_reset(luashim_encoder *e);
/// 0 while every append succeeded; 1 after an allocation failed (the encoding is then unusable).
int luashim_encoder_failed(const luashim_encoder *e);
/// Number of top-level values encoded so far.
int luashim_encoder_count(const luashim_encoder *e);

void luashim_enc_nil(luashim_encoder *e);
void luashim_enc_bool(luashim_encoder *e, int b);
void luashim_enc_int(luashim_encoder *e, int64_t i);
void luashim_enc_num(luashim_encoder *e, double n);
void luashim_enc_str(luashim_encoder *e, const char *s, size_t len);
/// A table with `narr` array items followed by `nrec` key/value pairs.
void luashim_enc_table(luashim_encoder *e, int narr, int nrec);
/// A value held in the registry under `ref`.
void luashim_enc_ref(luashim_encoder *e, int ref);
/// A host function (with its context pointer) as a Lua C closure.
void luashim_enc_hostfn(luashim_encoder *e, luashim_host_fn fn, void *ctx);
/// For host functions: the error message to raise. `misuse` marks it as API misuse.
void luashim_enc_error(luashim_encoder *e, const char *msg, size_t len, int misuse);

// MARK: - Protected operations (never raise; return a Lua status code)

/// Pushes every encoded value onto the stack.
int luashim_push_encoded(lua_State *L, luashim_encoder *e);

/// Sets global `name` to the single encoded value; `readonly` wraps tables in a read-only proxy.
int luashim_set_global(lua_State *L, const char *name, luashim_encoder *e, int readonly);

/// Registers the single encoded value as framework module `name` for `require`.
int luashim_preload(lua_State *L, const char *name, luashim_encoder *e, int readonly);

/// Pops the value on top of the stack into the registry; `*ref` receives the reference.
int luashim_ref(lua_State *L, int *ref);

/// Releases a registry reference.
int luashim_unref(lua_State *L, int ref);

/// Loads a text chunk. On success pushes the function; on failure pushes the error message.
int luashim_load(lua_State *L, const char *source, size_t len, const char *chunkname);

/// Calls the function held by `fn_ref` with the encoded arguments, starting the per-call
/// instruction and time budgets when this is the outermost call. On success the results are left
/// on the stack above `*base` (`*nresults` of them); on failure the error message (a string) is
/// on top of the stack and `luashim_last_traceback` describes where it happened.
int luashim_call(lua_State *L, int fn_ref, luashim_encoder *args, int *base, int *nresults);

/// The traceback captured for the last failed `luashim_call` (NUL-terminated, may be empty).
const char *luashim_last_traceback(lua_State *L);

/// 1 when the error value at `idx` is an API-misuse error raised by the sandbox or the host
/// (compared by content with the last one recorded). Does not raise.
int luashim_is_misuse(lua_State *L, int idx);

/// The chunk name (as Lua shows it) and current line of the Lua function `level` levels up the
/// stack of `L` (1 = the caller of the running C function). Returns 0 when there is none. Does not
/// raise or allocate.
int luashim_where(lua_State *L, int level, char *chunk, size_t chunk_size, int *line);

/// Makes a "fresh runner": a C function that, each time it is called, runs the chunk held by
/// `chunk_ref` with a new global environment (a table whose `__index` is the table held by
/// `base_ref`, or the state's globals when `base_ref` is 0, and whose `_G` is itself), after forgetting every module `require` loaded from a
/// file, and returns what the chunk returns. Scorers run through it once per subject, so nothing
/// a script stores (globals, module state, upvalues of the closures it makes) survives from one
/// subject to the next. Pops nothing; pushes the runner. Protected.
int luashim_push_fresh_runner(lua_State *L, int chunk_ref, int base_ref);

/// When the value at `idx` is a read-only proxy made by the sandbox, pushes the table it guards
/// and returns 1; otherwise pushes nothing and returns 0. Raw operations only: does not raise.
int luashim_unproxy(lua_State *L, int idx);

/// Number of live registry references made with `luashim_ref` (for leak tests).
int luashim_live_refs(lua_State *L);

/// Host kernels (C functions for scripts, in kernels.c).
typedef enum luashim_kernel {
    /// `item_sums(subject, items, k, instrument [, value_map])`: sums over a response's packed answers.
    LUASHIM_KERNEL_ITEM_SUMS = 1,
    /// `unpack_answers(packed, ids)`: packed answers as columns by item id.
    LUASHIM_KERNEL_UNPACK_ANSWERS = 2,
    /// `response_sums(subject, items, instrument, value_map, sums, counts, means)`: item_sums for every response.
    LUASHIM_KERNEL_RESPONSE_SUMS = 3,
    /// `make_capture(dimension_ids, item_ids, group_ids)`: returns `capture(result) -> boolean`,
    /// which checks a scorer result's shape and appends it to the state's result tape (for the host's
    /// trusted driver only; see results.c for the tape format).
    LUASHIM_KERNEL_MAKE_CAPTURE = 4,
    /// `response_means(subject, items, instrument, value_map, minimum, aggregate)`: a scale's score over every response.
    LUASHIM_KERNEL_RESPONSE_MEANS = 6,
    /// `seal(declaration, env)`: makes a scorer's state safe to keep between subjects (seal.c);
    /// returns the sealed declaration and its restore list, or nil and why not.
    LUASHIM_KERNEL_SEAL = 7,
    /// `violated()`: whether the scorer wrote to sealed state since `restore`.
    LUASHIM_KERNEL_VIOLATED = 9,
    /// `unseal()`: back to fresh runs.
    LUASHIM_KERNEL_UNSEAL = 10,
    /// `make_starter(restore_list_or_nil, lazy_metatable)`: returns `start(subject)`, which begins
    /// the next subject of a batch in one call (results.c).
    LUASHIM_KERNEL_MAKE_STARTER = 11,
} luashim_kernel;

/// Pushes a kernel as a light C function (no allocation). Returns 0 for an unknown kernel.
int luashim_push_kernel(lua_State *L, luashim_kernel kernel);

// MARK: - Batches of calls and the result tape (results.c)

/// The result tape: what `capture` appended since the last reset. Valid until the state runs again.
const unsigned char *luashim_tape(lua_State *L, size_t *len);
/// Empties the tape and starts a new batch (position and instruction total back to zero).
void luashim_batch_reset(lua_State *L);
/// Subjects begun in the batch so far (`start` calls).
int64_t luashim_batch_position(lua_State *L);
/// Instructions used by the batch's subjects so far (the current one's included).
int64_t luashim_batch_instructions(lua_State *L);
/// 1 when a sealed scorer wrote to its sealed state since the last `restore` (seal.c).
int luashim_seal_violated(lua_State *L);

#endif
