// loket chat widget. Embed with
//   <script src="https://LOKET-HOST/widget.js" async></script>                 (a launcher button)
//   <script src="https://LOKET-HOST/widget.js" data-target="ELEMENT-ID"></script>  (inline)
// data-lang="en" fixes the language; otherwise the page's or the browser's among the
// municipality's, and the resident may choose another. Until the resident opens it, the widget
// opens no socket, makes no request and reads or writes no storage.
(function () {
  'use strict';
  var S = __LOKET_SETTINGS__;
  var CSS = __LOKET_CSS__;
  var script = document.currentScript;
  if (!script) return;
  // The folder widget.js came from: loket's root, or a hosted municipality's /m/{id}/.
  var base = new URL('.', new URL(script.src, window.location.href));
  var socketUrl = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + base.pathname + 'api/v1/chat/ws';
  var apiUrl = base.origin + base.pathname + 'api/v1/chat';
  var fixedLang = script.getAttribute('data-lang');
  var ownsPage = script.hasAttribute('data-page');
  var NAMES = { nl: 'Nederlands', fy: 'Frysk', de: 'Deutsch', en: 'English', da: 'Dansk',
    sv: 'Svenska', no: 'Norsk', fr: 'Français' };
  // A language loket has no name for (pl, tr, ar, ...) is called what it calls itself.
  function ownName(l) {
    try { return new Intl.DisplayNames([l], { type: 'language' }).of(l) || l; } catch (e) { return l; }
  }
  var uid = 'loket' + Math.random().toString(36).slice(2, 8);
  var reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // --- language -------------------------------------------------------------------------------
  function speakable(tag) {
    if (!tag) return null;
    var l = String(tag).toLowerCase().split('-')[0];
    if (l === 'nb' || l === 'nn') l = 'no';
    return S.labels[l] ? l : null;
  }
  function firstSpeakable(list) {
    for (var i = 0; i < list.length; i++) if (speakable(list[i])) return speakable(list[i]);
    return null;
  }
  var ui = speakable(fixedLang) || speakable(document.documentElement.lang) ||
    firstSpeakable(navigator.languages || [navigator.language]) || S['default'];
  var chosen = speakable(fixedLang);  // a language the resident (or the page) chose, sent along
  function contentLang(l) { return l === 'fy' ? 'nl' : l; }
  function t(key, vars) {
    var s = (S.labels[ui] || S.labels[S['default']])[key] || '';
    return s.replace(/\{(topic|name)\}/g, function (m, k) { return vars && vars[k] ? vars[k] : m; });
  }
  function inLang(texts) {
    texts = texts || {};
    var l = contentLang(ui);
    if (texts[l]) return { text: texts[l], lang: l };
    if (texts[S['default']]) return { text: texts[S['default']], lang: S['default'] };
    for (var k in texts) return { text: texts[k], lang: k };
    return null;
  }

  // --- storage (only once the resident opened the chat) --------------------------------------
  var session = '', seen = 0, storageRead = false;
  // Per loket: a region's municipalities on one origin (/ and /m/{id}/) each keep their own.
  var keyBase = base.pathname === '/' ? 'loket.' : 'loket' + base.pathname;
  function key(name) { return keyBase + name; }
  function readStorage() {
    if (storageRead) return;
    storageRead = true;
    try {
      session = window.localStorage.getItem(key('session')) || '';
      seen = Number(window.localStorage.getItem(key('seen'))) || 0;
      var l = speakable(window.localStorage.getItem(key('lang')));
      if (l && !fixedLang) setLanguage(l, false);
    } catch (e) { /* storage blocked: this visit only */ }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }
  function keepSession(id) {
    if (!id || id === session) return;
    session = id;
    store(key('session'), id);
  }
  // A session this loket did not issue (its key changed, or another deployment's): the next
  // question starts a new one instead of offering this one at every reconnect.
  function forgetSession(id) {
    if (id !== session) return;  // a new one came meanwhile (an answer over HTTP)
    session = '';
    seen = 0;
    try {
      window.localStorage.removeItem(key('session'));
      window.localStorage.removeItem(key('seen'));
    } catch (e) { /* storage blocked */ }
  }

  // --- building blocks ------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var bindings = [];  // [element, property or attribute, label key]
  function bind(e, what, key) {
    bindings.push([e, what, key]);
    return e;
  }
  function applyLabels() {
    bindings.forEach(function (b) {
      if (b[1] === 'text') b[0].textContent = t(b[2]);
      else b[0].setAttribute(b[1], t(b[2]));
    });
    root.setAttribute('lang', ui);
    if (launcher) {
      var own = inLang(S.launcher);
      launcher.textContent = own ? own.text : t('open');
    }
    if (privacy) fillPrivacy();
    if (ownsPage) document.documentElement.lang = ui;
  }
  function toolButton(cls, key, symbol) {
    var b = el('button', 'loket-tool ' + cls);
    b.type = 'button';
    var icon = el('span', null, symbol);
    icon.setAttribute('aria-hidden', 'true');
    b.appendChild(icon);
    b.appendChild(bind(el('span', 'loket-sr'), 'text', key));
    bind(b, 'title', key);
    return b;
  }

  if (!document.getElementById('loket-widget-css')) {
    var style = el('style');
    style.id = 'loket-widget-css';
    style.textContent = CSS;
    document.head.appendChild(style);
  }

  var root = el('div', 'loket-chat');
  var c = S.colours;
  var header = el('div', 'loket-header');
  var inline = !!(script.getAttribute('data-target') && document.getElementById(script.getAttribute('data-target')));
  // Inline, the page around it shows the municipality's name; behind a launcher the panel does.
  if (S.logo && !inline) {
    var logo = el('img', 'loket-logo');
    logo.src = S.logo;
    logo.alt = '';
    header.appendChild(logo);
  }
  var title = el('div', 'loket-title', S.name);
  if (inline) bind(title, 'text', 'title');
  title.id = uid + '-title';
  header.appendChild(title);
  var tools = el('div', 'loket-tools');
  var picker = null;
  if (S.languages.length > 1 && !fixedLang) {
    var pickLabel = bind(el('label', 'loket-sr'), 'text', 'language');
    pickLabel.htmlFor = uid + '-lang';
    picker = el('select', 'loket-lang');
    picker.id = uid + '-lang';
    S.languages.forEach(function (l) {
      var o = el('option', null, NAMES[l] || ownName(l));
      o.value = l;
      o.lang = l;
      picker.appendChild(o);
    });
    picker.addEventListener('change', function () { setLanguage(picker.value, true); });
    tools.appendChild(pickLabel);
    tools.appendChild(picker);
  }
  var restart = toolButton('loket-restart', 'restart', '\u21bb');
  var download = toolButton('loket-download', 'transcript', '\u2913');
  tools.appendChild(restart);
  tools.appendChild(download);
  header.appendChild(tools);

  var log = el('div', 'loket-log');
  log.setAttribute('role', 'region');
  log.tabIndex = 0;
  bind(log, 'aria-label', 'log');
  var announcer = el('div', 'loket-sr');
  announcer.setAttribute('aria-live', 'polite');
  var form = el('form', 'loket-form');
  var input = el('input');
  input.dir = 'auto';
  input.type = 'text';
  input.name = 'question';
  input.id = uid + '-question';
  input.maxLength = 1000;
  input.autocomplete = 'off';
  bind(input, 'placeholder', 'placeholder');
  bind(input, 'aria-label', 'placeholder');
  var send = bind(el('button'), 'text', 'send');
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  var privacy = null;
  if (inLang(S.privacy.text)) privacy = el('p', 'loket-privacy');
  function fillPrivacy() {
    var p = inLang(S.privacy.text);
    privacy.textContent = '';
    privacy.lang = p.lang;
    if (S.privacy.url) {
      var a = el('a', null, p.text);
      a.href = S.privacy.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      privacy.appendChild(a);
    } else {
      privacy.textContent = p.text;
    }
  }
  root.appendChild(header);
  root.appendChild(log);
  root.appendChild(announcer);
  root.appendChild(form);
  if (privacy) root.appendChild(privacy);
  [['--loket-primary', c.primary], ['--loket-on-primary', c.on_primary],
    ['--loket-background', c.background], ['--loket-surface', c.surface], ['--loket-text', c.text]]
    .forEach(function (v) { root.style.setProperty(v[0], v[1]); });

  // --- where it lives: inline, or behind a launcher -----------------------------------------
  var launcher = null, panel = null;
  var host = inline && document.getElementById(script.getAttribute('data-target'));
  var started = false;
  if (host) {
    host.appendChild(root);
  } else {
    var aside = el('aside', 'loket-widget' + (S.left ? ' loket-left' : ''));
    aside.setAttribute('aria-label', S.name);
    aside.style.setProperty('--loket-primary', c.primary);
    aside.style.setProperty('--loket-on-primary', c.on_primary);
    panel = el('div', 'loket-panel');
    panel.id = uid + '-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-labelledby', title.id);
    panel.hidden = true;
    var close = toolButton('loket-close', 'close', '\u00d7');
    close.addEventListener('click', function () { setOpen(false); });
    tools.appendChild(close);
    panel.appendChild(root);
    launcher = el('button', 'loket-launcher');
    launcher.type = 'button';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', panel.id);
    launcher.addEventListener('click', function () { setOpen(panel.hidden); });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        setOpen(false);
      }
    });
    aside.appendChild(panel);
    aside.appendChild(launcher);
    document.body.appendChild(aside);
  }
  applyLabels();
  if (picker) picker.value = ui;

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.classList.toggle('loket-open', open);
    if (open) {
      start();
      input.focus();
      scrollDown();
    } else {
      launcher.focus();
    }
  }

  function setLanguage(l, byResident) {
    if (!speakable(l)) return;
    ui = l;
    if (byResident) {
      chosen = l;
      store(key('lang'), l);
    }
    if (picker) picker.value = l;
    applyLabels();
  }

  // --- the conversation -----------------------------------------------------------------------
  var history = [];  // for the transcript: { who, text, time }
  var waitingLang = [];  // the resident's bubbles whose language the reply will tell

  function scrollDown() {
    log.scrollTo({ top: log.scrollHeight, behavior: reducedMotion ? 'auto' : 'smooth' });
  }

  // Web and e-mail addresses in answer text become links: built as text nodes and anchors, never
  // parsed as HTML, and only http(s) and mailto.
  var ADDRESS = /(https?:\/\/[^\s<>"]+|www\.[^\s<>"]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;
  function linkified(text) {
    var out = el('span', 'loket-text');
    var at = 0, m;
    ADDRESS.lastIndex = 0;
    while ((m = ADDRESS.exec(text))) {
      var address = m[0].replace(/[.,;:!?)\]]+$/, '');
      if (m.index > at) out.appendChild(document.createTextNode(text.slice(at, m.index)));
      var a = el('a', null, address);
      var web = !/@/.test(address) || /^https?:/.test(address);
      a.href = /^https?:/.test(address) ? address : (web ? 'https://' : 'mailto:') + address;
      if (web) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
      }
      out.appendChild(a);
      at = m.index + address.length;
      ADDRESS.lastIndex = at;
    }
    if (at < text.length) out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }

  // 'you', 'bot' (the municipality), or the name a member of staff is shown by.
  function speaker(who) { return who === 'you' ? t('you') : who === 'bot' ? S.name : who; }

  function bubble(kind, who, text, lang, asText) {
    var b = el('div', 'loket-msg loket-' + kind);
    if (lang) b.lang = lang;
    b.dir = 'auto';  // Arabic or Farsi reads right to left
    b.appendChild(el('span', 'loket-sr', speaker(who) + ': '));
    b.appendChild(asText ? el('span', 'loket-text', text) : linkified(text));
    log.appendChild(b);
    history.push({ who: speaker(who), text: text, time: new Date() });
    scrollDown();
    return b;
  }

  function announce(text, lang) {
    announcer.textContent = '';
    // A separate live region, emptied first: screen readers read each new reply once, not the log.
    setTimeout(function () {
      announcer.lang = lang || ui;
      announcer.textContent = text;
    }, 50);
  }

  var noticeShown = false;
  function notice(key) {
    if (noticeShown) return;
    noticeShown = true;
    var b = el('div', 'loket-msg loket-error', t(key));
    b.setAttribute('role', 'status');
    log.appendChild(b);
    history.push({ who: '', text: t(key), time: new Date() });
    scrollDown();
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

  function showAnswer(reply) {
    clearSuggestions();
    waitingLang.splice(0).forEach(function (b) { if (reply.lang) b.lang = reply.lang; });
    var said = [];
    (reply.messages || []).forEach(function (m) {
      var b = bubble('bot', 'bot', m.text, reply.lang);
      said.push(m.text);
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
        b.appendChild(links);
      }
    });
    if (reply.intent && !reply.expecting && S.no_feedback.indexOf(reply.intent) < 0 && said.length)
      askFeedback(log.lastElementChild, reply);
    if (reply.suggestions && reply.suggestions.length) {
      var box = el('div', 'loket-suggestions');
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', t('suggestions'));
      box.lang = reply.lang || ui;
      reply.suggestions.forEach(function (s) {
        var b = el('button', null, s.title);
        b.type = 'button';
        b.addEventListener('click', function () {
          waitingLang.push(bubble('resident', 'you', s.title, reply.lang, true));
          clearSuggestions();
          input.focus();
          ask(s.intent ? { intent: s.intent } : { text: s.title });
        });
        box.appendChild(b);
      });
      log.appendChild(box);
      scrollDown();
    }
    announce(S.name + ': ' + said.join(' '), reply.lang);
  }

  // "Was this answer helpful?" under an answer: a thumb, then an optional short comment.
  var feedbackCount = 0;
  function postFeedback(body) {
    return fetch(apiUrl + '/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }
  // Material Design's thumb_up (Apache License 2.0); drawn, as emoji fonts are not everywhere.
  function thumbIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06' +
      'L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }
  function askFeedback(bubble, reply) {
    var box = el('div', 'loket-feedback');
    box.setAttribute('role', 'group');
    var question = el('span', null, t('helpful'));
    question.id = uid + '-feedback-' + (++feedbackCount);
    box.setAttribute('aria-labelledby', question.id);
    box.appendChild(question);
    var thanks = function () {
      box.textContent = '';
      box.appendChild(el('span', null, t('thanks')));
    };
    var thumbs = el('span', 'loket-thumbs');
    [[true, 'yes'], [false, 'no']].forEach(function (choice) {
      var b = el('button', 'loket-thumb' + (choice[0] ? '' : ' loket-down'));
      b.type = 'button';
      b.appendChild(thumbIcon());
      b.appendChild(document.createTextNode(t(choice[1])));
      b.addEventListener('click', function () {
        postFeedback({ session: session, intent: reply.intent, lang: reply.lang, helpful: choice[0] })
          .then(function (given) {
            thanks();
            var form = el('form', 'loket-comment');
            var field = el('input');
            field.type = 'text';
            field.maxLength = 500;
            field.setAttribute('aria-label', t('comment'));
            field.placeholder = t('comment');
            var send = el('button', null, t('send'));
            send.type = 'submit';
            form.appendChild(field);
            form.appendChild(send);
            form.addEventListener('submit', function (event) {
              event.preventDefault();
              var comment = field.value.trim();
              if (!comment) return;
              postFeedback({ session: session, id: given.id, comment: comment }).then(function () {
                form.remove();
                input.focus();
              }, function () { form.remove(); });
            });
            box.appendChild(form);
            field.focus();
          }, function () {
            box.textContent = '';
            box.appendChild(el('span', null, t('error')));
          });
      });
      thumbs.appendChild(b);
    });
    box.appendChild(thumbs);
    bubble.appendChild(box);
  }

  function topicName(id) {
    var n = inLang(S.topics[id]);
    return n ? n.text : id;
  }

  function showAlert(frame) {
    var n = frame.notification;
    var topic = topicName(n.topic);
    var b = el('div', 'loket-msg loket-alert');
    if (frame.lang) b.lang = frame.lang;
    var label = el('div', 'loket-alert-label');
    label.appendChild(el('strong', null, t('alert')));
    label.appendChild(document.createTextNode(' \u00b7 ' + topic));
    var when = n.sent_at ? new Date(n.sent_at) : new Date();
    var time = el('time', null, ' \u00b7 ' + when.toLocaleString(ui, {
      day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }));
    time.dateTime = when.toISOString();
    label.appendChild(time);
    b.appendChild(label);
    var text = (frame.messages || []).map(function (m) { return m.text; }).join('\n');
    b.appendChild(linkified(text));
    if (n.topic) {
      var stop = el('button', 'loket-stop', t('stop_topic', { topic: topic }));
      stop.type = 'button';
      stop.setAttribute('data-topic', n.topic);
      stop.addEventListener('click', function () { stopTopic(n.topic); });
      b.appendChild(stop);
    }
    log.appendChild(b);
    history.push({ who: t('alert') + ' (' + topic + ')', text: text, time: when });
    scrollDown();
    announce(t('alert') + ', ' + topic + ': ' + text, frame.lang);
  }

  function stopTopic(topic) {
    if (!session) return;
    fetch(apiUrl + '/unsubscribe', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ session: session, topic: topic }) })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); })
      .then(function () {
        var buttons = log.querySelectorAll('.loket-stop[data-topic="' + topic.replace(/"/g, '') + '"]');
        for (var i = 0; i < buttons.length; i++) buttons[i].remove();
        var said = t('stopped', { topic: topicName(topic) });
        bubble('bot', 'bot', said, ui, true);
        announce(S.name + ': ' + said, ui);
        input.focus();
      })
      .catch(function () { bubble('error', 'bot', t('error'), ui, true); });
  }

  // A member of staff's words, after the resident was handed to a person: their name shown.
  function showStaff(frame) {
    var name = frame.name || S.name;
    var text = (frame.messages || []).map(function (m) { return m.text; }).join('\n');
    var b = bubble('staff', name, text, frame.lang);
    var label = el('span', 'loket-staff-name', name);
    label.setAttribute('aria-hidden', 'true');  // the speaker is read from the hidden prefix
    b.insertBefore(label, b.firstChild.nextSibling);
    announce(name + ': ' + text, frame.lang);
  }

  // `sent`: the question this frame answers, when known (an HTTP reply); over the socket the
  // answers come in the order of the questions, and only answers have no `from`.
  function handle(frame, sent) {
    if (frame.resumed !== undefined) {  // the answer to the socket's resume, not to a question
      if (frame.resumed === false) forgetSession(offered);
      return;
    }
    if (frame.session) keepSession(frame.session);
    if (frame.id) {
      if (frame.id <= seen) return;  // shown before (a resumed socket sends what may be missed)
      seen = frame.id;
      store(key('seen'), String(seen));
    }
    if (frame.from === 'staff') {
      showStaff(frame);
    } else if (frame.notification) {
      showAlert(frame);
    } else if (frame.error) {
      var refusedOne = sent || unanswered.shift();
      if (refusedOne && frame.retry_after_s) {
        hold(refusedOne, frame.retry_after_s);
        return;
      }
      waitingLang.length = 0;
      bubble('error', 'bot', t('error'), ui, true);
      announce(t('error'), ui);
    } else {
      if (!sent && !frame.from) unanswered.shift();
      showAnswer(frame);
      if (!frame.from) releaseHeld();
    }
  }

  // Sent faster than the municipality allows (429 with retry_after_s): held in the order typed
  // and sent again one at a time as the limit frees a place, so nothing the resident typed is
  // lost; they are told once to wait. After kMaxRefusals the text goes back into the input.
  var kMaxRefusals = 5;
  var held = [], holdTimer = null, slowShown = false, typed = 0;

  function hold(item, seconds) {
    if (item.refusals + 1 >= kMaxRefusals) {
      giveBack(item.fields);
      releaseHeld();
      return;
    }
    // Back in its place by the order typed: several of a burst are refused one after another.
    var entry = { fields: item.fields, refusals: item.refusals + 1, seq: item.seq };
    var at = 0;
    while (at < held.length && held[at].seq < entry.seq) at++;
    held.splice(at, 0, entry);
    if (!slowShown) {
      slowShown = true;
      var b = el('div', 'loket-msg loket-busy', t('busy'));
      b.setAttribute('role', 'status');
      log.appendChild(b);
      scrollDown();
    }
    if (!holdTimer) {
      holdTimer = setTimeout(function () {
        holdTimer = null;
        releaseHeld();
      }, Math.min(seconds, 60) * 1000);
    }
  }

  // The next held question, if its turn has come; the end of a burst when none is left.
  function releaseHeld() {
    if (holdTimer) return;
    var next = held.shift();
    if (next) transmit(next);
    else if (!unanswered.length) slowShown = false;
  }

  function giveBack(fields) {
    waitingLang.length = 0;
    bubble('error', 'bot', t('error'), ui, true);
    announce(t('error'), ui);
    if (fields.text && !input.value) input.value = fields.text;
  }

  // --- the connection -------------------------------------------------------------------------
  // Over the socket when it is open; over plain HTTP while it connects or is away; a question
  // that cannot go now waits in `queue` and goes once when the socket is back.
  var socket = null, retry = 500, timer = null, queue = [];
  // The session the open socket offered to resume.
  var offered = '';
  // What went over the socket and is not yet answered, in order.
  var unanswered = [];

  function connect() {
    timer = null;
    if (socket) return;
    var s = new WebSocket(socketUrl);
    socket = s;
    s.onopen = function () {
      retry = 500;
      noticeShown = false;
      offered = session;
      if (session) s.send(JSON.stringify({ session: session, resume: true, after: seen }));
      var waiting = queue;
      queue = [];
      waiting.forEach(transmit);
    };
    s.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      handle(frame);
    };
    s.onclose = function () {
      socket = null;
      unanswered = [];
      // A question queued while this socket was connecting waits for the next one: say so.
      if (queue.length) notice('offline');
      reconnect(false);
    };
    s.onerror = function () { /* onclose follows */ };
  }

  function reconnect(soon) {
    if (soon) {
      retry = 500;
      if (timer) clearTimeout(timer);
      timer = null;
    }
    if (timer || socket) return;
    timer = setTimeout(connect, retry);
    retry = Math.min(retry * 2, 15000);
  }

  // A new question waits behind those held for the limit: they go first, in the order typed.
  function ask(fields) {
    var item = { fields: fields, refusals: 0, seq: ++typed };
    if (held.length || holdTimer) held.push(item);
    else transmit(item);
  }

  function transmit(item) {
    var request = {};
    if (session) request.session = session;
    if (chosen) request.lang = contentLang(chosen);
    for (var k in item.fields) request[k] = item.fields[k];
    if (socket && socket.readyState === WebSocket.OPEN) {
      unanswered.push(item);
      socket.send(JSON.stringify(request));
      return;
    }
    if (socket && socket.readyState === WebSocket.CONNECTING) {
      queue.push(item);
      return;
    }
    fetch(apiUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request) })
      .then(function (r) { return r.json(); })
      .then(function (frame) { handle(frame, item); })
      .catch(function () {
        queue.push(item);
        notice('offline');
        reconnect(true);
      });
  }

  function start() {
    if (started) return;
    started = true;
    readStorage();
    var welcome = inLang(S.welcome);
    if (welcome) bubble('bot', 'bot', welcome.text, welcome.lang);
    connect();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    waitingLang.push(bubble('resident', 'you', text, contentLang(ui), true));
    input.value = '';
    ask({ text: text });
  });

  restart.addEventListener('click', function () {
    log.textContent = '';
    history = [];
    waitingLang.length = 0;
    ask({ restart: true });
    input.focus();
  });

  download.addEventListener('click', function () {
    var lines = history.map(function (h) {
      return '[' + h.time.toLocaleString(ui) + '] ' + (h.who ? h.who + ': ' : '') + h.text;
    });
    var file = new Blob([S.name + '\n\n' + lines.join('\n\n') + '\n'], { type: 'text/plain;charset=utf-8' });
    var a = el('a');
    a.href = URL.createObjectURL(file);
    a.download = 'chat-' + new Date().toISOString().slice(0, 10) + '.txt';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });

  if (host) start();
})();
