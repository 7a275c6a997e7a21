package dev.realtime.tts.local;

import java.util.concurrent.locks.ReentrantLock;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;

import dev.realtime.tts.AudioSink;
import dev.realtime.tts.TtsException;
import dev.realtime.tts.TtsStream;

import dev.realtime.upstream.FailureKind;

/**
 * One session's FreeTTS voice, allocated at the first piece. {@link #speak} runs on the response's speaker thread
 * and hands audio to the sink as FreeTTS produces it; {@link #cancel()} makes the capturing player refuse further
 * audio, which stops the utterance.
 */
final class FreeTtsStream implements TtsStream {
    private static final int RATE = 16_000;
    private static final ReentrantLock ALLOCATION = new ReentrantLock();

    private final double speed;
    private final CapturingPlayer player = new CapturingPlayer();
    private Voice voice;

    FreeTtsStream(double speed) {
        this.speed = speed;
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public void speak(String text, AudioSink sink) {
        if (text.isBlank()) {
            return;
        }
        Voice v = voice();
        player.start(sink);
        boolean done = v.speak(text);
        if (player.cancelled()) {
            throw TtsException.cancellation();
        }
        if (!done) {
            throw new TtsException(FailureKind.SERVER_ERROR, "FreeTTS could not speak the text");
        }
    }

    @Override
    public void cancel() {
        player.cancel();
    }

    @Override
    public void close() {
        cancel();
        if (voice != null) {
            voice.deallocate();
            voice = null;
        }
    }

    private Voice voice() {
        if (voice == null) {
            // VoiceManager and voice allocation share static state inside FreeTTS
            ALLOCATION.lock();
            try {
                Voice v = VoiceManager.getInstance().getVoice("kevin16");
                if (v == null) {
                    throw new TtsException(FailureKind.SERVER_ERROR,
                                           "FreeTTS voice kevin16 is missing from the class path");
                }
                v.allocate();
                v.setRate((float) (v.getRate() * Math.max(0.25, speed)));
                v.setAudioPlayer(player);
                voice = v;
            } finally {
                ALLOCATION.unlock();
            }
        }
        return voice;
    }
}
