// Private declarations shared by the C files of CLuaShims. Not visible to Swift.
#ifndef LUASHIM_INTERNAL_H
#define LUASHIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>
#include "CLuaShims.h"

/// Per-state bookkeeping, reachable from any thread of the state through the allocator's `ud`.
typedef struct luashim_sandbox {
    lua_State *main;
    luashim_limits limits;
    size_t memory_used;
    int host_mode;                 ///< > 0 while the host builds error reports: allocations are not capped
    luashim_limit tripped;         ///< sticky: once set, the state refuses to run
    int64_t instructions_used;     ///< for the current outermost host call
    size_t clock_debt;             ///< steps charged by C functions since the clock was last read
    double deadline;               ///< monotonic seconds; 0 = none
    int call_depth;                ///< nesting of luashim_call
    size_t output_used;
    int close_depth;               ///< nesting of coroutine.close (5.4.4 crashes on deep chains)
    int host_depth;                ///< nesting of host-function calls (index into `encoders`)
    luashim_encoder **encoders;    ///< one scratch encoder per host-function nesting level
    int encoders_cap;
    luashim_print_fn print_fn;
    void *print_ctx;
    luashim_module_fn module_fn;
    void *module_ctx;
    char *traceback;               ///< malloc'd copy of the last error's traceback
    int live_refs;
    luashim_line_fn line_fn;       ///< coverage: called for every line run (NULL: off)
    void *line_ctx;
    int64_t next_object_id;
    /// Kernels: compiled item lists of read-only tables, by the table's address (see kernels.c).
    struct { const void *items; void *spec; } spec_cache[64];
    /// Results captured by the `capture` kernel since the host last reset the tape (results.c).
    unsigned char *tape;
    size_t tape_len, tape_cap;
    /// Batches: subjects begun since the host's reset, and instructions used by the finished ones.
    int64_t batch_position;
    int64_t batch_instructions;
    /// Sealed scorer state (seal.c): set while a sealed scorer runs; a write to it sets the violation.
    int sealed;
    int seal_violation;
    /// The state's random seed, and whether math.random or math.randomseed ran since it was last
    /// seeded with it (see luashim_reseed_if_used).
    int64_t seed;
    int random_used;
} luashim_sandbox;

/// The sandbox record of any thread of a sandboxed state.
static inline luashim_sandbox *luashim_sb(lua_State *L) {
    void *ud;
    (void)lua_getallocf(L, &ud);
    return (luashim_sandbox *)ud;
}

/// Monotonic clock in seconds.
double luashim_now(void);

/// Raises the error for the limit that has tripped (sticky: the hook then fires on every instruction).
int luashim_raise_limit(lua_State *L);

/// Pushes every value of an encoder (may raise; call only in protected mode).
void luashim_push_encoded_raw(lua_State *L, luashim_encoder *e);

/// Host-function trampoline: the C closure that calls a Swift function and raises on its behalf.
int luashim_host_trampoline(lua_State *L);

/// Registry keys (addresses are the identity).
extern const char luashim_key_misuse;
extern const char luashim_key_loaded;
extern const char luashim_key_preload;
extern const char luashim_key_readonly;
extern const char luashim_key_ids;
extern const char luashim_key_snapshots;
/// The environment file modules run in (set by fresh runners; absent: the globals).
extern const char luashim_key_module_env;

/// Wraps the table on top of the stack in a read-only proxy named `name` (replaces it).
void luashim_make_readonly(lua_State *L, const char *name);

/// Pushes a read-only proxy for the table at `real` (its nested tables are left as they are).
/// `sealed` marks it as sealed scorer state: a write to it records a seal violation.
void luashim_push_proxy(lua_State *L, int real, const char *name, int sealed);

/// 1 when the value at `idx` is a proxy of sealed scorer state.
int luashim_is_sealed(lua_State *L, int idx);

/// Registry key of the set of sealed proxies.
extern const char luashim_key_sealed;
/// Registry key of the stock math.randomseed.
extern const char luashim_key_reseed;

/// Seeds math.random afresh with the state's seed, when it moved since it last was (may raise:
/// call only from a C function Lua called).
void luashim_reseed_if_used(lua_State *L);

/// Charges `steps` units of work done inside a C function (pattern matching, sorting keys) against
/// the running script's instruction budget, and checks the wall-clock deadline. Raises the sticky
/// limit error with `lua_error` when a limit has been (or is now) exceeded; returns normally otherwise.
/// Only call it from C functions that Lua called (so that raising is allowed).
void luashim_charge(lua_State *L, size_t steps);

/// Raises an "API misuse" error: a script used the sandbox in a way it forbids. The message is
/// prefixed with the script's location like `luaL_error`, and recorded so the host can classify it.
int luashim_misuse(lua_State *L, const char *fmt, ...);

/// Replaces `find`, `match`, `gmatch` and `gsub` in the table at `idx` with budgeted versions that
/// implement Lua 5.4's pattern semantics exactly but call `luashim_charge` as they work, so a
/// catastrophically backtracking pattern ends with the instruction or time limit instead of hanging.
void luashim_open_patterns(lua_State *L, int idx);

/// The batch kernels of results.c (see `LUASHIM_KERNEL_MAKE_CAPTURE`, `LUASHIM_KERNEL_BEGIN_SUBJECT`).
int luashim_kernel_make_capture(lua_State *L);
/// The sealing kernels of seal.c.
int luashim_kernel_seal(lua_State *L);
int luashim_kernel_violated(lua_State *L);
int luashim_kernel_unseal(lua_State *L);
int luashim_kernel_make_starter(lua_State *L);
void luashim_kernel_restore_at(lua_State *L, int list);

#endif
