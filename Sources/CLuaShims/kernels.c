// Host kernels: C functions scripts call for per-item arithmetic over a subject's packed answers,
// so the loops over items and responses do not run as Lua instructions. They read only what they
// are given, keep nothing about a subject, and charge their work to the instruction budget.
//
// Packed answers (`subject.packed`, written by the host): a string of an 8-byte header (uint32
// items per response, uint32 responses) then one double per answer, response by response, items
// in the instrument's layout order. A not-numeric answer is a NaN whose payload says what it is.
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

/// Registry key of the cache of compiled item lists (weak keys: the instrument's read-only lists).
static const char key_item_specs = 0;

/// NaN payloads of the packed form (see `PackedAnswers` on the Swift side).
#define PACKED_MISSING 1
#define PACKED_NA 2
#define PACKED_OTHER 3

typedef struct packed_view {
    const double *cells;
    uint32_t items, responses;
} packed_view;

static int packed_from_string(lua_State *L, int idx, packed_view *out) {
    size_t len = 0;
    const char *bytes = lua_tolstring(L, idx, &len);
    if (bytes == NULL || len < 8) return 0;
    uint32_t header[2];
    memcpy(header, bytes, 8);
    if ((size_t)header[0] * header[1] * 8 != len - 8) return 0;
    out->cells = (const double *)(const void *)(bytes + 8);
    out->items = header[0];
    out->responses = header[1];
    return 1;
}

/// Registry key of the interned string "packed" (pushing a C string costs a cache check with strcmp).
static const char key_packed = 0;

/// Pushes `subject.packed` for the subject at `idx` (as lua_getfield does).
static void push_packed(lua_State *L, int idx) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_packed) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushliteral(L, "packed");
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &key_packed);
    }
    lua_gettable(L, idx);
}

static uint64_t nan_payload(double v) {
    uint64_t bits;
    memcpy(&bits, &v, 8);
    return bits & 0xFFFFFFFFFFFFull;
}

// MARK: - Compiled item lists

typedef struct item_spec {
    int position;      // 0-based column of the packed answers
    int reverse;
    double lo, hi;     // the item's scale bounds (for reverse keying)
    double weight;
    int map;           // index into the spec's maps, or -1
} item_spec;

typedef struct map_spec {
    int first, count;  // entries in the spec's entry array
    char id[64];
} map_spec;

typedef struct spec_header {
    const void *instrument;
    char default_map[64];
    int items, maps, entries;
    // followed by item_spec[items], map_spec[maps], double[2 * entries]
} spec_header;

static item_spec *spec_items(spec_header *h) { return (item_spec *)(void *)(h + 1); }
static map_spec *spec_maps(spec_header *h) { return (map_spec *)(void *)(spec_items(h) + h->items); }
static double *spec_entries(spec_header *h) { return (double *)(void *)(spec_maps(h) + h->maps); }

static int is_readonly_table(lua_State *L, int idx) {
    if (luashim_unproxy(L, idx)) {
        lua_pop(L, 1);
        return 1;
    }
    return 0;
}

/// Reads `t[name]` (through a proxy's __index) as a number; `fallback` when absent.
static double field_number(lua_State *L, int idx, const char *name, double fallback, int *ok) {
    lua_getfield(L, idx, name);
    int isnum = 0;
    double v = lua_tonumberx(L, -1, &isnum);
    if (!isnum) {
        if (lua_isnil(L, -1)) v = fallback; else *ok = 0;
    }
    lua_pop(L, 1);
    return v;
}

/// Compiles the item list at `items` (with the instrument at `instrument` and the default value map
/// id `default_map`, may be NULL) into a userdata left on the stack.
static spec_header *compile_spec(lua_State *L, int items, int instrument, const char *default_map) {
    lua_Integer length = luaL_len(L, items);
    if (length < 0 || length > 1000000) luaL_error(L, "assess.stats.item_sums: too many items (%d)", (int)length);
    int n = (int)length;
    // Pass 1: each item's map table, deduplicated by id (at most one map per item). Scratch space
    // is a userdata, so an error anywhere leaves nothing to free.
    void *scratch = lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * (sizeof(const char *) + sizeof(int)), 0);
    int scratch_index = lua_gettop(L);
    const char **map_ids = (const char **)scratch;
    int *map_of = (int *)(void *)(map_ids + (n > 0 ? n : 1));
    int maps = 0, entries = 0;
    lua_getfield(L, instrument, "value_maps");
    int value_maps = lua_gettop(L);
    for (int i = 0; i < n; i++) {
        lua_geti(L, items, i + 1);
        if (!lua_istable(L, -1)) luaL_error(L, "assess.stats.item_sums: item %d is not an item table", i + 1);
        lua_getfield(L, -1, "value_map");
        const char *id = lua_isstring(L, -1) ? lua_tostring(L, -1) : default_map;
        lua_pop(L, 2);  // the id string stays alive: it is interned by the item table or is the argument
        map_of[i] = -1;
        if (id == NULL) continue;
        if (strlen(id) >= 64) luaL_error(L, "value map '%s' is not declared by the instrument", id);
        int found = -1;
        for (int m = 0; m < maps; m++) if (strcmp(map_ids[m], id) == 0) found = m;
        if (found < 0) {
            if (lua_getfield(L, value_maps, id) != LUA_TTABLE) luaL_error(L, "value map '%s' is not declared by the instrument", id);
            int proxied = luashim_unproxy(L, -1);
            lua_pushnil(L);
            while (lua_next(L, -2) != 0) { entries++; lua_pop(L, 1); }
            lua_pop(L, proxied ? 2 : 1);
            found = maps;
            map_ids[maps++] = id;
        }
        map_of[i] = found;
    }
    size_t size = sizeof(spec_header) + (size_t)n * sizeof(item_spec) + (size_t)maps * sizeof(map_spec) +
                  (size_t)entries * 2 * sizeof(double);
    spec_header *h = (spec_header *)lua_newuserdatauv(L, size, 0);
    int spec = lua_gettop(L);
    memset(h, 0, size);
    h->instrument = lua_topointer(L, instrument);
    if (default_map) snprintf(h->default_map, sizeof h->default_map, "%s", default_map);
    h->items = n;
    h->maps = maps;
    h->entries = entries;
    // Pass 2: maps, then items.
    int e = 0;
    for (int m = 0; m < maps; m++) {
        map_spec *ms = &spec_maps(h)[m];
        snprintf(ms->id, sizeof ms->id, "%s", map_ids[m]);
        ms->first = e;
        lua_getfield(L, value_maps, map_ids[m]);
        int proxied = luashim_unproxy(L, -1);
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            int ok1 = 0, ok2 = 0;
            double from = lua_tonumberx(L, -2, &ok1), to = lua_tonumberx(L, -1, &ok2);
            if (!ok1 || !ok2 || lua_type(L, -2) != LUA_TNUMBER || lua_type(L, -1) != LUA_TNUMBER)
                luaL_error(L, "value map '%s' must map numbers to numbers", map_ids[m]);
            spec_entries(h)[2 * e] = from;
            spec_entries(h)[2 * e + 1] = to;
            e++;
            lua_pop(L, 1);
        }
        lua_pop(L, proxied ? 2 : 1);
        ms->count = e - ms->first;
    }
    lua_getfield(L, instrument, "scales");
    int scales = lua_gettop(L);
    for (int i = 0; i < n; i++) {
        item_spec *it = &spec_items(h)[i];
        lua_geti(L, items, i + 1);
        int item = lua_gettop(L);
        int ok = 1;
        lua_getfield(L, item, "position");
        int isint = 0;
        lua_Integer position = lua_tointegerx(L, -1, &isint);
        lua_pop(L, 1);
        if (!isint || position < 1) luaL_error(L, "assess.stats.item_sums: item %d has no answer position (pass the instrument's item tables)", i + 1);
        it->position = (int)(position - 1);
        lua_getfield(L, item, "reverse");
        it->reverse = lua_toboolean(L, -1);
        lua_pop(L, 1);
        it->weight = field_number(L, item, "weight", 1, &ok);
        if (!ok) luaL_error(L, "assess.stats.item_sums: the weight of item %d is not a number", i + 1);
        it->lo = 0;
        it->hi = 0;
        if (it->reverse) {
            lua_getfield(L, item, "scale");
            if (lua_gettable(L, scales) != LUA_TTABLE) luaL_error(L, "assess.stats.item_sums: item %d has no scale", i + 1);
            it->lo = field_number(L, -1, "min", 0, &ok);
            it->hi = field_number(L, -1, "max", 0, &ok);
            lua_pop(L, 1);
            if (!ok) luaL_error(L, "assess.stats.item_sums: the scale of item %d has no numeric bounds", i + 1);
        }
        it->map = map_of[i];
        lua_pop(L, 1);
    }
    lua_pop(L, 1);              // scales
    lua_remove(L, value_maps);  // the spec moves down one slot
    lua_remove(L, scratch_index);
    (void)spec;
    return h;
}

/// The compiled form of the item list at `items`. Lists the sandbox made read-only (the
/// instrument's) cannot change and live as long as the state, so their compiled form is kept
/// (anchored in the registry, found by the list's address) and reused: it depends on the
/// instrument alone, never on a subject. Other lists are compiled afresh, into a userdata left on
/// the stack at `scratch` (pushed; the caller pops it).
static spec_header *item_spec_for(lua_State *L, int items, int instrument, const char *default_map) {
    luashim_sandbox *sb = luashim_sb(L);
    const void *address = lua_topointer(L, items);
    size_t slot = ((uintptr_t)address >> 4) % (sizeof sb->spec_cache / sizeof sb->spec_cache[0]);
    if (sb->spec_cache[slot].items == address && address != NULL) {
        spec_header *h = (spec_header *)sb->spec_cache[slot].spec;
        if (h->instrument == lua_topointer(L, instrument) && strcmp(h->default_map, default_map ? default_map : "") == 0) {
            lua_pushnil(L);  // keeps the stack shape of the other paths
            return h;
        }
    }
    int cacheable = is_readonly_table(L, items) && is_readonly_table(L, instrument);
    spec_header *h = compile_spec(L, items, instrument, default_map);
    if (cacheable) {
        // Anchor it for the state's life: only the host makes read-only tables, so these are few.
        if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key_item_specs) != LUA_TTABLE) {
            lua_pop(L, 1);
            lua_newtable(L);
            lua_pushvalue(L, -1);
            lua_rawsetp(L, LUA_REGISTRYINDEX, &key_item_specs);
        }
        lua_pushvalue(L, items);
        lua_pushvalue(L, -3);
        lua_rawset(L, -3);
        lua_pop(L, 1);
        sb->spec_cache[slot].items = address;
        sb->spec_cache[slot].spec = h;
    }
    return h;
}

/// Sums over the items of one packed response (see kernel_item_sums). Raises for a value a map lacks.
static void sum_response(lua_State *L, const spec_header *h, const packed_view *view, uint32_t k, double *sum, lua_Integer *answered,
                         double *weighted_sum, double *weight_total, int *weighted) {
    const double *row = view->cells + (size_t)k * view->items;
    double s = 0, ws = 0, wt = 0;
    lua_Integer n = 0;
    int w = 0;
    for (int i = 0; i < h->items; i++) {
        const item_spec *it = &spec_items((spec_header *)h)[i];
        if ((uint32_t)it->position >= view->items) luaL_error(L, "assess.stats.item_sums: item %d is not in the packed answers", i + 1);
        double answer = row[it->position];
        if (isnan(answer)) continue;
        double v = it->reverse ? it->lo + it->hi - answer : answer;
        if (it->map >= 0) {
            const map_spec *m = &spec_maps((spec_header *)h)[it->map];
            const double *entry = spec_entries((spec_header *)h) + 2 * m->first;
            int found = 0;
            for (int j = 0; j < m->count; j++) {
                if (entry[2 * j] == v) { v = entry[2 * j + 1]; found = 1; break; }
            }
            if (!found) {
                luaL_where(L, 1);
                if (answer == floor(answer) && fabs(answer) < 9.0e15)
                    lua_pushfstring(L, "value map '%s' has no entry for %I", m->id, (lua_Integer)answer);
                else
                    lua_pushfstring(L, "value map '%s' has no entry for %f", m->id, answer);
                lua_concat(L, 2);
                lua_error(L);
            }
        }
        n++;
        s += v;
        ws += v * it->weight;
        wt += it->weight;
        if (it->weight != 1) w = 1;
    }
    *sum = s;
    *answered = n;
    *weighted_sum = ws;
    *weight_total = wt;
    *weighted = w;
}

// MARK: - assess.stats.item_sums

/// item_sums(subject, items, k, instrument [, value_map]) -> sum, answered, weighted_sum,
/// weight_total, weighted: over the items of response k that have a number, each reverse-keyed
/// (scale min + max - value) when the item says so and mapped through its value map (or
/// `value_map`). `weighted` says whether any counted item has a weight other than 1.
static int kernel_item_sums(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer k = luaL_checkinteger(L, 3);
    luaL_checktype(L, 4, LUA_TTABLE);
    const char *default_map = luaL_optstring(L, 5, NULL);
    lua_settop(L, 5);
    luaL_checkstack(L, 24, "assess.stats.item_sums");
    packed_view view;
    push_packed(L, 1);
    if (!packed_from_string(L, -1, &view)) luaL_error(L, "assess.stats.item_sums: the subject has no packed answers");
    if (k < 1 || (lua_Unsigned)k > view.responses)
        luaL_error(L, "assess.stats.item_sums: response %d is out of range (the subject has %d)", (int)k, (int)view.responses);
    spec_header *h = item_spec_for(L, 2, 4, default_map);
    luashim_charge(L, (size_t)h->items);
    double sum, weighted_sum, weight_total;
    lua_Integer answered;
    int weighted;
    sum_response(L, h, &view, (uint32_t)(k - 1), &sum, &answered, &weighted_sum, &weight_total, &weighted);
    lua_pushnumber(L, sum);
    lua_pushinteger(L, answered);
    lua_pushnumber(L, weighted_sum);
    lua_pushnumber(L, weight_total);
    lua_pushboolean(L, weighted);
    return 5;
}

// MARK: - assess.stats.response_sums

/// response_sums(subject, items, instrument, value_map, sums, counts, means): item_sums for every
/// response k at once, into the caller's lists: sums[k], counts[k] (answered) and means[k]
/// (weighted_sum / weight_total, which is sum / answered when every weight is 1). Entries past
/// the subject's responses are left alone. Returns the number of responses and of items.
static int kernel_response_sums(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    const char *default_map = luaL_optstring(L, 4, NULL);
    luaL_checktype(L, 5, LUA_TTABLE);
    luaL_checktype(L, 6, LUA_TTABLE);
    luaL_checktype(L, 7, LUA_TTABLE);
    // Written raw, so only plain tables: a read-only proxy (which has a metatable) is refused.
    for (int t = 5; t <= 7; t++) {
        if (lua_getmetatable(L, t)) luaL_error(L, "assess.stats.response_sums: argument %d is read-only or has a metatable", t);
    }
    lua_settop(L, 7);
    luaL_checkstack(L, 24, "assess.stats.response_sums");
    packed_view view;
    push_packed(L, 1);
    if (!packed_from_string(L, -1, &view)) luaL_error(L, "assess.stats.response_sums: the subject has no packed answers");
    spec_header *h = item_spec_for(L, 2, 3, default_map);
    luashim_charge(L, (size_t)h->items * view.responses + 3 * (size_t)view.responses);
    for (uint32_t k = 0; k < view.responses; k++) {
        double sum, weighted_sum, weight_total;
        lua_Integer answered;
        int weighted;
        sum_response(L, h, &view, k, &sum, &answered, &weighted_sum, &weight_total, &weighted);
        lua_pushnumber(L, sum);
        lua_rawseti(L, 5, (lua_Integer)k + 1);
        lua_pushinteger(L, answered);
        lua_rawseti(L, 6, (lua_Integer)k + 1);
        lua_pushnumber(L, weighted_sum / weight_total);
        lua_rawseti(L, 7, (lua_Integer)k + 1);
    }
    lua_pushinteger(L, (lua_Integer)view.responses);
    lua_pushinteger(L, (lua_Integer)h->items);
    return 2;
}

// MARK: - assess.stats.response_means

/// response_means(subject, items, instrument, value_map, minimum, aggregate) -> score, included,
/// answered, short, last_sum, last_mean, count: a scale's score over every response at once. Each
/// response's items are summed as item_sums does; a response counts when at least
/// max(minimum, 1) of its items have a number, and then gives its mean (weighted when items carry
/// weights), its sum, or its mean times the number of items (`aggregate` "mean", "sum" or
/// "prorated"). `score` is the mean of those values, summed in response order (nil when no
/// response counts); `included` how many counted; `answered` the answered items over all
/// responses; `short` the answered count of the last response that did not count (nil when none);
/// `last_sum` and `last_mean` those of the last response that counted; `count` the number of items.
static int kernel_response_means(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    const char *default_map = luaL_optstring(L, 4, NULL);
    double minimum = luaL_checknumber(L, 5);
    const char *aggregate = luaL_checkstring(L, 6);
    int mode;
    if (strcmp(aggregate, "mean") == 0) mode = 0;
    else if (strcmp(aggregate, "sum") == 0) mode = 1;
    else if (strcmp(aggregate, "prorated") == 0) mode = 2;
    else return luaL_error(L, "unknown aggregate '%s' (expected mean, sum or prorated)", aggregate);
    if (minimum < 1) minimum = 1;
    lua_settop(L, 6);
    luaL_checkstack(L, 24, "assess.stats.response_means");
    packed_view view;
    push_packed(L, 1);
    if (!packed_from_string(L, -1, &view)) luaL_error(L, "assess.stats.response_means: the subject has no packed answers");
    spec_header *h = item_spec_for(L, 2, 3, default_map);
    luashim_charge(L, (size_t)h->items * view.responses + 3 * (size_t)view.responses);
    double total = 0, last_sum = 0, last_mean = 0;
    lua_Integer included = 0, answered_total = 0, short_count = -1;
    for (uint32_t k = 0; k < view.responses; k++) {
        double sum, weighted_sum, weight_total;
        lua_Integer answered;
        int weighted;
        sum_response(L, h, &view, k, &sum, &answered, &weighted_sum, &weight_total, &weighted);
        answered_total += answered;
        if ((double)answered < minimum) {
            short_count = answered;
            continue;
        }
        double mean = weighted_sum / weight_total;
        total += mode == 0 ? mean : mode == 1 ? sum : mean * h->items;
        included++;
        last_sum = sum;
        last_mean = mean;
    }
    if (included > 0) lua_pushnumber(L, total / (double)included); else lua_pushnil(L);
    lua_pushinteger(L, included);
    lua_pushinteger(L, answered_total);
    if (short_count >= 0) lua_pushinteger(L, short_count); else lua_pushnil(L);
    if (included > 0) { lua_pushnumber(L, last_sum); lua_pushnumber(L, last_mean); } else { lua_pushnil(L); lua_pushnil(L); }
    lua_pushinteger(L, (lua_Integer)h->items);
    return 7;
}

// MARK: - Unpacking answers into columns

/// unpack_answers(packed, ids) -> { [ids[j]] = { answer of response 1, ... } }: numbers (integers
/// when whole), "na" for not applicable, false when not answered.
static int kernel_unpack_answers(lua_State *L) {
    packed_view view;
    if (!packed_from_string(L, 1, &view)) luaL_error(L, "unpack_answers: not packed answers");
    luaL_checktype(L, 2, LUA_TTABLE);
    if ((lua_Integer)view.items != luaL_len(L, 2)) luaL_error(L, "unpack_answers: %d ids for %d items", (int)luaL_len(L, 2), (int)view.items);
    luashim_charge(L, (size_t)view.items * view.responses);
    luaL_checkstack(L, 6, "unpack_answers");
    lua_createtable(L, 0, (int)view.items);
    for (uint32_t j = 0; j < view.items; j++) {
        lua_geti(L, 2, j + 1);
        lua_createtable(L, (int)view.responses, 0);
        for (uint32_t k = 0; k < view.responses; k++) {
            double v = view.cells[(size_t)k * view.items + j];
            if (!isnan(v)) {
                if (v == floor(v) && fabs(v) < 9.0e15) lua_pushinteger(L, (lua_Integer)v); else lua_pushnumber(L, v);
            } else {
                uint64_t tag = nan_payload(v);
                if (tag == PACKED_NA) lua_pushliteral(L, "na");
                else if (tag == PACKED_MISSING) lua_pushboolean(L, 0);
                else luaL_error(L, "unpack_answers: an answer that is not a number has no packed form");
            }
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_rawset(L, -3);
    }
    return 1;
}

int luashim_push_kernel(lua_State *L, luashim_kernel kernel) {
    switch (kernel) {
    case LUASHIM_KERNEL_ITEM_SUMS: lua_pushcfunction(L, kernel_item_sums); return 1;
    case LUASHIM_KERNEL_UNPACK_ANSWERS: lua_pushcfunction(L, kernel_unpack_answers); return 1;
    case LUASHIM_KERNEL_RESPONSE_SUMS: lua_pushcfunction(L, kernel_response_sums); return 1;
    case LUASHIM_KERNEL_RESPONSE_MEANS: lua_pushcfunction(L, kernel_response_means); return 1;
    case LUASHIM_KERNEL_SEAL: lua_pushcfunction(L, luashim_kernel_seal); return 1;
    case LUASHIM_KERNEL_VIOLATED: lua_pushcfunction(L, luashim_kernel_violated); return 1;
    case LUASHIM_KERNEL_UNSEAL: lua_pushcfunction(L, luashim_kernel_unseal); return 1;
    case LUASHIM_KERNEL_MAKE_STARTER: lua_pushcfunction(L, luashim_kernel_make_starter); return 1;
    case LUASHIM_KERNEL_MAKE_CAPTURE: lua_pushcfunction(L, luashim_kernel_make_capture); return 1;
    default: return 0;
    }
}
