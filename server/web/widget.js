// loket chat widget. Embed with
//   <script src="https://LOKET-HOST/widget.js" async></script>            (floating button)
//   <script src="https://LOKET-HOST/widget.js" data-target="ELEMENT-ID"></script>  (inline)
// Optional: data-lang="nl" fixes the language; otherwise loket detects it per message.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src, window.location.href);
  var socketUrl = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + '/api/v1/chat/ws';
  var restUrl = base.origin + '/api/v1/chat';
  var fixedLang = script.getAttribute('data-lang') || null;
  var uiLang = (fixedLang || document.documentElement.lang || navigator.language || 'nl').slice(0, 2);
  var labels = {
    nl: { placeholder: 'Typ uw vraag…', send: 'Verstuur', open: 'Vraag het de gemeente',
          offline: 'Geen verbinding. We proberen het opnieuw…',
          welcome: 'Welkom! Stel hier uw vraag aan de gemeente.' },
    en: { placeholder: 'Type your question…', send: 'Send', open: 'Ask the municipality',
          offline: 'No connection. Trying again…',
          welcome: 'Welcome! Ask the municipality your question here.' }
  };
  var t = labels[uiLang] || labels.nl;

  // loket issues the session (it holds the resident's alerts): the first reply brings it, and
  // it is kept for the next visit. Until then requests go without one.
  var sessionKey = 'loket.session';
  function storedSession() {
    try {
      return window.localStorage.getItem(sessionKey) || '';
    } catch (e) {
      return '';
    }
  }
  function keepSession(id) {
    if (!id || id === session) return;
    session = id;
    try {
      window.localStorage.setItem(sessionKey, id);
    } catch (e) { /* private mode: the session lasts as long as the page */ }
  }
  var session = storedSession();

  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = base.origin + '/widget.css';
  document.head.appendChild(css);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var root = el('div', 'loket-chat');
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', t.open);
  var log = el('div', 'loket-log');
  log.setAttribute('aria-live', 'polite');
  var form = el('form', 'loket-form');
  var input = el('input');
  input.type = 'text';
  input.name = 'question';
  input.placeholder = t.placeholder;
  input.setAttribute('aria-label', t.placeholder);
  input.maxLength = 1000;
  input.autocomplete = 'off';
  var send = el('button', null, t.send);
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  root.appendChild(log);
  root.appendChild(form);

  var target = script.getAttribute('data-target');
  var host = target && document.getElementById(target);
  if (host) {
    host.appendChild(root);
  } else {
    var popup = el('div', 'loket-popup');
    popup.hidden = true;
    popup.appendChild(root);
    var launcher = el('button', 'loket-launcher', t.open);
    launcher.type = 'button';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.addEventListener('click', function () {
      popup.hidden = !popup.hidden;
      launcher.setAttribute('aria-expanded', String(!popup.hidden));
      if (!popup.hidden) input.focus();
    });
    document.body.appendChild(popup);
    document.body.appendChild(launcher);
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function addBubble(kind, text) {
    var bubble = el('div', 'loket-msg loket-' + kind, text);
    log.appendChild(bubble);
    scrollDown();
    return bubble;
  }

  function safeUrl(url) {
    try {
      var u = new URL(url);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) { return null; }
  }

  function clearSuggestions() {
    var old = log.querySelectorAll('.loket-suggestions');
    for (var i = 0; i < old.length; i++) old[i].remove();
  }

  function showReply(reply) {
    keepSession(reply.session);
    if (reply.error) {
      addBubble('error', reply.error);
      return;
    }
    clearSuggestions();
    (reply.messages || []).forEach(function (m) {
      var bubble = addBubble('bot', m.text);
      if (m.links && m.links.length) {
        var links = el('div', 'loket-links');
        m.links.forEach(function (l) {
          var href = safeUrl(l.url);
          if (!href) return;
          var a = el('a', null, l.title || l.url);
          a.href = href;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          links.appendChild(a);
        });
        bubble.appendChild(links);
      }
    });
    if (reply.suggestions && reply.suggestions.length) {
      var box = el('div', 'loket-suggestions');
      reply.suggestions.forEach(function (s) {
        var b = el('button', null, s.title);
        b.type = 'button';
        b.addEventListener('click', function () {
          addBubble('resident', s.title);
          ask({ intent: s.intent });
        });
        box.appendChild(b);
      });
      log.appendChild(box);
      scrollDown();
    }
  }

  var socket = null;
  var retry = 500;

  function connect() {
    socket = new WebSocket(socketUrl);
    socket.onopen = function () { retry = 500; };
    socket.onmessage = function (event) {
      try { showReply(JSON.parse(event.data)); } catch (e) { /* not a reply: ignore */ }
    };
    socket.onclose = function () {
      socket = null;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    };
    socket.onerror = function () { /* onclose follows and retries */ };
  }

  // Over the socket when it is open; over plain HTTP when it is not, so a question never waits
  // on a reconnect.
  function ask(fields) {
    var request = {};
    if (session) request.session = session;
    if (fixedLang) request.lang = fixedLang;
    for (var k in fields) request[k] = fields[k];
    var body = JSON.stringify(request);
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(body);
      return;
    }
    fetch(restUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
      .then(function (r) { return r.json(); })
      .then(showReply)
      .catch(function () { addBubble('error', t.offline); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    addBubble('resident', text);
    input.value = '';
    ask({ text: text });
  });

  addBubble('bot', t.welcome);
  connect();
})();
