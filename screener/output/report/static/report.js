(function () {
'use strict';
var holder = document.getElementById('screen-data');
document.documentElement.classList.add('js');

// The data is plain JSON, or for a large screen deflated and base64-encoded (see html.py).
function loadData() {
  if (holder.getAttribute('data-encoding') !== 'deflate-base64') {
    return Promise.resolve(JSON.parse(holder.textContent));
  }
  var bin = atob(holder.textContent.replace(/\s+/g, ''));
  var bytes = new Uint8Array(bin.length);
  for (var k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Response(stream).text().then(JSON.parse);
}

loadData().then(init, function (err) {
  var note = document.getElementById('shown');
  note.textContent = 'This browser could not unpack the evidence (' + err + '); the table is complete, and ' +
    '`screener explain FILE` prints the evidence.';
});

function init(D) {
var C = D.c;
var table = document.getElementById('ranked');
var bodies = Array.prototype.slice.call(table.tBodies);
var byI = {};
bodies.forEach(function (b) { byI[b.dataset.i] = b; });
C.forEach(function (c) {
  var file = c.file.split(/[\\/]/).pop();
  c.q = [c.n, c.title, file].concat(c.tools.map(function (t) { return t[0]; })).join(' ').toLowerCase();
  c.tk = byI[c.i].querySelector('td.tools').textContent.toLowerCase() || null;
});
var points = {};
Array.prototype.forEach.call(document.querySelectorAll('#chart .pt'), function (p) { points[p.dataset.i] = p; });
var rendered = {};

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function add(parent) {
  for (var k = 1; k < arguments.length; k++) {
    var c = arguments[k];
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return parent;
}
function g(x) { return x === null || x === undefined ? '' : String(Math.round(x * 1000) / 1000); }
function ym(s) { if (!s || s.length < 7) return null; return (+s.slice(0, 4)) * 12 + (+s.slice(5, 7)) - 1; }
function withMark(text, alias) {
  var f = document.createDocumentFragment();
  text = text || '';
  var k = alias ? text.toLowerCase().indexOf(String(alias).toLowerCase()) : -1;
  if (k < 0) { f.appendChild(document.createTextNode(text)); return f; }
  f.appendChild(document.createTextNode(text.slice(0, k)));
  f.appendChild(el('mark', null, text.slice(k, k + alias.length)));
  f.appendChild(document.createTextNode(text.slice(k + alias.length)));
  return f;
}
function fact(dl, k, v, cls) {
  if (v === '' || v === null || v === undefined) return;
  add(dl, el('dt', null, k), el('dd', cls || null, v));
}
function section(title, wide) {
  var s = el('section', wide ? 'wide' : null);
  add(s, el('h4', null, title));
  return s;
}
function table2(cls, heads) {
  var t = el('table', 'sm ' + (cls || ''));
  var tr = el('tr');
  heads.forEach(function (h) {
    var th = el('th', h[1] || null, h[0]);
    th.scope = 'col';
    tr.appendChild(th);
  });
  add(t, add(el('thead'), tr));
  var tb = el('tbody');
  t.appendChild(tb);
  return [t, tb];
}

function summary(c) {
  var s = section('Summary');
  add(s, el('p', 'notes', c.notes || c.reason));
  var dl = el('dl', 'facts');
  if (c.st === 'ok') {
    fact(dl, 'Fit score', g(c.s) + ' / 100 for ' + c.role);
    fact(dl, 'Profile', c.p + (c.pr ? ': ' + c.pr : ''));
    if (c.sp) fact(dl, 'Specialty', c.sp + (c.spr ? ': ' + c.spr : ''));
    fact(dl, 'Evidence', 'column A ' + g(c.a) + ', column B ' + g(c.b) +
      (c.sh === null ? '' : ', share A = ' + c.sh.toFixed(2)));
    fact(dl, 'LLM-applied', c.llm + ' months (union of dated LLM-applied roles)');
    fact(dl, 'Experience', c.exp + ' months (union of dated work roles)');
  } else {
    fact(dl, 'Status', c.st + (c.reason ? ': ' + c.reason : ''));
  }
  fact(dl, 'Resume date', c.rd ? c.rd + ' (what \u201cPresent\u201d means)' : '');
  fact(dl, 'Headline', c.head);
  fact(dl, 'Latest title', c.title);
  fact(dl, 'Email', c.email);
  fact(dl, 'Phone', c.phone);
  fact(dl, 'Links', c.links.join('  \u00b7  '));
  fact(dl, 'Location', c.loc);
  fact(dl, 'Sections', c.secs.join(' \u00b7 '));
  fact(dl, 'File', c.file, 'mono');
  fact(dl, 'SHA-256', c.sha ? c.sha + '\u2026' : '', 'mono');
  s.appendChild(dl);
  return s;
}

function score(c) {
  var s = section(c.s === null ? 'Score' : 'Score: ' + g(c.s) + ' / 100');
  if (!c.parts.length) { add(s, el('p', 'muted', 'No score: the file was not judged.')); return s; }
  var t = table2('parts', [['Part'], ['Points', 'num'], [''], ['Why']]);
  var max = 1;
  c.parts.forEach(function (p) { max = Math.max(max, Math.abs(p[1])); });
  c.parts.forEach(function (p) {
    var tr = el('tr');
    var neg = p[1] < 0;
    var bar = el('span', 'pbar' + (neg ? ' neg' : ''));
    bar.style.width = Math.round(60 * Math.abs(p[1]) / max) + 'px';
    add(tr, el('td', null, p[0]), el('td', 'num ' + (neg ? 'neg' : 'pos'), (p[1] > 0 ? '+' : '') + p[1].toFixed(1)),
      add(el('td'), bar), el('td', null, p[2]));
    t[1].appendChild(tr);
  });
  var ft = el('tfoot');
  var fr = el('tr');
  var th = el('th', null, 'Fit score');
  th.scope = 'row';
  add(fr, th, el('td', 'num', g(c.s)), el('td'), el('td', 'muted', 'for ' + c.role + ', out of 100'));
  add(t[0], add(ft, fr));
  s.appendChild(t[0]);
  return s;
}

function timeline(c) {
  var s = section('Timeline', true);
  var present = ym(c.rd);
  var rows = [];
  var undated = [];
  c.roles.forEach(function (r, idx) {
    var a = ym(r[4]), b = r[5] === 'present' ? present : ym(r[5]);
    if (a === null || b === null) { undated.push([r, idx]); return; }
    rows.push({ r: r, idx: idx, a: a, b: Math.max(a, b) });
  });
  if (!rows.length) add(s, el('p', 'muted', 'No dated roles.'));
  else {
    var lo = Math.min.apply(null, rows.map(function (x) { return x.a; }));
    var hi = Math.max.apply(null, rows.map(function (x) { return x.b; }).concat(present === null ? [] : [present]));
    var y0 = Math.floor(lo / 12), y1 = Math.floor(hi / 12) + 1;
    var span = (y1 - y0) * 12;
    var pct = function (m) { return (100 * (m - y0 * 12) / span).toFixed(2) + '%'; };
    var wrap = el('div', 'tl-wrap');
    wrap.style.setProperty('--yr', (100 * 12 / span).toFixed(3) + '%');
    var axis = el('div', 'tl-axis');
    var years = el('div', 'tl-years');
    var step = span > 12 * 24 ? 5 : span > 12 * 12 ? 2 : 1;
    for (var y = y0; y <= y1; y++) {
      if ((y - y0) % step) continue;
      var t = el('span', null, y);
      t.style.left = pct(y * 12);
      years.appendChild(t);
    }
    add(axis, el('span', null, c.rd ? 'Present = ' + c.rd.slice(0, 7) : ''), years);
    wrap.appendChild(axis);
    rows.forEach(function (x) {
      var r = x.r;
      var row = el('div', 'tl-row');
      var lab = el('div', 'tl-label');
      add(lab, el('b', null, (r[0] || '?') + (r[1] ? ' \u2014 ' + r[1] : '')));
      if (r[8]) add(lab, el('span', 'tag llm', 'LLM-applied'));
      if (r[9]) add(lab, el('span', 'tag', 'academic'));
      r[11].forEach(function (p) { add(lab, el('span', 'tag warn', p)); });
      add(lab, el('small', null, (r[6] || '') + '  \u00b7  ' + (r[4] || '?') + ' .. ' + (r[5] || '?') + ' = ' +
        r[7] + ' months  \u00b7  ' + r[3] + (r[10] ? '  \u00b7  line ' + r[10] : '')));
      var track = el('div', 'tl-track');
      var bar = el('div', 'tl-bar k-' + r[3]);
      bar.style.left = pct(x.a);
      bar.style.width = (100 * (x.b - x.a + 1) / span).toFixed(2) + '%';
      bar.title = (r[0] || '') + ': ' + (r[4] || '?') + ' .. ' + (r[5] || '?');
      c.ten.forEach(function (p) {
        if (p[0] !== x.idx) return;
        var a = ym(p[1]), b = ym(p[2]);
        if (a === null || b === null) return;
        var seg = el('div', 'tl-llm');
        var w = x.b - x.a + 1;
        seg.style.left = (100 * (a - x.a) / w).toFixed(2) + '%';
        seg.style.width = (100 * (b - a + 1) / w).toFixed(2) + '%';
        seg.title = 'LLM-applied ' + p[1] + ' .. ' + p[2] + ' = ' + p[3] + ' months (starts at ' + p[4] + ')';
        bar.appendChild(seg);
      });
      track.appendChild(bar);
      add(row, lab, track);
      wrap.appendChild(row);
    });
    s.appendChild(wrap);
    var key = el('div', 'tl-key');
    add(key, add(el('span'), el('i', 'k1'), 'LLM-applied months'), add(el('span'), el('i', 'k2'), 'other work'),
      add(el('span'), el('i', 'k3'), 'education'));
    s.appendChild(key);
  }
  if (undated.length) {
    var u = el('p', 'sm muted');
    u.textContent = 'Undated: ' + undated.map(function (x) {
      var r = x[0];
      return (r[0] || '?') + (r[1] ? ' \u2014 ' + r[1] : '') + ' (' + r[3] + (r[10] ? ', line ' + r[10] : '') + ')';
    }).join('; ');
    s.appendChild(u);
  }
  var ten = el('ul', 'sm where');
  c.ten.forEach(function (p) {
    var r = c.roles[p[0]] || [];
    add(ten, el('li', null, (r[0] || r[1] || 'role ' + p[0]) + ': ' + p[1] + ' .. ' + p[2] + ' = ' + p[3] +
      ' months (starts at ' + p[4] + ')'));
  });
  if (c.st === 'ok') {
    add(s, el('p', 'sm', 'LLM-applied tenure: ' + c.llm + ' months (union of the spans below); total experience ' +
      c.exp + ' months.'), ten);
  }
  return s;
}

function flags(c) {
  var s = section('Red flags', true);
  if (!c.flags.length) { add(s, el('p', 'muted', 'None.')); return s; }
  c.flags.forEach(function (f) {
    var d = el('div', 'flagx');
    add(d, add(el('p'), el('span', 'flag', f[0]), ' ', f[1]));
    if (D.flagMeanings[f[0]]) add(d, el('p', 'sm muted', D.flagMeanings[f[0]]));
    if (f[2].length) add(d, el('p', 'sm muted', 'Lines ' + f[2].join(', ')));
    f[3].forEach(function (q) { add(d, el('blockquote', null, q)); });
    s.appendChild(d);
  });
  return s;
}

function tools(c) {
  var s = section('Tools and practices matched', true);
  add(s, el('p', 'sm muted', 'Column A weight ' + g(c.a) + ', column B weight ' + g(c.b) + ', share A = ' +
    (c.sh === null ? '\u2013' : c.sh.toFixed(2)) + '. A tool counts once, at the best place it appears.'));
  if (!c.tools.length) { add(s, el('p', 'muted', 'No tools or practices matched.')); return s; }
  var t = table2('tooltab', [['Col'], ['Tool or practice'], ['Weight', 'num'], ['Months', 'num'], ['Last used'],
    ['Where it appears']]);
  c.tools.forEach(function (x) {
    var tr = el('tr', x[2] === 'A' || x[2] === 'B' ? null : 'colN-row');
    var col = el('span', x[2] === 'A' || x[2] === 'B' ? 'col' + x[2] : 'colN', x[2]);
    col.title = x[2] === 'A' ? 'column A: LLM-applied' : x[2] === 'B' ? 'column B: production ML' : 'neutral: counts 0';
    var name = add(el('td'), el('b', null, x[0]), el('small', 'muted', ' ' + x[1] + ', ' + x[3]));
    var where = el('ul', 'where');
    x[7].forEach(function (f) {
      var li = el('li');
      var text = c.lines[String(f[0])] || '';
      var said = add(el('span'), f[2] ? el('span', 'muted', '\u201c' + f[2] + '\u201d' + (f[3] ? ' ~fuzzy' : '') +
        ': ') : (f[3] ? el('span', 'muted', '~fuzzy: ') : null), add(el('q', 'quote'), withMark(text, f[2] || x[0])));
      add(li, el('span', 'ln', f[0] === null ? '' : 'line ' + f[0]), el('span', 'place', f[1]), said);
      where.appendChild(li);
    });
    if (x[8]) add(where, el('li', 'more muted', '\u2026 ' + x[8] + ' more'));
    add(tr, add(el('td'), col), name, el('td', 'num', g(x[4])), el('td', 'num', x[5] || ''),
      el('td', 'nowrap', x[5] ? x[6] : ''), add(el('td'), where));
    t[1].appendChild(tr);
  });
  s.appendChild(t[0]);
  return s;
}

function render(i) {
  if (rendered[i]) return;
  var c = C[i];
  var cell = byI[i].querySelector('tr.ev > td');
  var grid = el('div', 'evg');
  add(grid, summary(c), score(c));
  if (c.st === 'ok' || c.roles.length) grid.appendChild(timeline(c));
  grid.appendChild(flags(c));
  if (c.st === 'ok' || c.tools.length) grid.appendChild(tools(c));
  cell.appendChild(grid);
  rendered[i] = true;
}

function setOpen(i, open) {
  var b = byI[i];
  if (open) render(i);
  b.querySelector('tr.ev').hidden = !open;
  b.querySelector('button.open').setAttribute('aria-expanded', open ? 'true' : 'false');
  b.classList.toggle('is-open', open);
}

bodies.forEach(function (b) {
  var i = b.dataset.i;
  b.querySelector('button.open').addEventListener('click', function () {
    setOpen(i, b.querySelector('tr.ev').hidden);
  });
  b.addEventListener('mouseenter', function () { if (points[i]) points[i].classList.add('hl'); });
  b.addEventListener('mouseleave', function () { if (points[i]) points[i].classList.remove('hl'); });
});

// ---- filter and search
var q = document.getElementById('q'), fp = document.getElementById('fp'), ff = document.getElementById('ff');
var shown = document.getElementById('shown'), printFilter = document.getElementById('print-filter');
function matches(c) {
  var p = fp.value, f = ff.value, words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
  if (p === 'unreadable') { if (c.st === 'ok' || c.st === 'duplicate') return false; }
  else if (p === 'duplicate') { if (c.st !== 'duplicate') return false; }
  else if (p && (c.st !== 'ok' || c.p !== p)) return false;
  if (f === '-' && c.fl.length) return false;
  if (f === '*' && !c.fl.length) return false;
  if (f && f !== '-' && f !== '*' && c.fl.indexOf(f) < 0) return false;
  for (var k = 0; k < words.length; k++) if (c.q.indexOf(words[k]) < 0) return false;
  return true;
}
function applyFilters() {
  var n = 0;
  bodies.forEach(function (b) {
    var i = b.dataset.i, ok = matches(C[i]);
    b.hidden = !ok;
    if (ok) n++;
    if (points[i]) points[i].classList.toggle('dim', !ok);
  });
  shown.textContent = 'Showing ' + n + ' of ' + C.length;
  var parts = [];
  if (q.value.trim()) parts.push('search \u201c' + q.value.trim() + '\u201d');
  if (fp.value) parts.push('profile ' + fp.options[fp.selectedIndex].text);
  if (ff.value) parts.push('red flags ' + ff.options[ff.selectedIndex].text);
  printFilter.textContent = parts.length ? 'Filtered by ' + parts.join(', ') + ': ' + n + ' of ' + C.length +
    ' files shown.' : '';
}
q.addEventListener('input', applyFilters);
fp.addEventListener('change', applyFilters);
ff.addEventListener('change', applyFilters);

// ---- sorting
var KEYS = {
  rank: function (c) { return c.rk; },
  score: function (c) { return c.s; },
  name: function (c) { return c.n.toLowerCase(); },
  profile: function (c) { return c.st === 'ok' ? c.p : '~' + c.st; },
  specialty: function (c) { return c.sp || null; },
  share: function (c) { return c.sh; },
  llm: function (c) { return c.llm; },
  exp: function (c) { return c.exp; },
  tools: function (c) { return c.tk ? c.tk.toLowerCase() : null; },
  flags: function (c) { return c.fl.length ? c.fl.length * 1000 - c.fl.join(',').length : 0; }
};
var FIRST = { rank: 'ascending', name: 'ascending', profile: 'ascending', specialty: 'ascending', tools: 'ascending' };
var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
function sortBy(k, dir) {
  var key = KEYS[k], sign = dir === 'ascending' ? 1 : -1;
  var order = bodies.slice().sort(function (x, y) {
    var a = key(C[x.dataset.i]), b = key(C[y.dataset.i]);
    var an = a === null || a === undefined, bn = b === null || b === undefined;
    if (an !== bn) return an ? 1 : -1;  // missing values last, either way
    if (!an && a !== b) return (a < b ? -1 : 1) * sign;
    return x.dataset.i - y.dataset.i;
  });
  order.forEach(function (b) { table.appendChild(b); });
  heads.forEach(function (th) {
    if (th.dataset.k === k) th.setAttribute('aria-sort', dir); else th.removeAttribute('aria-sort');
  });
}
heads.forEach(function (th) {
  th.querySelector('button').addEventListener('click', function () {
    var k = th.dataset.k, cur = th.getAttribute('aria-sort');
    var dir = cur ? (cur === 'ascending' ? 'descending' : 'ascending') : (FIRST[k] || 'descending');
    sortBy(k, dir);
  });
});

// ---- the rest of the controls
document.getElementById('expand-all').addEventListener('click', function () {
  bodies.forEach(function (b) { if (!b.hidden) setOpen(b.dataset.i, true); });
});
document.getElementById('collapse-all').addEventListener('click', function () {
  bodies.forEach(function (b) { setOpen(b.dataset.i, false); });
});
document.getElementById('reset').addEventListener('click', function () {
  q.value = ''; fp.value = ''; ff.value = '';
  applyFilters();
  sortBy('rank', 'ascending');
});

function reveal(i, focus) {
  var b = byI[i];
  if (!b) return;
  if (b.hidden) { q.value = ''; fp.value = ''; ff.value = ''; applyFilters(); }
  setOpen(i, true);
  if (history.replaceState) history.replaceState(null, '', '#c-' + i);
  b.scrollIntoView({ block: 'start' });
  if (focus) b.querySelector('button.open').focus({ preventScroll: true });
}
Object.keys(points).forEach(function (i) {
  points[i].addEventListener('click', function (e) { e.preventDefault(); reveal(i, true); });
});

// ---- print: every shown candidate opened
var printOpened = [];
function beforePrint() {
  bodies.forEach(function (b) {
    if (b.querySelector('tr.ev').hidden) { printOpened.push(b.dataset.i); setOpen(b.dataset.i, true); }
  });
}
function afterPrint() {
  printOpened.forEach(function (i) { setOpen(i, false); });
  printOpened = [];
}
window.addEventListener('beforeprint', beforePrint);
window.addEventListener('afterprint', afterPrint);
var printMedia = window.matchMedia ? window.matchMedia('print') : null;
if (printMedia && printMedia.addEventListener) {
  printMedia.addEventListener('change', function (e) { if (e.matches) beforePrint(); else afterPrint(); });
}

var m = /^#c-(\d+)$/.exec(location.hash);
if (m && byI[m[1]]) reveal(m[1], false);
applyFilters();
window.screenerReport = { open: setOpen, sortBy: sortBy, applyFilters: applyFilters, reveal: reveal };
document.documentElement.setAttribute('data-ready', 'true');
}
})();
