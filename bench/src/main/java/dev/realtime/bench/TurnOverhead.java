package dev.realtime.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;


/**
 * Harness benchmark of the engine's own overhead with zero-delay providers: for each voice turn, the time from
 * the client receiving {@code speech_stopped} to the first {@code response.output_audio.delta}; and for text
 * turns, {@code response.create} sent to the first audio delta. Loopback only, bounded turn count.
 * Run from the repository root: {@code java -cp 'bench/target/benchmarks.jar' dev.realtime.bench.TurnOverhead [turns]}.
 */
public final class TurnOverhead {
    private TurnOverhead() {
    }

    private static final int WARM_SESSIONS = 8;
    private static final int WARM_TURNS = 40;

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        BenchEngine engine = BenchEngine.start(0);
        WebServer server = engine.server();
        try {
            List<String> speech = Fixture.load(Path.of("src/test/resources/fixtures/what-time.wav")).appends();
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/v1/realtime");
            warmUp(uri, speech, WARM_SESSIONS, WARM_TURNS);
            EventClient client = new EventClient(URI.create("ws://127.0.0.1:" + server.port() + "/v1/realtime"));
            client.until("session.created");
            List<Long> voice = new ArrayList<>();
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                // real time, 20 ms per append, as a microphone delivers it: a burst would queue audio ahead of
                // the turn's events and measure the backlog instead of the engine
                long start = System.nanoTime();
                for (int k = 0; k < speech.size(); k++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(start + k * 20_000_000L - System.nanoTime());
                    client.send(speech.get(k));
                }
                long stopped = client.until("input_audio_buffer.speech_stopped");
                created.add(client.until("response.created") - stopped);
                voice.add(client.until("response.output_audio.delta") - stopped);
                client.until("response.done");
                client.drain();
            }
            List<Long> text = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}}");
                client.until("conversation.item.done");
                long sent = System.nanoTime();
                client.send("{\"type\":\"response.create\"}");
                text.add(client.until("response.output_audio.delta") - sent);
                client.until("response.done");
            }
            report("speech_stopped -> response.created", created);
            report("speech_stopped -> first audio delta", voice);
            report("response.create -> first audio delta", text);
        } finally {
            engine.close();
        }
    }

    /**
     * A server that has been up for a while runs the turn path compiled; measured cold, the first turns time the
     * interpreter. Sessions stream the fixture as fast as the socket takes it (the VAD runs on the audio's own
     * clock, so turns are still detected) until the JIT has seen a few hundred turns.
     */
    private static void warmUp(URI uri, List<String> speech, int sessions, int turns) throws Exception {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                runs.add(pool.submit(() -> {
                    EventClient c = new EventClient(uri);
                    c.until("session.created");
                    for (int t = 0; t < turns; t++) {
                        speech.forEach(c::send);
                        c.until("response.done");
                        c.drain();
                    }
                    return null;
                }));
            }
            for (var run : runs) {
                run.get();
            }
        }
        System.out.printf("warm-up: %d turns on %d sessions%n", sessions * turns, sessions);
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%-40s n=%d p50=%.2f ms p95=%.2f ms p99=%.2f ms%n", what, sorted.size(),
                          pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}
