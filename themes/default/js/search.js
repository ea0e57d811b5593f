/* search.js — newsmill's static search: reads public/search/ (written by
   `newsmill build`, format in src/search/shards.c) and answers queries in
   the browser, fetching only the shards of the query's own terms and the
   metadata of the results shown. The index is cut into segments of
   posts, oldest first; a query asks the newest segment first and stops
   once it has the results asked for (opt.need; all when not given), so a
   frequent word costs one segment; the Bloom filters of the older
   segments (f/) tell which of them may hold a rarer word, and for a CJK
   run of 4+ characters (whose bigrams may each be in every segment)
   which of them may hold each of its 4-grams; the page stops once it
   has loaded BUDGET bytes of index files (a safety net: no query of
   the bench reaches it), and "more" reads on. A term's positions are
   read from the files of its own bytes only, and only when the
   segment has posts with every term. The tokenizer is the C one's
   (src/search/tokenize.c): NFKC + case folding, CJK runs as overlapping
   bigrams with a unigram per character, other letters and digits as
   words; tests/e2e/search_static.sh checks both give the same terms and
   the same results. A quoted "phrase" and every CJK run must match with
   adjacent terms (checked on positions); pieces are ANDed. Ranking: newer
   segment first; within one, bm25-like (idf x saturated tf, a term in the
   title counts 5 more), newer first among equals. Also runs in Node
   (module.exports). */
(function (root) {
  'use strict';
  var WORD = /[\p{L}\p{M}\p{N}]/u;
  function isCJK(c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3040 && c <= 0x309F) ||
      (c >= 0x30A1 && c <= 0x30FF && c !== 0x30FB) || (c >= 0xAC00 && c <= 0xD7AF) ||
      (c >= 0x3400 && c <= 0x4DBF) || c === 0x3005 || c === 0x3006 || c === 0x3007 ||
      (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
      (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xA960 && c <= 0xA97F) ||
      (c >= 0xD7B0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x323AF);
  }
  // 0 separator, 1 word, 2 CJK
  function kind(ch, c) {
    if (c < 0x80) return /[A-Za-z0-9]/.test(ch) ? 1 : 0;
    if (c >= 0xD800 && c <= 0xDFFF) return 0; // lone surrogate
    if (isCJK(c)) return 2;
    return WORD.test(ch) ? 1 : 0;
  }
  function fold(s) {
    return s.normalize('NFKD').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ').normalize('NFC');
  }
  function cjk(ch) { return ch.normalize('NFKC').toLowerCase(); }
  var COLOC = 1, CJKF = 2, GAP = 4;
  // tokens of text: [{t: term, f: flags, s: start, e: end}] (UTF-16 offsets)
  function tokenize(text, doc) {
    var out = [], last = 0, i = 0, n = text.length;
    function cpAt(j) { return text.codePointAt(j); }
    while (i < n) {
      var c = cpAt(i), ch = String.fromCodePoint(c), k = kind(ch, c);
      if (k === 2 && last === 2) out.push({ t: '\x01', f: GAP, s: i, e: i });
      if (k) last = k;
      if (!k) { i += ch.length; continue; }
      if (k === 1) {
        var s = i;
        while (i < n) { c = cpAt(i); ch = String.fromCodePoint(c); if (kind(ch, c) !== 1) break; i += ch.length; }
        var w = fold(text.slice(s, i));
        if (w) out.push({ t: w, f: 0, s: s, e: i });
        continue;
      }
      var chars = [], offs = [];
      while (i < n) { c = cpAt(i); ch = String.fromCodePoint(c); if (kind(ch, c) !== 2) break; chars.push(cjk(ch)); offs.push(i); i += ch.length; }
      offs.push(i);
      if (chars.length === 1) { out.push({ t: chars[0], f: CJKF, s: offs[0], e: i }); continue; }
      for (var j = 0; j + 1 < chars.length; j++) {
        out.push({ t: chars[j] + chars[j + 1], f: CJKF, s: offs[j], e: offs[j + 2] });
        if (doc) out.push({ t: chars[j], f: CJKF | COLOC, s: offs[j], e: offs[j + 1] });
      }
      if (doc) out.push({ t: chars[j], f: CJKF | COLOC, s: offs[j], e: i });
    }
    return out;
  }
  // pieces of a query: [{terms: [term], offs: [position], c: [CJK?]}] (see
  // search_query_pieces in src/search/query.c)
  function pieces(q) {
    var out = [];
    function cut(text, phrase) {
      var cur = null, pos = 0;
      tokenize(text, false).forEach(function (t) {
        if (phrase && cur) {
          pos++;
          if (!(t.f & GAP)) { cur.terms.push(t.t); cur.offs.push(pos); cur.c.push(t.f & CJKF); }
          return;
        }
        if (t.f & GAP) return;
        if (cur && cur.cjk && (t.f & CJKF) && t.s < cur.end) {
          cur.terms.push(t.t); cur.offs.push(cur.offs.length); cur.c.push(CJKF); cur.end = t.e;
          return;
        }
        cur = { terms: [t.t], offs: [0], c: [t.f & CJKF], cjk: !!(t.f & CJKF), end: t.e };
        pos = 0;
        out.push(cur);
      });
    }
    var i = 0;
    while (i < q.length) {
      var a = q.indexOf('"', i), b = a < 0 ? -1 : q.indexOf('"', a + 1);
      if (b < 0) { cut(q.slice(i), false); break; }
      cut(q.slice(i, a), false);
      cut(q.slice(a + 1, b), true);
      i = b + 1;
    }
    return out.slice(0, 32);
  }
  function fnv(s, basis) {
    var b = new TextEncoder().encode(s), h = basis || 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 16777619) >>> 0; }
    return h >>> 0;
  }
  function Reader(u8) { this.b = u8; this.i = 0; }
  Reader.prototype.v = function () {
    var x = 0, m = 1, c;
    do { c = this.b[this.i++]; x += (c & 127) * m; m *= 128; } while (c & 128);
    return x;
  };
  var dec = new TextDecoder();
  // get(path) -> Promise of ArrayBuffer; base: URL of public/search/
  function Index(base, get) {
    this.base = base; this.get = get; this.cache = {}; this.top = null; this.spent = 0;
  }
  Index.prototype.load = function (path, json) {
    var c = this.cache, self = this;
    if (!c[path]) c[path] = this.get(this.base + path).then(function (buf) {
      var u8 = new Uint8Array(buf);
      self.spent += u8.length;
      return json ? JSON.parse(dec.decode(u8)) : u8;
    });
    c[path].catch(function () { delete self.cache[path]; });
    return c[path];
  };
  Index.prototype.open = function () {
    var self = this;
    if (!this.top) this.top = this.load('index.json', true).then(function (t) { self.t = t; return t; });
    return this.top;
  };
  // the postings file of term's shard in segment k: Promise of {p: Uint8Array, key}
  Index.prototype.shard = function (k, term) {
    var self = this, t = this.t, seg = t.s[k], h = fnv(term) & (seg[1] - 1);
    return this.load(k + '/g/' + seg[2][Math.floor(h / t.G)] + '.json', true).then(function (g) {
      var e = g[h % t.G];
      if (!e) return null;
      return self.load(k + '/p/' + e + '.bin').then(function (p) { return { p: p, key: k + '/' + e }; });
    });
  };
  // false when segment k surely lacks term, or the 4-gram "\x03" + x
  // (its Bloom filter in f/; the last segment has none): Promise of bool
  Index.prototype.maybe = function (k, term) {
    var self = this, t = this.t, f = t.f, gram = term[0] === '\x03';
    if (k >= f[0]) return Promise.resolve(true);
    var h1 = fnv(term), h2 = fnv(term, 0x050c5d1f), step = (h2 >>> 16) | 1;
    var b = gram ? t.B + (h2 & (t.R - 1)) : h2 & (t.B - 1);
    return this.load('f/' + f[1][Math.floor(b / t.G)] + '.json', true).then(function (g) {
      return self.load('f/' + g[b % t.G] + '.bin');
    }).then(function (u8) {
      var r = new Reader(u8);
      for (var j = 0, len; j < k; j++) { len = r.v(); r.i += len; }
      var m = r.v() * 8;
      for (j = 0; m && j < (gram ? 5 : 7); j++) {
        var bit = ((h1 + Math.imul(j, step)) >>> 0) % m;
        if (!(u8[r.i + (bit >> 3)] & (1 << (bit & 7)))) return false;
      }
      return m > 0;
    });
  };
  // one term's postings in segment k: {df, docs: Int32Array (local), tf: Uint16Array, title: Uint8Array, k, qs, off, ql, bm}
  Index.prototype.term = function (k, term) {
    var self = this, n = this.t.s[k][0];
    return this.shard(k, term).then(function (sh) {
      if (!sh) return null;
      var key = sh.key + '\0' + term;
      if (self.cache[key]) return self.cache[key];
      var r = new Reader(sh.p), nq = r.v(), qs = [], off = 0;
      for (var c = 0; c < nq; c++, r.i += 6)
        qs.push(Array.from(sh.p.subarray(r.i, r.i + 6), function (x) { return (x + 256).toString(16).slice(1); }).join(''));
      for (var count = r.v(), i = 0; i < count; i++) {
        var len = r.v(), t = dec.decode(sh.p.subarray(r.i, r.i + len));
        r.i += len;
        var ql = r.v(), ks = r.v(), kind = ks & 1, end = r.i + (ks - kind) / 2;
        if (t !== term) { r.i = end; off += ql; continue; }
        var docs = [], tf = [], title = [];
        if (kind === 1) {
          for (var d = 0; d < n; d++)
            if (sh.p[r.i + (d >> 3)] & (1 << (d & 7))) { docs.push(d); tf.push(1); title.push(0); }
        } else {
          var doc = -1;
          while (r.i < end) {
            var v = r.v(), x = v & 1 ? r.v() : 2;
            doc += Math.floor(v / 2) + 1; docs.push(doc); tf.push(x >> 1); title.push(x & 1);
          }
        }
        return (self.cache[key] = { df: docs.length, docs: Int32Array.from(docs), tf: tf, title: title,
          k: k, qs: qs, off: off, ql: ql, bm: kind === 1 });
      }
      return null;
    });
  };
  // positions of a term in the docs of want (a Set): Map doc -> Int32Array
  // (only the positions files of its own bytes)
  Index.prototype.positions = function (p, want) {
    var Q = this.t.Q, c0 = Math.floor(p.off / Q), c1 = Math.floor((p.off + p.ql - 1) / Q), fs = [];
    for (var c = c0; c <= c1; c++) fs.push(this.load(p.k + '/q/' + p.qs[c] + '.bin'));
    return Promise.all(fs).then(function (parts) {
      var q = new Uint8Array(p.ql), at = 0, from = p.off - c0 * Q;
      parts.forEach(function (u) {
        var s = u.subarray(from, from + p.ql - at);
        q.set(s, at); at += s.length; from = 0;
      });
      var r = new Reader(q), out = new Map();
      for (var j = 0; j < p.df && r.i < p.ql; j++) {
        var c = p.bm ? r.v() : p.tf[j], d = p.docs[j];
        if (!want.has(d)) { for (var x = 0; x < c; x++) r.v(); continue; }
        var a = new Int32Array(c), pos = 0;
        for (x = 0; x < c; x++) { pos += r.v(); a[x] = pos; }
        out.set(d, a);
      }
      return out;
    });
  };
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function bsearch(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (a[m] < x) lo = m + 1; else hi = m; }
    return lo < a.length && a[lo] === x ? lo : -1;
  }
  // the 4-grams of pieces ps as filter keys: "\x03" + the bigrams at
  // offsets o and o + 2 of three CJK bigrams at o, o + 1, o + 2 (one run)
  function grams(ps) {
    var out = [];
    ps.forEach(function (p) {
      function bi(i) { return p.c[i] && Array.from(p.terms[i]).length === 2; }
      for (var i = 0; i + 2 < p.terms.length; i++)
        if (p.offs[i + 2] === p.offs[i] + 2 && p.offs[i + 1] === p.offs[i] + 1 && bi(i) && bi(i + 1) && bi(i + 2))
          out.push('\x03' + p.terms[i] + p.terms[i + 2]);
    });
    return out;
  }
  // what filters.c takes out of a query: -WORD and -"a phrase" (returned),
  // category:, author:, since:, until: (dropped: the static search has a
  // category menu instead)
  function split(q) {
    var text = '', excl = [], re = /\s*("[^"]*"|[^\s"]+"[^"]*"|\S+)/g, m;
    while ((m = re.exec(q))) {
      var u = m[1];
      if (/^(category|author|since|until):./i.test(u)) continue;
      if (u.length > 1 && u[0] === '-') { excl.push(u.slice(1).replace(/^"(.*)"$/, '$1')); continue; }
      text += u + ' ';
    }
    return { text: text, excl: excl.slice(0, 16) };
  }
  // the local doc numbers of segment k matching pieces ps (and category
  // cat, and none of the exclusions ex, each a list of pieces), best
  // first: Promise of [number]
  Index.prototype.match = function (k, ps, cat, ex) {
    var self = this, all = [];
    ps.forEach(function (p) { p.terms.forEach(function (x) { all.push(x); }); });
    if (cat) all.push('\x02' + cat);
    return Promise.all(all.concat(grams(ps)).map(function (x) { return self.maybe(k, x); })).then(function (may) {
      if (may.indexOf(false) >= 0) return [null];
      return Promise.all(all.map(function (x) { return self.term(k, x); }));
    }).then(function (ls) {
      var by = {};
      all.forEach(function (x, i) { by[x] = ls[i]; });
      if (ls.some(function (l) { return !l; })) return [];
      var sorted = ls.slice().sort(function (a, b) { return a.df - b.df; });
      var cand = Array.from(sorted[0].docs);
      for (var i = 1; i < sorted.length && cand.length; i++) cand = intersect(cand, sorted[i].docs);
      var phr = ps.filter(function (p) { return p.terms.length > 1; });
      if (!cand.length) phr = []; // no positions to read
      var want = new Set(cand);
      return Promise.all(phr.map(function (p) {
        return Promise.all(p.terms.map(function (x) { return self.positions(by[x], want); }));
      })).then(function (pos) {
        var ok = cand.filter(function (d) {
          return phr.every(function (p, k) {
            var first = pos[k][0].get(d) || [];
            for (var a = 0; a < first.length; a++) {
              var good = true;
              for (var m = 1; m < p.terms.length && good; m++) {
                var arr = pos[k][m].get(d);
                good = !!arr && bsearch(arr, first[a] + p.offs[m]) >= 0;
              }
              if (good) return true;
            }
            return false;
          });
        });
        if (!ok.length || !ex.length) return ok;
        return Promise.all(ex.map(function (e) { return self.match(k, e, '', []); })).then(function (xs) {
          var drop = new Set();
          xs.forEach(function (x) { x.forEach(function (d) { drop.add(d); }); });
          return ok.filter(function (d) { return !drop.has(d); });
        });
      }).then(function (ok) {
        var n = self.t.s[k][0], score = new Map();
        ok.forEach(function (d) {
          var s = 0;
          ps.forEach(function (p) {
            var df = Infinity, tf = Infinity, ti = 1;
            p.terms.forEach(function (x) {
              var l = by[x], j = bsearch(l.docs, d);
              df = Math.min(df, l.df); tf = Math.min(tf, l.tf[j]); ti &= l.title[j];
            });
            var w = tf + 5 * ti, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            s += idf * w * 2.2 / (w + 1.2);
          });
          score.set(d, s);
        });
        return ok.sort(function (a, b) { return score.get(b) - score.get(a) || b - a; });
      });
    });
  };
  // query(q, {cat, need, budget}) -> Promise of r = {ids: [doc numbers,
  // best first], pieces, done, more(need)}: segments are asked newest
  // first until r.ids has need results (all of them when need is not
  // given), or, with a budget, until a call has loaded that many bytes
  // of index files (at least one segment a call: a phrase of common
  // words found in few posts would otherwise read every segment before
  // the page shows anything); r.more(need) asks older ones for more
  // (Promise of r); done: no segment is left.
  Index.prototype.query = function (q, opt) {
    var self = this, sp = split(q || ''), ps = pieces(sp.text);
    var ex = sp.excl.map(function (x) { return pieces('"' + x + '"'); }).filter(function (e) { return e.length; });
    opt = opt || {};
    return this.open().then(function (t) {
      var r = { ids: [], pieces: ps, done: !ps.length }, k = t.s.length - 1, busy = null, from = 0;
      function step(need) {
        if (r.done || r.ids.length >= need) return Promise.resolve(r);
        if (k < 0) { r.done = true; return Promise.resolve(r); }
        if (opt.budget && self.spent - from >= opt.budget) return Promise.resolve(r);
        var seg = k--;
        return self.match(seg, ps, opt.cat, ex).then(function (ids) {
          ids.forEach(function (d) { r.ids.push(seg * t.Z + d); });
          if (k < 0) r.done = true;
          return step(need);
        });
      }
      r.more = function (need) {
        busy = (busy || Promise.resolve()).then(function () { from = self.spent; return step(need || Infinity); });
        return busy;
      };
      return r.more(opt.need);
    });
  };
  // metadata of doc numbers: Promise of [{url, title, date, cat, text}]
  Index.prototype.docs = function (ids) {
    var self = this, t = this.t;
    return Promise.all(ids.map(function (d) {
      var k = Math.floor(d / t.Z), l = d % t.Z, m = Math.floor(l / t.M);
      return self.load(k + '/g/' + t.s[k][3][Math.floor(m / t.H)] + '.json', true).then(function (g) {
        return self.load(k + '/m/' + g[m % t.H] + '.json', true);
      }).then(function (rows) {
        var r = rows[l % t.M];
        var ymd = r[2] === 0 ? r[0].match(/\/(\d{4})\/(\d\d)\/(\d\d)\//) : null;
        return { id: d, url: r[0], title: r[1], date: ymd ? ymd.slice(1).join('-') : r[2],
          cat: t.s[k][4][r[3]], text: r[4] };
      });
    }));
  };
  // text as HTML with the query's terms in <mark>
  function mark(text, ps) {
    var want = new Set();
    ps.forEach(function (p) { p.terms.forEach(function (x) { want.add(x); }); });
    var spans = [];
    tokenize(text, true).forEach(function (t) { if (want.has(t.t)) spans.push([t.s, t.e]); });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var out = '', at = 0;
    function esc(s) { return s.replace(/[&<>"]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
    spans.forEach(function (s) {
      if (s[1] <= at) return;
      var from = Math.max(s[0], at);
      out += esc(text.slice(at, from)) + '<mark>' + esc(text.slice(from, s[1])) + '</mark>';
      at = s[1];
    });
    return out + esc(text.slice(at));
  }
  // bytes of index files one page of results may load (see query): a
  // safety net for a query that would read every segment (a rare phrase
  // of 3 characters, whose bigrams are in every segment and which has
  // no 4-gram to filter on)
  var BUDGET = 262144;
  var api = { tokenize: tokenize, pieces: pieces, grams: grams, fnv: fnv, Index: Index, mark: mark, BUDGET: BUDGET };
  if (typeof module === 'object' && module.exports) { module.exports = api; return; }
  root.NewsmillSearch = api;

  // ---- the /search/ page ---------------------------------------------------
  var box = document.getElementById('search-page');
  if (!box) return;
  var form = box.querySelector('form'), input = form.querySelector('[name=q]');
  var sel = form.querySelector('[name=cat]'), list = box.querySelector('.results');
  var status = box.querySelector('.status'), more = box.querySelector('.more');
  var idx = new Index(box.getAttribute('data-index'), function (u) {
    return fetch(u, u.slice(-10) === 'index.json' ? { cache: 'no-cache' } : {}).then(function (r) {
      if (!r.ok) throw new Error(u + ': ' + r.status);
      return r.arrayBuffer();
    });
  });
  var per = 10, shown = 0, res = null, gen = 0;
  function count() {
    status.textContent = box.getAttribute('data-count').replace('%d', res.ids.length + (res.done ? '' : '+'));
  }
  // the next page of results: the first is what the query read (its
  // budget spent), each press of "more" reads on with a budget of its own
  function show(first) {
    var my = gen;
    return (first === true ? Promise.resolve(res) : res.more(shown + per)).then(function () {
      if (my !== gen) return;
      var ids = res.ids.slice(shown, shown + per);
      shown += ids.length;
      count();
      more.hidden = shown >= res.ids.length && res.done;
      return idx.docs(ids);
    }).then(function (ds) {
      if (my !== gen || !ds) return;
      ds.forEach(function (d) {
        var li = document.createElement('li');
        li.innerHTML = '<h2><a href="' + d.url.replace(/"/g, '%22') + '">' + mark(d.title, res.pieces) +
          '</a></h2><p class="meta">' + d.date + (d.cat ? ' · ' + mark(d.cat, []) : '') +
          '</p><p>' + mark(d.text, res.pieces) + '…</p>';
        list.appendChild(li);
      });
    });
  }
  function run(push) {
    var q = input.value.trim(), cat = sel ? sel.value : '', my = ++gen;
    list.textContent = '';
    shown = 0;
    more.hidden = true;
    if (push) {
      var u = new URL(location.href);
      u.searchParams.set('q', q);
      if (cat) u.searchParams.set('cat', cat); else u.searchParams.delete('cat');
      history.replaceState(null, '', u);
    }
    if (!q) { status.textContent = ''; return; }
    status.textContent = '…';
    idx.query(q, { cat: cat, need: per, budget: BUDGET }).then(function (r) {
      if (my !== gen) return;
      res = r;
      return show(true);
    }).catch(function (e) { status.textContent = String(e); });
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); run(true); });
  if (sel) sel.addEventListener('change', function () { run(true); });
  more.addEventListener('click', show);
  var params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  idx.open().then(function (t) {
    if (sel) t.c.forEach(function (c) {
      var o = document.createElement('option');
      o.value = o.textContent = c;
      sel.appendChild(o);
    });
    if (sel) sel.value = params.get('cat') || '';
    run(false);
  });
})(this);
