-- goto into a local's scope, to undefined or duplicate labels, out of functions and across blocks; bad gotos fail to compile, legal ones behave.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local sources = {
  "goto skip; local x = 1; ::skip:: print(x)",
  "goto nowhere",
  "::a:: ::a::",
  "do goto inner end do ::inner:: end",
  "for i = 1, 3 do goto continue; ::continue:: end return 'continue ok'",
  "local i = 0 ::top:: i = i + 1 if i < 5 then goto top end return i",
  "do ::l:: end goto l",
  "::out:: local function f() goto out end",
  "while true do break end break",
  "goto done; local y = 1; ::done::",
  "do goto e; local z = 1; ::e:: end return 'end-of-block label ok'",
}
for i, src in ipairs(sources) do
  local f, e = load(src, "=g")
  if f then print(i, "loaded", f()) else print(i, m(e)) end
end
