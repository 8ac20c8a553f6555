// Sorting and filtering of the instances table. The page is complete without it: the table comes sorted worst first.
// No less-than sign or ampersand in this file or in report.css: the page stays well-formed XML (HtmlReportTest).
(function () {
  'use strict';
  var table = document.getElementById('instances');
  if (!table || !table.tHead || !table.tBodies.length) {
    return;
  }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function key(row, column) {
    var cell = row.cells[column];
    return cell ? cell.getAttribute('data-sort') || '' : '';
  }

  function sortBy(th, column, descending) {
    var numeric = th.getAttribute('data-type') === 'number';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column);
      var y = key(b, column);
      var order = numeric ? Number(x) - Number(y) : (x === y ? 0 : (x > y ? 1 : -1));
      if (order !== 0) {
        return descending ? -order : order;
      }
      return Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      fragment.appendChild(row);
    });
    body.appendChild(fragment);
    headers.forEach(function (header) {
      header.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }

  headers.forEach(function (th, column) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    button.title = 'Sort by ' + th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var current = th.getAttribute('aria-sort');
      sortBy(th, column, current ? current === 'ascending' : th.getAttribute('data-type') === 'number');
    });
  });

  var filter = document.getElementById('filter');
  if (filter) {
    var input = document.createElement('input');
    input.type = 'search';
    input.placeholder = 'Filter: instance, name, verdict, check';
    input.setAttribute('aria-label', 'Filter the instances');
    var count = document.createElement('span');
    count.className = 'count';
    filter.appendChild(input);
    filter.appendChild(count);
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) {
          return text.indexOf(word) >= 0;
        });
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      count.textContent = words.length ? shown + ' of ' + body.rows.length + ' shown' : '';
    });
    filter.hidden = false;
  }
}());
