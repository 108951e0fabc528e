// loket staff dashboard, alerts (role campaigns): compose an alert per topic and language, choose
// who gets it (everyone, postcodes, or a circle drawn on the map), see how many residents it
// reaches before sending, schedule it, and follow and cancel the alerts sent. Sending and
// cancelling are asked once more, with what goes to whom, since neither can be taken back. One
// Idempotency-Key per draft: a double click or a retry sends once.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var say = loketStaff.t;
  var names = new Intl.DisplayNames([loketStaff.lang], { type: 'language' });
  var number = new Intl.NumberFormat(loketStaff.locale);
  var when = new Intl.DateTimeFormat(loketStaff.locale, { dateStyle: 'medium', timeStyle: 'short' });
  var statusNames = { scheduled: say('gepland'), sending: say('bezig'), done: say('klaar'),
    cancelled: say('geannuleerd') };
  var settings = null, map = null, circle = null, draftKey = newKey(), counting = null, following = null;

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function topic() { return settings.topics.find(function (t) { return t.id === $('topic').value; }); }
  function areaKind() { return document.querySelector('input[name=area]:checked').value; }

  // The area as the API takes it; a string says what is wrong with what was typed.
  function area() {
    var kind = areaKind();
    if (kind === 'postcodes') {
      var postcodes = [], prefixes = [];
      // Commas or semicolons between them, as people type lists.
      $('postcodes').value.split(/[,;]/).map(function (p) { return p.trim(); }).filter(Boolean).forEach(function (p) {
        (/^[1-9][0-9]{3}\s?[A-Za-z]{2}$/.test(p) ? postcodes : prefixes).push(p);
      });
      if (!postcodes.length && !prefixes.length) return say('Vul een of meer postcodes in.');
      var a = {};
      if (postcodes.length) a.postcodes = postcodes;
      if (prefixes.length) a.postcode_prefixes = prefixes;
      return a;
    }
    if (kind === 'map') {
      var lat = parseFloat($('lat').value.replace(',', '.')), lon = parseFloat($('lon').value.replace(',', '.'));
      var radius = parseFloat($('radius').value);
      if (isNaN(lat) || isNaN(lon)) return say('Kies het midden van het gebied op de kaart, of vul het in.');
      if (!(radius >= 10 && radius <= 200000)) return say('De straal is 10 tot 200.000 meter.');
      return { point: { lat: lat, lon: lon }, radius_m: radius };
    }
    return null;
  }

  // Who gets it, in words, for the question before sending.
  function areaInWords(a) {
    if (!a) return say('Voor wie: iedereen in de gemeente die dit onderwerp volgt');
    if (a.radius_m) return say('Voor wie: wie binnen {radius} m van {lat}, {lon} woont',
      { radius: number.format(a.radius_m), lat: a.point.lat, lon: a.point.lon });
    return say('Voor wie: postcodes {postcodes}',
      { postcodes: (a.postcodes || []).concat(a.postcode_prefixes || []).join(', ') });
  }

  // The API's refusals that staff meet here, in the page's words; any other as the API says it.
  function inWords(message) {
    var m = /'([^']+)' is not a postcode of this municipality/.exec(message);
    if (m) return say('{postcode} is geen postcode van de gemeente.', { postcode: m[1] });
    m = /'([^']+)' is not the start of a postcode/.exec(message);
    if (m) return say('“{postcode}” is geen postcode en geen begin van een postcode (zoals 9701 AB of 9701). Zet komma’s tussen postcodes.', { postcode: m[1] });
    if (/expires_at is not after send_at/.test(message))
      return say('“Niet meer versturen na” moet na “Versturen vanaf” liggen.');
    return message;
  }

  function showMissing() {
    var missing = settings.languages.filter(function (l) {
      return l !== settings.default_language && !$('text-' + l).value.trim();
    });
    $('missing').textContent = missing.length
      ? say('Geen tekst in het {missing}: wie die taal gebruikt, krijgt de tekst in het {fallback}.', {
        missing: missing.map(function (l) { return names.of(l); }).join(', '), fallback: names.of(settings.default_language) })
      : '';
  }

  // How many it would reach, asked again a moment after the last change.
  function recount() {
    clearTimeout(counting);
    counting = setTimeout(function () {
      var a = area();
      if (typeof a === 'string') { $('recipients').textContent = a; return; }
      var body = { topic: $('topic').value };
      if (a) body.area = a;
      loketStaff.api('POST', 'notifications:count', body).then(function (r) {
        $('recipients').textContent = say(r.recipients === 1 ? 'Deze melding gaat naar {n} inwoner.'
          : 'Deze melding gaat naar {n} inwoners.', { n: number.format(r.recipients) });
      }).catch(function (e) { $('recipients').textContent = inWords(e.message); });
    }, 250);
  }

  function drawCircle() {
    if (!map) return;
    var lat = parseFloat($('lat').value.replace(',', '.')), lon = parseFloat($('lon').value.replace(',', '.'));
    var radius = parseFloat($('radius').value) || 0;
    if (circle) { circle.remove(); circle = null; }
    if (isNaN(lat) || isNaN(lon)) return;
    circle = L.circle([lat, lon], { radius: radius, color: '#00466e' }).addTo(map);
  }

  function showMap() {
    if (map || typeof L === 'undefined') return;
    var centre = settings.map.centre || [52.2, 5.3];
    map = L.map('map', { keyboard: true }).setView(centre, settings.map.centre ? settings.map.zoom : 7);
    map.attributionControl.setPrefix('Leaflet');
    // Without tiles (no internet, or a blocked server) the map stays grey; the fields still work.
    L.tileLayer(settings.map.tiles, { attribution: settings.map.attribution, maxZoom: 19 }).addTo(map);
    map.on('click', function (e) {
      $('lat').value = e.latlng.lat.toFixed(6);
      $('lon').value = e.latlng.lng.toFixed(6);
      drawCircle();
      recount();
    });
  }

  function chooseArea() {
    $('area-postcodes').hidden = areaKind() !== 'postcodes';
    $('area-map').hidden = areaKind() !== 'map';
    if (areaKind() === 'map') { showMap(); map && map.invalidateSize(); }
    recount();
  }

  function chooseTopic() {
    var t = topic();
    $('urgent').disabled = !t.urgent_allowed;
    if (!t.urgent_allowed) $('urgent').checked = false;
    $('urgent-hint').textContent = t.urgent_allowed ? '' : say(' (niet bij dit onderwerp)');
    recount();
  }

  function iso(local) { return local ? new Date(local).toISOString() : undefined; }

  function send(e) {
    e.preventDefault();
    $('compose-error').textContent = '';
    var text = {};
    settings.languages.forEach(function (l) {
      var v = $('text-' + l).value.trim();
      if (v) text[l] = v;
    });
    if (!text[settings.default_language]) {
      $('compose-error').textContent = say('De tekst in het {language} is nodig.', { language: names.of(settings.default_language) });
      $('text-' + settings.default_language).focus();
      return;
    }
    var a = area();
    if (typeof a === 'string') { $('compose-error').textContent = a; return; }
    if ($('send-at').value && $('expires-at').value &&
        new Date($('expires-at').value) <= new Date($('send-at').value)) {
      $('compose-error').textContent = say('“Niet meer versturen na” moet na “Versturen vanaf” liggen.');
      $('expires-at').focus();
      return;
    }
    // The API's own bounds, said before the question rather than after it: a start more than an
    // hour ago is most likely a wrong date; a start a moment ago means now.
    if ($('send-at').value && new Date($('send-at').value) < new Date(Date.now() - 3600000)) {
      $('compose-error').textContent = say('“Versturen vanaf” ligt in het verleden. Kies een latere tijd, of laat het leeg om meteen te versturen.');
      $('send-at').focus();
      return;
    }
    if ($('expires-at').value && new Date($('expires-at').value) <= new Date()) {
      $('compose-error').textContent = say('“Niet meer versturen na” ligt in het verleden.');
      $('expires-at').focus();
      return;
    }
    var body = { topic: $('topic').value, text: text, urgent: $('urgent').checked };
    if (a) body.area = a;
    if ($('send-at').value) body.send_at = iso($('send-at').value);
    if ($('expires-at').value) body.expires_at = iso($('expires-at').value);
    var later = body.send_at && new Date(body.send_at) > new Date();
    var key = draftKey;
    var counted = { topic: body.topic };
    if (a) counted.area = a;
    $('send-alert').disabled = true;
    // Counted again now: residents may have come or gone since the figure under the form.
    loketStaff.api('POST', 'notifications:count', counted).then(function (c) {
      var n = number.format(c.recipients);
      var facts = [say('Onderwerp: {topic}', { topic: $('topic').selectedOptions[0].textContent }), areaInWords(a),
        later ? say('Wanneer: {when}', { when: when.format(new Date(body.send_at)) }) : say('Wanneer: meteen')];
      if (body.urgent) facts.push(say('Urgent: ook tijdens de stille uren'));
      facts.push(say(c.recipients === 1 ? 'Deze melding gaat naar {n} inwoner.' : 'Deze melding gaat naar {n} inwoners.', { n: n }));
      if (!c.recipients) facts.push(say('Niemand volgt dit onderwerp in dit gebied: de melding bereikt nu niemand.'));
      return loketStaff.ask(say(later ? 'Melding inplannen?' : 'Melding nu versturen?'), facts, text[settings.default_language],
        later ? say('Ja, inplannen') : say(c.recipients === 1 ? 'Ja, versturen naar {n} inwoner' : 'Ja, versturen naar {n} inwoners', { n: n }));
    }).then(function (yes) { return yes ? deliver(body, key, later) : 'kept'; })
      .catch(function (err) { $('compose-error').textContent = inWords(err.message); })
      .then(function (outcome) {
        $('send-alert').disabled = false;
        if (outcome === 'kept') $('send-alert').focus();
      });
  }

  function deliver(body, key, later) {
    return loketStaff.api('POST', 'notifications', body, { 'Idempotency-Key': key }).then(function (r) {
      var values = { id: r.id, n: number.format(r.recipients), when: later ? when.format(new Date(body.send_at)) : '' };
      $('sent').textContent = later
        ? say(r.recipients === 1 ? 'Melding {id} is gepland voor {when}, voor {n} inwoner.'
          : 'Melding {id} is gepland voor {when}, voor {n} inwoners.', values)
        : say(r.recipients === 1 ? 'Melding {id} is onderweg naar {n} inwoner.'
          : 'Melding {id} is onderweg naar {n} inwoners.', values);
      draftKey = newKey();
      settings.languages.forEach(function (l) { $('text-' + l).value = ''; });
      showMissing();
      follow();
    });
  }

  function cancel(n) {
    var waiting = n.counts.pending;
    loketStaff.ask(say('Melding {id} annuleren?', { id: n.id }),
      [say(waiting === 1 ? '{n} inwoner heeft deze melding nog niet gekregen en krijgt hem dan niet meer.'
        : '{n} inwoners hebben deze melding nog niet gekregen en krijgen hem dan niet meer.', { n: number.format(waiting) }),
        say('Annuleren kan niet ongedaan worden gemaakt.')], n.text, say('Ja, annuleren')).then(function (yes) {
      // The list is drawn anew every few seconds: the focus goes back to the list itself.
      if (!yes) { $('sent-alerts').parentNode.focus(); return; }
      return loketStaff.api('POST', 'notifications/' + n.id + ':cancel').then(follow);
    }).catch(function (err) { $('follow-error').textContent = err.message; follow(); });
  }

  // The latest alerts and their counts, again every few seconds while the page is open.
  function follow() {
    clearTimeout(following);
    if (!loketStaff.has('campaigns')) return;
    // Its own polling: an unattended page does not keep the session from going idle.
    loketStaff.api('GET', 'notifications?limit=20', undefined, { 'X-Loket-Background': '1' }).then(function (r) {
      $('follow-error').textContent = '';
      var t = $('sent-alerts');
      t.textContent = '';
      var head = el('tr');
      ['nr', 'onderwerp', 'tekst', 'vanaf', 'ontvangers', 'wachtend', 'verstuurd', 'mislukt', 'verlopen',
        'geannuleerd', 'status', 'actie'].forEach(function (h) { head.appendChild(el('th', say(h))); });
      t.appendChild(head);
      r.notifications.forEach(function (n) {
        var tr = el('tr');
        [String(n.id), n.topic_name + (n.urgent ? say(' (urgent)') : ''), n.text, when.format(new Date(n.send_at)),
          number.format(n.recipients), number.format(n.counts.pending), number.format(n.counts.sent),
          number.format(n.counts.failed), number.format(n.counts.expired), number.format(n.counts.cancelled),
          statusNames[n.status] || n.status].forEach(function (c) { tr.appendChild(el('td', c)); });
        var action = el('td');
        if (n.status === 'sending' || n.status === 'scheduled') {
          var b = el('button', say('Annuleren'), { type: 'button', 'aria-label': say('Melding {id} annuleren', { id: n.id }) });
          b.className = 'quiet';
          b.addEventListener('click', function () { cancel(n); });
          action.appendChild(b);
        }
        tr.appendChild(action);
        t.appendChild(tr);
      });
      if (!r.notifications.length) { var none = el('tr'); none.appendChild(el('td', say('Nog geen meldingen.'))); t.appendChild(none); }
      loketStaff.cards(t);
    }).catch(function (err) { $('follow-error').textContent = err.message; })
      .then(function () { following = setTimeout(follow, 5000); });
  }

  function build(s) {
    settings = s;
    $('topic').textContent = '';
    s.topics.forEach(function (t) {
      $('topic').appendChild(el('option', t.name[loketStaff.lang] || t.name[s.default_language] || t.id, { value: t.id }));
    });
    $('texts').textContent = '';
    s.languages.forEach(function (l) {
      var id = 'text-' + l;
      var label = el('label', say(l === s.default_language ? 'Tekst in het {language} (nodig)' : 'Tekst in het {language}',
        { language: names.of(l) }), { for: id });
      var area = el('textarea', undefined, { id: id, rows: '3', maxlength: '1000', lang: l });
      if (l === s.default_language) area.required = true;
      area.addEventListener('input', showMissing);
      // Once the required text is there, the note that it was missing goes.
      if (l === s.default_language)
        area.addEventListener('input', function () { if (area.value.trim()) $('compose-error').textContent = ''; });
      $('texts').appendChild(label);
      $('texts').appendChild(area);
    });
    showMissing();
    chooseTopic();
    follow();
  }

  $('topic').addEventListener('change', chooseTopic);
  document.querySelectorAll('input[name=area]').forEach(function (r) { r.addEventListener('change', chooseArea); });
  $('postcodes').addEventListener('input', recount);
  ['lat', 'lon', 'radius'].forEach(function (id) {
    $(id).addEventListener('input', function () { drawCircle(); recount(); });
  });
  $('compose').addEventListener('submit', send);
  // A note about what was wrong goes once something is changed.
  ['input', 'change'].forEach(function (kind) {
    $('compose').addEventListener(kind, function () { $('compose-error').textContent = ''; });
  });

  window.loketAlerts = {
    start: function () {
      if (!loketStaff.has('campaigns')) return;
      loketStaff.api('GET', 'notifications:compose').then(build)
        .catch(function (err) { $('compose-error').textContent = err.message; });
    },
    stop: function () { clearTimeout(following); }
  };
}());
