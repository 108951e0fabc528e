// loket's service worker: shows the municipality's alerts that arrive by Web Push (decrypted by
// the browser) and opens the chat page when one is clicked. A newer alert on the same topic
// replaces the older one (tag).
'use strict';
self.addEventListener('push', function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(self.registration.showNotification(data.title || 'Loket', {
    body: data.body || '', tag: data.topic ? self.registration.scope + data.topic : undefined, lang: data.lang || undefined, data: { url: self.registration.scope }
  }));
});
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  event.waitUntil(self.clients.openWindow((event.notification.data && event.notification.data.url) || self.registration.scope));
});
