/* global window, document, location, URL, Document, CSSStyleSheet, setTimeout, clearTimeout */
// <script src="https://bot.example/embed.js" async></script> on any site: a 12345 button in the
// bottom-right corner opening the hotline's chat in a panel. The chat is an iframe of the bot's
// own page, so the host's CSS cannot reach it and it works from any origin. The button and the
// panel live in a shadow root for the same reason, and are built without innerHTML so a host
// that enforces Trusted Types still gets them.
(function () {
  'use strict';

  if (window.__hotline12345Embed) return;
  window.__hotline12345Embed = true;

  const script = document.currentScript || document.querySelector('script[src*="/embed.js"]');
  if (!script || !script.src) return;
  const botOrigin = new URL(script.src, location.href).origin;
  const LOAD_TIMEOUT_MS = 20000;
  const SVG = 'http://www.w3.org/2000/svg';

  const CSS = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .launcher {
      position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
      display: flex; align-items: center; gap: 8px; height: 56px; padding: 0 20px 0 14px;
      border: 2px solid #fff; border-radius: 28px; background: #0a4a8f; color: #fff;
      box-shadow: 0 4px 16px rgba(0, 0, 0, 0.28); cursor: pointer;
      font: 700 18px/1 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', system-ui, sans-serif;
    }
    .launcher:hover { background: #083a70; }
    .launcher:focus-visible, .close:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .launcher svg { width: 26px; height: 26px; flex: none; }
    .launcher__sub { font-size: 14px; font-weight: 400; }
    .panel {
      position: fixed; right: 20px; bottom: 88px; z-index: 2147483000;
      display: flex; flex-direction: column; width: 400px; max-width: calc(100vw - 40px);
      height: 640px; max-height: calc(100vh - 108px); max-height: calc(100dvh - 108px);
      background: #fff; border-radius: 12px; overflow: hidden;
      box-shadow: 0 8px 32px rgba(0, 0, 0, 0.3);
      font: 400 15px/1.5 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', system-ui, sans-serif;
    }
    .panel[hidden] { display: none; }
    .bar {
      display: flex; align-items: center; gap: 8px; flex: none; min-height: 48px;
      padding: 4px 6px 4px 16px; background: #0a4a8f; color: #fff;
    }
    .bar__title { flex: 1; min-width: 0; margin: 0; font-size: 16px; font-weight: 700; }
    .close {
      flex: none; width: 40px; height: 40px; border: 0; border-radius: 20px;
      background: transparent; color: #fff; font: 400 28px/1 sans-serif; cursor: pointer;
    }
    .close:hover { background: rgba(255, 255, 255, 0.15); }
    .body { position: relative; flex: 1; min-height: 0; }
    iframe { display: block; width: 100%; height: 100%; border: 0; }
    .fallback {
      position: absolute; inset: 0; margin: 0; padding: 24px 20px; background: #fff; color: #1f2933;
    }
    .fallback[hidden] { display: none; }
    .fallback a { color: #0a4a8f; font-weight: 700; }
    @media (max-width: 480px) {
      .panel { inset: 0; width: 100%; max-width: none; height: 100%; max-height: none; border-radius: 0; }
      .launcher[aria-expanded='true'] { display: none; }
    }
  `;

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function chatIcon() {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute(
      'd',
      'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
    );
    svg.append(path);
    return svg;
  }

  function applyStyles(root) {
    if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(el('style', {}, [CSS]));
    }
  }

  // The host page's language (its <html lang>, or the script's data-lang): Chinese unless English.
  const lang = /^en\b/i.test(
    script.getAttribute('data-lang') || document.documentElement.lang || '',
  )
    ? 'en'
    : 'zh';
  const T =
    lang === 'en'
      ? {
          open: '12345 online: open the city service hotline assistant',
          close: '12345 online: close the city service hotline assistant',
          sub: 'Chat',
          closeButton: 'Close',
          fallback: [
            'The assistant cannot be opened now. Try again later, or call the ',
            ' hotline.',
          ],
          title: '12345 City Service Hotline',
          frame: 'Chat with the 12345 City Service Hotline assistant',
        }
      : {
          open: '12345 在线咨询：打开政务服务便民热线智能助手',
          close: '12345 在线咨询：关闭政务服务便民热线智能助手',
          sub: '在线咨询',
          closeButton: '关闭',
          fallback: ['暂时无法打开智能助手，请稍后再试，或直接拨打 ', ' 热线。'],
          title: '12345 政务服务便民热线',
          frame: '12345 政务服务便民热线智能助手对话',
        };

  function mount() {
    const host = el('div', { id: 'hotline12345-widget' });
    const root = host.attachShadow({ mode: 'open' });
    applyStyles(root);

    const launcher = el(
      'button',
      {
        type: 'button',
        class: 'launcher',
        'aria-expanded': 'false',
        'aria-controls': 'panel',
        'aria-label': T.open,
      },
      [chatIcon(), el('span', {}, ['12345']), el('span', { class: 'launcher__sub' }, [T.sub])],
    );
    const closeButton = el(
      'button',
      { type: 'button', class: 'close', 'aria-label': T.closeButton },
      ['×'],
    );
    const fallback = el('p', { class: 'fallback', role: 'alert', hidden: '' }, [
      T.fallback[0],
      el('a', { href: 'tel:12345' }, ['12345']),
      T.fallback[1],
    ]);
    const body = el('div', { class: 'body' }, [fallback]);
    const panel = el(
      'div',
      { id: 'panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'title', hidden: '' },
      [
        el('div', { class: 'bar' }, [
          el('h2', { id: 'title', class: 'bar__title' }, [T.title]),
          closeButton,
        ]),
        body,
      ],
    );
    root.append(launcher, panel);
    document.body.append(host);

    let frame = null;
    let loaded = false;
    let loadTimer;

    // The iframe is made on the first open only: a page view alone opens no conversation.
    function ensureFrame() {
      if (frame) return;
      frame = el('iframe', {
        src: botOrigin + '/?embed=1&lang=' + lang,
        title: T.frame,
      });
      body.prepend(frame);
      loadTimer = setTimeout(() => {
        if (!loaded) fallback.hidden = false;
      }, LOAD_TIMEOUT_MS);
    }

    function focusChat() {
      frame.focus();
      if (loaded)
        frame.contentWindow.postMessage({ source: 'hotline12345', type: 'focus' }, botOrigin);
    }

    function open() {
      ensureFrame();
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      launcher.setAttribute('aria-label', T.close);
      focusChat();
    }

    // The conversation stays in the hidden iframe, ready for the next open.
    function close() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.setAttribute('aria-label', T.open);
      launcher.focus();
    }

    launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
    closeButton.addEventListener('click', close);
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close();
    });

    window.addEventListener('message', (event) => {
      const data = event.data;
      if (event.origin !== botOrigin || !frame || event.source !== frame.contentWindow) return;
      if (!data || data.source !== 'hotline12345') return;
      if (data.type === 'loaded') {
        loaded = true;
        clearTimeout(loadTimer);
        fallback.hidden = true;
        if (!panel.hidden) focusChat();
      } else if (data.type === 'close' && !panel.hidden) {
        close();
      }
    });
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
