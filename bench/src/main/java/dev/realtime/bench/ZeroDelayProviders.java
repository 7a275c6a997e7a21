package dev.realtime.bench;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

import dev.realtime.llm.ChatChunk;
import dev.realtime.llm.ChatModel;
import dev.realtime.llm.ChatRequest;
import dev.realtime.llm.ChatStream;
import dev.realtime.llm.Usage;
import dev.realtime.stt.SttEngine;
import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttOptions;
import dev.realtime.stt.SttQueue;
import dev.realtime.stt.SttStream;
import dev.realtime.tts.AudioSink;
import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;
import dev.realtime.tts.TtsStream;

/**
 * In-process providers that answer at once, so a measurement shows the engine's own overhead: a model that
 * streams a fixed sentence, a transcriber that completes every turn immediately, a synthesiser that returns
 * 100 ms of audio per piece.
 */
final class ZeroDelayProviders {
    private ZeroDelayProviders() {
    }

    static ChatModel chat() {
        return new ChatModel() {
            @Override
            public ChatStream stream(ChatRequest request) {
                ArrayDeque<ChatChunk> chunks = new ArrayDeque<>(List.of(
                        new ChatChunk.Text("Sure, "), new ChatChunk.Text("it is noon right now. "),
                        new ChatChunk.Text("Anything else?"), new ChatChunk.Finish("stop"),
                        new ChatChunk.UsageReport(new Usage(10, 8, 18))));
                return new ChatStream() {
                    @Override
                    public Optional<ChatChunk> next() {
                        return Optional.ofNullable(chunks.poll());
                    }

                    @Override
                    public void close() {
                        chunks.clear();
                    }
                };
            }

            @Override
            public String name() {
                return "zero-delay";
            }
        };
    }

    static SttEngine stt() {
        return new SttEngine() {
            @Override
            public String name() {
                return "zero-delay";
            }

            @Override
            public SttStream open(SttOptions options) {
                SttQueue events = new SttQueue();
                return new SttStream() {
                    @Override
                    public void begin(String itemId) {
                    }

                    @Override
                    public void audio(short[] samples, int count) {
                    }

                    @Override
                    public void commit(String itemId) {
                        events.add(new SttEvent.Completed(itemId, "what time is it"));
                    }

                    @Override
                    public void clear() {
                    }

                    @Override
                    public Optional<SttEvent> take() throws InterruptedException {
                        return events.take();
                    }

                    @Override
                    public void close() {
                        events.end();
                    }
                };
            }
        };
    }

    static TtsEngine tts() {
        short[] audio = new short[2400];
        return new TtsEngine() {
            @Override
            public String name() {
                return "zero-delay";
            }

            @Override
            public TtsStream open(TtsOptions options) {
                return new TtsStream() {
                    @Override
                    public int sampleRate() {
                        return 24_000;
                    }

                    @Override
                    public void speak(String text, AudioSink sink) {
                        sink.audio(audio, audio.length);
                    }

                    @Override
                    public void cancel() {
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
