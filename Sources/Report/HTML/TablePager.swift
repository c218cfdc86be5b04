/// Pages for the long tables (trades, orders): a million-bar run decides tens of thousands of
/// orders, and a browser lays out every visible row. The page keeps every row in its markup —
/// without the script all rows show in the scrolling box, printing shows them all, and the
/// browser's find still searches hidden pages' text once "Show all" is pressed — and the
/// script shows `pageRows` at a time with a bar above the table to move between pages.
/// Short tables are left alone. Like the hover read-out, it reads only what is on the page.
enum TablePager {
    /// Rows per page; a table with at most this many rows gets no pager.
    static let pageRows = 200

    /// The class a table carries to be paged.
    static let tableClass = "paged"

    static let js = """
    (function () {
      'use strict';
      var size = \(pageRows);
      function grouped(n) { return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ','); }
      Array.prototype.forEach.call(document.querySelectorAll('table.\(tableClass)'), function (table) {
        var body = table.tBodies[0];
        if (!body || body.rows.length <= size) return;
        var rows = Array.prototype.slice.call(body.rows), pages = Math.ceil(rows.length / size), page = 0, all = false;
        var bar = document.createElement('div');
        bar.className = 'pager';
        function button(text, act) {
          var b = document.createElement('button');
          b.type = 'button'; b.textContent = text;
          b.addEventListener('click', function () { act(); show(); });
          bar.appendChild(b);
          return b;
        }
        var first = button('\\u00ab First', function () { page = 0; });
        var prev = button('\\u2039 Previous', function () { page = Math.max(0, page - 1); });
        var label = document.createElement('span');
        bar.appendChild(label);
        var next = button('Next \\u203a', function () { page = Math.min(pages - 1, page + 1); });
        var last = button('Last \\u00bb', function () { page = pages - 1; });
        var toggle = button('Show all', function () { all = !all; });
        function show() {
          var lo = page * size, hi = Math.min(rows.length, lo + size);
          rows.forEach(function (row, i) { row.classList.toggle('pg-off', !all && (i < lo || i >= hi)); });
          label.textContent = all ? 'all ' + grouped(rows.length) + ' rows'
            : 'rows ' + grouped(lo + 1) + '\\u2013' + grouped(hi) + ' of ' + grouped(rows.length) + ' (page ' + (page + 1) + ' of ' + grouped(pages) + ')';
          [first, prev].forEach(function (b) { b.disabled = all || page === 0; });
          [next, last].forEach(function (b) { b.disabled = all || page === pages - 1; });
          toggle.textContent = all ? 'Show pages' : 'Show all';
          var box = table.parentNode;
          if (box && box.classList.contains('scroll')) box.scrollTop = 0;
        }
        var holder = table.parentNode && table.parentNode.classList.contains('scroll') ? table.parentNode : table;
        holder.parentNode.insertBefore(bar, holder);
        show();
      });
    })();
    """
}
