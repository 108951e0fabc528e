// loket staff inbox: residents handed to a person. Reads and acts through /admin/v1/handoffs
// as the signed-in staff member; a WebSocket tells it when anything changed, on any instance.
(function () {
  'use strict';
  var me = { name: '', role: '' }, selected = null, lastMessage = 0, socket = null, listed = {}, drafts = {};
  var seenWaiting = null;  // ids of residents already known to wait; null before the first list
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var api = loketStaff.api;
  // Refreshes the page makes by itself: they do not keep an unattended session from going idle.
  var background = { 'X-Loket-Background': '1' };
  var say = loketStaff.t;
  function minutes(s) { return s < 60 ? say('minder dan een minuut') : Math.round(s / 60) + ' min'; }
  var channels = { web: 'webchat', websocket: 'webchat', telegram: 'Telegram', whatsapp: 'WhatsApp',
    messenger: 'Messenger', x: 'X', mastodon: 'Mastodon' };

  function renderList() {
    api('GET', 'handoffs?status=open', undefined, background).then(function (j) {
      listed = {};
      ['waiting', 'active', 'callback'].forEach(function (s) { $(s).textContent = ''; });
      j.handoffs.forEach(function (h) {
        listed[h.id] = h;
        var b = el('button');
        b.type = 'button';
        b.setAttribute('aria-current', String(h.id === selected));
        var line = '#' + h.id + ' · ' + (channels[h.channel] || h.channel) + ' · ' + h.lang;
        // A crisis message came while waiting: first in the queue, and said so.
        if (h.urgent) b.appendChild(el('strong', 'urgent', say('Crisis') + ' · '));
        b.appendChild(el('span', null, line));
        var meta = h.status === 'waiting' ? say('wacht {wait} (nummer {n})', { wait: minutes(h.waited_s), n: h.position })
          : h.status === 'active' ? say('bij {agent}', { agent: h.agent }) : (h.contact || '');
        b.appendChild(el('span', 'meta', ' – ' + meta));
        // What it is about before it is opened: the callback question, or the last words.
        var about = h.question || h.preview;
        if (about) b.appendChild(el('span', 'preview', '“' + about + '”'));
        b.addEventListener('click', function () { open(h.id); });
        var li = el('li');
        li.appendChild(b);
        $(h.status).appendChild(li);
      });
      ['waiting', 'active', 'callback'].forEach(function (s) {
        if (!$(s).children.length) $(s).appendChild(el('li', 'meta', say('geen')));
      });
      noteWaiting(j.handoffs.filter(function (h) { return h.status === 'waiting'; }));
      if (selected) showActions(listed[selected]);
    }).catch(function (e) { $('live').textContent = e.message; });
  }

  // The number waiting in the tab's title, seen from another tab too; a resident who starts
  // waiting is announced (the status line is read out by screen readers).
  function noteWaiting(waiting) {
    document.title = (waiting.length ? '(' + waiting.length + ') ' : '') + document.title.replace(/^\(\d+\) /, '');
    var now = {};
    var fresh = waiting.filter(function (h) { now[h.id] = true; return seenWaiting && !seenWaiting[h.id]; });
    seenWaiting = now;
    if (fresh.length) {
      $('live').textContent = fresh.length === 1 ? say('Een inwoner wacht: gesprek #{id}.', { id: fresh[0].id })
        : say('{n} inwoners wachten.', { n: waiting.length });
    }
  }

  function addLines(messages) {
    messages.forEach(function (m) {
      if (m.id <= lastMessage) return;  // two refreshes crossed: shown already
      lastMessage = m.id;
      var li = el('li', m.from === 'staff' ? 'staff' : m.from === 'resident' ? 'resident' : 'bot');
      var who = m.from === 'staff' ? (m.name || say('medewerker')) : m.from === 'resident' ? say('Inwoner') : 'Chatbot';
      li.appendChild(el('span', 'who', who));
      li.appendChild(document.createTextNode(m.text));
      $('transcript').appendChild(li);
    });
    $('transcript').scrollTop = $('transcript').scrollHeight;
  }

  // What loket itself writes as a reason, in the page's words.
  function reasonInWords(reason) {
    return { 'handed back to the bot': say('teruggegeven aan de chatbot'), 'closed by staff': say('afgesloten door een medewerker'),
      'abandoned': say('de inwoner wachtte niet meer'), 'resident left': say('de inwoner is weggegaan'),
      'ended by the resident': say('beëindigd door de inwoner'),
      'the contact centre could not take it': say('het klantcontactcentrum kon het niet aannemen'),
      'closed by the contact centre': say('afgesloten door het klantcontactcentrum') }[reason] || reason;
  }

  function showActions(h) {
    $('actions').hidden = !h;
    if (!h) return;
    var details = say('{channel}, taal {lang}, ', { channel: channels[h.channel] || h.channel, lang: h.lang }) +
      (h.status === 'waiting' ? say('wacht {wait}', { wait: minutes(h.waited_s) })
        : h.status === 'active' ? say('bij {agent}', { agent: h.agent })
        : h.status === 'closed' ? say('afgesloten ({reason})', { reason: reasonInWords(h.close_reason) }) : say('terugbelverzoek'));
    $('details').textContent = details;
    // A callback request's resident is not in the chat: answered by phone or e-mail, then closed.
    var callback = !!h.question;
    $('callback-note').hidden = !callback || h.status === 'closed';
    $('callback-contact').textContent = h.contact || '';
    $('callback-question').textContent = h.question || '';
    var mine = h.status === 'active' && (h.agent === me.name || loketStaff.has('admin'));
    $('take').hidden = !(h.status === 'waiting' || h.status === 'callback');
    $('reply-form').hidden = !mine || callback;
    $('transfer-form').hidden = !mine;
    $('release').hidden = !mine || callback;
    $('close-form').hidden = !(mine || h.status === 'callback' || h.status === 'waiting');
  }

  // What was typed for one conversation stays with it: a reply or a reason never goes to the
  // next one opened.
  function open(id) {
    if (selected) drafts[selected] = { reply: $('reply').value, reason: $('close-reason').value };
    var draft = drafts[id] || { reply: '', reason: '' };
    $('reply').value = draft.reply;
    $('close-reason').value = draft.reason;
    selected = id;
    lastMessage = 0;
    $('transcript').textContent = '';
    $('action-error').textContent = '';
    api('GET', 'handoffs/' + id).then(function (h) {
      $('conversation-title').textContent = say('Gesprek #{id}', { id: h.id });
      addLines(h.messages);
      showActions(h);
      $('conversation-title').focus();
      renderList();
    }).catch(function (e) { $('action-error').textContent = e.message; });
  }

  function refreshSelected() {
    if (!selected) return Promise.resolve();
    return api('GET', 'handoffs/' + selected + '?after=' + lastMessage, undefined, background).then(function (h) {
      addLines(h.messages);
      showActions(h);
    });
  }

  // `after(stillOpen)` follows a done action once the buttons it shows are there; stillOpen says
  // whether the conversation acted on is still the one open (staff may have opened another).
  function act(path, body, after) {
    $('action-error').textContent = '';
    var id = selected;
    return api('POST', 'handoffs/' + id + path, body).then(function () {
      renderList();
      return refreshSelected().catch(function () {}).then(function () {
        if (after) after(selected === id, id);
      });
    }).catch(function (e) { $('action-error').textContent = e.message; });
  }

  function connect() {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + loketStaff.root + '/admin/v1/handoffs/ws');
    socket.onmessage = function (event) {
      var f = JSON.parse(event.data);
      if (f.type === 'hello') {
        me = { name: f.name, role: f.role };
        $('live').textContent = say('Live bijgewerkt.');
        renderList();
      } else if (f.type === 'handoff') {
        renderList();
        if (f.id === selected || f.id === 0) refreshSelected();
      } else if (f.error) {
        $('live').textContent = f.error;
      }
    };
    socket.onclose = function () {
      socket = null;
      if (loketStaff.has('agent')) setTimeout(connect, 2000);
    };
  }

  $('take').addEventListener('click', function () {
    act(':take', undefined, function (stillOpen) { if (stillOpen) $('reply').focus(); });
  });
  $('release').addEventListener('click', function () {
    loketStaff.ask(say('Gesprek #{id} teruggeven aan de chatbot?', { id: selected }),
      [say('De inwoner praat dan weer met de chatbot; het gesprek met u is afgelopen.')], '', say('Ja, teruggeven'))
      .then(function (yes) {
        if (yes) act(':release', undefined, function (stillOpen) { if (stillOpen) $('conversation-title').focus(); });
      });
  });
  $('reply-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = $('reply').value.trim();
    if (!text) return;
    // Sent: the text goes from the box, or from the draft kept for the conversation if another
    // was opened meanwhile, so that it is never sent twice.
    act('/messages', { text: text }, function (stillOpen, id) {
      if (!stillOpen) { if (drafts[id]) drafts[id].reply = ''; return; }
      $('reply').value = '';
      $('reply').focus();
    });
  });
  // Enter sends, as in a chat; Shift+Enter (or an input method composing) keeps typing.
  $('reply').addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    $('reply-form').requestSubmit();
  });
  $('transfer-form').addEventListener('submit', function (event) {
    event.preventDefault();
    act(':transfer', { to: $('transfer-to').value.trim() });
  });
  $('close-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var reason = $('close-reason').value.trim();
    var id = selected;
    loketStaff.ask(say('Gesprek #{id} afsluiten?', { id: id }),
      [reason ? say('Reden: {reason}. Dit kan niet ongedaan worden gemaakt.', { reason: reason })
        : say('Dit kan niet ongedaan worden gemaakt.')], '', say('Ja, afsluiten'))
      .then(function (yes) {
        if (!yes) return;
        act(':close', reason ? { reason: reason } : {}, function (stillOpen) {
          delete drafts[id];
          if (!stillOpen) return;
          $('close-reason').value = '';
          $('conversation-title').focus();
        });
      });
  });
  setInterval(function () { if (loketStaff.has('agent')) renderList(); }, 30000);
  loketStaff.start(function () {
    $('not-agent').hidden = loketStaff.has('agent');
    if (!loketStaff.has('agent')) return;
    if (!socket) connect();
    renderList();
    // The colleagues to transfer to, offered as the name is typed.
    api('GET', 'handoffs/agents', undefined, background).then(function (j) {
      $('agents').textContent = '';
      j.agents.forEach(function (name) {
        var option = document.createElement('option');
        option.value = name;
        $('agents').appendChild(option);
      });
    }).catch(function () {});
  }, function () {
    if (socket) socket.close();
  });
}());
