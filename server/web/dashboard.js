// loket staff dashboard: reads GET /admin/v1/stats as the signed-in staff member and draws it,
// in the staff's words and locale (nl-NL): titles instead of ids, Dutch dates and numbers,
// channels as residents know them; every table can be saved as CSV.
(function () {
  'use strict';
  var LOCALE = loketStaff.locale, say = loketStaff.t;
  var $ = function (id) { return document.getElementById(id); };
  var number = new Intl.NumberFormat(LOCALE);
  var percent = new Intl.NumberFormat(LOCALE, { style: 'percent' });
  var shortDay = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  var longDay = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  var channelNames = { web: 'Webchat', websocket: 'Webchat', directline: 'Webchat', telegram: 'Telegram',
    whatsapp: 'WhatsApp', messenger: 'Messenger', x: 'X', mastodon: 'Mastodon', webpush: say('Pushbericht (browser)'),
    webhook: say('Koppeling (webhook)') };
  var statusNames = { pending: say('wacht op verzending'), sent: say('verstuurd'), failed: say('mislukt'),
    expired: say('verlopen'), cancelled: say('geannuleerd') };
  var tables = {};  // id -> {header, rows}: what the table shows, for its CSV
  var range = { from: '', to: '' };

  function n(x) { return number.format(x); }
  function share(part, whole) { return whole ? percent.format(part / whole) : '–'; }
  function day(iso) { return iso ? longDay.format(new Date(iso + 'T00:00:00Z')) : ''; }
  function channelName(c) { return channelNames[c] || c || say('(verwijderd)'); }

  function cell(tr, text, cls, tag) {
    var td = document.createElement(tag || 'td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  function table(id, header, rows) {
    tables[id] = { header: header, rows: rows };
    var t = $(id);
    t.textContent = '';
    var head = document.createElement('tr');
    header.forEach(function (h) { cell(head, say(h), '', 'th'); });
    t.appendChild(head);
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      r.forEach(function (c) { cell(tr, c.text !== undefined ? c.text : c, c.cls); });
      t.appendChild(tr);
    });
    if (!rows.length) { var tr = document.createElement('tr'); cell(tr, say('Nog niets in deze periode.')); t.appendChild(tr); }
  }

  // CSV as Excel with Dutch settings reads it: ';' between fields, UTF-8 with a byte order mark.
  function csv(id) {
    var quote = function (v) {
      var s = String(v && v.text !== undefined ? v.text : v);
      // Residents' words must not become formulas in Excel.
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
      return /[";\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    var lines = [tables[id].header.map(function (h) { return say(h); })].concat(tables[id].rows).map(function (r) { return r.map(quote).join(';'); });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }));
    link.download = 'loket-' + id + '-' + range.from + '-' + range.to + '.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  document.querySelectorAll('#dashboard table').forEach(function (table) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'csv';
    var heading = table.previousElementSibling;
    var title = heading && heading.tagName === 'H3' ? heading.textContent : table.closest('section').querySelector('h2').textContent;
    b.textContent = 'CSV';
    b.setAttribute('aria-label', say('Download “{title}” als CSV', { title: title }));
    b.addEventListener('click', function () { csv(table.id); });
    table.parentNode.insertBefore(b, table.nextSibling);
  });

  // Charts follow the width of their section, down to a phone's (WCAG reflow).
  var charts = {};
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) {
      charts[id].setSize({ width: $(id).clientWidth || 300, height: 220 });
    });
  });
  function chart(id, label, days, values, color, format) {
    var el = $(id);
    el.textContent = '';
    if (charts[id]) charts[id].destroy();
    var xs = days.map(function (d) { return Date.parse(d + 'T12:00:00Z') / 1000; });
    var show = function (u, v) { return v === null || v === undefined ? '–' : format(v); };
    charts[id] = new uPlot({ width: el.clientWidth || 900, height: 220,
      series: [{ label: say('Dag'), value: function (u, v) { return v === null ? '–' : shortDay.format(new Date(v * 1000)); } },
               { label: label, stroke: color, width: 2, points: { show: true }, value: show }],
      axes: [{ values: function (u, ticks) { return ticks.map(function (t) { return shortDay.format(new Date(t * 1000)); }); } },
             { values: function (u, ticks) { return ticks.map(format); } }] }, [xs, values], el);
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    var s = Math.round(seconds);
    if (s < 60) return s + ' s';
    var m = Math.floor(s / 60);
    return m < 60 ? m + ' min ' + (s % 60) + ' s' : say('{h} u {m} min', { h: Math.floor(m / 60), m: m % 60 });
  }
  function showHandoffs(h) {
    var of = function (x) { return n(x) + (h.started ? ' (' + share(x, h.started) + ')' : ''); };
    table('handoffs', ['gesprekken met een medewerker', 'aantal'], [
      [say('Medewerker aangeboden'), n(h.offered)],
      [say('Gesprek met medewerker gestart'), n(h.started)],
      [say('Opgepakt door een medewerker'), of(h.taken)],
      [say('Afgehaakt voordat iemand het oppakte'), { text: of(h.abandoned), cls: h.abandoned > h.taken ? 'overdue' : '' }],
      [say('Terugbelverzoeken (buiten openingstijden)'), n(h.callbacks)],
      [say('Nu wachtend'), n(h.waiting_now)],
      [say('Wachttijd: mediaan / 90% binnen'), duration(h.wait_p50_s) + ' / ' + duration(h.wait_p90_s)]
    ]);
    var labels = ['korter dan 1 minuut', '1 tot 5 minuten', '5 tot 15 minuten', '15 minuten of langer'].map(function (l) { return say(l); });
    table('handoff-waits', ['wachttijd', 'gesprekken'], h.started ? h.waits.map(function (x, i) { return [labels[i], n(x)]; }) : []);
    table('handoff-agents', ['medewerker', 'gesprekken'], h.per_agent.map(function (r) { return [r.agent, n(r.handled)]; }));
  }

  var moment = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  var reloadReasons = { 'file change': say('een bestand is gewijzigd'), 'SIGHUP': say('herladen door de beheerder'),
    'staff API': say('herladen via de API'), 'examples added from the dashboard': say('voorbeelden toegevoegd op het dashboard'),
    'start': say('bij het starten van de server') };
  // Which content answers residents, and a change that was refused: staff who saved a file see
  // here that it is not live, and why.
  function showContent(content) {
    $('content-version').textContent = say('Versie {version}, {n} onderwerpen.', { version: content.version, n: n(content.intents) });
    var count = content.warning_count || 0;
    $('content-warnings').hidden = !count;
    $('content-warnings-title').textContent = say(count === 1 ? '1 aandachtspunt in de inhoud' : '{n} aandachtspunten in de inhoud', { n: n(count) });
    $('content-warning-list').textContent = '';
    (content.warnings || []).forEach(function (w) {
      var li = document.createElement('li');
      li.textContent = w;
      $('content-warning-list').appendChild(li);
    });
    showTakenOut(content.taken_out);
    var refused = content.refused;
    $('content-refused').hidden = !refused;
    $('content-problems').textContent = '';
    if (!refused) return;
    // The instance (host:process) tells the operator whose files these are when several run.
    $('content-refused-what').textContent = say('Een wijziging is op {when} niet in gebruik genomen ({why}, op {instance}): de inhoud heeft fouten.', {
      when: moment.format(new Date(refused.at)), why: reloadReasons[refused.reason] || refused.reason,
      instance: refused.instance });
    refused.problems.forEach(function (p) {
      var li = document.createElement('li');
      li.textContent = p;
      $('content-problems').appendChild(li);
    });
  }

  // What the last change took away (a deleted file, a removed topic or local answer): it went
  // live without an error, so staff who did not mean it see it here.
  function showTakenOut(lost) {
    var list = $('content-taken-out-list');
    list.textContent = '';
    $('content-taken-out').hidden = !lost;
    if (!lost) return;
    var parts = [];
    if (lost.removed_count) parts.push(say(lost.removed_count === 1 ? '1 onderwerp is weggehaald' : '{n} onderwerpen zijn weggehaald', { n: n(lost.removed_count) }));
    if (lost.changes_gone_count) parts.push(say(lost.changes_gone_count === 1 ? '1 eigen aanpassing is weg' : '{n} eigen aanpassingen zijn weg', { n: n(lost.changes_gone_count) }));
    $('content-taken-out-what').textContent = say('Bij de laatste wijziging: {what}.', { what: parts.join(say(' en ')) });
    var item = function (text) {
      var li = document.createElement('li');
      li.textContent = text;
      list.appendChild(li);
    };
    var name = function (x) { return x.title && x.title !== x.id ? x.title + ' (' + x.id + ')' : x.id; };
    lost.removed.forEach(function (r) { item(say('{name}: weggehaald, stond in {was}', { name: name(r), was: r.was })); });
    lost.changes_gone.forEach(function (r) {
      item(say('{name}: de aanpassing in {was} is weg; nu geldt {now}', { name: name(r), was: r.was, now: r.now }));
    });
  }

  function show(stats) {
    range = { from: stats.from, to: stats.to };
    showContent(stats.content);
    $('from').value = stats.from;
    $('to').value = stats.to;
    $('period').textContent = stats.days === 1 ? day(stats.from)
      : say('{from} tot en met {to} ({days} dagen)', { from: day(stats.from), to: day(stats.to), days: n(stats.days) });
    var perDay = {}, perChannel = {}, total = 0, fallbacks = 0;
    stats.questions_per_day.forEach(function (r) {
      var d = perDay[r.day] || (perDay[r.day] = { q: 0, f: 0 });
      d.q += r.questions; d.f += r.fallbacks;
      total += r.questions; fallbacks += r.fallbacks;
      var c = perChannel[channelName(r.channel)] || (perChannel[channelName(r.channel)] = { q: 0, f: 0 });
      c.q += r.questions; c.f += r.fallbacks;
    });
    $('summary').textContent = say('{n} vragen, waarvan {share} begrepen.', { n: n(total), share: share(total - fallbacks, total) });
    // Every day of the period, also the quiet ones, so the axis shows the period asked for.
    var days = [];
    for (var t = Date.parse(stats.from + 'T00:00:00Z'); t <= Date.parse(stats.to + 'T00:00:00Z'); t += 86400000)
      days.push(new Date(t).toISOString().slice(0, 10));
    chart('chart-questions', say('vragen'), days, days.map(function (d) { return perDay[d] ? perDay[d].q : 0; }), '#00466e', n);
    chart('chart-fallbacks', say('niet begrepen'), days, days.map(function (d) {
      return perDay[d] ? perDay[d].f / perDay[d].q : null;
    }), '#b00020', function (v) { return percent.format(v); });
    table('per-intent', ['onderwerp', 'beantwoord', 'niet begrepen, wel in de buurt', 'begrepen', 'nuttig gevonden'],
      stats.per_intent.map(function (r) {
        var thumbs = r.helpful + r.unhelpful;
        return [r.title, n(r.answered), n(r.missed), share(r.answered, r.answered + r.missed),
          thumbs ? say('{share} van {n}', { share: share(r.helpful, thumbs), n: n(thumbs) }) : '–'];
      }));
    table('channels', ['kanaal', 'vragen', 'begrepen'], Object.keys(perChannel).sort().map(function (c) {
      return [c, n(perChannel[c].q), share(perChannel[c].q - perChannel[c].f, perChannel[c].q)];
    }));
    tables.unanswered = loketUnanswered.show(stats, function () {
      load('from=' + range.from + '&to=' + range.to);
    });
    table('reviews', ['onderwerp', 'herzien vóór', 'bron'], stats.reviews.map(function (r) {
      return [r.intent ? r.title : say('regeling: {title}', { title: r.title }),
        { text: day(r.review_by) + (r.overdue ? say(' (verlopen)') : ''), cls: r.overdue ? 'overdue' : '' }, r.source || ''];
    }));
    table('feedback', ['onderwerp', 'nuttig', 'niet nuttig', 'laatste toelichtingen'], stats.feedback.map(function (r) {
      return [r.title, n(r.helpful), { text: n(r.unhelpful), cls: r.unhelpful > r.helpful ? 'overdue' : '' },
        r.comments.join(' · ')];
    }));
    showHandoffs(stats.handoffs);
    table('deliveries', ['kanaal', 'onderwerp', 'status', 'aantal'], stats.deliveries.map(function (r) {
      return [channelName(r.channel), r.topic_name, statusNames[r.status] || r.status, n(r.deliveries)];
    }));
  }

  function load(query) {
    $('load-error').textContent = '';
    loketStaff.api('GET', 'stats?' + query + '&lang=' + loketStaff.lang).then(show).catch(function (e) {
      if (loketStaff.session()) $('load-error').textContent = e.message;
    });
  }
  $('range').addEventListener('submit', function (e) {
    e.preventDefault();
    load('from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value));
  });

  loketStaff.start(function () {
    $('agent-only').hidden = !loketStaff.has('agent') || loketStaff.has('editor') || loketStaff.has('campaigns');
    loketAlerts.start();
    if (loketStaff.has('editor')) load('days=30');
  }, function () { loketAlerts.stop(); });
})();
