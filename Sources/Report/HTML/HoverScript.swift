/// Optional hover read-out for the charts: moving the pointer over a chart shows the date
/// and each line's value in the legend. The page is complete without it (the legend shows
/// the final values); it reads only data already in the SVG and loads nothing.
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
      var figures = document.querySelectorAll('figure.plot');
      Array.prototype.forEach.call(figures, function (fig) {
        var svg = fig.querySelector('svg.chart');
        var cursor = svg && svg.querySelector('.cursor');
        if (!svg || !cursor || !svg.getScreenCTM) return;
        var kind = svg.getAttribute('data-fmt'), intraday = svg.hasAttribute('data-intraday');
        var whenOut = fig.querySelector('.legend .when');
        var whenText = whenOut ? whenOut.textContent : '';
        var lines = Array.prototype.map.call(svg.querySelectorAll('polyline.line'), function (p) {
          var out = fig.querySelector('.legend b[data-i="' + p.getAttribute('data-i') + '"]');
          return {
            xs: p.getAttribute('points').split(' ').map(function (s) { return parseFloat(s); }),
            ts: p.getAttribute('data-t').split(' ').map(Number),
            vs: p.getAttribute('data-v').split(' ').map(Number),
            out: out, text: out ? out.textContent : ''
          };
        });
        if (!lines.length) return;
        svg.addEventListener('pointermove', function (e) {
          var m = svg.getScreenCTM();
          if (!m) return;
          var x = (e.clientX - m.e) / m.a;
          var first = lines[0], i0 = nearest(first.xs, x);
          cursor.setAttribute('x1', first.xs[i0]);
          cursor.setAttribute('x2', first.xs[i0]);
          cursor.setAttribute('visibility', 'visible');
          if (whenOut) whenOut.textContent = when(first.ts[i0], intraday);
          lines.forEach(function (line) {
            if (line.out) line.out.textContent = format(kind, line.vs[nearest(line.xs, first.xs[i0])]);
          });
        });
        svg.addEventListener('pointerleave', function () {
          cursor.setAttribute('visibility', 'hidden');
          if (whenOut) whenOut.textContent = whenText;
          lines.forEach(function (line) { if (line.out) line.out.textContent = line.text; });
        });
      });
    })();
    """
}
