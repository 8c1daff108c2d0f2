-- A trust's own 360: the bundled Healthcare Leadership Model 360 with the trust's values as a
-- tenth dimension, a stricter anonymity rule and its own wording for the rater groups.
-- Everything not mentioned here comes from hlm-360 unchanged.
local values = require "values"

return assess.instrument {
  api = 1,
  extends = "hlm-360",
  id = "trust-values-360",
  version = "1.0.0",
  title = "Leading with our values: 360° feedback",
  description = "Feedback from colleagues on the nine dimensions of the Healthcare Leadership Model "
    .. "and on how we live the trust's values, each also rated for importance to the role.",
  -- At least four people per group before a group's results are shown (the manager still is).
  anonymity = { minimum = 4, policy = "suppress" },
  raters = {
    { id = "peer", label = "Colleagues at the same level", min = 4 },
    { id = "direct_report", label = "People you manage", min = 4 },
    { id = "other", label = "Others you work with", min = 4 },
  },
  dimensions = {
    -- Our own wording for one item, and one item we do not use.
    { id = "leading_with_care", items = {
        { id = "lwc_2", text = "Checks in with colleagues after a distressing shift or incident" },
    } },
    { id = "holding_to_account", items = { { id = "hta_3", remove = true } } },
    -- The trust's values as a new dimension.
    values,
  },
}
