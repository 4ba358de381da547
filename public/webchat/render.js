/* global URL */
// Builds the chat's DOM from messages. Every piece of bot or user text goes in with textContent
// (never innerHTML), so a message cannot inject markup; only http(s) URLs become links.
(() => {
  'use strict';

  const URL_PATTERN = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

  /**
   * @param {object} deps
   * @param {(key: string) => string} deps.t the page's translate function
   * @param {(fields: object, label: string, buttons: HTMLButtonElement[]) => Promise<boolean>} deps.reply
   *   sends a pressed button's value, showing its label
   */
  function createRenderer({ t, reply }) {
    /** An element whose text follows the page language. */
    function translated(tag, key, className) {
      const node = document.createElement(tag);
      node.dataset.i18n = key;
      node.textContent = t(key);
      node.className = className;
      return node;
    }

    function messageRow(from) {
      const row = element('div', `msg msg-${from}`);
      row.append(translated('span', from === 'user' ? 'you' : 'bot', 'visually-hidden'));
      return row;
    }

    function bubbleOf(text) {
      const bubble = element('div', 'bubble');
      appendLinkedText(bubble, text);
      return bubble;
    }

    /** Text with its http(s) URLs as links, built node by node. */
    function appendLinkedText(parent, value) {
      const text = String(value);
      let last = 0;
      for (const match of text.matchAll(URL_PATTERN)) {
        const url = match[0].replace(/[.,;:!?'")\]]+$/, '');
        const href = safeUrl(url);
        parent.append(text.slice(last, match.index), href ? linkTo(href, url) : url);
        last = match.index + url.length;
      }
      parent.append(text.slice(last));
    }

    function linkTo(href, label, className = '') {
      const a = element('a', className, label);
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.append(translated('span', 'opensInNewTab', 'visually-hidden'));
      return a;
    }

    function safeUrl(raw) {
      try {
        const url = new URL(String(raw));
        return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
      } catch {
        return null;
      }
    }

    function renderChoices(choices) {
      const group = element('div', 'choices');
      group.setAttribute('role', 'group');
      group.dataset.i18nAria = 'choicesAria';
      group.setAttribute('aria-label', t('choicesAria'));
      const buttons = [];
      for (const choice of choices) {
        if (typeof choice?.value !== 'string') continue;
        const label = typeof choice.label === 'string' ? choice.label : choice.value;
        const button = element('button', 'choice', label);
        button.type = 'button';
        button.addEventListener('click', () =>
          reply({ value: choice.value, label }, label, buttons),
        );
        buttons.push(button);
      }
      group.append(...buttons);
      return group;
    }

    function renderCard(card) {
      const box = element('section', 'card');
      if (typeof card.title === 'string') {
        box.setAttribute('aria-label', card.title);
        box.append(element('h2', 'card-title', card.title));
      }
      if (typeof card.hero === 'string' && card.hero)
        box.append(element('p', 'card-hero', card.hero));
      if (Array.isArray(card.fields) && card.fields.length > 0) {
        const list = element('dl', 'card-fields');
        for (const field of card.fields) {
          const value = element('dd', '');
          appendLinkedText(value, String(field?.value ?? ''));
          list.append(element('dt', '', String(field?.label ?? '')), value);
        }
        box.append(list);
      }
      for (const paragraph of Array.isArray(card.body) ? card.body : []) {
        const p = element('p', 'card-body');
        appendLinkedText(p, String(paragraph));
        box.append(p);
      }
      if (Array.isArray(card.buttons) && card.buttons.length > 0) {
        const row = element('div', 'card-buttons');
        const replies = [];
        for (const spec of card.buttons) if (spec) row.append(cardButton(spec, replies));
        box.append(row);
      }
      return box;
    }

    function cardButton(spec, replies) {
      const label = String(spec.label);
      if (spec.kind === 'link') {
        const href = safeUrl(spec.url);
        return href
          ? linkTo(href, label, 'card-button')
          : element('span', 'card-button card-button-disabled', label);
      }
      const button = element('button', 'card-button', label);
      button.type = 'button';
      replies.push(button);
      // A card stays on the page, so its buttons work again once the answer is sent.
      button.addEventListener('click', async () => {
        await reply({ value: String(spec.value), label }, label, replies);
        for (const b of replies) b.disabled = false;
      });
      return button;
    }

    function element(tag, className, text) {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    return { messageRow, bubbleOf, renderCard, renderChoices };
  }

  window.CertbotWebChat = { createRenderer };
})();
