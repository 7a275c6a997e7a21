// Microphone capture: resamples the context's rate to 24 kHz mono (linear interpolation) and posts 20 ms frames
// of PCM16 (480 samples) with their RMS level. Runs on the audio rendering thread.
const OUT_RATE = 24000;
const FRAME = 480;

class MicCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / OUT_RATE;
    this.pos = 0;          // fractional read position into the pending input
    this.pending = new Float32Array(0);
    this.frame = new Int16Array(FRAME);
    this.filled = 0;
    this.energy = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) {
      return true;
    }
    const input = new Float32Array(this.pending.length + channel.length);
    input.set(this.pending);
    input.set(channel, this.pending.length);
    let pos = this.pos;
    while (pos + 1 < input.length) {
      const i = Math.floor(pos);
      const frac = pos - i;
      const s = Math.max(-1, Math.min(1, input[i] * (1 - frac) + input[i + 1] * frac));
      this.energy += s * s;
      this.frame[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      if (this.filled === FRAME) {
        const pcm = this.frame.slice();
        this.port.postMessage({ pcm: pcm.buffer, level: Math.sqrt(this.energy / FRAME) }, [pcm.buffer]);
        this.filled = 0;
        this.energy = 0;
      }
      pos += this.step;
    }
    const keep = Math.floor(pos);
    this.pending = input.slice(keep);
    this.pos = pos - keep;
    return true;
  }
}

registerProcessor('mic-capture', MicCapture);
