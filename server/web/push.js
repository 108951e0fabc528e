// "Notify me in this browser" on loket's chat page: shown only when the municipality has turned
// Web Push on and the browser can do it. The resident picks topics (and a postcode for local
// alerts); the browser subscribes with the municipality's VAPID key and loket stores the
// subscription. /sw.js shows what arrives. Works on loket's own origin (a service worker must be).
(function () {
  'use strict';
  var box = document.getElementById('loket-push');
  // The page's folder: loket's root, or a hosted municipality's /m/{id}/.
  var root = new URL('.', location.href).pathname;
  if (!box || !('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return;
  // The municipality's words for this, per language (rendered in by loket from its settings).
  var words = __LOKET_PUSH_WORDS__;
  var page = (document.documentElement.lang || '').slice(0, 2);
  var shown = words.labels[page] ? page : words['default'];
  var lang = shown === 'fy' ? 'nl' : shown;  // the language alerts are sent in
  var t = words.labels[shown];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function keyBytes(base64url) {
    var s = base64url.replace(/-/g, '+').replace(/_/g, '/');
    var raw = atob(s + '='.repeat((4 - s.length % 4) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }
  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  getJson(root + 'api/v1/topics').then(function (topics) {
    if (!topics.webpush) throw new Error('off');
    return Promise.all([getJson(root + 'api/v1/webpush/key'), topics]);
  }).then(function (got) {
    var key = got[0].publicKey;
    var toggle = el('button', { type: 'button', id: 'loket-push-open', 'aria-expanded': 'false' }, t.open);
    var form = el('form', { id: 'loket-push-form', hidden: '' });
    var fieldset = el('fieldset');
    fieldset.appendChild(el('legend', {}, t.topics));
    got[1].topics.forEach(function (topic) {
      var label = el('label');
      var box = el('input', { type: 'checkbox', name: 'topic', value: topic.id });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + (topic.name[lang] || topic.name.nl || topic.id)));
      fieldset.appendChild(label);
    });
    var postcodeLabel = el('label', {}, t.postcode);
    var postcode = el('input', { type: 'text', name: 'postcode', maxlength: '7', autocomplete: 'postal-code' });
    postcodeLabel.appendChild(postcode);
    var submit = el('button', { type: 'submit' }, t.on);
    var status = el('p', { id: 'loket-push-status', 'aria-live': 'polite' });
    form.appendChild(fieldset);
    form.appendChild(postcodeLabel);
    form.appendChild(submit);
    box.appendChild(toggle);
    box.appendChild(form);
    box.appendChild(status);
    toggle.addEventListener('click', function () {
      form.hidden = !form.hidden;
      toggle.setAttribute('aria-expanded', String(!form.hidden));
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var topics = Array.from(form.querySelectorAll('input[name=topic]:checked'), function (b) { return b.value; });
      if (!topics.length) { status.textContent = t.none; return; }
      submit.disabled = true;
      Notification.requestPermission().then(function (permission) {
        if (permission !== 'granted') throw new Error('denied');
        return navigator.serviceWorker.register(root + 'sw.js');
      }).then(function (registration) {
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      }).then(function (subscription) {
        var s = subscription.toJSON();
        var body = { endpoint: s.endpoint, keys: s.keys, topics: topics, lang: lang };
        if (postcode.value.trim()) body.postcode = postcode.value.trim();
        return fetch(root + 'api/v1/webpush/subscriptions', {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
        });
      }).then(function (r) {
        if (r.status !== 201) return r.json().then(function (e) { throw new Error(e.error || r.status); });
        status.textContent = t.done;
        form.hidden = true;
      }).catch(function (e) {
        status.textContent = e.message === 'denied' ? t.denied : t.failed;
      }).finally(function () { submit.disabled = false; });
    });
  }).catch(function () { /* Web Push is off here: the page stays as it is */ });
})();
