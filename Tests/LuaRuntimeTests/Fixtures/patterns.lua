-- Self-checking tests for the pattern functions string.find, string.match, string.gmatch and
-- string.gsub. Every expected value is what stock Lua 5.4.4 produces (run this file with the stock
-- `lua5.4` to confirm); the sandbox's budgeted implementation must produce exactly the same.
-- Uses only assert, pcall, print, string and table (plus select/ipairs/tostring/type); no io/os.

local checks = 0

-- eq(label, table.pack(results...), expected...): same count, values and integer/float subtypes.
local function eq(label, got, ...)
  local want = table.pack(...)
  checks = checks + 1
  assert(got.n == want.n, label .. ": got " .. got.n .. " results, expected " .. want.n)
  for i = 1, want.n do
    local g, w = got[i], want[i]
    assert(g == w, label .. ": result " .. i .. " is " .. tostring(g) .. ", expected " .. tostring(w))
    -- tostring tells integers from floats ("3" vs "3.0"), so positions must be integers
    assert(tostring(g) == tostring(w), label .. ": result " .. i .. " has the wrong number subtype")
  end
end

local P = table.pack

-- fails(label, tail, f, ...): f(...) raises an error whose message ends with `tail`.
local function fails(label, tail, f, ...)
  checks = checks + 1
  local ok, msg = pcall(f, ...)
  assert(not ok, label .. ": expected an error")
  assert(type(msg) == "string", label .. ": error is not a string")
  assert(msg:sub(-#tail) == tail, label .. ": error was '" .. msg .. "'")
end

-- collect(iterator) -> list of packed results of each step.
local function collect(it, limit)
  local out = {}
  for _ = 1, limit or 100 do
    local r = P(it())
    if r[1] == nil then break end
    out[#out + 1] = r
  end
  return out
end

-- flat(list of packs) -> "a,b|c,d" for compact comparison.
local function flat(list)
  local parts = {}
  for i, r in ipairs(list) do
    local row = {}
    for j = 1, r.n do row[j] = tostring(r[j]) end
    parts[i] = table.concat(row, ",")
  end
  return table.concat(parts, "|")
end

local function same(label, got, want)
  checks = checks + 1
  assert(got == want, label .. ": got '" .. tostring(got) .. "', expected '" .. tostring(want) .. "'")
end

------------------------------------------------------------------------------------------------
-- string.find: plain search, the no-specials fast path, init handling
------------------------------------------------------------------------------------------------
eq("find literal", P(string.find("hello world", "o w")), 5, 7)
eq("find literal missing", P(string.find("hello world", "xyz")), nil)
eq("find empty pattern", P(string.find("abc", "")), 1, 0)
eq("find empty pattern init 3", P(string.find("abc", "", 3)), 3, 2)
eq("find empty pattern at end", P(string.find("abc", "", 4)), 4, 3)
eq("find empty pattern past end", P(string.find("abc", "", 5)), nil)
eq("find empty subject", P(string.find("", "")), 1, 0)
eq("find empty subject pattern", P(string.find("", "a")), nil)
eq("find init 0 acts as 1", P(string.find("abcabc", "b", 0)), 2, 2)
eq("find init positive", P(string.find("abcabc", "b", 3)), 5, 5)
eq("find init negative", P(string.find("abcabc", "b", -2)), 5, 5)
eq("find init very negative", P(string.find("abcabc", "b", -100)), 2, 2)
eq("find init beyond", P(string.find("abcabc", "b", 100)), nil)
eq("find init float", P(string.find("abcabc", "c", 4.0)), 6, 6)
eq("find plain flag", P(string.find("a.b.c", ".", 1, true)), 2, 2)
eq("find plain magic", P(string.find("x(y)%z", "(y)%", 1, true)), 2, 5)
eq("find plain flag false", P(string.find("a.b.c", ".", 1, false)), 1, 1)
eq("find plain truthy 4th", P(string.find("a+b", "+", 1, 0)), 2, 2)
eq("find plain empty", P(string.find("abc", "", 2, true)), 2, 1)
eq("find plain past end", P(string.find("abc", "c", 10, true)), nil)
eq("find close bracket is not special", P(string.find("a]b", "]")), 2, 2)
eq("find embedded zero", P(string.find("a\0b\0c", "\0c")), 4, 5)
eq("find number subject", P(string.find(12345, 34)), 3, 4)
eq("find pattern class", P(string.find("hello 123 world", "%d+")), 7, 9)
eq("find with captures", P(string.find("key=val", "(%w+)=(%w+)")), 1, 7, "key", "val")
eq("find position capture", P(string.find("abc", "()b()")), 2, 2, 2, 3)
eq("find anchored", P(string.find("abc", "^b")), nil)
eq("find anchored ok", P(string.find("abc", "^ab")), 1, 2)
eq("find anchored with init", P(string.find("abc", "^b", 2)), 2, 2)
eq("find method syntax", P(("hello"):find("l+")), 3, 4)

------------------------------------------------------------------------------------------------
-- string.match: classes
------------------------------------------------------------------------------------------------
eq("%a", P(string.match("123abc456", "%a+")), "abc")
eq("%A", P(string.match("abc123def", "%A+")), "123")
eq("%d", P(string.match("abc123def", "%d+")), "123")
eq("%D", P(string.match("123abc456", "%D+")), "abc")
eq("%l", P(string.match("ABCdefGHI", "%l+")), "def")
eq("%L", P(string.match("abcDEFghi", "%L+")), "DEF")
eq("%u", P(string.match("abcDEFghi", "%u+")), "DEF")
eq("%U", P(string.match("ABCdefGHI", "%U+")), "def")
eq("%s", P(string.match("a \t\n\r\f\vb", "%s+")), " \t\n\r\f\v")
eq("%S", P(string.match("   word   ", "%S+")), "word")
eq("%w", P(string.match("!!ab12!!", "%w+")), "ab12")
eq("%W", P(string.match("ab!?#cd", "%W+")), "!?#")
eq("%x", P(string.match("zz09afAFgg", "%x+")), "09afAF")
eq("%X", P(string.match("09afghij", "%X+")), "ghij")
eq("%p", P(string.match("abc.,;!def", "%p+")), ".,;!")
eq("%P", P(string.match("...abc...", "%P+")), "abc")
eq("%c", P(string.match("ab\1\2\31cd", "%c+")), "\1\2\31")
eq("%C", P(string.match("\1\2ab\3", "%C+")), "ab")
eq("%g", P(string.match("  abc!  ", "%g+")), "abc!")
eq("%G", P(string.match("ab  \1 cd", "%G+")), "  \1 ")
eq("high bytes are not letters", P(string.match("\200\201abc", "%a+")), "abc")
eq("escaped magic", P(string.match("a.b*c", "%.b%*")), ".b*")
eq("escaped percent", P(string.match("100%", "%d+%%")), "100%")
eq("escaped non-alnum", P(string.match("a^b$c", "%^b%$")), "^b$")
eq("dot", P(string.match("abc", "a.c")), "abc")
eq("dot matches zero byte", P(string.match("a\0c", "a.c")), "a\0c")
eq("dot matches newline", P(string.match("a\nc", "a.c")), "a\nc")

------------------------------------------------------------------------------------------------
-- sets
------------------------------------------------------------------------------------------------
eq("set", P(string.match("xxabbaxx", "[ab]+")), "abba")
eq("set range", P(string.match("xx0123yy", "[0-9]+")), "0123")
eq("set two ranges", P(string.match("--aZ9--", "[a-zA-Z0-9]+")), "aZ9")
eq("set negated", P(string.match("abc123", "[^a-c]+")), "123")
eq("set with class", P(string.match("  a1 b2", "[%a%d]+")), "a1")
eq("set negated class", P(string.match("abc  123", "[^%s]+", 4)), "123")
eq("set close bracket first", P(string.match("a]]b", "[]]+")), "]]")
eq("set negated close bracket", P(string.match("]]ab]", "[^]]+")), "ab")
eq("set trailing dash", P(string.match("a-b-c", "[a-]+")), "a-")
eq("set leading dash", P(string.match("x-a-", "[-a]+")), "-a-")
eq("set escaped close", P(string.match("x]y", "[%]]")), "]")
eq("set escaped dash", P(string.match("a-b", "[%-]")), "-")
eq("set dot is literal", P(string.match("abc.def", "[.]")), ".")
eq("set caret not first is literal", P(string.match("ab^c", "[b^]+")), "b^")
eq("set class then dash", P(string.match("--a--", "[%a-]+")), "--a--")
eq("set reversed range empty", P(string.match("abc", "[z-a]")), nil)
eq("set with zero byte", P(string.match("a\0b", "[\0]")), "\0")

------------------------------------------------------------------------------------------------
-- quantifiers
------------------------------------------------------------------------------------------------
eq("star greedy", P(string.match("aaab", "a*")), "aaa")
eq("star zero", P(string.match("baaa", "a*")), "")
eq("plus", P(string.match("baaa", "a+")), "aaa")
eq("plus none", P(string.match("bbb", "a+")), nil)
eq("minus lazy", P(string.match("<a><b>", "<(.-)>")), "a")
eq("star greedy span", P(string.match("<a><b>", "<(.*)>")), "a><b")
eq("minus empty", P(string.match("abc", "a-")), "")
eq("question yes", P(string.match("color", "colou?r")), "color")
eq("question yes 2", P(string.match("colour", "colou?r")), "colour")
eq("question backtracks", P(string.match("ab", "a?ab")), "ab")
eq("star backtracks", P(string.match("aaa", "a*a")), "aaa")
eq("minus then anchor", P(string.match("abc", "^(.-)c$")), "ab")
eq("quantified set", P(string.match("  xyz", "[xyz]*$")), "xyz")
eq("quantified class", P(string.match("12ab", "%d?%d?%a")), "12a")
eq("quantifier on escaped", P(string.match("a...b", "a%.*b")), "a...b")
eq("leading star is literal", P(string.match("a*b", "*b")), "*b")
eq("signed number", P(string.match("x = -42;", "[+-]?%d+")), "-42")

------------------------------------------------------------------------------------------------
-- anchors
------------------------------------------------------------------------------------------------
eq("caret anchor", P(string.match("hello", "^hel")), "hel")
eq("caret anchor fail", P(string.match("ahello", "^hel")), nil)
eq("dollar anchor", P(string.match("hello", "llo$")), "llo")
eq("dollar anchor fail", P(string.match("hello!", "llo$")), nil)
eq("dollar alone", P(string.find("abc", "$")), 4, 3)
eq("dollar not last is literal", P(string.match("a$b", "a$b")), "a$b")
eq("dollar quantified is literal", P(string.match("a$$", "a$*")), "a$$")
eq("second caret is literal", P(string.match("^abc", "^^a")), "^a")
eq("caret in middle literal", P(string.match("a^b", "a^b")), "a^b")
eq("both anchors", P(string.match("abc", "^abc$")), "abc")
eq("anchored with init", P(string.match("xxabc", "^abc", 3)), "abc")
eq("empty with anchors", P(string.match("", "^$")), "")

------------------------------------------------------------------------------------------------
-- captures
------------------------------------------------------------------------------------------------
eq("two captures", P(string.match("2024-05-17", "(%d+)-(%d+)")), "2024", "05")
eq("nested captures", P(string.match("abcd", "((a)(b)c)")), "abc", "a", "b")
eq("empty capture", P(string.match("abc", "a()")), 2)
eq("position captures", P(string.match("hello", "()ll()")), 3, 5)
eq("position capture is an integer", P(tostring(string.match("hello", "()ll"))), "3")
eq("find positions are integers", P(tostring(string.find("hello", "l")), tostring(select(2, string.find("hello", "l")))), "3", "3")
eq("empty string capture", P(string.match("abc", "a(x*)b")), "")
eq("capture with star", P(string.match("key   =   value", "(%w+)%s*=%s*(%w+)")), "key", "value")
eq("back reference", P(string.match('say "hi" now', "([\"'])(.-)%1")), '"', "hi")
eq("back reference repeat", P(string.match("abab", "(ab)%1")), "ab")
eq("back reference fails", P(string.match("abac", "^(ab)%1")), nil)
eq("back reference empty", P(string.match("abc", "()%1")), nil)
eq("back reference to empty capture", P(string.match("abc", "(x*)%1b")), "")
eq("32 captures allowed", P(select("#", string.match(string.rep("a", 32), string.rep("(a)", 32)))), 32)
eq("capture at end of subject", P(string.match("ab", "b()")), 3)
eq("match init", P(string.match("abcabc", "(b)(c)", 4)), "b", "c")
eq("match init past end", P(string.match("abc", ".*", 5)), nil)
eq("match init at end", P(string.match("abc", ".*", 4)), "")
eq("match negative init", P(string.match("abcdef", "%a+", -3)), "def")

------------------------------------------------------------------------------------------------
-- %b and %f
------------------------------------------------------------------------------------------------
eq("balanced", P(string.match("f(a(b)c) x", "%b()")), "(a(b)c)")
eq("balanced unclosed", P(string.match("(a(b", "%b()")), nil)
eq("balanced same delimiters", P(string.match("xa..ay", "%baa")), "a..a")
eq("balanced then more", P(string.match("[x][y]z", "%b[]%b[](.)")), "z")
eq("balanced suffix is literal", P(string.match("(a)*", "%b()*")), "(a)*")
eq("frontier word", P(string.find("THE (quick) fox", "%f[%a]%a+%f[%A]")), 1, 3)
eq("frontier second word", P(string.match("THE (quick) fox", "%f[%a](%a+)", 2)), "quick")
eq("frontier at end", P(string.find("abc", "%f[%z]")), 4, 3)
eq("frontier at start", P(string.find("abc", "%f[%l]")), 1, 0)
eq("frontier none", P(string.find("aaa", "%f[b]")), nil)
eq("frontier negated set", P(string.find("aa  bb", "%f[^%s]", 2)), 5, 4)
local words = {}
for w in string.gmatch("THE (quick) fox jumps", "%f[%a]%a+") do words[#words + 1] = w end
same("frontier gmatch", table.concat(words, ","), "THE,quick,fox,jumps")
eq("deprecated %z", P(string.find("a\0b", "%z")), 2, 2)

------------------------------------------------------------------------------------------------
-- string.gmatch
------------------------------------------------------------------------------------------------
same("gmatch words", flat(collect(string.gmatch("one two  three", "%a+"))), "one|two|three")
same("gmatch pairs", flat(collect(string.gmatch("a=1, b=2", "(%w+)=(%w+)"))), "a,1|b,2")
same("gmatch empty matches", flat(collect(string.gmatch("abc", "x*"))), "|||")
same("gmatch empty after match", flat(collect(string.gmatch("abc", "%a*"))), "abc")
same("gmatch star with gaps", flat(collect(string.gmatch("ab  cd", "%a*"))), "ab||cd")
same("gmatch position captures", flat(collect(string.gmatch("abc", "()"))), "1|2|3|4")
same("gmatch caret is literal", flat(collect(string.gmatch("a^b^", "^."))), "^b")
same("gmatch init", flat(collect(string.gmatch("abcdef", "%a", 4))), "d|e|f")
same("gmatch negative init", flat(collect(string.gmatch("abcdef", "%a", -2))), "e|f")
same("gmatch init past end", flat(collect(string.gmatch("abc", ".", 10))), "")
same("gmatch init at end", flat(collect(string.gmatch("abc", "x*", 4))), "")
same("gmatch no match", flat(collect(string.gmatch("abc", "%d"))), "")
same("gmatch empty subject", flat(collect(string.gmatch("", ".*"))), "")
do
  local it = string.gmatch("ab", ".")
  eq("gmatch step 1", P(it()), "a")
  eq("gmatch step 2", P(it()), "b")
  eq("gmatch exhausted returns nothing", P(it()))
  eq("gmatch stays exhausted", P(it()))
end
do
  local n = 0
  for k, v in string.gmatch("x=1;y=22;z=333", "(%a)=(%d+)") do n = n + #k + #v end
  eq("gmatch for loop", P(n), 9)
end

------------------------------------------------------------------------------------------------
-- string.gsub
------------------------------------------------------------------------------------------------
eq("gsub string", P(string.gsub("hello world", "o", "0")), "hell0 w0rld", 2)
eq("gsub no match", P(string.gsub("hello", "x", "y")), "hello", 0)
eq("gsub %0", P(string.gsub("abc", "%w", "%0%0")), "aabbcc", 3)
eq("gsub %1 without captures", P(string.gsub("abc", "%w", "<%1>")), "<a><b><c>", 3)
eq("gsub captures swapped", P(string.gsub("hello world", "(%w+) (%w+)", "%2 %1")), "world hello", 1)
eq("gsub %%", P(string.gsub("50", "%d+", "%0%%")), "50%", 1)
eq("gsub position capture in repl", P(string.gsub("abc", "()b", "[%1]")), "a[2]c", 1)
eq("gsub max n", P(string.gsub("aaaa", "a", "b", 2)), "bbaa", 2)
eq("gsub max 0", P(string.gsub("aaaa", "a", "b", 0)), "aaaa", 0)
eq("gsub max negative", P(string.gsub("aaaa", "a", "b", -1)), "aaaa", 0)
eq("gsub max float", P(string.gsub("aaaa", "a", "b", 3.0)), "bbba", 3)
eq("gsub empty pattern", P(string.gsub("abc", "", "-")), "-a-b-c-", 4)
eq("gsub empty after match rule", P(string.gsub("abc", "%w*", "x")), "x", 1)
eq("gsub star with gaps", P(string.gsub("ab cd", "%a*", "X")), "X X", 2)
eq("gsub x* everywhere", P(string.gsub("abc", "x*", "-")), "-a-b-c-", 4)
eq("gsub anchored", P(string.gsub("aaa", "^a", "b")), "baa", 1)
eq("gsub anchored no match", P(string.gsub("baa", "^a", "b")), "baa", 0)
eq("gsub anchored empty", P(string.gsub("abc", "^", ">")), ">abc", 1)
eq("gsub dollar", P(string.gsub("abc", "$", "!")), "abc!", 1)
eq("gsub table", P(string.gsub("$name is $age", "%$(%w+)", {name = "Bob", age = 42})), "Bob is 42", 2)
eq("gsub table missing keeps", P(string.gsub("$a $b", "%$(%w+)", {a = "1"})), "1 $b", 2)
eq("gsub table false keeps", P(string.gsub("x y", "%w", {x = false, y = "Y"})), "x Y", 2)
eq("gsub table whole match key", P(string.gsub("ab", "%w", {a = "A"})), "Ab", 2)
eq("gsub table position key", P(string.gsub("ab", "()%w", {"one", "two"})), "onetwo", 2)
eq("gsub table float value", P(string.gsub("a", "a", {a = 1.5})), "1.5", 1)
eq("gsub function", P(string.gsub("hello world", "%w+", string.upper)), "HELLO WORLD", 2)
eq("gsub function captures", P(string.gsub("a=1,b=2", "(%w)=(%w)", function(k, v) return v .. k end)), "1a,2b", 2)
eq("gsub function nil keeps", P(string.gsub("abc", "%w", function(c) if c == "b" then return "B" end end)), "aBc", 3)
eq("gsub function false keeps", P(string.gsub("abc", "%w", function() return false end)), "abc", 3)
eq("gsub function number", P(string.gsub("abc", "%w", function() return 7 end)), "777", 3)
eq("gsub function position arg", P(string.gsub("ab", "()", function(p) return "<" .. tostring(p) .. ">" end)), "<1>a<2>b<3>", 3)
eq("gsub number replacement", P(string.gsub("abc", "b", 5)), "a5c", 1)
eq("gsub number subject", P(string.gsub(1234, "2", "x")), "1x34", 1)
eq("gsub whole string", P(string.gsub("hello", ".*", "%0!")), "hello!", 1)
eq("gsub balanced", P(string.gsub("f(x) + g(y)", "%b()", "[]")), "f[] + g[]", 2)
eq("gsub frontier", P(string.gsub("the cat", "%f[%w]%w", string.upper)), "The Cat", 2)
eq("gsub back reference", P(string.gsub("aa bb cd", "(%a)%1", "<%0>")), "<aa> <bb> cd", 2)
eq("gsub unfinished capture unused", P(string.gsub("abc", "(", "x")), "xaxbxcx", 4)
eq("gsub zero byte", P(string.gsub("a\0b", "%z", "0")), "a0b", 1)
do
  local calls = 0
  string.gsub("abc", "%w", function() calls = calls + 1 end, 2)
  eq("gsub function call count with n", P(calls), 2)
end

------------------------------------------------------------------------------------------------
-- errors (message tails as stock Lua 5.4.4 raises them)
------------------------------------------------------------------------------------------------
fails("ends with %", "malformed pattern (ends with '%')", string.find, "a", "a%")
fails("ends with % match", "malformed pattern (ends with '%')", string.match, "abc", "%")
fails("missing ]", "malformed pattern (missing ']')", string.match, "a", "[a")
fails("missing ] after escape", "malformed pattern (missing ']')", string.match, "a", "[a%]")
fails("missing ] negated", "malformed pattern (missing ']')", string.match, "a", "[^]")
fails("missing [ after %f", "missing '[' after '%f' in pattern", string.match, "a", "%fa")
fails("%f at end", "missing '[' after '%f' in pattern", string.match, "a", "%f")
fails("%b missing args", "malformed pattern (missing arguments to '%b')", string.match, "a", "%b")
fails("%b one arg", "malformed pattern (missing arguments to '%b')", string.match, "a", "%b(")
fails("invalid pattern capture", "invalid pattern capture", string.match, "a", "a)")
fails("invalid capture index", "invalid capture index %1", string.match, "a", "a%1")
fails("invalid capture index %0", "invalid capture index %0", string.match, "a", "%0")
fails("reference to open capture", "invalid capture index %1", string.match, "aa", "(a%1)")
fails("unfinished capture find", "unfinished capture", string.find, "a", "(a")
fails("unfinished capture match", "unfinished capture", string.match, "a", "(")
fails("unfinished capture gsub function", "unfinished capture", string.gsub, "a", "(a", print)
fails("too many captures", "too many captures", string.match, "a", string.rep("()", 33))
fails("pattern too complex", "pattern too complex", string.match, string.rep("a", 300), string.rep("a?", 250))
eq("depth limit: 199 nested a? still match", P(#string.match(string.rep("a", 300), string.rep("a?", 199))), 199)
fails("depth limit: 200 nested a? are too complex", "pattern too complex", string.match, string.rep("a", 300), string.rep("a?", 200))
fails("pattern too complex nested", "pattern too complex", string.match, "a", string.rep("(", 20) .. string.rep("a-", 200))
fails("repl invalid %", "invalid use of '%' in replacement string", string.gsub, "abc", "b", "%x")
fails("repl trailing %", "invalid use of '%' in replacement string", string.gsub, "abc", "b", "x%")
fails("repl invalid capture index", "invalid capture index %2", string.gsub, "abc", "(b)", "%2")
fails("repl %2 without captures", "invalid capture index %2", string.gsub, "abc", "b", "%2")
fails("repl invalid value table", "invalid replacement value (a table)", string.gsub, "abc", "b", function() return {} end)
fails("repl invalid value boolean", "invalid replacement value (a boolean)", string.gsub, "abc", "b", {b = true})
fails("gsub bad repl type", "bad argument #3 to 'gsub' (string/function/table expected, got nil)",
  function() return string.gsub("abc", "b", nil) end)
fails("gsub bad n", "bad argument #4 to 'gsub' (number has no integer representation)",
  function() return string.gsub("abc", "b", "x", 1.5) end)
fails("find bad init", "bad argument #3 to 'find' (number has no integer representation)",
  function() return string.find("abc", "b", 1.5) end)
fails("find bad subject", "bad argument #1 to 'find' (string expected, got table)",
  function() return string.find({}, "b") end)
fails("match missing pattern", "bad argument #2 to 'match' (string expected, got no value)",
  function() return string.match("abc") end)
fails("gmatch bad init", "bad argument #3 to 'gmatch' (number expected, got string)",
  function() return string.gmatch("abc", "b", "x") end)
fails("gmatch error on step", "malformed pattern (ends with '%')", string.gmatch("abc", "%"))

-- errors are detected lazily, exactly when the matcher reaches the bad item
eq("lazy: bad tail never reached", P(string.find("b", "a%")), nil)
eq("lazy: bad set never reached", P(string.match("xyz", "a[")), nil)
eq("lazy: bad reference never reached", P(string.match("xyz", "a%1")), nil)
eq("lazy: fails before the bad item", P(string.match("ac", "ab%")), nil)
fails("lazy: bad item reached", "malformed pattern (ends with '%')", string.match, "ab", "ab%")

-- the error position names the calling script line, as stock does
do
  local ok, msg = pcall(function() return string.find("a", "[") end)
  checks = checks + 1
  assert(not ok and string.find(msg, ":%d+: malformed pattern %(missing '%]'%)$") ~= nil, msg)
  ok, msg = pcall(function() return string.gsub("a", "a", "%") end)
  checks = checks + 1
  assert(not ok and string.find(msg, ":%d+: invalid use of '%%' in replacement string$") ~= nil, msg)
end

assert(checks >= 150, "only " .. checks .. " checks")
print("patterns: all passed")
