// The Hookline console: one page, views by the URL's fragment, everything from the management API.
// Everything shown that comes from the API is set as text (textContent), never parsed as HTML.
'use strict';
(function () {
  const API = new URL('../api/v1/', location.href).pathname;
  const CONSOLE = new URL('./', location.href).pathname;
  const FORMATS = ['momentum', 'standard', 'mozes', 'emma', 'fluidsurveys'];
  const BATCH_STATES = ['READY', 'OPEN', 'DELIVERED', 'DEAD'];
  const SERIES = [
    ['events_in', 'Events in', '#1d4ed8'], ['copies', 'Copies', '#7c3aed'], ['delivered', 'Delivered', '#047857'],
    ['retrying', 'Retrying', '#b45309'], ['dead', 'Dead', '#b91c1c']];
  const state = { csrf: null, refresh: null, chart: null, message: null };
  const view = document.getElementById('view');
  const flash = document.getElementById('flash');

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // ---- building the page, as text only

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'text') {
        e.textContent = String(v);
      } else if (k.startsWith('on')) {
        e.addEventListener(k.slice(2), v);
      } else {
        e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat(Infinity)) {
      if (c !== null && c !== undefined) {
        e.append(c instanceof Node ? c : document.createTextNode(String(c)));
      }
    }
    return e;
  }

  function table(caption, headings, rows, empty) {
    if (!rows.length) {
      return el('p', { class: 'hint', text: empty });
    }
    for (const row of rows) { // a narrow screen shows each row as a card, each cell under its heading
      Array.from(row.children).forEach((cell, i) => cell.setAttribute('data-label', headings[i] || ''));
    }
    return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
      el('table', {}, el('caption', { class: 'skip', text: caption }),
        el('thead', {}, el('tr', {}, headings.map(h => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, rows)));
  }

  function time(ms) {
    return ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
  }

  function show(message, isError) {
    flash.textContent = message;
    flash.className = isError ? 'error' : '';
    flash.hidden = !message;
  }

  function render(title, ...nodes) {
    const heading = el('h1', { tabindex: '-1', text: title });
    view.replaceChildren(heading, ...nodes);
    view.hidden = false;
    document.title = title + ' · Hookline console';
    heading.focus();
  }

  function markNav(name) {
    for (const a of document.querySelectorAll('#nav a')) {
      if (a.getAttribute('href') === '#/' + name) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    }
  }

  // ---- the API, with the session cookie; changes carry the CSRF token

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['X-Hookline-CSRF'] = state.csrf;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (response.status === 401) {
      showLogin(false);
      throw new ApiError(401, 'The session has ended: sign in again');
    }
    if (!response.ok) {
      const message = data && data.errors && data.errors[0] && data.errors[0].message;
      throw new ApiError(response.status, message || 'HTTP ' + response.status);
    }
    return data;
  }

  function webhook(id, rest) {
    return API + 'webhooks/' + encodeURIComponent(id) + (rest || '');
  }

  // ---- signing in and out

  function showLogin(failed, portalExpired) {
    stopRefresh();
    document.getElementById('nav').hidden = true;
    view.hidden = true;
    document.getElementById('login').hidden = false;
    document.getElementById('login-failed').hidden = !failed;
    document.getElementById('portal-expired').hidden = !portalExpired;
    document.getElementById('key').focus();
  }

  async function start() {
    const params = new URLSearchParams(location.search);
    const failed = params.get('login') === 'failed';
    const portalExpired = params.get('portal') === 'expired';
    const portalSignedIn = params.get('portal') === 'signed-in';
    const response = await fetch(CONSOLE + 'session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status !== 200) {
      showLogin(failed, portalExpired);
      return;
    }
    const session = await response.json();
    state.csrf = session.csrf_token;
    document.getElementById('login').hidden = true;
    document.getElementById('who').textContent = 'Signed in as ' + session.principal;
    // the quarantine and the overview span every account: an account's session is not shown them (the API refuses it)
    document.querySelectorAll('.admin-only').forEach(a => { a.hidden = session.account !== null; });
    document.getElementById('nav').hidden = false;
    if (portalSignedIn) {
      state.message = 'A portal link was not used: this browser is signed in already. Sign out first to open it.';
    }
    if (failed || portalExpired || portalSignedIn) {
      history.replaceState(null, '', location.pathname + location.hash);
    }
    window.addEventListener('hashchange', route);
    route();
  }

  document.getElementById('logout').addEventListener('click', async () => {
    await fetch(CONSOLE + 'logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-Hookline-CSRF': state.csrf } });
    state.csrf = null;
    show('');
    showLogin(false);
  });

  // ---- views

  function stopRefresh() {
    if (state.refresh) {
      clearInterval(state.refresh);
      state.refresh = null;
    }
    state.chart = null;
  }

  function every(ms, task) {
    state.refresh = setInterval(() => task().catch(e => show(e.message, true)), ms);
  }

  /** Goes to another view, with a message for it (a message stays with the view it was shown on). */
  function navigate(hash, message) {
    state.message = message;
    location.hash = hash;
  }

  function route() {
    stopRefresh();
    show(state.message || '');
    state.message = null;
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(p => p).map(decodeURIComponent);
    let page;
    if (parts[0] === 'quarantine') {
      markNav('quarantine');
      page = quarantinePage();
    } else if (parts[0] === 'overview') {
      markNav('overview');
      page = overviewPage();
    } else {
      markNav('subscriptions');
      if (parts[0] !== 'subscriptions' || !parts[1]) {
        page = subscriptionsPage();
      } else if (parts[1] === 'new') {
        page = subscriptionForm(null);
      } else if (parts[2] === 'edit') {
        page = api('GET', webhook(parts[1])).then(d => subscriptionForm(d.results));
      } else {
        page = subscriptionPage(parts[1]);
      }
    }
    page.catch(e => show(e.message, true));
  }

  function stateOf(w) {
    if (!w.active) {
      return ['disabled', 'disabled' + (w.deactivated_reason ? ': ' + w.deactivated_reason : '')];
    }
    if (w.paused) {
      return ['paused', 'paused'];
    }
    if (w.failing_since) {
      return ['failing', 'failing since ' + time(w.failing_since)];
    }
    return ['active', 'active'];
  }

  function stateBadge(w) {
    const [kind, text] = stateOf(w);
    return el('span', { class: 'state state-' + kind, text });
  }

  async function subscriptionsPage() {
    const data = await api('GET', API + 'webhooks');
    const rows = data.results.map(w => el('tr', { 'data-id': w.id },
      el('td', {}, el('a', { href: '#/subscriptions/' + encodeURIComponent(w.id), text: w.name })),
      el('td', { class: 'wrap', text: w.target }),
      el('td', { text: (w.events || []).join(', ') }),
      el('td', { text: w.format }),
      el('td', {}, stateBadge(w))));
    render('Subscriptions',
      el('div', { class: 'actions' }, el('a', { class: 'button', href: '#/subscriptions/new', text: 'New subscription' })),
      table('Subscriptions', ['Name', 'Target', 'Events', 'Format', 'State'], rows, 'No subscriptions yet.'));
  }

  function field(label, input, hint) {
    return [el('label', { for: input.id, text: label }), input, hint ? el('p', { class: 'hint', text: hint }) : null];
  }

  async function subscriptionForm(w) {
    const editing = w !== null;
    const name = el('input', { id: 'f-name', name: 'name', required: true, maxlength: '200', value: editing ? w.name : '' });
    const target = el('input', { id: 'f-target', name: 'target', type: 'url', required: true, value: editing ? w.target : '' });
    const events = el('input', { id: 'f-events', name: 'events', required: true,
      value: editing ? (w.events || []).join(', ') : '' });
    const format = el('select', { id: 'f-format', name: 'format' },
      FORMATS.map(f => el('option', { value: f, selected: editing ? w.format === f : f === 'momentum', text: f })));
    const token = el('input', { id: 'f-token', name: 'auth_token', type: 'password', autocomplete: 'off' });
    const maxWait = el('input', { id: 'f-max-wait', name: 'max_wait', type: 'number', min: '1', max: '3600',
      value: editing && w.batch && w.batch.max_wait ? w.batch.max_wait : '' });
    const maxEvents = el('input', { id: 'f-max-events', name: 'max_events', type: 'number', min: '1', max: '10000',
      value: editing && w.batch && w.batch.max_events ? w.batch.max_events : '' });
    const sign = el('input', { id: 'f-sign', name: 'signing_secret', type: 'checkbox' });
    const signKey = el('input', { id: 'f-sign-key', name: 'signing_key', type: 'checkbox' });
    const schedule = el('input', { id: 'f-schedule', name: 'schedule', inputmode: 'numeric',
      value: editing && w.retry && w.retry.schedule ? w.retry.schedule.join(', ') : '' });
    const perSecond = el('input', { id: 'f-rate', name: 'per_second', type: 'number', min: '1', max: '10000', step: '1',
      value: editing && w.rate_limit ? w.rate_limit.per_second : '' });
    const burst = el('input', { id: 'f-burst', name: 'burst', type: 'number', min: '1', max: '10000', step: '1',
      value: editing && w.rate_limit ? w.rate_limit.burst : '' });
    const inFlight = el('input', { id: 'f-in-flight', name: 'max_in_flight', type: 'number', min: '1', max: '32', step: '1',
      value: editing && w.max_in_flight ? w.max_in_flight : '' });
    const transform = el('textarea', { id: 'f-transform', name: 'transform', rows: '3', spellcheck: 'false' });
    transform.value = editing && w.transform ? w.transform.jsonata : '';
    const pem = (id, label) => el('textarea', { id: id, name: id.substring(2), rows: '4', spellcheck: 'false',
      autocomplete: 'off', placeholder: '-----BEGIN ' + label + '-----' });
    const clientCertificate = pem('f-client-certificate', 'CERTIFICATE');
    const clientKey = pem('f-client-key', 'PRIVATE KEY');
    const caCertificates = pem('f-ca-certificates', 'CERTIFICATE');
    const removeTls = el('input', { id: 'f-remove-tls', name: 'remove_tls', type: 'checkbox' });
    const currentTls = editing && w.target_tls ? targetTls(w.target_tls) : null;
    const error = el('p', { class: 'error', role: 'alert', tabindex: '-1', hidden: true });
    const form = el('form', { class: 'card', id: 'subscription-form', novalidate: true },
      error,
      field('Name', name),
      field('Target URL', target, 'It must answer a test POST with 200 before the subscription is saved.'),
      field('Event types', events, 'Comma-separated, e.g. delivery, click'),
      field('Format', format),
      field('Auth token', token, editing ? 'Leave empty to keep the current token (' + (w.auth_token || 'none') + ').'
        : 'Optional: sent as X-MessageSystems-Webhook-Token.'),
      field('Batch: longest wait (seconds)', maxWait),
      field('Batch: most events', maxEvents),
      field('Retry schedule (seconds)', schedule, 'Optional, comma-separated delays, e.g. 5, 300, 1800; empty: the backoff.'),
      field('Rate limit (POSTs a second)', perSecond, 'Optional, 1 to 10000, all nodes together; deliveries wait for it, never fail. Empty: no limit.'),
      field('Rate limit: burst', burst, 'Optional, 1 to 10000: POSTs that may go at once after a quiet time; empty: one second\'s worth.'),
      field('Most batches in flight', inFlight, 'Optional, 1 to 32; empty: one at a time, in order. Above 1, batches may arrive out of order.'),
      field('Transform (JSONata)', transform, 'Optional: reshapes each event\'s data before it is sent.'),
      field('Client certificate (PEM, for mutual TLS)', clientCertificate, (currentTls ? 'Now: ' + currentTls + '. '
        : '') + 'Optional: presented to a target that asks for one; intermediates may follow it. Pasting replaces the '
        + 'current TLS settings; leave all three empty to keep them.'),
      field('Client key (PEM, unencrypted PKCS#8)', clientKey, 'The certificate\'s private key, -----BEGIN PRIVATE KEY-----'
        + ' (convert others with: openssl pkcs8 -topk8 -nocrypt -in key.pem). Stored encrypted, never shown again.'),
      field('CA certificates (PEM)', caCertificates, 'Optional: trusted for the target besides the usual ones, e.g. '
        + 'its private CA or its self-signed certificate.'),
      currentTls ? el('label', { for: 'f-remove-tls' }, removeTls, ' Remove the client certificate and CA certificates')
        : null,
      editing ? null : el('label', { for: 'f-sign' }, sign, ' Sign POSTs (a signing secret is generated and shown once)'),
      editing ? null : el('label', { for: 'f-sign-key' }, signKey, ' Also sign with an ed25519 key (v1a; its public key is shown)'),
      el('button', { type: 'submit', text: editing ? 'Save changes' : 'Create subscription' }));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      error.hidden = true;
      const body = {
        name: name.value.trim(),
        target: target.value.trim(),
        events: events.value.split(',').map(s => s.trim()).filter(s => s),
        format: format.value
      };
      if (token.value) {
        body.auth_token = token.value;
      }
      const batch = {};
      if (maxWait.value) {
        batch.max_wait = Number(maxWait.value);
      }
      if (maxEvents.value) {
        batch.max_events = Number(maxEvents.value);
      }
      if (Object.keys(batch).length) {
        body.batch = batch;
      }
      if (!editing && sign.checked) {
        body.signing_secret = 'generate';
      }
      if (!editing && signKey.checked) {
        body.signing_key = 'generate';
      }
      if (schedule.value.trim()) {
        body.retry = { schedule: schedule.value.split(',').map(s => s.trim()).filter(s => s).map(Number) };
      } else if (editing && w.retry && w.retry.schedule) {
        body.retry = {};
      }
      if (perSecond.value) {
        body.rate_limit = { per_second: Number(perSecond.value) };
        if (burst.value) {
          body.rate_limit.burst = Number(burst.value);
        }
      } else if (editing && w.rate_limit) {
        body.rate_limit = null;
      }
      if (inFlight.value) {
        body.max_in_flight = Number(inFlight.value);
      } else if (editing && w.max_in_flight) {
        body.max_in_flight = null;
      }
      if (transform.value.trim()) {
        body.transform = { jsonata: transform.value };
      } else if (editing && w.transform) {
        body.transform = null;
      }
      const tls = {};
      [['client_certificate', clientCertificate], ['client_key', clientKey], ['ca_certificates', caCertificates]]
        .filter(([, input]) => input.value.trim()).forEach(([key, input]) => { tls[key] = input.value; });
      if (Object.keys(tls).length) {
        body.target_tls = tls;
      } else if (currentTls && removeTls.checked) {
        body.target_tls = null;
      }
      try {
        const data = editing ? await api('PUT', webhook(w.id), body) : await api('POST', API + 'webhooks', body);
        navigate('#/subscriptions/' + encodeURIComponent(data.results.id), editing ? 'Saved.' : 'Created.'
          + (data.results.signing_secret ? ' Its signing secret, shown this once: ' + data.results.signing_secret : ''));
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        error.focus();
      }
    });
    render(editing ? 'Edit ' + w.name : 'New subscription', form);
    name.focus();
  }

  /** How a webhook authenticates to its target, in words; its secrets are never in what the API shows. */
  function targetAuth(auth) {
    if (!auth) {
      return 'none';
    }
    if (auth.basic) {
      return 'basic, user ' + auth.basic.username;
    }
    if (auth.oauth2_client_credentials) {
      return 'OAuth2 client credentials, client ' + auth.oauth2_client_credentials.client_id + ' at '
        + auth.oauth2_client_credentials.token_url;
    }
    return 'headers ' + Object.keys(auth.headers || {}).join(', ');
  }

  /** A subscription's TLS to its target, in words: its certificates' subjects, fingerprints and expiry, never the key. */
  function targetTls(tls) {
    if (!tls) {
      return 'none';
    }
    const parts = [];
    const c = tls.client_certificate;
    if (c) {
      parts.push('client certificate ' + c.subject + ' (issued by ' + c.issuer + ', SHA-256 ' + c.fingerprint_sha256
        + ', valid until ' + c.not_after + ')');
    }
    if (tls.ca_certificates) {
      parts.push('trusts ' + tls.ca_certificates.map(ca => ca.subject + ' (until ' + ca.not_after + ')').join(', '));
    }
    return parts.join('; ') || 'none';
  }

  async function subscriptionPage(id) {
    const w = (await api('GET', webhook(id))).results;
    const fields = [['Id', w.id], ['Target', w.target], ['Events', (w.events || []).join(', ')], ['Format', w.format],
      ['Active from', time(w.active_from)], ['Auth token', w.auth_token || 'none'],
      ['Signing secret', w.signing_secret || 'none'], ['Signing public key (v1a)', w.signing_public_key || 'none'],
      ['Retry schedule', w.retry && w.retry.schedule ? w.retry.schedule.join(', ') + ' s' : 'the backoff'],
      ['Rate limit', w.rate_limit ? w.rate_limit.per_second + ' POSTs a second, bursts of ' + w.rate_limit.burst : 'none'],
      ['Most batches in flight', w.max_in_flight ? String(w.max_in_flight) : '1, in order'],
      ['Transform', w.transform ? w.transform.jsonata : 'none'],
      ['Target authentication', targetAuth(w.target_auth)],
      ['Target TLS (mutual TLS)', targetTls(w.target_tls)]];
    if (w.batch) {
      fields.push(['Batch', 'max ' + (w.batch.max_events || 'default') + ' events, wait ' + (w.batch.max_wait || 'default') + ' s']);
    }
    const batchesBox = el('div', { id: 'batches' });
    const attemptsBox = el('div', { id: 'attempts' });
    let batchState = 'READY';
    const tabs = el('div', { class: 'tabs', role: 'group', 'aria-label': 'Batches by status' },
      BATCH_STATES.map(s => el('button', { type: 'button', 'data-status': s, 'aria-pressed': String(s === batchState),
        text: s.toLowerCase(), onclick: () => { batchState = s; updateTabs(); loadBatches().catch(e => show(e.message, true)); } })));
    function updateTabs() {
      for (const b of tabs.querySelectorAll('button')) {
        b.setAttribute('aria-pressed', String(b.dataset.status === batchState));
      }
    }
    async function loadBatches() {
      const data = await api('GET', webhook(id, '/batches?status=' + batchState));
      const dead = batchState === 'DEAD';
      const rows = data.results.map(b => el('tr', { 'data-batch': b.id },
        el('td', { class: 'wrap', text: b.id }), el('td', { text: b.event_count }), el('td', { text: b.attempts }),
        el('td', { text: b.last_status === null ? '' : b.last_status }),
        el('td', {}, el('code', { class: 'raw', text: b.last_error || '' })),
        el('td', { text: dead ? '' : time(b.next_attempt_at) }),
        dead ? el('td', {}, el('button', { type: 'button', class: 'secondary replay-one', text: 'Replay',
          'aria-label': 'Replay dead letter ' + b.id, onclick: () => replayOne(b.id) })) : null));
      const headings = ['Batch', 'Events', 'Attempts', 'Last status', 'Last error', 'Next attempt'];
      batchesBox.replaceChildren(...[
        dead && rows.length ? el('div', { class: 'actions' }, el('button', { type: 'button', id: 'replay-all',
          class: 'secondary', text: 'Replay all dead letters', onclick: replayAll })) : null,
        table(batchState.toLowerCase() + ' batches', dead ? headings.concat('') : headings, rows,
          'No ' + batchState.toLowerCase() + ' batches.')].filter(n => n !== null));
    }
    async function loadAttempts() {
      const data = await api('GET', webhook(id, '/attempts?limit=50'));
      const rows = data.results.map(a => el('tr', { class: 'attempt attempt-' + a.outcome },
        el('td', { text: time(a.attempted_at) }), el('td', { text: a.outcome }),
        el('td', { text: a.status === null ? '' : a.status }), el('td', { text: a.latency_ms + ' ms' }),
        el('td', {}, el('code', { class: 'raw', text: a.response || '' }))));
      attemptsBox.replaceChildren(table('Delivery attempts', ['Time', 'Outcome', 'Status', 'Latency', 'Answer'], rows,
        'No attempts yet.'));
    }
    async function replayOne(batchId) {
      await act(() => api('POST', webhook(id, '/dead-letters/' + encodeURIComponent(batchId) + '/replay')),
        'Dead letter ' + batchId + ' is back in line for delivery.');
      await loadBatches();
    }
    async function replayAll() {
      const data = await act(() => api('POST', webhook(id, '/dead-letters/replay')));
      if (data) {
        show(data.results.replayed + ' dead letters are back in line for delivery.');
      }
      await loadBatches();
    }
    async function act(call, done) {
      try {
        const data = await call();
        if (done) {
          show(done);
        }
        return data;
      } catch (e) {
        show(e.message, true);
        return null;
      }
    }
    const secretBox = el('p', { id: 'secret', hidden: true });
    const actions = el('div', { class: 'actions' },
      el('a', { class: 'button', href: '#/subscriptions/' + encodeURIComponent(id) + '/edit', text: 'Edit' }),
      el('button', { type: 'button', class: 'secondary', id: 'pause', text: w.paused ? 'Resume' : 'Pause',
        onclick: async () => {
          if (await act(() => api('POST', webhook(id, w.paused ? '/resume' : '/pause')))) {
            route();
          }
        } }),
      el('button', { type: 'button', class: 'secondary', id: 'send-test', text: 'Send test event',
        onclick: async () => {
          const data = await act(() => api('POST', webhook(id, '/test')));
          if (data) {
            const r = data.results;
            show((r.ok ? 'The target took the test event: ' : 'The target refused the test event: ') + r.response
              + ' (' + r.latency_ms + ' ms)', !r.ok);
          }
        } }),
      el('button', { type: 'button', class: 'secondary', id: 'rotate', text: 'Rotate signing secret',
        onclick: async () => {
          if (!confirm('Make a new signing secret? The current one keeps signing for 24 hours.')) {
            return;
          }
          const data = await act(() => api('POST', webhook(id, '/signing-secret')));
          if (data) {
            secretBox.replaceChildren('New signing secret, shown this once: ',
              el('span', { class: 'secret', text: data.results.signing_secret }));
            secretBox.hidden = false;
          }
        } }),
      el('button', { type: 'button', class: 'danger', id: 'delete', text: 'Delete',
        onclick: async () => {
          if (!confirm('Delete subscription ' + w.name + ' with its batches and dead letters?')) {
            return;
          }
          if (await act(() => api('DELETE', webhook(id)))) {
            navigate('#/subscriptions', 'Deleted ' + w.name + '.');
          }
        } }));
    render(w.name,
      el('p', {}, stateBadge(w)),
      actions, secretBox,
      el('div', { class: 'card' }, el('dl', { class: 'fields' },
        fields.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]))),
      el('h2', { text: 'Batches' }), tabs, batchesBox,
      el('h2', { text: 'Delivery attempts' }), attemptsBox);
    await Promise.all([loadBatches(), loadAttempts()]);
    every(3000, () => Promise.all([loadBatches(), loadAttempts()]));
  }

  async function quarantinePage() {
    const data = await api('GET', API + 'quarantine?limit=200');
    const rows = data.results.map(q => el('tr', {},
      el('td', { text: time(q.quarantined_at) }), el('td', { text: q.origin || '' }),
      el('td', { text: q.reason || '' }),
      el('td', {}, el('pre', { class: 'raw', text: q.body }),
        q.body_cut ? el('span', { class: 'hint', text: 'cut; ' + q.size + ' in all' }) : null,
        q.text ? null : el('span', { class: 'hint', text: 'not UTF-8 text' }))));
    render('Quarantine',
      el('p', { class: 'hint', text: 'What was refused and kept on the quarantine queue, oldest first. '
        + 'Bodies are shown as received, as text.' }),
      table('Quarantined messages', ['Time', 'Door', 'Reason', 'Body'], rows, 'The quarantine is empty.'));
  }

  function stat(label, value) {
    return el('div', { class: 'stat' }, el('span', { class: 'n', text: value === null || value === undefined ? '–' : value }),
      el('span', { class: 'l', text: label }));
  }

  function ms(v) {
    return v === null || v === undefined ? null : Math.round(v) + ' ms';
  }

  async function overviewPage() {
    const chartBox = el('div', { id: 'chart', role: 'img', 'aria-label': 'Counts per minute over the last hour' });
    const stats = el('div', { id: 'stats' });
    const recent = el('div', { id: 'recent' });
    render('Overview', el('h2', { text: 'Per minute, last hour (this node)' }), chartBox, stats,
      el('h2', { text: 'Last ten minutes' }), recent);
    async function load() {
      const o = (await api('GET', API + 'overview')).results;
      const totals = SERIES.map(([key]) => o.minutes.reduce((n, m) => n + m[key], 0));
      stats.replaceChildren(
        el('h2', { text: 'Last hour' }),
        el('div', { class: 'stats' }, SERIES.map(([, label], i) => stat(label, totals[i]))),
        el('h2', { text: 'Latency' }),
        el('div', { class: 'stats' }, stat('first event to delivery, p50', ms(o.latency.delivery_p50_ms)),
          stat('first event to delivery, p99', ms(o.latency.delivery_p99_ms)),
          stat('POST, mean', ms(o.latency.request_mean_ms)), stat('POST, longest', ms(o.latency.request_max_ms))),
        el('h2', { text: 'Backlog' }),
        el('div', { class: 'stats' }, stat('open', o.backlog.open), stat('ready', o.backlog.ready),
          stat('retrying', o.backlog.retrying), stat('dead letters', o.backlog.dead)));
      const last = o.minutes.slice(-10).reverse();
      recent.replaceChildren(table('Last ten minutes', ['Minute'].concat(SERIES.map(s => s[1])),
        last.map(m => el('tr', {}, el('td', { text: time(m.at) }), SERIES.map(([key]) => el('td', { text: m[key] })))), ''));
      drawChart(chartBox, o.minutes);
    }
    await load();
    every(10000, load);
  }

  function drawChart(box, minutes) {
    if (typeof window.uPlot !== 'function') {
      box.textContent = 'The chart could not be loaded; the numbers are below.';
      return;
    }
    const data = [minutes.map(m => m.at / 1000)].concat(SERIES.map(([key]) => minutes.map(m => m[key])));
    if (state.chart) {
      state.chart.setData(data);
      return;
    }
    const width = Math.max(280, Math.min(box.clientWidth - 16, 1100));
    state.chart = new window.uPlot({
      width, height: 260,
      series: [{}].concat(SERIES.map(([, label, color]) => ({ label, stroke: color, width: 2 }))),
      scales: { x: { time: true } }
    }, data, box);
  }

  start().catch(e => show(e.message, true));
})();
