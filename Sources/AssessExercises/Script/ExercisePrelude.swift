/// The Lua half of the exercise API, run once in each exercise sandbox.
///
/// `constructor` is `assess.exercise`. `driver` receives the declaration's `run`, the host's
/// checking functions and the context, makes the coroutine `run(ui, ctx)` runs in, and returns
/// `step(answer, timed_out, now)`: the host calls it to start the script and after every answer,
/// and gets back `"prompt", handle` (a prompt the host has already checked) or `"done", result`.
/// Each `ui` function asks the host to check its arguments (an error points at the script's
/// call) and then yields; nothing yields across a C boundary.
enum ExercisePrelude {
    static let constructor = #"""
    local type, error, tostring = type, error, tostring
    return function(spec)
      if type(spec) ~= "table" then error("assess.exercise expects a table: assess.exercise { api = 1, id = ..., run = function(ui, ctx) ... end }", 2) end
      if spec.api == nil then error("the exercise does not declare its API version: add api = 1", 2) end
      if spec.api ~= 1 then error("api = " .. tostring(spec.api) .. " is not supported: this AssessKit supports api = 1", 2) end
      if type(spec.run) ~= "function" then error("the exercise needs run = function(ui, ctx) ... end", 2) end
      spec.__type = "exercise"
      return spec
    end
    """#

    static let driver = #"""
    local run, check, record, ctx_fields = ...
    local coroutine_create, coroutine_resume, coroutine_yield, coroutine_status, coroutine_running =
      coroutine.create, coroutine.resume, coroutine.yield, coroutine.status, coroutine.running
    local type, error, tostring, pairs, pcall = type, error, tostring, pairs, pcall

    local token = {}
    local main
    local now = 0
    local records = {}

    local function ask(kind, spec)
      if coroutine_running() ~= main then
        error("ui." .. kind .. " must be called from run itself, not from a coroutine the script made", 3)
      end
      local _, where = pcall(error, "", 4)
      local handle, problem = check(kind, spec, where)
      if handle == nil then error(problem, 3) end
      local answer, timed_out = coroutine_yield(token, handle)
      return answer, timed_out
    end

    local ui = {}
    function ui.say(spec) ask("say", spec); return nil end
    function ui.pause(spec) ask("pause", spec); return nil end
    function ui.confirm(spec) local a, t = ask("confirm", spec); return a, t end
    function ui.choose(spec) local a, t = ask("choose", spec); return a, t end
    function ui.rank(spec) local a, t = ask("rank", spec); return a, t end
    function ui.rate(spec) local a, t = ask("rate", spec); return a, t end
    function ui.text(spec) local a, t = ask("text", spec); return a, t end
    function ui.assessor(spec) local mark = ask("assessor", spec); return mark end
    function ui.record(name, value)
      local ok, problem = record(name, value)
      if not ok then error(problem, 2) end
      records[name] = value
    end

    local ctx = { records = records }
    for k, v in pairs(ctx_fields) do ctx[k] = v end
    function ctx.now() return now end

    main = coroutine_create(function() return run(ui, ctx) end)
    local started = false

    return function(answer, timed_out, clock)
      now = clock
      local ok, first, second
      if not started then
        started = true
        ok, first, second = coroutine_resume(main)
      else
        ok, first, second = coroutine_resume(main, answer, timed_out)
      end
      if not ok then
        if type(first) ~= "string" then first = "run raised a " .. type(first) .. " value: " .. tostring(first) end
        error(first, 0)
      end
      if coroutine_status(main) == "dead" then return "done", first end
      if first ~= token then
        error("run yielded a value itself: coroutine.yield belongs to the ui functions in an exercise", 0)
      end
      return "prompt", second
    end
    """#
}
