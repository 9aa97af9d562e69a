// The sandbox page's script: draws what /sandbox/ui renders, sends what a person does, redraws on every change (SSE).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const as = $('as');
  let user = localStorage.getItem('warroom.user') || as.value;
  if (![...as.options].some((o) => o.value === user)) user = as.value;
  as.value = user;
  let channel = localStorage.getItem('warroom.channel.' + user) || '';
  let modalShown = '';
  let openedPostmortem = '';
  let usageFor = '';

  function toast(message) {
    const t = $('toast');
    t.textContent = message;
    t.hidden = !message;
  }

  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    toast(answer.error || '');
    return answer;
  }

  function showTz() {
    const o = as.selectedOptions[0];
    $('tz').textContent = o ? 'Time zone ' + o.dataset.tz + ' (times below are in it)' : '';
  }

  function openFile(id, title) {
    const viewer = document.createElement('dialog');
    viewer.className = 'file-viewer';
    viewer.innerHTML = '<header><b></b><span class="grow"></span><a class="btn" target="_blank">Open in a new tab</a><button type="button" class="btn">Close</button></header><iframe></iframe>';
    viewer.querySelector('b').textContent = '📄 ' + (title || 'File');
    viewer.querySelector('a').href = '/sandbox/files/' + encodeURIComponent(id);
    viewer.querySelector('iframe').src = '/sandbox/files/' + encodeURIComponent(id);
    viewer.querySelector('button').onclick = () => viewer.remove();
    document.body.appendChild(viewer);
    viewer.showModal();
  }

  function drawModal(html) {
    if (html === modalShown) return;
    const box = $('modal');
    const old = box.querySelector('dialog');
    const kept = {};
    if (old) for (const el of old.querySelectorAll('input,textarea,select')) kept[el.id + '|' + el.value] = el.type === 'radio' || el.type === 'checkbox' ? el.checked : el.value;
    const sameView = old && html.includes('data-view="' + old.dataset.view + '"');
    box.innerHTML = html;
    modalShown = html;
    if (sameView) {
      for (const el of box.querySelectorAll('input,textarea,select')) {
        if (el.type === 'radio' || el.type === 'checkbox') continue;
        const prev = old.querySelector('#' + CSS.escape(el.id));
        if (prev) el.value = prev.value;
      }
      for (const el of box.querySelectorAll('input[type=radio],input[type=checkbox]')) {
        const key = el.id + '|' + el.value;
        if (key in kept) el.checked = kept[key];
      }
    }
    const first = box.querySelector('.has-error input, .has-error textarea, .has-error select') || (!sameView && box.querySelector('input,textarea,select'));
    if (first) first.focus();
  }

  let drawing = false;
  let again = false;
  async function refresh() {
    if (drawing) { again = true; return; }
    drawing = true;
    try {
      const asked = user + '|' + channel;
      const res = await fetch('/sandbox/ui?user=' + encodeURIComponent(user) + '&channel=' + encodeURIComponent(channel));
      const ui = await res.json();
      // The person switched channel or user while this was on its way: draw what they asked for instead.
      if (asked !== user + '|' + channel) { again = true; return; }
      if (ui.error) { toast(ui.error); return; }
      const list = $('main').querySelector('.messages');
      const atBottom = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      const switched = ui.channel !== channel;
      channel = ui.channel || '';
      localStorage.setItem('warroom.channel.' + user, channel);
      $('sidebar').innerHTML = ui.sidebar;
      $('main').innerHTML = ui.main;
      const now = $('main').querySelector('.messages');
      if (now && (atBottom || switched)) now.scrollTop = now.scrollHeight;
      drawModal(ui.modal);
      document.title = (ui.unread ? '(' + ui.unread + ') ' : '') + 'warroom sandbox';
      const d = ui.drill;
      $('drill').hidden = !d;
      $('drill-start').hidden = !!(d && d.running);
      $('drill-stop').hidden = !(d && d.running);
      if (d) {
        $('drill').textContent = (d.running ? '▶ Drill running: ' : '■ Drill over: ') + d.progress + ' · ' + d.scale + (d.error ? ' · ' + d.error : '');
        if (d.postmortemFile && d.postmortemFile !== openedPostmortem) {
          openedPostmortem = d.postmortemFile;
          openFile(d.postmortemFile, 'Postmortem (the drill ends here)');
        }
      }
    } finally {
      drawing = false;
      if (again) { again = false; void refresh(); }
    }
  }

  async function loadUsage() {
    if (usageFor === user + channel) return;
    usageFor = user + channel;
    const res = await fetch('/sandbox/usage?user=' + encodeURIComponent(user) + '&channel=' + encodeURIComponent(channel));
    const { usage } = await res.json();
    const dl = $('usage');
    dl.innerHTML = '';
    for (const u of usage || []) {
      const o = document.createElement('option');
      o.value = '/incident ' + u.split(' ')[0] + ' ';
      o.label = '/incident ' + u;
      dl.appendChild(o);
    }
    if (!usage || usage.length === 0) usageFor = '';
  }

  function valuesOf(form) {
    const values = {};
    for (const box of form.querySelectorAll('.input[data-block]')) {
      const type = box.dataset.type;
      let value;
      if (type === 'radio_buttons') value = (box.querySelector('input:checked') || {}).value || null;
      else if (type === 'checkboxes') value = [...box.querySelectorAll('input:checked')].map((i) => i.value);
      else { const el = box.querySelector('input,textarea,select'); value = el ? el.value : null; }
      values[box.dataset.block] = { [box.dataset.action]: { type, value } };
    }
    return values;
  }

  as.addEventListener('change', () => {
    user = as.value;
    localStorage.setItem('warroom.user', user);
    channel = localStorage.getItem('warroom.channel.' + user) || channel;
    modalShown = '';
    showTz();
    void refresh();
  });

  $('text').addEventListener('input', (e) => { if (e.target.value.startsWith('/')) void loadUsage(); });

  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('text');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    await post('/sandbox/send', { user, channel, text });
  });

  document.addEventListener('click', async (e) => {
    const t = e.target.closest('[data-channel],[data-pin],[data-shortcut],[data-action],[data-close-view],[data-file]');
    if (!t) return;
    e.preventDefault();
    const msg = t.closest('.msg');
    const modal = t.closest('dialog.modal');
    if (t.dataset.file) return openFile(t.dataset.file, t.textContent.replace('📄', '').trim());
    if (t.hasAttribute('data-close-view')) return post('/sandbox/close-view', { user, viewId: modal.dataset.view });
    if (t.dataset.channel && !t.dataset.action) { channel = t.dataset.channel; return refresh(); }
    if (t.hasAttribute('data-pin')) return post('/sandbox/pin', { user, channel, ts: msg.dataset.ts });
    if (t.dataset.shortcut) return post('/sandbox/shortcut', { user, channel, ts: msg.dataset.ts });
    if (t.dataset.action) {
      if (t.dataset.confirm) {
        const c = JSON.parse(t.dataset.confirm);
        const words = [c.title && c.title.text, c.text && c.text.text].filter(Boolean).join('\n\n');
        if (!window.confirm(words || 'Are you sure?')) return;
      }
      const where = modal ? { viewId: modal.dataset.view } : { channel, ts: msg.dataset.ts };
      t.disabled = true;
      return post('/sandbox/click', { user, actionId: t.dataset.action, blockId: t.dataset.block, value: t.dataset.value, ...where });
    }
  });

  document.addEventListener('submit', async (e) => {
    const form = e.target.closest('dialog.modal form');
    if (!form) return;
    e.preventDefault();
    const viewId = form.closest('dialog').dataset.view;
    await post('/sandbox/submit', { user, viewId, values: valuesOf(form) });
  });

  $('reset').addEventListener('click', async () => {
    if (!window.confirm('Reset the sandbox? Every channel, message and incident here is forgotten.')) return;
    localStorage.clear();
    channel = '';
    await post('/sandbox/reset', {});
    void refresh();
  });
  $('drill-start').addEventListener('click', () => post('/sandbox/drill/start', { user, fast: params.has('fast') }));
  $('drill-stop').addEventListener('click', () => post('/sandbox/drill/stop', {}));

  const events = new EventSource('/sandbox/events');
  events.addEventListener('change', () => void refresh());
  events.addEventListener('open', () => void refresh());
  showTz();
  void refresh();
})();
