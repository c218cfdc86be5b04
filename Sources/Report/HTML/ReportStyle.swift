/// The page's only stylesheet, inlined. System fonts, a light theme, tabular figures, and
/// print rules that let long tables run across pages. No `url(`, no `@import`.
enum ReportStyle {
    static let css = """
    :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --panel: #f9fafb; --accent: #1d4ed8;
      --strategy: #1d4ed8; --benchmark: #ea7317; --price: #374151; --buy: #15803d; --sell: #dc2626;
      --pos: #15803d; --neg: #b91c1c; --hit: #fff7e0; --hit-edge: #f59e0b;
      --ind0: #7c3aed; --ind1: #0891b2; --ind2: #d97706; --ind3: #db2777; --ind4: #4d7c0f; --ind5: #1e3a8a; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: #fff; color: var(--ink);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
    main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 48px; }
    header { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 8px; }
    .eyebrow { margin: 0; color: var(--muted); font-size: 12px; letter-spacing: .08em; text-transform: uppercase; }
    h1 { margin: 2px 0 4px; font-size: 28px; line-height: 1.2; font-weight: 650; }
    h2 { margin: 34px 0 10px; font-size: 18px; font-weight: 650; }
    h3 { margin: 18px 0 6px; font-size: 15px; font-weight: 600; }
    p { margin: 6px 0; }
    .sub { color: var(--muted); margin: 0; }
    .sub b { color: var(--ink); font-weight: 600; }
    .desc { margin-top: 8px; }
    .note { color: var(--muted); font-size: 13px; }
    .verdict { font-size: 16px; font-weight: 600; line-height: 1.45; margin: 14px 0 6px; padding: 10px 14px;
      border-left: 4px solid var(--accent); background: var(--panel); border-radius: 0 8px 8px 0; }
    code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
      background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
    .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 20px 0 0; }
    .kpi { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--panel); }
    .kpi .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
    .kpi .v { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
    .kpi .c { color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
    table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
    th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    thead th { background: var(--panel); color: var(--muted); font-weight: 600; font-size: 12px;
      text-transform: uppercase; letter-spacing: .04em; position: sticky; top: 0; z-index: 1; }
    tbody tr:nth-child(even) { background: #fcfcfd; }
    tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
    td.n, th.n { text-align: right; white-space: nowrap; }
    td.d { white-space: nowrap; }
    td.why { min-width: 150px; color: #374151; overflow-wrap: anywhere; }
    td code, thead th { white-space: nowrap; }
    table.stats { max-width: 720px; }
    table.months td, table.months th { padding: 4px 6px; font-size: 12.5px; }
    table.drawdowns { max-width: 720px; }
    table.stats tbody th { font-weight: 500; }
    table.stats td { width: 28%; }
    .pos { color: var(--pos); }
    .neg { color: var(--neg); }
    .zero { color: #c0c4cc; }
    tr.hit { background: var(--hit) !important; }
    tr.hit td:first-child { box-shadow: inset 3px 0 0 var(--hit-edge); font-weight: 600; }
    .badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600;
      background: #eef2f7; color: #374151; white-space: nowrap; }
    .b-allow, .b-filled { background: #e7f6ec; color: #166534; }
    .b-block, .b-blocked { background: #fde8e8; color: #991b1b; }
    .b-needs_approval { background: #fff1d6; color: #92400e; }
    .b-buy { color: var(--buy); font-weight: 600; }
    .b-sell { color: var(--sell); font-weight: 600; }
    .scroll { max-height: 34rem; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
    .scroll table { border: 0; }
    figure.plot { margin: 0 0 8px; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; align-items: center; font-size: 13px; margin: 0 0 4px; }
    .legend .when { color: var(--muted); margin-left: auto; font-variant-numeric: tabular-nums; }
    .legend b { font-weight: 600; font-variant-numeric: tabular-nums; }
    .key { display: inline-block; width: 18px; height: 3px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
    .k-strategy { background: var(--strategy); }
    .k-benchmark { background: var(--benchmark); }
    .k-price { background: var(--price); }
    .k-area { height: 10px; opacity: .35; }
    .k-ind0 { background: var(--ind0); } .k-ind1 { background: var(--ind1); } .k-ind2 { background: var(--ind2); }
    .k-ind3 { background: var(--ind3); } .k-ind4 { background: var(--ind4); } .k-ind5 { background: var(--ind5); }
    .k-band { height: 0; border-top: 2px dashed; background: none; }
    .k-band.k-ind0 { color: var(--ind0); } .k-band.k-ind1 { color: var(--ind1); } .k-band.k-ind2 { color: var(--ind2); }
    .k-band.k-ind3 { color: var(--ind3); } .k-band.k-ind4 { color: var(--ind4); } .k-band.k-ind5 { color: var(--ind5); }
    .k-buy { color: var(--buy); } .k-sell { color: var(--sell); }
    svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
    svg.chart text { font-size: 12px; fill: var(--muted); font-family: inherit; }
    svg.chart .ylabel { text-anchor: end; }
    svg.chart .xaxis text { text-anchor: middle; }
    .grid line { stroke: #eceef1; stroke-width: 1; }
    .grid line.zero { stroke: #9ca3af; }
    .xaxis line { stroke: #9ca3af; stroke-width: 1; }
    .line { fill: none; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; vector-effect: non-scaling-stroke; }
    .line.s-strategy { stroke: var(--strategy); stroke-width: 1.8; }
    .line.s-benchmark { stroke: var(--benchmark); }
    .line.s-price { stroke: var(--price); stroke-width: 1.2; }
    .line.s-ind0 { stroke: var(--ind0); } .line.s-ind1 { stroke: var(--ind1); } .line.s-ind2 { stroke: var(--ind2); }
    .line.s-ind3 { stroke: var(--ind3); } .line.s-ind4 { stroke: var(--ind4); } .line.s-ind5 { stroke: var(--ind5); }
    .line.s-band { stroke-dasharray: 5 3; stroke-width: 1.2; }
    .area { stroke: none; opacity: .18; }
    .area.s-strategy { fill: var(--strategy); }
    .area.s-benchmark { fill: var(--benchmark); }
    .markers .buy { fill: var(--buy); }
    .markers .sell { fill: var(--sell); }
    .markers path.sell_short { fill: #fff; stroke: var(--sell); stroke-width: 1.6; }
    .markers path.buy_to_cover { fill: #fff; stroke: var(--buy); stroke-width: 1.6; }
    .markers path { stroke: #fff; stroke-width: .6; }
    .markers path.dense { stroke: none; opacity: .55; }
    .markers path.dense.sell_short { fill: var(--sell); opacity: .3; }
    .markers path.dense.buy_to_cover { fill: var(--buy); opacity: .3; }
    .cursor { stroke: #111827; stroke-width: 1; stroke-dasharray: 3 3; }
    footer { margin-top: 40px; padding-top: 14px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
    footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
    footer dt { color: var(--ink); }
    footer dd { margin: 0; }
    /* Long tables are paged by TablePager's script; printing shows every row. */
    .pager { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 0 0 8px; font-size: 13px; color: var(--muted); }
    .pager button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--ink); cursor: pointer; }
    .pager button:disabled { color: var(--muted); cursor: default; opacity: .55; }
    .pager span { padding: 0 4px; font-variant-numeric: tabular-nums; }
    @media screen { tr.pg-off { display: none; } }
    /* A chart scales with its viewBox: on a phone its 12-unit labels would be 4 px. */
    @media (max-width: 640px) { main { padding: 16px 12px 32px; } h1 { font-size: 22px; } th, td { padding: 4px 6px; }
      svg.chart text { font-size: 22px; }
      /* A table wider than a phone (twelve months, the policy's rules) scrolls in its own box, not the page. */
      table { display: block; max-width: 100%; overflow-x: auto; font-size: 12.5px; } }
    @media print {
      body { font-size: 11pt; }
      main { max-width: none; padding: 0; }
      .scroll { max-height: none; overflow: visible; border: 0; }
      thead th { position: static; }
      section, figure.plot, .kpis { break-inside: avoid; }
      section.long { break-inside: auto; }
      tr { break-inside: avoid; }
      .cursor { display: none; }
      .pager { display: none; }
      a { color: inherit; text-decoration: none; }
    }
    """
}
