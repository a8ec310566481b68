(function () {
'use strict';
// A big table, a page at a time (render.py joins this to report.js past PAGE_ROWS rows and sets the
// number). Rows off the page are out of the layout (display: none), never removed: report.js still
// sorts, filters and searches every row; this only chooses which of the rows it left shown are drawn.
var PAGE_ROWS = 0;
var table = document.getElementById('ranked');
if (!table || !PAGE_ROWS) return;
var page = 0, printing = false, navs = [];

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = String(text);
  return e;
}
function shownRows() {
  return Array.prototype.filter.call(table.tBodies, function (b) { return !b.hidden; });
}
function pages(n) { return Math.max(1, Math.ceil(n / PAGE_ROWS)); }

function makeNav(live) {
  var nav = el('nav', 'pager btns');
  nav.setAttribute('aria-label', live ? 'Pages of the ranked table' : 'Pages of the ranked table (bottom)');
  var parts = { nav: nav, buttons: {} };
  [['first', '\u00ab First', 'First page'], ['prev', '\u2039 Previous', 'Previous page'],
    ['next', 'Next \u203a', 'Next page'], ['last', 'Last \u00bb', 'Last page']].forEach(function (b) {
    var btn = el('button', 'page-' + b[0], b[1]);
    btn.type = 'button';
    btn.setAttribute('aria-label', b[2]);
    btn.setAttribute('aria-controls', 'ranked');
    btn.addEventListener('click', function () { go(b[0], !live); });
    parts.buttons[b[0]] = btn;
    nav.appendChild(btn);
  });
  parts.status = el('span', 'shown page-status');
  if (live) { parts.status.setAttribute('role', 'status'); parts.status.setAttribute('aria-live', 'polite'); }
  nav.appendChild(parts.status);
  return parts;
}

function show() {
  var rows = shownRows(), last = pages(rows.length) - 1;
  page = Math.min(Math.max(page, 0), last);
  var lo = page * PAGE_ROWS, hi = Math.min(lo + PAGE_ROWS, rows.length);
  rows.forEach(function (b, k) { b.style.display = printing || (k >= lo && k < hi) ? '' : 'none'; });
  var text = rows.length ? 'Rows ' + (lo + 1) + '\u2013' + hi + ' of ' + rows.length + ', page ' + (page + 1) +
    ' of ' + (last + 1) : 'No rows';
  navs.forEach(function (n) {
    n.status.textContent = text;
    n.buttons.first.disabled = n.buttons.prev.disabled = page === 0;
    n.buttons.next.disabled = n.buttons.last.disabled = page === last;
  });
}

function go(where, fromBottom) {
  var last = pages(shownRows().length) - 1;
  page = where === 'first' ? 0 : where === 'prev' ? page - 1 : where === 'next' ? page + 1 : last;
  show();
  if (fromBottom) table.scrollIntoView({ block: 'start' });
}

// Filtering or sorting (report.js sets `hidden` on row groups, or moves them) starts again at page 1;
// a row opened off the page (a chart point, a link to #c-N) brings its page.
new MutationObserver(function (changes) {
  var reset = false, opened = [];
  changes.forEach(function (m) {
    if (m.type === 'childList') { if (m.target === table) reset = true; }
    else if (m.target.tagName === 'TBODY') reset = true;
    else if (m.target.tagName === 'TR' && !m.target.hidden) opened.push(m.target.parentNode);
  });
  if (reset) page = 0;
  var rows = shownRows(), k = opened.length === 1 ? rows.indexOf(opened[0]) : -1;
  var off = k >= 0 && (k < page * PAGE_ROWS || k >= (page + 1) * PAGE_ROWS);
  if (k >= 0) page = Math.floor(k / PAGE_ROWS);
  if (reset || opened.length) show();
  if (off) {
    opened[0].scrollIntoView({ block: 'start' });
    var chart = document.getElementById('chart');
    if (chart && chart.contains(document.activeElement)) opened[0].querySelector('button.open').focus();
  }
}).observe(table, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });

// "Expand all" opens the rows of this page (all 1,000 at once would take the browser a while); printing
// still opens and draws every row.
var expand = document.getElementById('expand-all');
if (expand) expand.textContent = 'Expand this page';
document.addEventListener('click', function (e) {
  if (!expand || !window.screenerReport || !(e.target === expand || expand.contains(e.target))) return;
  e.stopImmediatePropagation();
  shownRows().forEach(function (b) {
    if (b.style.display !== 'none') window.screenerReport.open(b.dataset.i, true);
  });
}, true);

window.addEventListener('beforeprint', function () { printing = true; show(); });
window.addEventListener('afterprint', function () { printing = false; show(); });

var top = makeNav(true), bottom = makeNav(false);
navs.push(top, bottom);
var shownNote = document.getElementById('shown');
shownNote.parentNode.insertBefore(top.nav, shownNote.nextSibling);
var box = table.parentNode;
box.parentNode.insertBefore(bottom.nav, box.nextSibling);
show();
window.screenerPager = { go: go, show: show, rows: PAGE_ROWS };
})();
