/**
 * The Typst layout of the compiled PDF. The document's content is never part of this
 * markup: it arrives as data (`/doc.json`, the DocModel's blocks) and is shown with
 * Typst's `str` values, so nothing a person wrote can act as markup or code.
 *
 * Typst tags what it lays out (PDF/UA structure: headings, lists with labels, tables
 * with header cells, paragraphs, each text's language) and turns headings into
 * bookmarks; page furniture (footer, rules, bar shapes) is marked as artifact.
 */
export const PDF_TEMPLATE = String.raw`
#let d = json("/doc.json")
#let ink = rgb("#1b1f24")
#let accent = rgb("#1f4e79")
#let muted = rgb("#5b6470")
#let rule = rgb("#c9d1da")
#let zebra = rgb("#f2f5f8")

#set document(title: d.title + ": " + d.subtitle, author: "Birge", date: datetime(year: d.date.at(0), month: d.date.at(1), day: d.date.at(2), hour: d.date.at(3), minute: d.date.at(4), second: d.date.at(5)))
#set text(font: "DejaVu Sans", size: 10pt, lang: d.lang, fill: ink)
#set par(leading: 0.5em, spacing: 0.8em)
#set page(
  paper: "a4",
  margin: (x: 56pt, top: 56pt, bottom: 70pt),
  footer: context {
    set text(size: 7.5pt, fill: muted)
    line(length: 100%, stroke: 0.5pt + rule)
    v(-4pt)
    let n = counter(page).get().first()
    let total = counter(page).final().first()
    grid(columns: (1fr, auto), d.colophon, d.page.at(0) + str(n) + d.page.at(1) + str(total) + d.page.at(2))
  },
)
#show heading: set text(fill: accent, weight: "bold")
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 1): set block(above: 20pt, below: 8pt)
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading.where(level: 2): set block(above: 14pt, below: 6pt)
#show heading.where(level: 3): set text(size: 11pt)

// A person's text, tagged with its own language when it has one.
#let say(t, lang) = if lang == none { t } else { text(lang: lang, t) }

#let facts(rows) = table(
  columns: (36%, 1fr),
  stroke: none,
  inset: 4pt,
  fill: (_, y) => if calc.even(y) { zebra },
  ..rows.map(r => (table.cell(text(weight: "bold", fill: muted, size: 9.5pt, r.at(0))), text(size: 9.5pt, r.at(1)))).flatten(),
)

// Lists are term lists with the number (or bullet) as the term: tagged L > LI > Lbl + LBody
// like any list, at the cost of paragraphs (Typst's enum lays every item out as a grid
// cell, about four times slower at 2,000 items; see bench/README.md).
#let list-block(b) = {
  let small = b.items.any(it => it.at("lead", default: none) != none)
  let widest = b.items.fold(0, (m, it) => calc.max(m, str(it.at("number", default: "")).len()))
  let label(it) = if b.ordered { str(it.at("number", default: "")) + "." } else { "•" }
  set text(size: if small { 9pt } else { 10.5pt })
  set par(spacing: 0.3em)
  terms(
    separator: h(0.5em),
    hanging-indent: if b.ordered { (widest * 0.62 + 1.1) * 1em } else { 1.1em },
    spacing: if small { 5pt } else { 8pt },
    ..b.items.map(it => terms.item(
      box(width: if b.ordered { (widest * 0.62 + 0.6) * 1em } else { 0.6em }, text(weight: "bold", fill: accent, label(it))),
      {
        // One paragraph per line of meaning, each tagged P in its own language. The first is
        // inline content (no par() and no par set rule here), so it starts on the label's line.
        let lead = it.at("lead", default: none)
        if lead != none { text(size: 8pt, weight: "bold", fill: muted, lead); parbreak() }
        say(it.text, it.at("lang", default: none))
        set text(size: 8.5pt, fill: muted)
        for n in it.at("notes", default: ()) { parbreak(); say(n.text, n.at("lang", default: none)) }
      },
    )),
  )
}

#let table-block(b) = {
  let cols = b.columns.map(c => if c.at("grow", default: false) { 1fr } else { auto })
  let cell(c, col) = {
    let s = col.at("style", default: none)
    let t = if type(c) == str { c } else { say(c.text, c.lang) }
    if s == "id" { text(font: "DejaVu Sans Mono", size: 7.5pt, t) } else { t }
  }
  set text(size: 8.5pt)
  table(
    columns: cols,
    stroke: (_, y) => if y == 0 { (bottom: 0.8pt + accent) } else { (bottom: 0.4pt + rule) },
    inset: (x: 3pt, y: 3pt),
    align: (x, _) => if b.columns.at(x).at("style", default: none) == "number" { right } else { left },
    table.header(..b.columns.map(c => text(weight: "bold", fill: muted, c.title))),
    ..b.rows.map(r => r.enumerate().map(((i, c)) => cell(c, b.columns.at(i)))).flatten(),
  )
}

#let bars-block(b) = figure(
  kind: "chart",
  supplement: none,
  caption: figure.caption(position: top, text(weight: "bold", b.caption)),
  {
    set text(size: 9pt)
    let m = if b.max > 0 { b.max } else { 1 }
    grid(
      columns: (32%, 1fr, auto),
      column-gutter: 6pt,
      row-gutter: 4pt,
      align: (left + horizon, left + horizon, right + horizon),
      ..b.bars.map(x => (
        say(x.label, x.at("lang", default: none)),
        pdf.artifact(box(width: calc.max(0, calc.min(1, x.value / m)) * 100%, height: 8pt, fill: accent)),
        x.display,
      )).flatten(),
    )
  },
)

// Opinion groups: every participant a dot on a square plot, one colour per group, the
// group letters at their centres; the legend under it is real text.
#let group-colors = (rgb("#1f4e79"), rgb("#c0392b"), rgb("#2e7d4f"), rgb("#b9770e"), rgb("#6c3483"))
#let map-block(b) = figure(
  kind: "chart",
  supplement: none,
  caption: figure.caption(position: top, text(weight: "bold", b.caption)),
  {
    let side = 400pt
    pdf.artifact(box(width: side, height: side, stroke: 0.5pt + rule, inset: 0pt, {
      for p in b.points {
        place(dx: p.at(0) * (side - 6pt) + 1pt, dy: (1 - p.at(1)) * (side - 6pt) + 1pt, circle(radius: 1.8pt, stroke: none, fill: group-colors.at(calc.rem(p.at(2), 5)).transparentize(35%)))
      }
      for (i, g) in b.groups.enumerate() {
        place(dx: g.x * (side - 16pt), dy: (1 - g.y) * (side - 16pt), text(size: 14pt, weight: "bold", fill: group-colors.at(calc.rem(i, 5)), g.label))
      }
    }))
    v(6pt)
    set text(size: 9pt)
    grid(
      columns: b.groups.len() * 2,
      column-gutter: 6pt,
      align: horizon,
      ..b.groups.enumerate().map(((i, g)) => (pdf.artifact(box(width: 8pt, height: 8pt, fill: group-colors.at(calc.rem(i, 5)))), g.caption)).flatten(),
    )
  },
)

#block(below: 6pt, text(size: 20pt, weight: "bold", fill: accent, d.title))
#block(below: 10pt, text(size: 12pt, d.subtitle))
#pdf.artifact(line(length: 100%, stroke: 1.5pt + accent))

#for b in d.blocks {
  if b.kind == "heading" {
    if b.at("newPage", default: false) { pagebreak(weak: true) }
    heading(level: b.level, b.text)
  } else if b.kind == "paragraph" {
    let t = say(b.text, b.at("lang", default: none))
    par(if b.at("muted", default: false) { text(size: 9pt, fill: muted, t) } else { t })
  } else if b.kind == "facts" {
    facts(b.rows)
  } else if b.kind == "list" {
    list-block(b)
  } else if b.kind == "table" {
    table-block(b)
  } else if b.kind == "bars" {
    bars-block(b)
  } else if b.kind == "map" {
    map-block(b)
  } else {
    panic("unknown block " + b.kind)
  }
}
`;
