/// Optional hover read-out for the charts: moving the pointer over any chart puts a cursor
/// at the same bar time on every chart (they share one time axis and one list of hover
/// times, `data-t`) and shows that date and each line's value there (`data-v`, one per
/// hover time) in every legend. The page is complete without it (the legends
/// show the final values); it reads only data already in the SVG and loads nothing.
enum HoverScript {
    static let js = """
    (function () {
      'use strict';
      function money(v, places) {
        var s = Math.abs(v).toFixed(places).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');
        return (v < 0 ? '-$' : '$') + s;
      }
      function format(kind, v) {
        if (kind === 'percent') return v.toFixed(2) + '%';
        return money(v, kind === 'price' ? 2 : 0);
      }
      function when(t, intraday) {
        var s = new Date(t * 1000).toISOString();
        return intraday ? s.slice(0, 16).replace('T', ' ') + ' UTC' : s.slice(0, 10);
      }
      function nearest(xs, x) {
        var lo = 0, hi = xs.length - 1;
        while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (xs[mid] > x) hi = mid; else lo = mid; }
        return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
      }
      function numbers(el, name) { return el.getAttribute(name).split(' ').map(Number); }
      var charts = [];
      Array.prototype.forEach.call(document.querySelectorAll('figure.plot'), function (fig) {
        var svg = fig.querySelector('svg.chart');
        var cursor = svg && svg.querySelector('.cursor');
        if (!svg || !cursor || !svg.getScreenCTM || !svg.hasAttribute('data-t')) return;
        var whenOut = fig.querySelector('.legend .when');
        var chart = {
          svg: svg, cursor: cursor, kind: svg.getAttribute('data-fmt'), intraday: svg.hasAttribute('data-intraday'),
          x0: Number(svg.getAttribute('data-x0')), x1: Number(svg.getAttribute('data-x1')),
          t0: Number(svg.getAttribute('data-t0')), t1: Number(svg.getAttribute('data-t1')), ts: numbers(svg, 'data-t'),
          whenOut: whenOut, whenText: whenOut ? whenOut.textContent : '',
          lines: Array.prototype.map.call(svg.querySelectorAll('polyline.line'), function (p) {
            var out = fig.querySelector('.legend b[data-i="' + p.getAttribute('data-i') + '"]');
            return { vs: numbers(p, 'data-v'), out: out, text: out ? out.textContent : '' };
          })
        };
        if (!chart.ts.length) return;
        charts.push(chart);
        svg.addEventListener('pointermove', function (e) {
          var m = svg.getScreenCTM();
          if (!m) return;
          // The hover time nearest the pointer; every chart knows the same times.
          var x = (e.clientX - m.e) / m.a;
          var t = chart.ts[nearest(chart.ts, chart.t0 + (x - chart.x0) / (chart.x1 - chart.x0) * (chart.t1 - chart.t0))];
          charts.forEach(function (c) { show(c, t); });
        });
        svg.addEventListener('pointerleave', function () { charts.forEach(hide); });
      });
      function show(c, t) {
        var i = nearest(c.ts, t), x = c.x0 + (t - c.t0) / Math.max(c.t1 - c.t0, 1) * (c.x1 - c.x0);
        c.cursor.setAttribute('x1', x);
        c.cursor.setAttribute('x2', x);
        c.cursor.setAttribute('visibility', 'visible');
        if (c.whenOut) c.whenOut.textContent = when(t, c.intraday);
        c.lines.forEach(function (line) {
          // `-` (no bar then, or still warming up) reads as NaN: no value.
          var v = c.ts[i] === t ? line.vs[i] : NaN;
          if (line.out) line.out.textContent = isNaN(v) ? '—' : format(c.kind, v);
        });
      }
      function hide(c) {
        c.cursor.setAttribute('visibility', 'hidden');
        if (c.whenOut) c.whenOut.textContent = c.whenText;
        c.lines.forEach(function (line) { if (line.out) line.out.textContent = line.text; });
      }
    })();
    """
}
