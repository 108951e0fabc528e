// loket staff pages (/admin, /admin/inbox): signing in with a staff token, exchanged once for a
// session cookie the page's scripts cannot read; who is signed in and with which roles; calls to
// /admin/v1 carrying the session's CSRF value; signing out. A 401 returns to the sign-in form.
// The pages speak Dutch, or English (the browser's language, or the header's switch): t() gives
// a Dutch text in the staff's language (staff_en.js), and the page's own texts are translated
// once at load.
window.loketStaff = (function () {
  'use strict';
  var session = null, started = null, ended = null;
  // Where loket's paths start: '' at the root, '/m/{id}' for a hosted municipality.
  var root = (location.pathname.match(/^(\/m\/[a-z0-9-]+)?\/admin(\/|$)/) || [])[1] || '';
  var chosen = localStorage.getItem('loket.staff.lang') || (navigator.language || 'nl').slice(0, 2);
  var lang = chosen === 'en' ? 'en' : 'nl';
  var locale = lang === 'en' ? 'en-GB' : 'nl-NL';
  var roleNames = { admin: 'beheerder', editor: 'redactie', campaigns: 'meldingen', agent: 'inbox' };
  function $(id) { return document.getElementById(id); }

  // `text` (Dutch, with {name} placeholders) in the staff's language, the placeholders filled.
  function t(text, values) {
    var words = lang === 'en' && window.loketStaffEnglish ? window.loketStaffEnglish : {};
    return (words[text] || text).replace(/\{(\w+)\}/g, function (m, k) {
      return values && values[k] !== undefined ? values[k] : m;
    });
  }

  // The page's own words: every text and label that the dictionary knows.
  function translatePage() {
    document.documentElement.lang = lang;
    if (lang === 'nl') return;
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.nodeValue.replace(/\s+/g, ' ').trim();
      if (text && window.loketStaffEnglish[text]) node.nodeValue = node.nodeValue.replace(/\S[\s\S]*\S|\S/, t(text));
    }
    document.querySelectorAll('[placeholder], [aria-label], [title]').forEach(function (e) {
      ['placeholder', 'aria-label', 'title'].forEach(function (a) {
        if (e.hasAttribute(a)) e.setAttribute(a, t(e.getAttribute(a)));
      });
    });
    document.title = t(document.title);
  }
  translatePage();
  var switcher = $('staff-lang');
  switcher.textContent = lang === 'en' ? 'Nederlands' : 'English';
  switcher.setAttribute('lang', lang === 'en' ? 'nl' : 'en');
  switcher.addEventListener('click', function () {
    localStorage.setItem('loket.staff.lang', lang === 'en' ? 'nl' : 'en');
    location.reload();
  });

  // Which municipality these pages are for (a region's deployment serves several), in the
  // header and the title, once the server has said.
  function nameMunicipality(body) {
    if (!body || typeof body.municipality !== 'string' || !body.municipality) return;
    document.querySelectorAll('[data-municipality]').forEach(function (e) {
      e.textContent = body.municipality;
    });
    var dash = document.title.indexOf(' – ');
    if (dash >= 0) document.title = body.municipality + document.title.slice(dash);
  }

  function has(role) { return !!session && session.roles.indexOf(role) >= 0; }

  function showSignIn(message) {
    var was = session;
    session = null;
    if (was && ended) ended();
    document.querySelectorAll('[data-signed-in]').forEach(function (e) { e.hidden = true; });
    $('who').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    if (message) $('token').focus();
  }

  function signedIn(s) {
    session = s;
    $('login').hidden = true;
    $('token').value = '';
    $('who-name').textContent = s.name + ' (' + s.roles.map(function (r) { return t(roleNames[r] || r); }).join(', ') + ')';
    $('who').hidden = false;
    document.querySelectorAll('[data-signed-in]').forEach(function (e) { e.hidden = false; });
    // What the roles may not use stays out of sight; the API refuses it anyway.
    document.querySelectorAll('[data-role]').forEach(function (e) {
      e.hidden = !e.getAttribute('data-role').split(' ').some(has);
    });
    started(s);
  }

  function call(method, path, body, extra) {
    var headers = Object.assign({}, extra || {});
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrf;
    return fetch(root + '/admin/v1/' + path, { method: method, headers: headers, credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, ok: r.ok, body: j }; });
      });
  }

  // Signed out, or the session ended: the page is loaded afresh at the sign-in form, so that
  // nothing it showed (a resident's conversation, the questions asked) stays on screen or in the
  // page for whoever sits down next.
  function leave(reason) {
    location.replace(location.pathname + '?sign_in=' + reason);
  }

  // A staff API call; a 401 (the session ended) returns to the sign-in form.
  function api(method, path, body, headers) {
    return call(method, path, body, headers).then(function (r) {
      if (r.status === 401) {
        leave('ended');
        throw new Error(t('Niet (meer) ingelogd.'));
      }
      if (!r.ok) {
        // The whole answer goes along: some refusals list their problems.
        var refused = new Error(r.body.error || ('HTTP ' + r.status));
        refused.body = r.body;
        throw refused;
      }
      return r.body;
    });
  }

  // onSignedIn(session) once signed in; onSignedOut() when the session ends.
  function start(onSignedIn, onSignedOut) {
    started = onSignedIn;
    ended = onSignedOut || null;
    $('login').addEventListener('submit', function (e) {
      e.preventDefault();
      $('login-error').textContent = '';
      call('POST', 'session', { token: $('token').value.trim() }).then(function (r) {
        if (r.status === 401) throw new Error(t('Dit token is niet (meer) geldig. Vraag uw beheerder om een nieuw token.'));
        if (r.status === 503) throw new Error(t('Inloggen kan nu niet: de database is niet bereikbaar. Probeer het zo opnieuw.'));
        if (!r.ok) throw new Error(r.body.error || ('HTTP ' + r.status));
        signedIn(r.body);
      }).catch(function (err) { showSignIn(err.message); });
    });
    $('sign-out').addEventListener('click', function () {
      call('DELETE', 'session').then(function (r) {
        if (r.ok) leave('signed-out');
        else $('who-name').textContent = r.body.error || ('HTTP ' + r.status);
      });
    });
    // Back from the municipality's sign-in service without a session: why.
    var why = { refused: t('Het inloggen met uw gemeente-account is niet gelukt.'),
      expired: t('Het inloggen duurde te lang of is al gebruikt. Probeer het opnieuw.'),
      unreachable: t('De inlogdienst is nu niet bereikbaar. Probeer het zo opnieuw.'),
      'no-role': t('Uw account heeft geen rol in loket. Vraag uw beheerder om er een.'),
      'signed-out': t('U bent uitgelogd.'),
      ended: t('Uw sessie is verlopen of beëindigd. Log opnieuw in.') }[
      new URLSearchParams(location.search).get('sign_in')];
    if (why) history.replaceState(null, '', location.pathname);
    call('GET', 'session').then(function (r) {
      nameMunicipality(r.body);
      if (r.ok) { signedIn(r.body); return; }
      if (r.body.oidc && $('oidc')) {
        $('oidc').hidden = false;
        $('oidc').href = r.body.oidc.start;
        $('oidc').textContent = t('Inloggen met {name}', { name: r.body.oidc.name });
      }
      showSignIn(why || '');
    }).catch(function () { showSignIn(t('De server is niet bereikbaar.')); });
  }

  // The dialog ask() uses, made once for the page: #confirm-title, #confirm-facts (a list),
  // #confirm-text, #confirm-yes and #confirm-no ("Terug"). Each page styles #confirm.
  function confirmDialog() {
    var dialog = document.createElement('dialog');
    dialog.id = 'confirm';
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.setAttribute('aria-describedby', 'confirm-facts');
    [['h2', 'confirm-title'], ['ul', 'confirm-facts'], ['p', 'confirm-text']].forEach(function (part) {
      var e = document.createElement(part[0]);
      e.id = part[1];
      dialog.appendChild(e);
    });
    var buttons = document.createElement('p');
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.id = 'confirm-yes';
    var no = document.createElement('button');
    no.type = 'button';
    no.id = 'confirm-no';
    no.className = 'quiet';
    no.textContent = t('Terug');
    buttons.appendChild(yes);
    buttons.appendChild(document.createTextNode(' '));
    buttons.appendChild(no);
    dialog.appendChild(buttons);
    document.body.appendChild(dialog);
    return dialog;
  }

  // Asks once more, in the page's modal #confirm dialog, before what cannot be undone: `facts`
  // listed, `quote` (the text concerned) below them. Resolves true for the yes button; false for
  // "Terug", Escape, or while another question is open. The safe choice has the focus, so Enter
  // alone changes nothing.
  function ask(title, facts, quote, yes) {
    var dialog = $('confirm') || confirmDialog();
    if (dialog.open) return Promise.resolve(false);
    $('confirm-title').textContent = title;
    $('confirm-facts').textContent = '';
    facts.forEach(function (f) {
      var li = document.createElement('li');
      li.textContent = f;
      $('confirm-facts').appendChild(li);
    });
    $('confirm-text').textContent = quote || '';
    $('confirm-yes').textContent = yes;
    return new Promise(function (resolve) {
      function done(answer) {
        $('confirm-yes').removeEventListener('click', yesClicked);
        $('confirm-no').removeEventListener('click', noClicked);
        dialog.removeEventListener('close', closed);
        if (dialog.open) dialog.close();
        resolve(answer);
      }
      function yesClicked() { done(true); }
      function noClicked() { done(false); }
      function closed() { done(false); }
      $('confirm-yes').addEventListener('click', yesClicked);
      $('confirm-no').addEventListener('click', noClicked);
      dialog.addEventListener('close', closed);
      dialog.showModal();
      $('confirm-no').focus();
    });
  }

  // A table whose rows have buttons: on a phone each row becomes a card with every value under
  // its heading (the page's style), so the buttons are on screen, not beyond a sideways scroll.
  function cards(table) {
    table.classList.add('cards');
    var heads = [].map.call(table.querySelectorAll('tr:first-child th'), function (th) { return th.textContent; });
    [].forEach.call(table.querySelectorAll('tr'), function (tr) {
      [].forEach.call(tr.children, function (td, i) {
        if (td.tagName === 'TD' && heads[i] && tr.children.length === heads.length) td.setAttribute('data-label', heads[i]);
      });
    });
  }

  return { start: start, api: api, has: has, t: t, lang: lang, locale: locale, root: root, ask: ask,
    cards: cards, session: function () { return session; } };
}());
