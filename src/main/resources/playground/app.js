// The playground: mints a token with the engine API key, talks the GA Realtime protocol over a WebSocket, captures
// the microphone and plays the answer through AudioWorklets, and draws each turn's latency. Runs on the page's
// main thread; the worklets run on the audio thread.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const KEY = 'realtime-playground-key';
  const TITLE = 'Realtime playground';
  const VOICE_LEVEL = 0.015;      // RMS above which the microphone hears speech (client end-of-speech clock)
  const LOG_LIMIT = 800;
  const MARKS = [['speech_stopped', 'speech_stopped'], ['transcript', 'transcript'], ['first_text', 'first text'],
                 ['first_audio', 'first audio']];
  const ENGINE_STAGES = [['stt_final', 'STT'], ['llm_first_token', 'LLM first token'],
                         ['first_speakable_piece', 'first piece'], ['tts_first_byte', 'TTS first byte'],
                         ['first_audio_out', 'first audio out']];

  const state = {
    ws: null, ready: false, ctx: null, stream: null, mic: null, player: null, analyser: null,
    talking: false, lastVoiceAt: 0, playing: null, responding: false, stopWaiters: [], turns: [], bubbles: new Map(),
    cut: new Set(),
  };

  // ---- the key ----------------------------------------------------------------------------------------------
  function showKeyed() {
    document.body.classList.toggle('keyed', Boolean(sessionStorage.getItem(KEY)));
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('api-key').value.trim();
    if (key) {
      sessionStorage.setItem(KEY, key);
      $('api-key').value = '';
      showKeyed();
    }
  });
  $('forget-key').addEventListener('click', async () => {
    await stop();
    sessionStorage.removeItem(KEY);
    showKeyed();
  });

  async function mint() {
    const r = await fetch('/v1/realtime/client_secrets', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), 'Content-Type': 'application/json' },
      body: JSON.stringify({ expires_after: { anchor: 'created_at', seconds: 600 }, session: { type: 'realtime' } }),
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      if (r.status === 401) {
        sessionStorage.removeItem(KEY);
        showKeyed();
      }
      throw new Error('Minting a token failed: ' + ((body.error && body.error.message) || 'HTTP ' + r.status));
    }
    return body.value;
  }

  // ---- settings ---------------------------------------------------------------------------------------------
  function tools() {
    const text = $('tools').value.trim();
    if (!text) {
      return [];
    }
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new Error('Tools are not JSON: ' + e.message);
    }
    if (!Array.isArray(parsed) || parsed.some((t) => !t || typeof t.name !== 'string')) {
      throw new Error('Tools must be a JSON array of objects with a "name"');
    }
    return parsed.map((t) => Object.assign({ type: 'function' }, t));
  }

  function sessionConfig() {
    const mode = $('mode').value;
    let turn = null;
    if (mode === 'server_vad') {
      turn = { type: 'server_vad', threshold: Number($('threshold').value),
               silence_duration_ms: Number($('silence').value) };
    } else if (mode === 'semantic_vad') {
      turn = { type: 'semantic_vad', eagerness: $('eagerness').value };
    }
    const output = { format: { type: 'audio/pcm', rate: 24000 } };
    if ($('voice').value.trim()) {
      output.voice = $('voice').value.trim();
    }
    return {
      type: 'realtime',
      instructions: $('instructions').value,
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: turn,
                 transcription: $('transcription').checked ? { model: 'gpt-4o-transcribe' } : null },
        output,
      },
      tools: tools(),
    };
  }

  function applySettings() {
    $('settings-error').textContent = '';
    try {
      send({ type: 'session.update', session: sessionConfig() });
    } catch (e) {
      $('settings-error').textContent = e.message;
    }
    $('talk').disabled = !state.ready || $('mode').value !== 'push_to_talk';
  }

  // ---- starting and stopping ----------------------------------------------------------------------------------
  async function start() {
    $('start').disabled = true;
    $('settings-error').textContent = '';
    setStatus('connecting');
    try {
      sessionConfig();
      const token = await mint();
      await startAudio();
      connect(token);
    } catch (e) {
      system('error', e.message);
      $('settings-error').textContent = e.message;
      teardown();
    }
  }

  async function startAudio() {
    const ctx = new AudioContext();
    state.ctx = ctx;
    await ctx.audioWorklet.addModule('/playground/mic-worklet.js');
    await ctx.audioWorklet.addModule('/playground/player-worklet.js');
    state.stream = await navigator.mediaDevices.getUserMedia(
      { audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    const source = ctx.createMediaStreamSource(state.stream);
    state.mic = new AudioWorkletNode(ctx, 'mic-capture');
    const mute = ctx.createGain();
    mute.gain.value = 0;
    source.connect(state.mic).connect(mute).connect(ctx.destination);
    state.mic.port.onmessage = (e) => onMicFrame(e.data);
    state.player = new AudioWorkletNode(ctx, 'player', { outputChannelCount: [1] });
    state.analyser = ctx.createAnalyser();
    state.player.connect(state.analyser).connect(ctx.destination);
    state.player.port.onmessage = (e) => onPlayer(e.data);
    await ctx.resume();
  }

  function connect(token) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    // timings=true asks the engine for its per-turn stage times; an engine without them ignores it
    const ws = new WebSocket(scheme + '://' + location.host + '/v1/realtime?model=gpt-realtime&timings=true',
                             ['realtime', 'openai-insecure-api-key.' + token]);
    state.ws = ws;
    ws.onmessage = (e) => {
      let event;
      try {
        event = JSON.parse(e.data);
      } catch (err) {
        system('error', 'The engine sent something that is not JSON');
        return;
      }
      log('in', event);
      handle(event);
    };
    ws.onclose = (e) => {
      if (state.ws === ws) {
        system(e.code === 1000 ? 'info' : 'error', 'Session closed (' + e.code + (e.reason ? ': ' + e.reason : '')
               + ')');
        teardown();
      }
    };
    ws.onerror = () => log('in', { type: 'websocket.error' });
    $('stop').disabled = false;
  }

  async function stop() {
    const ws = state.ws;
    if (ws && ws.readyState === WebSocket.OPEN) {
      await interrupt();
      ws.close(1000, 'stopped');
    }
    teardown();
  }

  function teardown() {
    state.ws = null;
    state.ready = false;
    state.talking = false;
    state.playing = null;
    state.responding = false;
    if (state.stream) {
      state.stream.getTracks().forEach((t) => t.stop());
    }
    if (state.ctx) {
      state.ctx.close();
    }
    Object.assign(state, { stream: null, ctx: null, mic: null, player: null, analyser: null });
    document.title = TITLE;
    setStatus('not connected');
    $('level').value = 0;
    $('start').disabled = false;
    for (const id of ['stop', 'talk', 'apply', 'text-input', 'send-text']) {
      $(id).disabled = true;
    }
  }

  function setStatus(text) {
    $('status').textContent = text;
    $('status').classList.toggle('on', text === 'connected');
  }

  function send(event) {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify(event));
      log('out', event);
    }
  }

  // ---- microphone -----------------------------------------------------------------------------------------------
  function onMicFrame({ pcm, level }) {
    $('level').value = Math.min(1, level * 4);
    if (level > VOICE_LEVEL) {
      state.lastVoiceAt = performance.now();
    }
    const open = state.ready && ($('mode').value !== 'push_to_talk' || state.talking);
    if (open) {
      send({ type: 'input_audio_buffer.append', audio: base64(new Uint8Array(pcm)) });
    }
  }

  function base64(bytes) {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  }

  function talkDown(e) {
    e.preventDefault();
    if (state.talking || !state.ready) {
      return;
    }
    state.talking = true;
    $('talk').classList.add('held');
    interrupt();
    if (state.responding) {
      send({ type: 'response.cancel' });
    }
    send({ type: 'input_audio_buffer.clear' });
  }

  function talkUp() {
    if (!state.talking) {
      return;
    }
    state.talking = false;
    $('talk').classList.remove('held');
    newTurn(performance.now(), null);
    send({ type: 'input_audio_buffer.commit' });
    send({ type: 'response.create' });
  }

  // ---- playback ---------------------------------------------------------------------------------------------------
  function play(event) {
    // deltas of an answer already cut off are still in flight after a barge-in: they must not restart it
    if (!state.player || state.cut.has(event.item_id)) {
      return;
    }
    const bin = atob(event.delta);
    const pcm = new Int16Array(bin.length >> 1);
    for (let i = 0; i < pcm.length; i++) {
      const s = bin.charCodeAt(2 * i) | (bin.charCodeAt(2 * i + 1) << 8);
      pcm[i] = s;
    }
    const samples = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) {
      samples[i] = pcm[i] / 0x8000;
    }
    if (!state.playing || state.playing.itemId !== event.item_id) {
      state.playing = { itemId: event.item_id, contentIndex: event.content_index || 0, drained: false };
    }
    state.player.port.postMessage({ type: 'chunk', itemId: event.item_id, samples: samples.buffer },
                                  [samples.buffer]);
  }

  function onPlayer(message) {
    if (message.type === 'drained' && state.playing && state.playing.itemId === message.itemId) {
      state.playing.drained = true;
    } else if (message.type === 'stopped') {
      state.stopWaiters.splice(0).forEach((w) => w(message));
    }
  }

  /** Stops playback at once; truncates the item being played at what was really heard. */
  function interrupt() {
    const playing = state.playing;
    if (!playing || playing.drained || !state.player) {
      return Promise.resolve();
    }
    state.playing = null;
    state.cut.add(playing.itemId);
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 300);
      state.stopWaiters.push((stopped) => {
        clearTimeout(timer);
        send({ type: 'conversation.item.truncate', item_id: playing.itemId, content_index: playing.contentIndex,
               audio_end_ms: stopped.playedMs });
        system('info', 'Playback stopped after ' + stopped.playedMs + ' ms; the answer was truncated there');
        resolve();
      });
      state.player.port.postMessage({ type: 'stop' });
    });
  }

  // ---- events -----------------------------------------------------------------------------------------------------
  function handle(ev) {
    switch (ev.type) {
      case 'session.created':
        state.ready = true;
        document.title = TITLE + ' (connected)';
        setStatus('connected');
        for (const id of ['apply', 'text-input', 'send-text']) {
          $(id).disabled = false;
        }
        applySettings();
        break;
      case 'error':
        system('error', (ev.error && ev.error.message) || 'error');
        break;
      case 'input_audio_buffer.speech_started':
        interrupt();
        bubble(ev.item_id, 'user', '…').classList.add('pending');
        break;
      case 'input_audio_buffer.speech_stopped': {
        const now = performance.now();
        const end = state.lastVoiceAt > 0 && state.lastVoiceAt <= now ? state.lastVoiceAt : now;
        newTurn(end, ev.item_id).marks.speech_stopped = now;
        break;
      }
      case 'input_audio_buffer.committed': {
        const turn = state.turns.find((t) => !t.itemId);
        if (turn) {
          turn.itemId = ev.item_id;
        }
        break;
      }
      case 'conversation.item.input_audio_transcription.delta':
        appendText(ev.item_id, 'user', ev.delta);
        break;
      case 'conversation.item.input_audio_transcription.completed': {
        const b = bubble(ev.item_id, 'user', '');
        b.textContent = ev.transcript || '(no words)';
        b.classList.remove('pending');
        mark(state.turns.find((t) => t.itemId === ev.item_id), 'transcript');
        break;
      }
      case 'conversation.item.added':
      case 'conversation.item.created':
        showItem(ev.item || {});
        break;
      case 'response.created': {
        const turn = [...state.turns].reverse().find((t) => !t.responseId) || newTurn(performance.now(), null);
        turn.responseId = ev.response && ev.response.id;
        turn.createdAt = performance.now();
        state.responding = true;
        break;
      }
      case 'response.output_text.delta':
      case 'response.output_audio_transcript.delta':
        appendText(ev.item_id, 'assistant', ev.delta);
        mark(turnOf(ev.response_id), 'first_text');
        break;
      case 'response.output_audio.delta':
        mark(turnOf(ev.response_id), 'first_audio');
        play(ev);
        break;
      case 'response.output_audio.done':
        if (state.player) {
          state.player.port.postMessage({ type: 'complete' });
        }
        break;
      case 'response.function_call_arguments.done':
        showCall(ev.call_id, ev.name, ev.arguments);
        break;
      case 'response.done': {
        const r = ev.response || {};
        state.responding = false;
        if (r.status === 'failed') {
          system('error', 'Response failed: ' + JSON.stringify(r.status_details || {}));
        }
        (r.output || []).filter((i) => i.type === 'function_call').forEach((i) => showCall(i.call_id, i.name,
                                                                                          i.arguments));
        if (state.player) {
          state.player.port.postMessage({ type: 'complete' });
        }
        break;
      }
      case 'x_engine.response.timings':
        engineTimings(ev);
        break;
      default:
        break;
    }
  }

  // ---- conversation -----------------------------------------------------------------------------------------------
  function bubble(itemId, role, text) {
    let b = state.bubbles.get(itemId);
    if (!b) {
      b = document.createElement('div');
      b.className = 'msg ' + role;
      b.textContent = text;
      state.bubbles.set(itemId, b);
      $('conversation').appendChild(b);
    }
    return b;
  }

  function appendText(itemId, role, delta) {
    const b = bubble(itemId, role, '');
    if (b.classList.contains('pending')) {
      b.textContent = '';
      b.classList.remove('pending');
    }
    b.textContent += delta || '';
    $('conversation').scrollTop = $('conversation').scrollHeight;
  }

  function showItem(item) {
    if (item.type !== 'message' || !item.id) {
      return;
    }
    const text = (item.content || []).map((c) => c.text || c.transcript || '').join('');
    const b = bubble(item.id, item.role === 'assistant' ? 'assistant' : 'user', text);
    if (!text && item.role === 'user') {
      b.textContent = '…';
      b.classList.add('pending');
    }
  }

  function system(kind, text) {
    const b = document.createElement('div');
    b.className = 'msg system' + (kind === 'error' ? ' error' : '');
    b.textContent = text;
    $('conversation').appendChild(b);
    $('conversation').scrollTop = $('conversation').scrollHeight;
  }

  function showCall(callId, name, args) {
    if (!callId || document.querySelector('[data-call="' + CSS.escape(callId) + '"]')) {
      return;
    }
    const box = document.createElement('div');
    box.className = 'call';
    box.dataset.call = callId;
    const title = document.createElement('div');
    title.textContent = 'Function call ' + name + '(' + (args || '') + ')';
    const output = document.createElement('textarea');
    output.rows = 2;
    output.value = '{"ok":true}';
    const answer = document.createElement('button');
    answer.type = 'button';
    answer.textContent = 'Send result';
    answer.addEventListener('click', () => {
      send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId,
                                                        output: output.value } });
      newTurn(performance.now(), null);
      send({ type: 'response.create' });
      box.remove();
    });
    box.append(title, output, answer);
    $('calls').appendChild(box);
  }

  function sendText(e) {
    e.preventDefault();
    const text = $('text-input').value.trim();
    if (!text || !state.ready) {
      return;
    }
    interrupt();
    $('text-input').value = '';
    send({ type: 'conversation.item.create',
           item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
    newTurn(performance.now(), null).typed = true;
    send({ type: 'response.create' });
  }

  // ---- latency ------------------------------------------------------------------------------------------------------
  function newTurn(endOfSpeech, itemId) {
    const el = document.createElement('div');
    el.className = 'turn';
    $('latency').prepend(el);
    const turn = { n: state.turns.length + 1, endOfSpeech, itemId, responseId: null, marks: {}, engine: null, el };
    state.turns.push(turn);
    render(turn);
    return turn;
  }

  function turnOf(responseId) {
    return state.turns.find((t) => t.responseId && t.responseId === responseId);
  }

  function mark(turn, name) {
    if (turn && turn.marks[name] === undefined) {
      turn.marks[name] = performance.now();
      render(turn);
    }
  }

  function render(turn) {
    const points = MARKS.filter(([k]) => turn.marks[k] !== undefined)
      .map(([k, label]) => ({ label, at: turn.marks[k] - turn.endOfSpeech }));
    const engine = enginePoints(turn);
    const last = (list) => (list.length ? list[list.length - 1].at : 0);
    const total = Math.max(1, last(points), last(engine));
    const figures = document.createElement('div');
    figures.className = 'figures';
    figures.textContent = 'Turn ' + turn.n + (turn.typed ? ' (typed)' : '') + ': '
      + (points.map((p) => p.label + ' ' + Math.round(p.at) + ' ms').join(' · ') || 'waiting');
    turn.el.replaceChildren(figures, bar(points, 0, total, 'client'));
    if (engine.length) {
      const line = document.createElement('div');
      line.className = 'engine-figures';
      line.textContent = 'engine, after ' + turn.engine.from + ': '
        + engine.map((p) => p.label + ' ' + Math.round(p.ms)).join(' · ') + ' ms';
      turn.el.append(bar(engine, engine.offset, total, 'engine'), line);
    }
  }

  /** A bar of consecutive segments on the turn's time axis (ms after the end of speech), starting at offset. */
  function bar(points, offset, total, kind) {
    const el = document.createElement('div');
    el.className = 'bar ' + kind;
    if (offset > 0) {
      const gap = document.createElement('div');
      gap.className = 'gap';
      gap.style.width = (100 * offset / total) + '%';
      el.appendChild(gap);
    }
    let before = offset;
    points.forEach((p, i) => {
      const seg = document.createElement('div');
      seg.className = 'seg s' + i;
      seg.style.width = (100 * Math.max(0, p.at - before) / total) + '%';
      seg.title = p.label + ' at ' + Math.round(p.at) + ' ms';
      seg.textContent = p.label;
      el.appendChild(seg);
      before = Math.max(before, p.at);
    });
    return el;
  }

  /** The engine's stage times placed on the client's axis, from where the engine's clock started. */
  function enginePoints(turn) {
    if (!turn.engine) {
      return [];
    }
    const start = turn.engine.from === 'speech_stopped' ? turn.marks.speech_stopped : turn.createdAt;
    const offset = start === undefined ? 0 : Math.max(0, start - turn.endOfSpeech);
    const points = ENGINE_STAGES.filter(([k]) => typeof turn.engine.ms[k] === 'number')
      .map(([k, label]) => ({ label, ms: turn.engine.ms[k], at: offset + turn.engine.ms[k] }));
    points.offset = offset;
    return points;
  }

  /** The engine's own stage times (the opt-in x_engine.response.timings event). */
  function engineTimings(ev) {
    const spoken = ev.from_speech_stopped_ms && Object.keys(ev.from_speech_stopped_ms).length > 0;
    const ms = (spoken ? ev.from_speech_stopped_ms : ev.from_response_start_ms) || {};
    const turn = turnOf(ev.response_id);
    if (turn && Object.keys(ms).length) {
      turn.engine = { from: spoken ? 'speech_stopped' : 'response start', ms };
      render(turn);
    }
  }

  // ---- event log ----------------------------------------------------------------------------------------------------
  function elide(key, value) {
    if ((key === 'audio' || key === 'delta') && typeof value === 'string' && value.length > 64
        && (this.type === undefined || /audio/.test(this.type || '') && !/transcript/.test(this.type || ''))) {
      return '<' + value.length + ' base64 chars>';
    }
    return value;
  }

  function log(direction, event) {
    const list = $('log');
    const last = list.lastElementChild;
    const repeated = event.type === 'input_audio_buffer.append' || event.type === 'response.output_audio.delta';
    if (repeated && last && last.dataset.type === event.type && last.dataset.dir === direction) {
      last.dataset.count = String(Number(last.dataset.count) + 1);
      last.textContent = (direction === 'out' ? '→ ' : '← ') + event.type + ' ×' + last.dataset.count;
      return;
    }
    const li = document.createElement('li');
    li.className = direction + (event.type === 'error' ? ' error' : '');
    li.dataset.type = event.type;
    li.dataset.dir = direction;
    li.dataset.count = '1';
    li.textContent = (direction === 'out' ? '→ ' : '← ') + JSON.stringify(event, elide);
    li.hidden = !matches(li);
    list.appendChild(li);
    while (list.childElementCount > LOG_LIMIT) {
      list.firstElementChild.remove();
    }
  }

  function matches(li) {
    const filter = $('log-filter').value.trim().toLowerCase();
    return !filter || li.textContent.toLowerCase().includes(filter);
  }

  // ---- wiring -------------------------------------------------------------------------------------------------------
  $('start').addEventListener('click', start);
  $('stop').addEventListener('click', stop);
  $('apply').addEventListener('click', applySettings);
  $('mode').addEventListener('change', () => state.ready && applySettings());
  $('text-form').addEventListener('submit', sendText);
  $('talk').addEventListener('pointerdown', talkDown);
  for (const type of ['pointerup', 'pointerleave', 'pointercancel']) {
    $('talk').addEventListener(type, talkUp);
  }
  $('talk').addEventListener('keydown', (e) => (e.key === ' ' || e.key === 'Enter') && !e.repeat && talkDown(e));
  $('talk').addEventListener('keyup', (e) => (e.key === ' ' || e.key === 'Enter') && talkUp());
  $('log-filter').addEventListener('input', () => {
    for (const li of $('log').children) {
      li.hidden = !matches(li);
    }
  });
  window.playground = {
    /** The RMS of what the page is playing now (for tests that listen to the output). */
    outputLevel() {
      if (!state.analyser) {
        return 0;
      }
      const data = new Float32Array(state.analyser.fftSize);
      state.analyser.getFloatTimeDomainData(data);
      return Math.sqrt(data.reduce((sum, s) => sum + s * s, 0) / data.length);
    },
  };
  document.title = TITLE;
  showKeyed();
})();
