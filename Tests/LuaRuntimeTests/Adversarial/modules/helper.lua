-- A legitimate module beside the cases: `require "helper"` must work.
return { answer = 42 }
