/// The Lua half of the reporter API: `assess.reporter`, run once in each report sandbox.
enum ReporterPrelude {
    static let source = #"""
    local type, error, tostring = type, error, tostring
    local M = {}

    --- Declares a reporter plugin; a reporter script returns its result.
    function M.reporter(spec)
      if type(spec) ~= "table" then
        error("assess.reporter expects a table: assess.reporter { api = 1, id = ..., render = function(result, instrument, ctx) ... end }", 2)
      end
      if spec.api == nil then error("the reporter does not declare its API version: add api = 1", 2) end
      if spec.api ~= 1 then error("api = " .. tostring(spec.api) .. " is not supported: this AssessKit supports api = 1", 2) end
      if spec.extends == nil and type(spec.render) ~= "function" then
        error("the reporter needs render = function(result, instrument, ctx) ... end (or extends = \"another-reporter\")", 2)
      end
      spec.__type = "reporter"
      return spec
    end

    return M
    """#
}
