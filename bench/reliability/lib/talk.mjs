// Sessions that talk as a person does (load.mjs of the harness): the speech at real time through server VAD, silence
// until the answer, a gap, again, until a deadline. Each turn is recorded with absolute times (performance.now()).
import { setTimeout as sleep } from 'node:timers/promises';
import { hlib, speech } from './client.mjs';

export function voiceAudio() {
  return { ...speech(20), tailSilenceMs: 1000, turnTimeoutMs: 10000, micOn: true, tools: false, commit: 'vad' };
}

/**
 * Starts n talking sessions spread over rampMs; resolves when all have stopped (deadline) with
 * {turns, sessions, connected()}. A turn failed when it was not valid (lib.mjs audioTurn) or saw an `error` or a
 * failed `response.done`.
 */
export function talkers(engine, { n, rampMs = 3000, deadline, audio = voiceAudio(), turns = [] }) {
  const sessions = [];
  let connected = 0;
  const done = Promise.all(Array.from({ length: n }, async (_, i) => {
    await sleep((i * rampMs) / n);
    const st = { i, closed: null, error: null };
    sessions.push(st);
    const sess = new hlib.RealtimeSession({ url: engine.ws, token: engine.apiKey, parseAll: false });
    const marks = [];
    sess.listeners.add((rec) => {
      if (rec.kind === 'error') marks.push({ t: rec.t, what: 'error', code: rec.ev?.error?.code });
      if (rec.kind === 'response_done') marks.push({ t: rec.t, what: rec.ev?.response?.status });
    });
    try {
      const created = sess.waitFor((r) => r.kind === 'session_created', 10000, 'session.created');
      await sess.open(10000);
      await created;
      connected++;
      while (performance.now() + 4000 < deadline && sess.isOpen) {
        const t0 = performance.now();
        let r;
        try {
          r = await hlib.audioTurn(sess, audio);
        } catch (e) {
          r = { completed: false, valid: false, error: String(e.message || e) };
        }
        const t1 = performance.now();
        const inTurn = marks.filter((m) => m.t >= t0 && m.t <= t1);
        const speechEnd = t0 + 5 + audio.speechEndMs;
        const failed = !r.valid || inTurn.some((m) => m.what === 'error' || m.what === 'failed');
        turns.push({
          session: i, speechEnd, stopped: r.speech_stopped != null ? speechEnd + r.speech_stopped : null, first_audio: r.first_audio,
          valid: r.valid, failed, reason: failed ? (inTurn.find((m) => m.what === 'error')?.code || r.invalid_reason || r.error || 'failed') : null,
        });
        if (!sess.isOpen) break;
        const g0 = performance.now();
        for (let k = 1; k * audio.chunkMs <= 500; k++) {
          await hlib.sleepUntil(g0 + k * audio.chunkMs);
          if (!sess.isOpen) break;
          sess.sendRaw(audio.silenceMsg());
        }
      }
    } catch (e) {
      st.error = String(e.message || e);
    } finally {
      st.closed = sess.closed ? { code: sess.closed.code, reason: sess.closed.reason } : null;
      sess.close();
    }
  }));
  return { done, turns, sessions, connected: () => connected };
}
