// Playback of the assistant's 24 kHz audio at the context's rate, with a small jitter buffer: an item starts
// playing once 60 ms are queued, or at once when the engine says no more is coming. Counts what was really
// played per item so a barge-in can truncate at that point. Runs on the audio rendering thread.
const IN_RATE = 24000;
const JITTER_SAMPLES = IN_RATE * 0.06;

class Player extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = IN_RATE / sampleRate;
    this.chunks = [];      // Float32Array pieces at 24 kHz
    this.queued = 0;       // samples queued and not played
    this.pos = 0;          // fractional position in chunks[0]
    this.itemId = null;
    this.played = 0;       // samples of itemId played
    this.started = false;
    this.complete = false;
    this.port.onmessage = (e) => this.onMessage(e.data);
  }

  onMessage(m) {
    if (m.type === 'chunk') {
      if (m.itemId !== this.itemId) {
        this.itemId = m.itemId;
        this.played = 0;
        this.started = false;
        this.complete = false;
      }
      const samples = new Float32Array(m.samples);
      this.chunks.push(samples);
      this.queued += samples.length;
    } else if (m.type === 'complete') {
      this.complete = true;
    } else if (m.type === 'stop') {
      this.port.postMessage({ type: 'stopped', itemId: this.itemId,
                              playedMs: Math.floor((this.played + Math.floor(this.pos)) * 1000 / IN_RATE), remaining: this.queued });
      this.chunks = [];
      this.queued = 0;
      this.pos = 0;
      this.started = false;
    }
  }

  process(inputs, outputs) {
    const out = outputs[0][0];
    if (!this.started && (this.queued >= JITTER_SAMPLES || (this.complete && this.queued > 0))) {
      this.started = true;
    }
    if (!this.started) {
      out.fill(0);
      return true;
    }
    for (let n = 0; n < out.length; n++) {
      if (this.chunks.length === 0) {
        out.fill(0, n);
        if (this.complete) {
          this.port.postMessage({ type: 'drained', itemId: this.itemId });
          this.complete = false;
        }
        this.started = false;
        break;
      }
      const chunk = this.chunks[0];
      const i = Math.floor(this.pos);
      const next = i + 1 < chunk.length ? chunk[i + 1] : (this.chunks[1] ? this.chunks[1][0] : chunk[i]);
      const frac = this.pos - i;
      out[n] = chunk[i] * (1 - frac) + next * frac;
      this.pos += this.step;
      while (this.chunks.length > 0 && this.pos >= this.chunks[0].length) {
        const done = this.chunks.shift();
        this.pos -= done.length;
        this.queued -= done.length;
        this.played += done.length;
      }
    }
    for (let c = 1; c < outputs[0].length; c++) {
      outputs[0][c].set(out);
    }
    return true;
  }
}

registerProcessor('player', Player);
