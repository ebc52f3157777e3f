/* global window, document, location, localStorage, navigator, URLSearchParams, fetch, AbortController, setTimeout, clearTimeout, setInterval, clearInterval */
// The hotline page: a Direct Line token from this server, Web Chat in Chinese (or English), and
// the conversation remembered in localStorage so that a reload resumes it.
(function () {
  'use strict';

  const STORAGE_KEY = 'hotline12345.webchat';
  const USER_ID = /^dl_[A-Za-z0-9_-]{8,64}$/;
  const DIRECT_LINE_DOMAIN = location.origin + '/v3/directline';
  const REQUEST_TIMEOUT_MS = 10000;
  const SEND_BOX =
    '.webchat__send-box-text-box__input, .webchat__send-box-text-box__html-text-area';
  const CONNECT_TIMEOUT_MS = 20000;
  // How long "新对话" waits for the old conversation's goodbye to reach the bot before moving on.
  const LEAVE_WAIT_MS = 3000;
  /** A saved token with less life than this left is not worth resuming with. */
  const MIN_TOKEN_LIFE_MS = 2 * 60 * 1000;
  /** How often the (refreshed) token is written back while the page is open. */
  const REMEMBER_EVERY_MS = 60 * 1000;
  // botframework-directlinejs ConnectionStatus
  const ONLINE = 2;
  const EXPIRED_TOKEN = 3;
  const FAILED_TO_CONNECT = 4;
  const ENDED = 5;

  const LANG_KEY = 'hotline12345.lang';
  const LANG = pageLanguage();
  const TEXT = {
    zh: {
      unreachable: '暂时无法连接12345智能助手，请检查网络后点击“重新连接”，或直接拨打 12345 热线。',
      lost: '与智能助手的连接中断了。请点击“重新连接”，或直接拨打 12345 热线。',
      expired: '本次会话已过期，请点击“重新连接”继续。',
      noWebChat: '对话组件未能加载，请刷新页面，或直接拨打 12345 热线。',
      placeholder: '请描述您的问题，或输入“我的工单”',
      title: '12345 政务服务便民热线 · 智能助手',
      locale: 'zh-CN',
    },
    en: {
      unreachable:
        'The 12345 assistant cannot be reached. Check your connection and press “Reconnect”, or call the 12345 hotline.',
      lost: 'The connection to the assistant was lost. Press “Reconnect”, or call the 12345 hotline.',
      expired: 'This chat has expired. Press “Reconnect” to carry on.',
      noWebChat: 'The chat did not load. Reload the page, or call the 12345 hotline.',
      placeholder: 'Describe your problem, or type “my tickets”',
      title: '12345 City Service Hotline · Assistant',
      locale: 'en-US',
    },
  };
  const MESSAGES = TEXT[LANG];

  /**
   * Chinese first: English when the address asks for it (?lang=en, remembered), or when none of
   * the browser's languages is Chinese.
   */
  function pageLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked === 'en' || asked === 'zh') {
      try {
        localStorage.setItem(LANG_KEY, asked);
      } catch {
        /* not remembered */
      }
      return asked;
    }
    let saved = null;
    try {
      saved = localStorage.getItem(LANG_KEY);
    } catch {
      /* nothing saved */
    }
    if (saved === 'en' || saved === 'zh') return saved;
    const languages = navigator.languages && navigator.languages.length ? navigator.languages : [];
    const chinese = languages.some((l) => /^zh\b/i.test(l));
    return !chinese && languages.some((l) => /^en\b/i.test(l)) ? 'en' : 'zh';
  }

  /** The page's own words in its language (data-en, data-en-title, data-en-aria-label). */
  function translatePage() {
    const link = document.getElementById('lang-switch');
    if (link) {
      const other = LANG === 'en' ? 'zh' : 'en';
      const params = new URLSearchParams(location.search);
      params.set('lang', other);
      link.href = '?' + params.toString();
      link.hreflang = other;
      link.lang = other === 'en' ? 'en' : 'zh-CN';
      link.textContent = other === 'en' ? 'English' : '中文';
    }
    if (LANG !== 'en') return;
    document.documentElement.lang = 'en';
    document.title = MESSAGES.title;
    document.querySelectorAll('[data-en]').forEach((el) => {
      el.textContent = el.getAttribute('data-en');
    });
    document.querySelectorAll('[data-en-title]').forEach((el) => {
      el.title = el.getAttribute('data-en-title');
    });
    document.querySelectorAll('[data-en-aria-label]').forEach((el) => {
      el.setAttribute('aria-label', el.getAttribute('data-en-aria-label'));
    });
  }

  const STYLE = {
    accent: '#0a4a8f',
    primaryFont:
      "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', system-ui, sans-serif",
    backgroundColor: '#ffffff',
    subtle: '#5b6670',
    timestampColor: '#5b6670',
    bubbleBackground: '#eef3f9',
    bubbleBorderWidth: 0,
    bubbleBorderRadius: 12,
    bubbleFromUserBackground: '#0a4a8f',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderWidth: 0,
    bubbleFromUserBorderRadius: 12,
    botAvatarImage: '/static/logo.svg',
    botAvatarInitials: '12345',
    avatarSize: 36,
    hideUploadButton: true,
    sendBoxTextWrap: true,
    sendBoxButtonColor: '#0a4a8f',
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0a4a8f',
    suggestedActionBorderWidth: 1,
    suggestedActionBorderRadius: 18,
    suggestedActionTextColor: '#0a4a8f',
    suggestedActionHeight: 40,
  };

  const embedded = document.documentElement.classList.contains('embed');
  // The nonce Web Chat must stamp on its <style> elements (style-src in the page's policy).
  const nonce = (document.currentScript && document.currentScript.nonce) || undefined;
  const ui = {
    webchat: document.getElementById('webchat'),
    status: document.getElementById('status'),
    statusText: document.getElementById('status-text'),
    retry: document.getElementById('status-retry'),
    newConversation: document.getElementById('new-conversation'),
  };

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || '{}');
      return saved && typeof saved === 'object' ? saved : {};
    } catch {
      return {};
    }
  }

  // Private browsing or a host that blocks third-party storage: the chat still works, it just
  // will not survive a reload.
  function save(state) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      /* not remembered */
    }
  }

  function showStatus(text) {
    ui.statusText.textContent = text;
    ui.status.hidden = false;
    shown();
  }

  function hideStatus() {
    ui.status.hidden = true;
  }

  function tellHost(type) {
    if (embedded && window.parent !== window) {
      window.parent.postMessage({ source: 'hotline12345', type: type }, '*');
    }
  }

  // Tells embed.js, once, that the page shows something (the chat or an error): it stops waiting.
  let told = false;
  function shown() {
    if (told) return;
    told = true;
    tellHost('loaded');
  }

  async function postJson(url, body) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: abort.signal,
        credentials: 'omit',
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A saved token with life left resumes the saved conversation. Otherwise (or when `fresh`)
   * the token endpoint issues one for a new conversation, for the saved userId so a returning
   * browser keeps its identity and "我的工单" still finds its tickets.
   */
  async function openSession(saved, fresh) {
    const userId = USER_ID.test(saved.userId || '') ? saved.userId : undefined;
    if (
      !fresh &&
      userId &&
      typeof saved.token === 'string' &&
      typeof saved.conversationId === 'string' &&
      typeof saved.expiresAt === 'number' &&
      typeof saved.lifetimeMs === 'number' &&
      saved.expiresAt - Date.now() > MIN_TOKEN_LIFE_MS
    ) {
      return {
        token: saved.token,
        conversationId: saved.conversationId,
        userId: userId,
        userKey: saved.userKey,
        lifetimeMs: saved.lifetimeMs,
        expiresAt: saved.expiresAt,
        resume: true,
      };
    }
    // The id alone proves nothing; the key the server gave with it does.
    const res = await postJson(
      '/api/webchat/token',
      userId && typeof saved.userKey === 'string' ? { userId: userId, userKey: saved.userKey } : {},
    );
    if (!res.ok) throw new Error('token endpoint answered ' + res.status);
    const t = await res.json();
    if (typeof t.token !== 'string' || !USER_ID.test(t.userId) || !(t.expires_in > 0)) {
      throw new Error('unexpected token response');
    }
    const lifetimeMs = t.expires_in * 1000;
    return {
      token: t.token,
      conversationId: t.conversationId,
      userId: t.userId,
      userKey: t.userKey,
      lifetimeMs: lifetimeMs,
      expiresAt: Date.now() + lifetimeMs,
      resume: false,
    };
  }

  function freshMountPoint() {
    const div = document.createElement('div');
    div.className = 'chat__mount';
    ui.webchat.replaceChildren(div);
    return div;
  }

  let current = null;

  async function start(fresh) {
    hideStatus();
    if (current) current.end();
    current = null;
    if (!window.WebChat) {
      showStatus(MESSAGES.noWebChat);
      return;
    }
    let session;
    try {
      session = await openSession(load(), fresh === true);
    } catch {
      ui.webchat.replaceChildren();
      showStatus(MESSAGES.unreachable);
      return;
    }
    current = connect(session);
  }

  function connect(session) {
    // Resuming: reconnect to the saved conversation with no watermark, so the server replays
    // the whole transcript into the fresh page. directlinejs tracks the watermark itself for
    // the stream reconnects within this page. A new session: POST /conversations starts the
    // conversation the token was issued for, and the bot's welcome arrives.
    const directLine = window.WebChat.createDirectLine({
      token: session.token,
      domain: DIRECT_LINE_DOMAIN,
      webSocket: true,
      conversationId: session.resume ? session.conversationId : undefined,
      // The welcome of a new conversation comes in the page's language.
      conversationStartProperties: { locale: MESSAGES.locale },
    });

    let token = session.token;
    let expiresAt = session.expiresAt;
    let online = false;
    // directlinejs refreshes the token every 15 minutes; keep the latest one for the next reload.
    const remember = () => {
      if (directLine.token && directLine.token !== token) {
        token = directLine.token;
        expiresAt = Date.now() + session.lifetimeMs;
      }
      save({
        userId: session.userId,
        userKey: session.userKey,
        conversationId: directLine.conversationId || session.conversationId,
        token: token,
        expiresAt: expiresAt,
        lifetimeMs: session.lifetimeMs,
      });
    };

    const timer = setTimeout(() => {
      if (!online) showStatus(MESSAGES.unreachable);
    }, CONNECT_TIMEOUT_MS);
    const keeper = setInterval(() => online && remember(), REMEMBER_EVERY_MS);

    const subscriptions = [
      directLine.connectionStatus$.subscribe((status) => {
        if (status === ONLINE) {
          online = true;
          clearTimeout(timer);
          hideStatus();
          remember();
        } else if (status === FAILED_TO_CONNECT || status === EXPIRED_TOKEN || status === ENDED) {
          clearTimeout(timer);
          if (session.resume && !online) {
            // The saved conversation is gone (expired, or the server forgot it): start a new
            // one. The saved one is overwritten only once the new one is online, so a network
            // blip does not lose it.
            setTimeout(() => start(true), 0);
            return;
          }
          showStatus(status === EXPIRED_TOKEN ? MESSAGES.expired : MESSAGES.lost);
        }
      }),
      directLine.activity$.subscribe(remember),
    ];

    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        userID: session.userId,
        locale: MESSAGES.locale,
        nonce: nonce,
        styleOptions: STYLE,
        renderMarkdown: renderChatMarkdown,
        overrideLocalizedStrings: {
          TEXT_INPUT_PLACEHOLDER: MESSAGES.placeholder,
        },
      },
      freshMountPoint(),
    );
    shown();

    return {
      remember() {
        if (online) remember();
      },
      /**
       * The person leaves this conversation for a new one: the bot is told (endOfConversation),
       * so duty staff talking to them or about to are not left writing to an empty chat.
       * Settles within LEAVE_WAIT_MS whatever the network does.
       */
      leave() {
        if (!online) return Promise.resolve();
        return new Promise((resolve) => {
          const wait = setTimeout(resolve, LEAVE_WAIT_MS);
          const done = () => {
            clearTimeout(wait);
            resolve();
          };
          directLine
            .postActivity({ type: 'endOfConversation', from: { id: session.userId } })
            .subscribe({ next: done, error: done, complete: done });
        });
      },
      end() {
        clearTimeout(timer);
        clearInterval(keeper);
        subscriptions.forEach((s) => s.unsubscribe());
        directLine.end();
      },
    };
  }

  // The bot writes chat-style text where a single newline is a line break; in Markdown it would
  // melt into a space and run the welcome's bullet list together.
  function renderChatMarkdown(markdown, ...rest) {
    const withBreaks = String(markdown).replace(/([^\n])\n(?!\n)/g, '$1  \n');
    return window.WebChat.renderMarkdown(withBreaks, ...rest);
  }

  function focusSendBox() {
    const input = document.querySelector(SEND_BOX);
    if (input) input.focus();
  }

  ui.retry.addEventListener('click', () => {
    start(false);
  });

  // On a shared computer the next person should see neither this conversation nor "my
  // tickets": forget the identity too (the tickets stay on record with the hotline).
  ui.newConversation.addEventListener('click', async () => {
    if (current) await current.leave();
    save({});
    start(true);
  });

  window.addEventListener('pagehide', () => {
    if (current) current.remember();
  });

  if (embedded) {
    window.addEventListener('message', (event) => {
      const data = event.data;
      if (event.source !== window.parent || !data || data.source !== 'hotline12345') return;
      if (data.type === 'focus') focusSendBox();
    });
    // Escape closes the host's panel, except inside the transcript where Web Chat uses it to
    // leave an activity.
    document.addEventListener('keydown', (event) => {
      const target = event.target;
      const inTranscript =
        target && target.closest && target.closest('.webchat__basic-transcript') !== null;
      if (event.key === 'Escape' && !event.defaultPrevented && !inTranscript) tellHost('close');
    });
  }

  translatePage();
  start(false);
})();
