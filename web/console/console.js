/* global document, fetch, EventSource, CSS, setTimeout, clearTimeout, setInterval, clearInterval, sessionStorage */
// The duty staff console: log in, watch the handoff queue live, claim a conversation, talk to
// the person, file or correct the ticket, and let go. It talks only to the staff API
// (docs/handoff-api.md). Whatever a person or colleague wrote is put in the page as text
// (textContent / createTextNode), never as markup.
(function () {
  'use strict';

  const POLL_MS = 10000;
  const PRESENCE_RENEW_MS = 30000;
  const TYPING_EVERY_MS = 3000;
  const TYPING_SHOWN_MS = 4000;
  const RECONNECT_MIN_MS = 1000;
  const RECONNECT_MAX_MS = 30000;

  const REASONS = {
    emergency: '紧急情况',
    dissatisfied_twice: '两次不满意',
    enterprise_priority: '企业诉求优先',
    human_requested: '要求人工',
    unsure: '智能助理无法判断',
    failed_prompts: '多次未能回答',
  };
  const EMERGENCIES = {
    fire: '火灾',
    gas: '燃气泄漏',
    crime: '治安/犯罪',
    medical: '医疗急救',
    suicide: '自伤风险',
    trapped: '被困',
  };
  const CATEGORIES = {
    consult: '咨询',
    complaint: '投诉',
    report: '举报/反映',
    help: '求助',
    suggestion: '建议',
    praise: '表扬',
  };
  const TICKET_STATUSES = {
    received: '已登记，待分派',
    dispatched: '已派单',
    transfer_requested: '申请退单',
    coordination: '上级协调中',
    accepted: '已签收',
    in_progress: '办理中',
    replied: '已答复',
    rated: '已评价',
    closed: '已办结',
  };
  const PRESENCE = { online: '在线', busy: '忙碌', away: '离开' };
  const LANGS = { zh: '中文', en: 'English' };
  const SPEAKERS = { person: '市民', bot: '智能助理', staff: '值班员', system: '系统' };

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'),
    whoami: $('whoami'),
    whoamiName: $('whoami-name'),
    presence: $('presence'),
    logout: $('logout'),
    login: $('login'),
    loginForm: $('login-form'),
    loginUsername: $('login-username'),
    loginPassword: $('login-password'),
    loginError: $('login-error'),
    loginSubmit: $('login-submit'),
    desk: $('desk'),
    waiting: $('waiting'),
    waitingCount: $('waiting-count'),
    waitingEmpty: $('waiting-empty'),
    claimed: $('claimed'),
    claimedCount: $('claimed-count'),
    claimedEmpty: $('claimed-empty'),
    staff: $('staff'),
    conversation: $('conversation'),
    noConversation: $('no-conversation'),
    convTitle: $('conv-title'),
    convFacts: $('conv-facts'),
    convHide: $('conv-close-view'),
    transcript: $('transcript'),
    typing: $('typing'),
    replyForm: $('reply-form'),
    reply: $('reply'),
    replySend: $('reply-send'),
    noteForm: $('note-form'),
    note: $('note'),
    ticketForm: $('ticket-form'),
    ticketSummary: $('ticket-summary'),
    ticketDepartment: $('ticket-department'),
    ticketCategory: $('ticket-category'),
    ticketSend: $('ticket-send'),
    release: $('release'),
    close: $('close'),
    transferTo: $('transfer-to'),
    transfer: $('transfer'),
  };

  const state = {
    /** Kept in memory only: a reload asks the server again (GET /api/staff/session). */
    csrfToken: null,
    me: null,
    /** The hotline's time zone (from the session): every time shown is in it. */
    timeZone: null,
    queue: null,
    /** Server time minus ours, so that wait times agree with the server's. */
    skewMs: 0,
    openKey: null,
    detail: null,
    events: null,
    reconnectMs: RECONNECT_MIN_MS,
    reconnectTimer: null,
    pollTimer: null,
    tickTimer: null,
    queueTimer: null,
    queueLoading: false,
    queueAgain: false,
    detailTimer: null,
    /** The open conversation's ticket is with its department: the form only shows it. */
    ticketSettled: false,
    /** Conversations in this staff member's hands as the queue last said (null: not read yet). */
    mine: null,
    /** The conversation this console is claiming right now: its own, not a colleague's transfer. */
    claiming: null,
    typingTimer: null,
    lastTypingSent: 0,
  };

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
    let res;
    try {
      res = await fetch(path, {
        method: method,
        credentials: 'same-origin',
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络 · The server cannot be reached');
    }
    if (res.status === 204) return null;
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (!res.ok) {
      const code = data && typeof data.code === 'string' ? data.code : 'HTTP_' + res.status;
      const message =
        data && typeof data.message === 'string' ? data.message : 'HTTP ' + res.status;
      throw new ApiError(res.status, code, message);
    }
    return data;
  }

  const caseUrl = (key, action) =>
    '/api/handoff/' + encodeURIComponent(key) + (action ? '/' + action : '');

  // ---- small DOM helpers: text only ------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function option(value, label, selected) {
    const node = el('option', null, label);
    node.value = value;
    node.selected = Boolean(selected);
    return node;
  }

  function showStatus(text, kind) {
    ui.status.textContent = text;
    ui.status.className = 'status' + (kind ? ' status--' + kind : '');
    ui.status.hidden = !text;
  }

  function showError(err, prefix) {
    const message = err instanceof ApiError ? err.message : String(err);
    showStatus((prefix ? prefix + '：' : '') + message, 'error');
  }

  /** Handles a failed call: a lost session goes back to the login form, the rest is shown. */
  function failed(err, prefix) {
    if (err instanceof ApiError && err.status === 401 && state.me) {
      signedOut('登录已过期，请重新登录 · Your session has ended, please log in again');
      return;
    }
    showError(err, prefix);
  }

  // Times are the hotline's (the session says which zone), whatever zone the browser is in:
  // what staff read must match what the person was told.
  function inZone(iso, options) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const zone = (state.me && state.timeZone) || undefined;
    return d.toLocaleString('zh-CN', { hourCycle: 'h23', timeZone: zone, ...options });
  }

  function clock(iso) {
    return inZone(iso, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function duration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const two = (n) => String(n).padStart(2, '0');
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return (h > 0 ? h + ':' + two(m) : String(m)) + ':' + two(s % 60);
  }

  function secondsSince(iso) {
    return (Date.now() + state.skewMs - Date.parse(iso)) / 1000;
  }

  function departmentName(code) {
    if (!code) return '';
    const list = (state.queue && state.queue.departments) || [];
    const found = list.find((d) => d.code === code);
    return found ? found.zh : code;
  }

  // ---- what this tab had open, so a reload (or a lapsed session) does not lose it ------------

  const REMEMBERED = 'hotline.console.open';

  function remember(patch) {
    try {
      const now = recalled() || {};
      const next = Object.assign({}, now, patch);
      sessionStorage.setItem(REMEMBERED, JSON.stringify(next));
    } catch {
      // Storage off (private mode, quota): the console works, only without this.
    }
  }

  function recalled() {
    try {
      const value = JSON.parse(sessionStorage.getItem(REMEMBERED) || 'null');
      return value && typeof value === 'object' ? value : null;
    } catch {
      return null;
    }
  }

  function forget() {
    try {
      sessionStorage.removeItem(REMEMBERED);
    } catch {
      // as above
    }
  }

  /** After a login or reload: the conversation this tab had open, with the unsent reply. */
  async function reopenRemembered() {
    const was = recalled();
    if (!was || !was.key || !state.me || was.username !== state.me.username) return;
    let detail = null;
    try {
      detail = await api('GET', caseUrl(was.key));
    } catch {
      detail = null;
    }
    const c = detail && detail.case;
    // Only a conversation still in this staff member's hands: others are on the queue anyway.
    if (!c || c.status !== 'claimed' || !c.staff || c.staff.username !== state.me.username) {
      forget();
      return;
    }
    await openConversation(was.key);
    if (typeof was.draft === 'string' && was.draft && !ui.reply.value) {
      ui.reply.value = was.draft;
      remember({ draft: was.draft });
    }
  }

  // ---- session ---------------------------------------------------------------------------

  function signedIn(body) {
    state.csrfToken = body.csrfToken;
    state.me = body.staff;
    state.timeZone = body.timeZone;
    ui.whoamiName.textContent =
      body.staff.name + (body.staff.role === 'supervisor' ? '（值班长）' : '');
    ui.whoami.hidden = false;
    ui.login.hidden = true;
    ui.desk.hidden = false;
    ui.loginPassword.value = '';
    ui.loginError.textContent = '';
    showStatus('');
    startLive();
    void reopenRemembered();
  }

  function signedOut(message) {
    stopLive();
    state.csrfToken = null;
    state.me = null;
    state.queue = null;
    state.mine = null;
    document.title = TITLE;
    // A lapsed session keeps what was open for the next login; logging out forgets it.
    closeConversation({ keep: true });
    // The next person to log in on this screen does not see what was looked up.
    hideLookup();
    lookup.id.value = '';
    lookup.error.textContent = '';
    ui.whoami.hidden = true;
    ui.desk.hidden = true;
    ui.login.hidden = false;
    showStatus(message || '', message ? 'error' : null);
    ui.loginUsername.focus();
  }

  async function resume() {
    try {
      signedIn(await api('GET', '/api/staff/session'));
    } catch (err) {
      signedOut();
      // 401 is the ordinary "not logged in"; anything else is worth saying.
      if (!(err instanceof ApiError && err.status === 401)) showError(err, '无法读取登录状态');
    }
  }

  ui.loginForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = ui.loginUsername.value.trim();
    const password = ui.loginPassword.value;
    if (!username || !password) {
      ui.loginError.textContent = '请输入用户名和密码 · Enter your username and password';
      return;
    }
    ui.loginSubmit.disabled = true;
    ui.loginError.textContent = '';
    try {
      signedIn(await api('POST', '/api/staff/session', { username, password }));
    } catch (err) {
      ui.loginError.textContent = err instanceof ApiError ? err.message : String(err);
      ui.loginPassword.select();
    } finally {
      ui.loginSubmit.disabled = false;
    }
  });

  /** How many conversations are in this staff member's hands now (the queue read afresh). */
  async function heldByMe() {
    const queue = await api('GET', '/api/handoff/queue').catch(() => state.queue);
    const claimed = (queue && queue.claimed) || [];
    return claimed.filter((c) => c.staff && state.me && c.staff.username === state.me.username)
      .length;
  }

  ui.logout.addEventListener('click', async () => {
    try {
      const held = await heldByMe();
      // Gone from the desk at once, not after the presence lapses.
      await api('PUT', '/api/staff/presence', { presence: 'away' }).catch(() => undefined);
      // The server puts what this staff member still held back in the queue for a colleague.
      await api('DELETE', '/api/staff/session');
      forget();
      signedOut();
      if (held > 0) {
        showStatus(
          '已退出。您处理中的 ' +
            held +
            ' 个对话已回到排队，由同事接入 · Logged out: ' +
            held +
            ' conversation(s) went back to the queue for a colleague',
          'ok',
        );
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) signedOut();
      else failed(err, '退出失败');
    }
  });

  ui.presence.addEventListener('change', async () => {
    try {
      await api('PUT', '/api/staff/presence', { presence: ui.presence.value });
      showStatus('状态已改为 ' + PRESENCE[ui.presence.value], 'ok');
      scheduleQueue();
    } catch (err) {
      failed(err, '无法更改状态');
    }
  });

  // ---- live queue ------------------------------------------------------------------------

  function startLive() {
    stopLive();
    connectEvents();
    state.pollTimer = setInterval(scheduleQueue, POLL_MS);
    state.tickTimer = setInterval(tick, 1000);
    // Presence lapses to away on the server unless renewed (HANDOFF_PRESENCE_TTL_SECONDS): an
    // open console keeps saying what its selector says, so people are told someone is there.
    state.presenceTimer = setInterval(announcePresence, PRESENCE_RENEW_MS);
    void announcePresence().then(refreshQueue);
  }

  async function announcePresence() {
    try {
      await api('PUT', '/api/staff/presence', { presence: ui.presence.value });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) signedOut();
    }
  }

  function stopLive() {
    if (state.events) state.events.close();
    state.events = null;
    [state.pollTimer, state.tickTimer, state.presenceTimer].forEach((t) => clearInterval(t));
    [state.reconnectTimer, state.queueTimer, state.detailTimer].forEach((t) => clearTimeout(t));
    state.pollTimer = state.tickTimer = state.reconnectTimer = state.presenceTimer = null;
    state.queueTimer = state.detailTimer = null;
  }

  function connectEvents() {
    const events = new EventSource('/api/handoff/events');
    state.events = events;
    events.addEventListener('open', () => {
      state.reconnectMs = RECONNECT_MIN_MS;
    });
    events.addEventListener('handoff', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      onEvent(event);
    });
    // Our own backoff instead of the browser's: it also recovers from a closed stream (a 401
    // or a restarted instance), and the queue is read at once in case something was missed.
    events.addEventListener('error', () => {
      events.close();
      if (state.events !== events || !state.me) return;
      state.events = null;
      scheduleQueue();
      state.reconnectTimer = setTimeout(() => {
        if (state.me) connectEvents();
      }, state.reconnectMs);
      state.reconnectMs = Math.min(state.reconnectMs * 2, RECONNECT_MAX_MS);
    });
  }

  function onEvent(event) {
    scheduleQueue();
    if (!event || event.conversationKey !== state.openKey) return;
    if (event.type === 'typing') {
      if (event.staff && state.me && event.staff.username !== state.me.username) {
        ui.typing.textContent = event.staff.name + ' 正在输入… · typing';
        clearTimeout(state.typingTimer);
        state.typingTimer = setTimeout(() => (ui.typing.textContent = ''), TYPING_SHOWN_MS);
      }
      return;
    }
    scheduleConversation();
  }

  /** Many events in a burst make one read of the queue. */
  function scheduleQueue() {
    clearTimeout(state.queueTimer);
    state.queueTimer = setTimeout(() => void refreshQueue(), 150);
  }

  async function refreshQueue() {
    if (!state.me) return;
    if (state.queueLoading) {
      state.queueAgain = true;
      return;
    }
    state.queueLoading = true;
    try {
      const queue = await api('GET', '/api/handoff/queue');
      state.skewMs = Date.parse(queue.now) - Date.now() || 0;
      state.queue = queue;
      renderQueue();
      noticeHandedToMe(queue);
    } catch (err) {
      failed(err, '无法读取队列');
    } finally {
      state.queueLoading = false;
      if (state.queueAgain) {
        state.queueAgain = false;
        scheduleQueue();
      }
    }
  }

  /**
   * A conversation a colleague transferred to this staff member arrives in their list with no
   * click of theirs: they are told, and it opens when nothing else is open, so it is not left
   * unanswered until the idle sweep takes it back.
   */
  function noticeHandedToMe(queue) {
    const mine = new Set(
      (queue.claimed || [])
        .filter((c) => c.staff && state.me && c.staff.username === state.me.username)
        .map((c) => c.conversationKey),
    );
    const before = state.mine;
    state.mine = mine;
    if (!before) return;
    const handed = [...mine].filter((key) => !before.has(key) && key !== state.claiming);
    if (handed.length === 0) return;
    showStatus(
      '同事转给您 ' +
        handed.length +
        ' 个对话，请及时回复 · A colleague transferred ' +
        handed.length +
        ' conversation(s) to you',
      'ok',
    );
    if (!state.openKey) void openConversation(handed[0]);
  }

  const TITLE = document.title;

  /** The tab's title counts who waits, emergencies first: seen from another tab or window. */
  function renderTitle(waiting) {
    const emergencies = waiting.filter((c) => c.reason === 'emergency').length;
    document.title =
      (emergencies > 0 ? '【紧急 ' + emergencies + '】' : '') +
      (waiting.length > 0 ? '(' + waiting.length + ') ' : '') +
      TITLE;
  }

  function renderQueue() {
    const q = state.queue;
    if (!q || !state.me) return;
    renderTitle(q.waiting || []);
    const focused = document.activeElement;
    const refocus =
      focused && focused.dataset && focused.dataset.key
        ? { key: focused.dataset.key, action: focused.dataset.action }
        : null;

    fillCases(ui.waiting, q.waiting || [], 'waiting');
    fillCases(ui.claimed, q.claimed || [], 'claimed');
    ui.waitingCount.textContent = String((q.waiting || []).length);
    ui.claimedCount.textContent = String((q.claimed || []).length);
    ui.waitingEmpty.hidden = (q.waiting || []).length > 0;
    ui.claimedEmpty.hidden = (q.claimed || []).length > 0;
    renderStaff(q.staff || []);
    tick();

    if (refocus) {
      const again = ui.desk.querySelector(
        '[data-action="' + refocus.action + '"][data-key="' + CSS.escape(refocus.key) + '"]',
      );
      if (again) again.focus();
    }
  }

  function fillCases(list, cases, kind) {
    clear(list);
    for (const c of cases) list.appendChild(caseItem(c, kind));
  }

  function caseItem(c, kind) {
    const emergency = c.reason === 'emergency';
    const item = el(
      'li',
      'case' +
        (emergency ? ' case--emergency' : '') +
        (c.conversationKey === state.openKey ? ' case--open' : ''),
    );

    const head = el('div', 'case__head');
    let reason = REASONS[c.reason] || c.reason;
    if (emergency && c.emergencyKind) reason += '：' + (EMERGENCIES[c.emergencyKind] || '');
    head.appendChild(el('span', 'case__reason', reason));
    head.appendChild(el('span', 'badge', 'P' + c.priority));
    head.appendChild(el('span', 'badge', LANGS[c.lang] || c.lang));
    if (c.requesterType === 'enterprise') head.appendChild(el('span', 'badge', '企业'));
    const wait = el('span', 'case__wait');
    wait.dataset.since = kind === 'claimed' && c.claimedAt ? c.claimedAt : c.since;
    wait.dataset.label = kind === 'claimed' ? '已处理 ' : '已等 ';
    head.appendChild(wait);
    item.appendChild(head);

    const facts = [];
    if (c.ticketId) facts.push('工单 ' + c.ticketId);
    if (c.enterprise) {
      // Whom a call-back is for: "which company?" is not the first question staff should ask.
      const code = c.enterprise.creditCode ? '（' + c.enterprise.creditCode + '）' : '';
      facts.push('企业 ' + (c.enterprise.name || '名称未填') + code);
    }
    if (c.contactName) facts.push('联系人 ' + c.contactName);
    if (c.place) facts.push('地点 ' + c.place);
    if (c.callback) {
      // Nobody could answer live: the person was promised a call-back by this time.
      const by = inZone(c.callback.by);
      const late = Date.now() + state.skewMs >= Date.parse(c.callback.by);
      facts.push(
        '待回电 ' +
          (c.callback.phone || '（在对话中联系）') +
          (late ? ' · 已超时 Overdue（约定 ' + by + ' 前）' : ' · 最迟 ' + by),
      );
    }
    if (c.classification && c.classification.department) {
      let guess = departmentName(c.classification.department);
      if (c.classification.category) guess += ' · ' + CATEGORIES[c.classification.category];
      if (typeof c.classification.confidence === 'number')
        guess += '（' + Math.round(c.classification.confidence * 100) + '%）';
      facts.push('判断 ' + guess);
    }
    if (kind === 'waiting' && c.position) facts.push('第 ' + c.position + ' 位');
    if (kind === 'claimed' && c.staff) facts.push('接入人 ' + c.staff.name);
    if (facts.length) item.appendChild(el('p', 'case__facts', facts.join(' ｜ ')));

    if (c.message) {
      const request = el('p', 'case__request');
      request.appendChild(el('span', 'case__from', '诉求：'));
      request.appendChild(document.createTextNode(c.message));
      item.appendChild(request);
    }
    const lines = el('ol', 'case__lines');
    const last = c.lastMessages && c.lastMessages.length ? c.lastMessages : [];
    for (const m of last.slice(-3)) {
      const line = el('li', 'case__line case__line--' + m.from);
      line.appendChild(el('span', 'case__from', (SPEAKERS[m.from] || m.from) + '：'));
      line.appendChild(document.createTextNode(m.text));
      lines.appendChild(line);
    }
    item.appendChild(lines);

    const actions = el('div', 'case__actions');
    if (kind === 'waiting') {
      const claim = el('button', 'button' + (emergency ? ' button--danger' : ''), '接入 Claim');
      claim.type = 'button';
      claim.dataset.key = c.conversationKey;
      claim.dataset.action = 'claim';
      claim.addEventListener('click', () => void claimCase(c.conversationKey, claim));
      actions.appendChild(claim);
    } else {
      const open = el('button', 'button button--quiet', '查看 Open');
      open.type = 'button';
      open.dataset.key = c.conversationKey;
      open.dataset.action = 'open';
      open.addEventListener('click', () => void openConversation(c.conversationKey));
      actions.appendChild(open);
    }
    item.appendChild(actions);
    return item;
  }

  function renderStaff(staff) {
    clear(ui.staff);
    for (const s of staff) {
      const item = el('li', 'staff__item staff__item--' + s.presence);
      item.appendChild(el('span', 'staff__dot'));
      item.appendChild(el('span', 'staff__name', s.name));
      item.appendChild(el('span', 'staff__presence', PRESENCE[s.presence] || s.presence));
      ui.staff.appendChild(item);
      if (state.me && s.username === state.me.username && PRESENCE[s.presence]) {
        if (document.activeElement !== ui.presence) ui.presence.value = s.presence;
      }
    }
    renderTransferChoices();
  }

  function tick() {
    for (const node of ui.desk.querySelectorAll('[data-since]')) {
      node.textContent = node.dataset.label + duration(secondsSince(node.dataset.since));
    }
  }

  async function claimCase(key, button) {
    button.disabled = true;
    state.claiming = key;
    try {
      await api('POST', caseUrl(key, 'claim'));
      if (state.mine) state.mine.add(key);
      showStatus('已接入 · Claimed', 'ok');
      scheduleQueue();
      await openConversation(key);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'HANDOFF_TAKEN') {
        showStatus('已被 ' + (await ownerName(key)) + ' 接入 · Already taken', 'error');
      } else {
        failed(err, '接入失败');
      }
      button.disabled = false;
      scheduleQueue();
    } finally {
      state.claiming = null;
    }
  }

  async function ownerName(key) {
    try {
      const detail = await api('GET', caseUrl(key));
      return (detail.case.staff && detail.case.staff.name) || '其他值班员';
    } catch {
      return '其他值班员';
    }
  }

  // ---- one conversation ------------------------------------------------------------------

  async function openConversation(key) {
    hideLookup();
    if (state.openKey !== key) {
      state.openKey = key;
      remember({ key: key, username: state.me && state.me.username, draft: '' });
      state.detail = null;
      clear(ui.transcript);
      ui.reply.value = '';
      ui.note.value = '';
      ui.typing.textContent = '';
    }
    ui.conversation.hidden = false;
    ui.noConversation.hidden = true;
    renderQueue();
    await refreshConversation();
  }

  function closeConversation(options) {
    if (!(options && options.keep)) forget();
    state.openKey = null;
    state.detail = null;
    ui.conversation.hidden = true;
    ui.noConversation.hidden = false;
    clear(ui.transcript);
    renderQueue();
  }

  function scheduleConversation() {
    clearTimeout(state.detailTimer);
    state.detailTimer = setTimeout(() => void refreshConversation(), 150);
  }

  async function refreshConversation() {
    const key = state.openKey;
    if (!key) return;
    try {
      const detail = await api('GET', caseUrl(key));
      if (state.openKey !== key) return;
      state.detail = detail;
      renderConversation();
    } catch (err) {
      failed(err, '无法读取对话');
    }
  }

  function isOwner() {
    const c = state.detail && state.detail.case;
    return Boolean(
      c && c.status === 'claimed' && c.staff && state.me && c.staff.username === state.me.username,
    );
  }

  function mayLetGo() {
    const c = state.detail && state.detail.case;
    if (!c || c.status !== 'claimed') return false;
    return isOwner() || (state.me && state.me.role === 'supervisor');
  }

  function renderConversation() {
    const d = state.detail;
    const c = d.case;
    ui.convTitle.textContent =
      (REASONS[c.reason] || c.reason) + (c.ticketId ? ' · ' + c.ticketId : '');
    ui.conversation.classList.toggle('conversation--emergency', c.reason === 'emergency');

    clear(ui.convFacts);
    const facts = [
      [
        '状态',
        { waiting: '等待中', claimed: '处理中', returned: '已转回', closed: '已结束' }[c.status],
      ],
      ['接入人', c.staff ? c.staff.name : ''],
      ['语言', LANGS[c.lang] || c.lang],
      ['诉求人', c.requesterType === 'enterprise' ? '企业' : '市民'],
      ['紧急类型', c.emergencyKind ? EMERGENCIES[c.emergencyKind] : ''],
      ['地点', c.place || ''],
      ['渠道', c.channelId],
    ];
    for (const [term, value] of facts) {
      if (!value) continue;
      ui.convFacts.appendChild(el('dt', null, term));
      ui.convFacts.appendChild(el('dd', null, value));
    }

    renderTranscript(d.transcript || []);
    renderTicket(d.ticket, c);

    const owner = isOwner();
    ui.reply.disabled = ui.replySend.disabled = !owner;
    ui.reply.placeholder = owner ? '' : '接入后才能回复 · Claim it to reply';
    ui.ticketDepartment.disabled =
      ui.ticketCategory.disabled =
      ui.ticketSend.disabled =
        !owner || state.ticketSettled;
    const letGo = mayLetGo();
    ui.release.disabled = ui.close.disabled = !letGo;
    ui.transferTo.disabled = !letGo;
    renderTransferChoices();
  }

  function renderTranscript(entries) {
    const list = ui.transcript;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    clear(list);
    for (const e of entries) {
      const kind = e.private ? 'note' : e.from;
      const item = el('li', 'entry entry--' + kind);
      let who = SPEAKERS[e.from] || e.from;
      if (e.name) who += ' ' + e.name;
      if (e.private) who = '内部备注 · ' + who;
      const meta = el('p', 'entry__meta');
      meta.appendChild(el('span', 'entry__who', who));
      meta.appendChild(el('time', 'entry__time', clock(e.at)));
      item.appendChild(meta);
      item.appendChild(el('p', 'entry__text', e.text));
      list.appendChild(item);
    }
    if (atBottom || !list.dataset.shown) list.scrollTop = list.scrollHeight;
    list.dataset.shown = '1';
  }

  function renderTicket(ticket, c) {
    if (ticket) {
      const parts = ['工单 ' + ticket.id, TICKET_STATUSES[ticket.status] || ticket.status];
      if (ticket.leadDepartment) parts.push(departmentName(ticket.leadDepartment));
      if (ticket.dueAt) parts.push('答复时限 ' + inZone(ticket.dueAt));
      ui.ticketSummary.textContent = parts.join(' ｜ ');
    } else {
      ui.ticketSummary.textContent = '尚无工单 · No ticket yet';
    }
    // A dispatched ticket is the department's: it moves only by their transfer request, which
    // duty staff approve in the ticket system, so the console offers nothing it cannot do.
    const settled = Boolean(ticket) && ticket.status !== 'received';
    state.ticketSettled = settled;
    if (!ticket) ui.ticketSend.textContent = '登记并派单 File';
    else if (!settled) ui.ticketSend.textContent = '派单 Dispatch';
    else {
      ui.ticketSend.textContent = '已派单 Dispatched';
      ui.ticketSummary.textContent +=
        '（改派须由承办单位申请退单 · it moves only if the department asks to hand it on）';
    }

    const guess = c.classification || {};
    const department = (ticket && ticket.leadDepartment) || guess.department || '';
    const category = (ticket && ticket.category) || guess.category || '';
    const departments = (state.queue && state.queue.departments) || [];
    clear(ui.ticketDepartment);
    ui.ticketDepartment.appendChild(option('', '— 请选择 Choose —', !department));
    for (const d of departments) {
      ui.ticketDepartment.appendChild(option(d.code, d.zh + ' · ' + d.en, d.code === department));
    }
    if (department && !departments.some((d) => d.code === department)) {
      ui.ticketDepartment.appendChild(option(department, department, true));
    }
    clear(ui.ticketCategory);
    ui.ticketCategory.appendChild(option('', '— 请选择 Choose —', !category));
    for (const [code, zh] of Object.entries(CATEGORIES)) {
      ui.ticketCategory.appendChild(option(code, zh, code === category));
    }
  }

  function renderTransferChoices() {
    const chosen = ui.transferTo.value;
    clear(ui.transferTo);
    ui.transferTo.appendChild(option('', '— 在线同事 Online colleague —', true));
    const staff = (state.queue && state.queue.staff) || [];
    for (const s of staff) {
      if (s.presence !== 'online' || (state.me && s.username === state.me.username)) continue;
      ui.transferTo.appendChild(option(s.username, s.name, s.username === chosen));
    }
    ui.transfer.disabled = ui.transferTo.disabled || ui.transferTo.options.length < 2;
  }

  ui.convHide.addEventListener('click', () => closeConversation());

  async function send(action, body, done) {
    const key = state.openKey;
    if (!key) return false;
    try {
      await api('POST', caseUrl(key, action), body);
      if (done) showStatus(done, 'ok');
      scheduleConversation();
      scheduleQueue();
      return true;
    } catch (err) {
      failed(err);
      // On its way but not confirmed: the box is cleared all the same, so it is not sent twice.
      return err instanceof ApiError && err.code === 'RELAY_SLOW';
    }
  }

  async function sendReply() {
    const text = ui.reply.value.trim();
    if (!text || ui.reply.disabled) return;
    ui.replySend.disabled = true;
    if (await send('messages', { text })) {
      ui.reply.value = '';
      remember({ draft: '' });
    }
    ui.replySend.disabled = !isOwner();
    ui.reply.focus();
  }

  ui.replyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void sendReply();
  });

  ui.reply.addEventListener('keydown', (event) => {
    // Enter while an input method is composing picks a character; it must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229)
      return;
    event.preventDefault();
    void sendReply();
  });

  ui.reply.addEventListener('input', () => {
    if (state.openKey) remember({ draft: ui.reply.value });
    const now = Date.now();
    if (!isOwner() || !ui.reply.value || now - state.lastTypingSent < TYPING_EVERY_MS) return;
    state.lastTypingSent = now;
    // Best effort: a lost typing indicator is not worth a message on the status line.
    api('POST', caseUrl(state.openKey, 'typing')).catch(() => undefined);
  });

  ui.noteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = ui.note.value.trim();
    if (!text) return;
    if (await send('notes', { text }, '备注已保存 · Note saved')) ui.note.value = '';
  });

  ui.ticketForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!ui.ticketDepartment.value) {
      showStatus('请选择承办部门 · Choose the department', 'error');
      ui.ticketDepartment.focus();
      return;
    }
    const body = {};
    if (ui.ticketDepartment.value) body.department = ui.ticketDepartment.value;
    if (ui.ticketCategory.value) body.category = ui.ticketCategory.value;
    void send('ticket', body, '工单已更新 · Ticket updated');
  });

  ui.release.addEventListener('click', async () => {
    if (await send('release', undefined, '已转回智能助理 · Back with the bot')) closeConversation();
  });

  ui.close.addEventListener('click', async () => {
    if (await send('close', undefined, '对话已结束 · Closed')) closeConversation();
  });

  ui.transfer.addEventListener('click', async () => {
    const username = ui.transferTo.value;
    if (!username) {
      showStatus('请选择一位在线同事 · Choose an online colleague', 'error');
      return;
    }
    const name = ui.transferTo.selectedOptions[0].textContent;
    if (await send('transfer', { username }, '已转给 ' + name + ' · Transferred')) {
      closeConversation();
    }
  });

  // ---- any ticket by its number ----------------------------------------------------------
  // A person who filed in another chat or by phone is told staff can check it: the answer is
  // shown in the side panel in place of the open conversation, which comes back on 收起.

  const lookup = {
    form: $('lookup-form'),
    id: $('lookup-id'),
    send: $('lookup-send'),
    error: $('lookup-error'),
    panel: $('lookup'),
    title: $('lookup-title'),
    facts: $('lookup-facts'),
    text: $('lookup-text'),
    reply: $('lookup-reply'),
    history: $('lookup-history'),
    close: $('lookup-close'),
  };
  const REQUESTERS = { citizen: '市民 Citizen', enterprise: '企业 Enterprise' };

  function lookupFailed(err, typed) {
    const code = err instanceof ApiError ? err.code : '';
    if (code === 'TICKET_NOT_FOUND') {
      lookup.error.textContent = '没有查到工单 ' + typed + ' · No ticket with this number';
    } else if (code === 'TICKET_ID_INVALID') {
      lookup.error.textContent =
        '工单号格式应如 QD20261128-000123 · A ticket number looks like QD20261128-000123';
    } else if (err instanceof ApiError && err.status === 401) {
      failed(err);
    } else {
      lookup.error.textContent = '查询失败 · Lookup failed: ' + (err.message || String(err));
    }
  }

  function showLookup(t) {
    const name = (d) => (d ? d.zh + ' · ' + d.en : '');
    lookup.title.textContent = '工单 Ticket ' + t.id;
    clear(lookup.facts);
    const facts = [
      ['状态 Status', t.statusLabel.zh + ' · ' + t.statusLabel.en],
      ['承办单位 Lead', t.leadDepartment ? name(t.leadDepartment) : '待分派 Not yet assigned'],
      ['首接单位 First contact', name(t.firstContactDepartment)],
      ['类别 Category', t.categoryLabel.zh + ' · ' + t.categoryLabel.en],
      ['登记 Filed', inZone(t.createdAt)],
      ['答复时限 Due', inZone(t.dueAt)],
      ['区域 District', name(t.district)],
      ['地点 Place', t.location || ''],
      ['诉求人 Requester', REQUESTERS[t.requester.type] || t.requester.type],
      // Masked on purpose: staff ask the caller for the number and compare.
      [
        '电话 Phone',
        t.requester.phone ? t.requester.phone + '（请对方报号核对 ask and compare）' : '',
      ],
      ['评价 Rating', t.rating ? t.rating.zh + ' · ' + t.rating.en : ''],
    ];
    for (const [term, value] of facts) {
      if (!value) continue;
      lookup.facts.appendChild(el('dt', null, term));
      lookup.facts.appendChild(el('dd', null, value));
    }
    lookup.text.textContent = t.text;
    lookup.reply.textContent = t.reply
      ? inZone(t.reply.at) + ' ' + name(t.reply.department) + '：' + t.reply.text
      : '尚未答复 · Not answered yet';
    clear(lookup.history);
    for (const step of t.history) {
      const item = el('li');
      item.appendChild(el('time', null, inZone(step.at)));
      item.appendChild(document.createTextNode(step.zh));
      lookup.history.appendChild(item);
    }
    lookup.panel.hidden = false;
    ui.conversation.hidden = true;
    ui.noConversation.hidden = true;
    lookup.title.focus();
    lookup.panel.scrollIntoView({ block: 'start' });
  }

  function hideLookup() {
    if (lookup.panel.hidden) return;
    lookup.panel.hidden = true;
    ui.conversation.hidden = !state.openKey;
    ui.noConversation.hidden = Boolean(state.openKey);
  }

  lookup.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const typed = lookup.id.value.trim();
    lookup.error.textContent = '';
    if (!typed) {
      lookup.error.textContent = '请输入工单号 · Enter a ticket number';
      return;
    }
    lookup.send.disabled = true;
    try {
      const found = await api('GET', '/api/handoff/tickets/' + encodeURIComponent(typed));
      showLookup(found.ticket);
    } catch (err) {
      lookupFailed(err, typed);
    } finally {
      lookup.send.disabled = false;
    }
  });

  lookup.close.addEventListener('click', hideLookup);

  void resume();
})();
