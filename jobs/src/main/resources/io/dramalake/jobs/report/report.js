(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  // Red is kept for China-backed (origin CN) everywhere; the other colours are for everything else.
  var CHINA = '#eb3b5a', LINE = '#1d2433';
  var COLORS = ['#3867d6', '#f7b731', '#20bf6b', '#8854d0', '#0fb9b1', '#fa8231', '#4b6584', '#a5b1c2',
    '#2d98da', '#fed330', '#26de81', '#d980fa'];
  var data = JSON.parse(document.getElementById('report-data').textContent);

  function num(v) { return v === null || v === undefined ? 0 : Number(v); }
  function fmtInt(v) { return Math.round(num(v)).toLocaleString('en-US'); }
  function fmtUsd(v) {
    return '$' + num(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function fmtUsdShort(v) {
    var a = Math.abs(num(v));
    if (a >= 1e9) return '$' + (num(v) / 1e9).toFixed(2) + 'B';
    if (a >= 1e6) return '$' + (num(v) / 1e6).toFixed(2) + 'M';
    if (a >= 1e4) return '$' + (num(v) / 1e3).toFixed(1) + 'k';
    return fmtUsd(v);
  }
  function fmtPct(v) { return v === null || v === undefined ? '–' : (100 * Number(v)).toFixed(1) + ' %'; }
  function compact(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'B';
    if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
    if (a >= 1e3) return (v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k';
    return String(Math.round(v * 100) / 100);
  }
  function month(d) { return String(d).slice(0, 7); }
  function quarter(d) { var m = Number(String(d).slice(5, 7)); return String(d).slice(0, 4) + ' Q' + (1 + Math.floor((m - 1) / 3)); }

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, attrs) {
    var t = el('text', Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function html(tag, attrs, s) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (s !== undefined) e.textContent = s;
    return e;
  }
  function niceMax(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }
  function legend(fig, names, colors) {
    var div = html('div', { 'class': 'legend' });
    names.forEach(function (n, i) {
      var span = html('span');
      var sw = html('i');
      sw.style.background = colors[i];
      span.appendChild(sw);
      span.appendChild(document.createTextNode(n));
      div.appendChild(span);
    });
    fig.appendChild(div);
  }
  function title(node, s) { el('title', {}, node).textContent = s; }

  /** Vertical bars, stacked by series, with an optional line on a second axis. */
  function stackedBars(fig, opt) {
    var W = 960, H = 320, L = 64, R = opt.line ? 56 : 16, T = 12, B = 36;
    var n = opt.labels.length;
    var totals = opt.labels.map(function (_, i) {
      return opt.series.reduce(function (s, se) { return s + num(se.values[i]); }, 0);
    });
    var max = opt.percent ? 1 : niceMax(Math.max.apply(null, totals.concat([0])));
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': opt.aria }, fig);
    var plotW = W - L - R, plotH = H - T - B, band = plotW / Math.max(n, 1), bw = Math.min(56, band * 0.7);
    var y = function (v) { return T + plotH - (v / max) * plotH; };
    var grid = el('g', { 'class': 'grid' }, svg), axis = el('g', { 'class': 'axis' }, svg);
    for (var k = 0; k <= 4; k++) {
      var v = max * k / 4;
      el('line', { x1: L, x2: W - R, y1: y(v), y2: y(v) }, grid);
      text(axis, L - 6, y(v) + 4, opt.percent ? Math.round(100 * k / 4) + '%' : compact(v), { 'text-anchor': 'end' });
    }
    var every = Math.ceil(n / 16);
    opt.labels.forEach(function (lab, i) {
      var cx = L + band * i + band / 2, base = 0;
      opt.series.forEach(function (se, s) {
        var v = num(se.values[i]);
        if (opt.percent) v = totals[i] > 0 ? v / totals[i] : 0;
        if (v <= 0) return;
        var r = el('rect', { 'class': 'mark', x: cx - bw / 2, y: y(base + v), width: bw,
          height: Math.max(0.5, y(base) - y(base + v)), fill: se.color || COLORS[s % COLORS.length] }, svg);
        title(r, lab + ' · ' + se.name + ': ' + (opt.percent ? fmtPct(v) : (opt.fmt || fmtInt)(se.values[i])));
        base += v;
      });
      if (i % every === 0) text(axis, cx, H - B + 16, lab, { 'text-anchor': 'middle' });
    });
    if (opt.line) {
      var lmax = niceMax(Math.max.apply(null, opt.line.values.map(num).concat([0])));
      var ly = function (v) { return T + plotH - (num(v) / lmax) * plotH; };
      var d = opt.line.values.map(function (v, i) {
        return (i ? 'L' : 'M') + (L + band * i + band / 2).toFixed(1) + ',' + ly(v).toFixed(1);
      }).join(' ');
      el('path', { 'class': 'mark', d: d, fill: 'none', stroke: LINE, 'stroke-width': 2 }, svg);
      opt.line.values.forEach(function (v, i) {
        title(el('circle', { 'class': 'mark', cx: L + band * i + band / 2, cy: ly(v), r: 3.5, fill: LINE }, svg),
          opt.labels[i] + ' · ' + opt.line.name + ': ' + fmtInt(v));
      });
      for (var q = 0; q <= 4; q++) {
        text(axis, W - R + 6, ly(lmax * q / 4) + 4, compact(lmax * q / 4), { 'text-anchor': 'start' });
      }
    }
    var names = opt.series.map(function (s) { return s.name; });
    var colors = opt.series.map(function (s, i) { return s.color || COLORS[i % COLORS.length]; });
    if (opt.line) { names.push(opt.line.name + ' (right axis)'); colors.push(LINE); }
    if (names.length > 1 || opt.line) legend(fig, names, colors);
  }

  /** Horizontal bars, one per label, longest first. */
  function hbars(fig, opt) {
    var W = 960, row = 22, L = 260, R = 150, T = 6;
    var H = T * 2 + row * opt.labels.length;
    var max = niceMax(Math.max.apply(null, opt.values.map(num).concat([0])));
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': opt.aria }, fig);
    opt.labels.forEach(function (lab, i) {
      var yy = T + row * i, w = (num(opt.values[i]) / max) * (W - L - R);
      text(svg, L - 8, yy + 15, lab.length > 40 ? lab.slice(0, 39) + '…' : lab, { 'text-anchor': 'end' });
      title(el('rect', { 'class': 'mark', x: L, y: yy + 3, width: Math.max(1, w), height: row - 6,
        fill: opt.colors ? opt.colors[i] : COLORS[0] }, svg), lab + ': ' + opt.fmt(opt.values[i]));
      text(svg, L + Math.max(1, w) + 6, yy + 15, opt.note ? opt.note(i) : opt.fmt(opt.values[i]));
    });
    if (opt.legend) legend(fig, opt.legend.names, opt.legend.colors);
  }

  function table(target, columns, rows) {
    var t = html('table'), head = html('tr');
    columns.forEach(function (c) { head.appendChild(html('th', { 'class': c.cls || '' }, c.title)); });
    t.appendChild(head);
    rows.forEach(function (r) {
      var tr = html('tr');
      columns.forEach(function (c) {
        var v = c.value(r);
        tr.appendChild(html('td', { 'class': (c.cls || '') + ' ' + (c.mark ? c.mark(r) : '') }, v));
      });
      t.appendChild(tr);
    });
    document.getElementById(target).appendChild(t);
  }

  function unique(xs) { return xs.filter(function (x, i) { return xs.indexOf(x) === i; }); }

  var charts = {
    'downloads': function (fig) {
      var rows = data.downloads_by_month;
      if (!rows.length) return false;
      stackedBars(fig, {
        aria: 'Downloads per month', labels: rows.map(function (r) { return month(r.month); }),
        series: [{ name: 'Downloads', values: rows.map(function (r) { return r.downloads; }) }],
        line: { name: 'Apps with downloads', values: rows.map(function (r) { return r.apps_with_downloads; }) }
      });
      table('downloads-table', [
        { title: 'Month', value: function (r) { return month(r.month); } },
        { title: 'Downloads', value: function (r) { return fmtInt(r.downloads); } },
        { title: 'vs. previous month', value: function (r) { return r.growth === null ? '–' : fmtPct(r.growth); } },
        { title: 'IAP revenue', value: function (r) { return fmtUsd(r.revenue_usd); } },
        { title: 'Apps with downloads', value: function (r) { return fmtInt(r.apps_with_downloads); } }
      ], rows.map(function (r, i) {
        var prev = i > 0 ? num(rows[i - 1].downloads) : 0;
        return Object.assign({ growth: prev > 0 ? num(r.downloads) / prev - 1 : null }, r);
      }));
      return true;
    },
    'iap-share': function (fig) {
      var rows = data.iap_by_origin_month;
      if (!rows.length) return false;
      var months = unique(rows.map(function (r) { return r.period_start; }));
      // China first, then the other origins by revenue; beyond six, the rest share one colour.
      var byOrigin = {};
      rows.forEach(function (r) { byOrigin[r.origin_country] = (byOrigin[r.origin_country] || 0) + num(r.revenue_usd); });
      var origins = Object.keys(byOrigin).sort(function (a, b) {
        return (b === 'CN') - (a === 'CN') || byOrigin[b] - byOrigin[a] || (a < b ? -1 : 1);
      });
      var shown = origins.slice(0, 6), rest = origins.slice(6);
      var series = shown.map(function (o) {
        return { name: o === 'CN' ? 'CN (China-backed)' : o, color: o === 'CN' ? CHINA : undefined, values:
          months.map(function (m) {
            return rows.filter(function (r) { return r.period_start === m && r.origin_country === o; })
              .reduce(function (s, r) { return s + num(r.revenue_usd); }, 0);
          }) };
      });
      var next = 0;
      series.forEach(function (s) { if (!s.color) s.color = COLORS[next++ % COLORS.length]; });
      if (rest.length) {
        series.push({ name: 'other origins (' + rest.length + ')', color: '#a5b1c2', values: months.map(function (m) {
          return rows.filter(function (r) { return r.period_start === m && rest.indexOf(r.origin_country) >= 0; })
            .reduce(function (s, r) { return s + num(r.revenue_usd); }, 0);
        }) });
      }
      stackedBars(fig, { aria: 'IAP revenue share by origin per month', percent: true,
        labels: months.map(month), series: series, fmt: fmtUsd });
      table('china-table', [
        { title: 'Period', value: function (r) { return r.period_type === 'year' ? String(r.period_start).slice(0, 4) : quarter(r.period_start); } },
        { title: 'IAP revenue', value: function (r) { return fmtUsd(r.revenue_usd); } },
        { title: 'China-backed', value: function (r) { return fmtUsd(r.china_backed_usd); } },
        { title: 'China-backed share', value: function (r) { return num(r.revenue_usd) > 0 ? fmtPct(r.china_backed_share) : '–'; } }
      ], data.china_share);
      return true;
    },
    'top-apps': function (fig) {
      var rows = data.top_apps.filter(function (r) { return num(r.revenue_usd) > 0; });
      if (!rows.length) return false;
      var origins = unique(rows.map(function (r) { return r.origin_country; }));
      var others = origins.filter(function (o) { return o !== 'CN'; });
      var colorOf = function (o) { return o === 'CN' ? CHINA : COLORS[others.indexOf(o) % COLORS.length]; };
      hbars(fig, { aria: 'Top apps by IAP revenue',
        labels: rows.map(function (r) { return (r.app_name || r.app_key) + ' (' + r.origin_country + ')'; }),
        values: rows.map(function (r) { return r.revenue_usd; }), fmt: fmtUsd,
        colors: rows.map(function (r) { return colorOf(r.origin_country); }),
        note: function (i) { return fmtUsd(rows[i].revenue_usd) + ' · ' + fmtPct(rows[i].share); },
        legend: { names: origins, colors: origins.map(colorOf) } });
      return true;
    },
    'ad-materials': function (fig) {
      var rows = data.ad_materials_by_network;
      if (!rows.length) return false;
      var months = unique(rows.map(function (r) { return r.month; }));
      var totals = {};
      rows.forEach(function (r) { totals[r.network] = (totals[r.network] || 0) + num(r.active_creatives); });
      var networks = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); });
      stackedBars(fig, { aria: 'Active ad materials per network and month', labels: months.map(month),
        series: networks.map(function (nw) {
          return { name: nw, values: months.map(function (m) {
            var hit = rows.filter(function (r) { return r.month === m && r.network === nw; })[0];
            return hit ? hit.active_creatives : 0;
          }) };
        }) });
      return true;
    },
    'quarantine': function (fig) {
      var rows = data.quarantine_by_reason;
      if (!rows.length) {
        fig.appendChild(html('p', { 'class': 'empty' }, 'The quarantine is empty.'));
        return true;
      }
      var sources = unique(rows.map(function (r) { return r.source; }));
      var colorOf = function (s) { return COLORS[sources.indexOf(s) % COLORS.length]; };
      hbars(fig, { aria: 'Quarantined records by reason', labels: rows.map(function (r) { return r.source + ': ' + r.reason; }),
        values: rows.map(function (r) { return r.records; }), fmt: fmtInt,
        colors: rows.map(function (r) { return colorOf(r.source); }),
        legend: { names: sources, colors: sources.map(colorOf) } });
      return true;
    }
  };

  function kpis() {
    var t = data.totals[0] || {};
    var year = data.china_share.filter(function (r) { return r.period_type === 'year'; }).slice(-1)[0];
    var top = data.top_apps.reduce(function (s, r) { return s + num(r.share); }, 0);
    var latest = data.downloads_by_month.slice(-1)[0];
    var items = [
      ['Downloads', fmtInt(t.downloads)],
      ['IAP revenue (USD)', fmtUsdShort(t.revenue_usd)],
      ['China-backed share' + (year ? ' (' + String(year.period_start).slice(0, 4) + ')' : ''),
        year && num(year.revenue_usd) > 0 ? fmtPct(year.china_backed_share) : '–'],
      ['Top-20 apps\u2019 share of IAP', data.top_apps.length ? fmtPct(top) : '–'],
      ['Ad materials', fmtInt(t.ad_materials)],
      ['Apps with downloads (' + (latest ? month(latest.month) : '–') + ')', latest ? fmtInt(latest.apps_with_downloads) : '–']
    ];
    var box = document.getElementById('kpis');
    items.forEach(function (it) {
      var d = html('div', { 'class': 'kpi' });
      d.appendChild(html('div', { 'class': 'v' }, it[1]));
      d.appendChild(html('div', { 'class': 'l' }, it[0]));
      box.appendChild(d);
    });
    document.getElementById('generated').textContent = data.generated_at;
    document.getElementById('range').textContent = t.first_month ? month(t.first_month) + ' to ' + month(t.last_month) : '–';
  }

  function freshness() {
    if (!data.freshness.length) {
      document.getElementById('freshness-table').appendChild(html('p', { 'class': 'empty' }, 'No freshness recorded yet.'));
      return;
    }
    table('freshness-table', [
      { title: 'Source', value: function (r) { return r.source; }, cls: 'text' },
      { title: 'Latest dump landed', value: function (r) { return r.latest_landed || '–'; }, cls: 'text' },
      { title: 'Latest dump validated', value: function (r) { return r.latest_validated || '–'; }, cls: 'text' },
      { title: 'Days behind', value: function (r) { return r.days_behind === null ? '–' : fmtInt(r.days_behind); },
        mark: function (r) { return r.days_behind === null || num(r.days_behind) > 1 ? 'bad' : 'good'; } },
      { title: 'Recorded at (UTC)', value: function (r) { return String(r.recorded_at).slice(0, 19); }, cls: 'text' }
    ], data.freshness);
  }

  function quality() {
    freshness();
    var rows = data.quality_latest;
    if (!rows.length) {
      document.getElementById('quality-table').appendChild(html('p', { 'class': 'empty' }, 'No verification recorded yet.'));
    } else {
      table('quality-table', [
        { title: 'Stage', value: function (r) { return r.stage; }, cls: 'text' },
        { title: 'Table', value: function (r) { return r.table_name; }, cls: 'text' },
        { title: 'Checked at (UTC)', value: function (r) { return String(r.recorded_at).slice(0, 19); }, cls: 'text' },
        { title: 'Passed', value: function (r) { return fmtInt(r.passed); }, mark: function () { return 'good'; } },
        { title: 'Failed', value: function (r) { return fmtInt(r.failed); },
          mark: function (r) { return num(r.failed) > 0 ? 'bad' : ''; } },
        { title: 'of which errors', value: function (r) { return fmtInt(r.failed_errors); },
          mark: function (r) { return num(r.failed_errors) > 0 ? 'bad' : ''; } }
      ], rows);
    }
    if (data.quality_failures.length) {
      table('quality-failures', [
        { title: 'Failed check', value: function (r) { return r.table_name + ': ' + r.check; }, cls: 'text' },
        { title: 'Severity', value: function (r) { return r.severity; }, cls: 'text' },
        { title: 'Message', value: function (r) { return r.message || r.constraint; }, cls: 'text' }
      ], data.quality_failures);
    }
  }

  kpis();
  quality();
  var figures = document.querySelectorAll('figure.chart');
  var drawn = 0;
  Array.prototype.forEach.call(figures, function (fig) {
    var name = fig.getAttribute('data-chart');
    try {
      var hasData = charts[name](fig);
      if (!hasData) fig.appendChild(html('p', { 'class': 'empty' }, 'No data in the lake for this chart yet.'));
      fig.setAttribute('data-marks', String(fig.querySelectorAll('.mark').length));
      fig.setAttribute('data-rendered', hasData ? 'true' : 'empty');
      drawn += 1;
    } catch (e) {
      fig.setAttribute('data-rendered', 'error');
      window.dramalakeErrors.push(name + ': ' + (e && e.message ? e.message : String(e)));
      document.documentElement.setAttribute('data-errors', window.dramalakeErrors.join(' | '));
    }
  });
  document.documentElement.setAttribute('data-charts', drawn + '/' + figures.length);
  document.documentElement.setAttribute('data-status', window.dramalakeErrors.length ? 'error' : 'rendered');
})();
