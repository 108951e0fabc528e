// loket staff dashboard: reads GET /admin/v1/stats as the signed-in staff member and draws it.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  function table(id, header, rows) {
    var t = $(id);
    t.textContent = '';
    var head = document.createElement('tr');
    header.forEach(function (h) { var th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    t.appendChild(head);
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      r.forEach(function (c) { cell(tr, c.text !== undefined ? c.text : c, c.cls); });
      t.appendChild(tr);
    });
    if (!rows.length) { var tr = document.createElement('tr'); cell(tr, 'Nog niets.'); t.appendChild(tr); }
  }
  // Charts follow the width of their section, down to a phone's (WCAG reflow).
  var charts = {};
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) {
      charts[id].setSize({ width: $(id).clientWidth || 300, height: 220 });
    });
  });
  function chart(id, label, days, values, color) {
    var el = $(id);
    el.textContent = '';
    var xs = days.map(function (d) { return Date.parse(d + 'T12:00:00Z') / 1000; });
    charts[id] = new uPlot({ width: el.clientWidth || 900, height: 220,
                series: [{}, { label: label, stroke: color, width: 2, points: { show: true } }],
                axes: [{}, {}] }, [xs, values], el);
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    var s = Math.round(seconds);
    if (s < 60) return s + ' s';
    var m = Math.floor(s / 60);
    return m < 60 ? m + ' min ' + (s % 60) + ' s' : Math.floor(m / 60) + ' u ' + (m % 60) + ' min';
  }
  function showHandoffs(h) {
    var share = function (n) { return h.started ? ' (' + Math.round(100 * n / h.started) + '%)' : ''; };
    table('handoffs', ['gesprekken met een medewerker', 'aantal'], [
      ['Medewerker aangeboden', String(h.offered)],
      ['Gesprek met medewerker gestart', String(h.started)],
      ['Opgepakt door een medewerker', h.taken + share(h.taken)],
      ['Afgehaakt voordat iemand het oppakte', { text: h.abandoned + share(h.abandoned), cls: h.abandoned > h.taken ? 'overdue' : '' }],
      ['Terugbelverzoeken (buiten openingstijden)', String(h.callbacks)],
      ['Nu wachtend', String(h.waiting_now)],
      ['Wachttijd: mediaan / 90% binnen', duration(h.wait_p50_s) + ' / ' + duration(h.wait_p90_s)]
    ]);
    var labels = ['korter dan 1 minuut', '1 tot 5 minuten', '5 tot 15 minuten', '15 minuten of langer'];
    table('handoff-waits', ['wachttijd', 'gesprekken'], h.started ? h.waits.map(function (n, i) { return [labels[i], String(n)]; }) : []);
    table('handoff-agents', ['medewerker', 'gesprekken'], h.per_agent.map(function (r) { return [r.agent, String(r.handled)]; }));
  }

  function show(stats) {
    var perDay = {}, perChannel = {};
    stats.questions_per_day.forEach(function (r) {
      var d = perDay[r.day] || (perDay[r.day] = { q: 0, f: 0 });
      d.q += r.questions; d.f += r.fallbacks;
      perChannel[r.channel] = (perChannel[r.channel] || 0) + r.questions;
    });
    // Every day of the period, also the quiet ones, so the axis shows the period asked for.
    var days = [];
    for (var i = stats.days - 1; i >= 0; --i)
      days.push(new Date(Date.now() - i * 86400000).toISOString().slice(0, 10));
    chart('chart-questions', 'vragen', days, days.map(function (d) { return perDay[d] ? perDay[d].q : 0; }), '#00466e');
    chart('chart-fallbacks', '% niet begrepen', days, days.map(function (d) {
      return perDay[d] ? Math.round(100 * perDay[d].f / perDay[d].q) : null;
    }), '#b00020');
    table('top-intents', ['onderwerp', 'vragen'], stats.top_intents.map(function (r) { return [r.intent, String(r.questions)]; }));
    table('channels', ['kanaal', 'vragen'], Object.keys(perChannel).map(function (c) { return [c, String(perChannel[c])]; }));
    table('unanswered', ['vraag (en gelijksoortige)', 'aantal'], stats.unanswered.map(function (r) {
      return [r.examples.join(' · '), String(r.times)];
    }));
    table('reviews', ['onderwerp', 'herzien voor', 'bron'], stats.reviews.map(function (r) {
      return [r.intent || 'regeling ' + r.scheme, { text: r.review_by, cls: r.overdue ? 'overdue' : '' }, r.source || ''];
    }));
    table('feedback', ['onderwerp', 'nuttig', 'niet nuttig', 'laatste toelichtingen'], stats.feedback.map(function (r) {
      return [r.intent, String(r.helpful), { text: String(r.unhelpful), cls: r.unhelpful > r.helpful ? 'overdue' : '' },
        r.comments.join(' · ')];
    }));
    showHandoffs(stats.handoffs);
    table('deliveries', ['kanaal', 'onderwerp', 'status', 'aantal'], stats.deliveries.map(function (r) {
      return [r.channel || '(verwijderd)', r.topic, r.status, String(r.deliveries)];
    }));
    $('export').onclick = function () {
      // Paste under an intent's examples (nl:) in the content.
      var lines = ['examples:', '  nl:'];
      stats.unanswered.forEach(function (r) {
        r.examples.forEach(function (t) { lines.push('    - ' + JSON.stringify(t)); });
      });
      $('yaml').textContent = lines.join('\n');
      $('yaml').hidden = false;
    };
  }

  function load() {
    loketStaff.api('GET', 'stats?days=30').then(show).catch(function (e) {
      if (loketStaff.session()) $('load-error').textContent = e.message;
    });
  }

  loketStaff.start(function () {
    $('agent-only').hidden = !loketStaff.has('agent') || loketStaff.has('editor');
    if (loketStaff.has('editor')) load();
  });
})();
