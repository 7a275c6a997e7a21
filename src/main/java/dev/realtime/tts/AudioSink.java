package dev.realtime.tts;

/**
 * Receives synthesized audio as it arrives. Called on the thread that runs {@link TtsStream#speak}.
 */
@FunctionalInterface
public interface AudioSink {
    /**
     * A chunk of 16-bit mono PCM at the stream's {@link TtsStream#sampleRate()}.
     *
     * @param samples samples; not kept by the caller after return unless copied
     * @param count   number of samples to take from the start
     */
    void audio(short[] samples, int count);
}
