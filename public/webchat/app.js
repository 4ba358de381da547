/* global navigator */
// The web chat page: plain DOM, no framework, no build step. This file holds the session, the
// long poll and sending; render.js (loaded first) builds the messages' DOM.
(() => {
  'use strict';

  const SESSION_KEY = 'certbot.webchat.session';
  const LANG_KEY = 'certbot.webchat.lang';
  const $ = (id) => document.getElementById(id);
  const el = {
    log: $('log'),
    status: $('status'),
    error: $('error'),
    form: $('composer'),
    input: $('input'),
    toggle: $('lang-toggle'),
  };
  const maxText = Number(document.body.dataset.maxText) || 2000;

  let strings = {};
  let uiLang = document.documentElement.lang === 'en' ? 'en' : 'ja';
  let sessionId = storageGet(SESSION_KEY);
  let lastSeq = 0;
  // Bumped when a new session starts, so that loops of the old one stop.
  let generation = 0;
  let sentIds = new Set();
  let statusKey = 'connecting';
  let errorKey = null;
  const render = window.CertbotWebChat.createRenderer({ t, reply: send });

  const stored = storageGet(LANG_KEY);
  setLanguage(stored === 'ja' || stored === 'en' ? stored : uiLang);
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendTyped();
  });
  el.toggle.addEventListener('click', () => {
    const next = uiLang === 'ja' ? 'en' : 'ja';
    storageSet(LANG_KEY, next);
    setLanguage(next);
  });
  if (sessionId) poll(generation);
  else newSession();

  // ---- the page's own language (the bot's language is switched by chatting) ----

  async function setLanguage(lng) {
    try {
      const res = await fetch(`/webchat/i18n.json?lng=${lng}`, { cache: 'no-cache' });
      if (!res.ok) return;
      strings = await res.json();
    } catch {
      return; // The page keeps the strings it was served with.
    }
    uiLang = lng;
    document.documentElement.lang = lng;
    document.title = t('title') || document.title;
    for (const node of document.querySelectorAll('[data-i18n]')) {
      node.textContent = t(node.dataset.i18n) || node.textContent;
    }
    for (const node of document.querySelectorAll('[data-i18n-aria]')) {
      node.setAttribute('aria-label', t(node.dataset.i18nAria));
    }
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
      node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
    }
    showStatus(statusKey);
    if (errorKey) showError(errorKey);
  }

  function t(key) {
    const value = key.split('.').reduce((node, part) => node?.[part], strings);
    return typeof value === 'string' ? value.replace('{{max}}', String(maxText)) : '';
  }

  function showStatus(key) {
    statusKey = key;
    el.status.textContent = key ? t(key) || el.status.textContent : '';
    el.status.hidden = !key;
  }

  function showError(key) {
    errorKey = key;
    el.error.textContent = t(`errors.${key}`) || t('errors.generic');
    el.error.hidden = false;
  }

  function clearError() {
    errorKey = null;
    el.error.hidden = true;
  }

  // ---- session and long poll ----

  async function newSession() {
    const mine = ++generation;
    sentIds = new Set();
    lastSeq = 0;
    el.log.textContent = '';
    showStatus('connecting');
    for (let failures = 0; mine === generation; failures++) {
      try {
        const res = await postJson('/api/webchat/sessions', { locale: navigator.language });
        if (res.status === 429) {
          // Too many chats from this network: say so, and try again once the server allows it.
          showError('too_many_sessions');
          await waitSeconds(Number(res.headers.get('retry-after')) || 60);
          continue;
        }
        if (!res.ok) throw new Error(`session ${res.status}`);
        sessionId = (await res.json()).sessionId;
        if (errorKey === 'too_many_sessions') clearError();
        storageSet(SESSION_KEY, sessionId);
        // The first contact makes the bot greet, as adding a friend does in a chat app.
        const start = { sessionId, type: 'conversationUpdate', locale: navigator.language };
        sendStart(mine, start);
        poll(mine);
        return;
      } catch {
        showStatus('reconnecting');
        await backoff(failures);
      }
    }
  }

  /** Retries the first contact while the service answers 5xx: it stored nothing then. */
  async function sendStart(mine, start) {
    for (let failures = 0; mine === generation && failures < 8; failures++) {
      try {
        const res = await postJson('/api/webchat/messages', start);
        if (res.status < 500) return;
      } catch {
        // A network failure: try again (a repeated first contact greets once).
      }
      await backoff(failures);
    }
  }

  async function poll(mine) {
    for (let failures = 0; mine === generation;) {
      try {
        const query = `sessionId=${encodeURIComponent(sessionId)}&after=${lastSeq}`;
        const res = await fetch(`/api/webchat/messages?${query}`, { cache: 'no-store' });
        if (mine !== generation) return;
        if (res.status === 404) return void newSession();
        if (!res.ok) throw new Error(`poll ${res.status}`);
        const { messages } = await res.json();
        if (mine !== generation) return;
        failures = 0;
        showStatus(null);
        for (const message of messages ?? []) renderMessage(message);
      } catch {
        failures += 1;
        showStatus('reconnecting');
        await backoff(failures);
      }
    }
  }

  function waitSeconds(seconds) {
    return new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 600) * 1000));
  }

  function backoff(failures) {
    return new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** failures, 15000)));
  }

  // ---- sending ----

  async function sendTyped() {
    const text = el.input.value.trim();
    if (!text) return;
    if (Array.from(text).length > maxText) return showError('text_too_long');
    el.input.value = '';
    if (!(await send({ text }, text, [])) && !el.input.value) el.input.value = text;
  }

  /** Shows the student's bubble at once (so it sits above the reply), then posts it. */
  async function send(fields, shown, buttons) {
    if (!sessionId) return false;
    clearError();
    for (const button of buttons) button.disabled = true;
    const clientId = randomId();
    sentIds.add(clientId);
    const bubble = renderUser(shown);
    let code = 'network';
    try {
      const body = { sessionId, clientId, locale: navigator.language, ...fields };
      const res = await postJson('/api/webchat/messages', body);
      if (res.ok) {
        removeChoices();
        return true;
      }
      code = (await res.json().catch(() => ({}))).error ?? 'generic';
      // 503: the service could not reach its state and stored nothing; say so, whatever the body.
      if (res.status === 503) code = 'unavailable';
      if (res.status === 404) await newSession();
    } catch {
      // A network failure: keep code 'network'.
    }
    bubble.remove();
    for (const button of buttons) button.disabled = false;
    showError(code);
    return false;
  }

  // ---- rendering ----

  function renderMessage(message) {
    if (message.seq > lastSeq) lastSeq = message.seq;
    if (message.from === 'user') {
      if (!sentIds.has(message.clientId)) renderUser(message.text ?? '');
      removeChoices();
      return;
    }
    const row = render.messageRow('bot');
    if (typeof message.text === 'string' && message.text) row.append(render.bubbleOf(message.text));
    for (const card of Array.isArray(message.cards) ? message.cards : []) {
      if (card && typeof card === 'object') row.append(render.renderCard(card));
    }
    el.log.append(row);
    if (Array.isArray(message.choices) && message.choices.length > 0) {
      removeChoices();
      el.log.append(render.renderChoices(message.choices));
    }
    scrollDown();
  }

  function renderUser(text) {
    const row = render.messageRow('user');
    row.append(render.bubbleOf(text));
    el.log.append(row);
    scrollDown();
    return row;
  }

  function removeChoices() {
    for (const node of el.log.querySelectorAll('.choices')) node.remove();
  }

  function scrollDown() {
    el.log.scrollTop = el.log.scrollHeight;
  }

  // ---- helpers ----

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Not crypto.randomUUID: that needs a secure context, and the page may be served over http. */
  function randomId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function storageGet(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // Storage blocked: the chat still works, a reload starts afresh.
    }
  }

  function storageSet(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      // As above.
    }
  }
})();
