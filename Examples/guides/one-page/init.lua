-- one-page: a one-page summary of a self-assessment, as HTML (with a chart) and as Markdown.
-- render runs once per person, afresh each time: nothing of one person's report reaches the
-- next. The script never touches files: ctx.write hands each output to the host.
return assess.reporter {
  api = 1,
  id = "one-page",
  version = "1.0.0",
  title = "One-page self-assessment summary",
  scope = "subject",
  formats = { "html", "md" },
  kinds = { "self" },
  options = {
    decimals = 1,  -- places shown for scores
    note = "",     -- a note for the reader, written in Markdown
  },
  render = function(result, instrument, ctx)
    local decimals = tonumber(ctx.options.decimals)
    -- Dimension titles by id, and the default scale (its range is the chart's).
    local titles, lowest, highest = {}, nil, nil
    for _, d in ipairs(instrument.dimensions) do titles[d.id] = d.title end
    local scale = instrument.scales[instrument.default_scale]

    local rows, chart_rows, scored = {}, {}, 0
    for _, d in ipairs(result.dimensions) do
      local title = titles[d.id] or d.id
      rows[#rows + 1] = {
        title = title,
        score = d.score and assess.format.number(d.score, decimals) or false,
        band = d.band or false,
        reason = d.reason or false,
        answered = assess.format.plural(d.answered or 0, "statement", "statements"),
      }
      if d.score then
        scored = scored + 1
        chart_rows[#chart_rows + 1] = { label = title, value = d.score }
        if not lowest or d.score < lowest.score then lowest = { title = title, score = d.score } end
        if not highest or d.score > highest.score then highest = { title = title, score = d.score } end
      end
    end

    local chart = assess.chart.bars {
      id = "dimensions", title = "Your scores by dimension",
      description = "The mean of your answers in each dimension, from " .. scale.min .. " to " .. scale.max .. ".",
      min = scale.min, max = scale.max, value_label = "Your score",
      series = {}, rows = chart_rows,
    }

    local view = {
      title = instrument.title,
      subject = result.subject,
      date = assess.format.date(ctx.date),
      rows = rows,
      coverage = assess.format.percent(#rows > 0 and scored / #rows or 0),
      highest = highest and { title = highest.title, score = assess.format.number(highest.score, decimals) } or false,
      lowest = lowest and { title = lowest.title, score = assess.format.number(lowest.score, decimals) } or false,
      chart_svg = chart.svg,
      chart_table = chart.table,
      chart_markdown = chart.markdown,
      note_html = ctx.options.note ~= "" and assess.markdown.html(ctx.options.note) or false,
      note_markdown = ctx.options.note ~= "" and ctx.options.note or false,
    }
    local name = ctx.file_name(result.subject .. "-summary")
    ctx.write(name .. ".html", ctx.render("report.html", view))
    ctx.write(name .. ".md", ctx.render("report.md", view))
  end,
}
