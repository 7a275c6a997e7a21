package dev.realtime.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;

import dev.realtime.auth.ApiKeyGuard;
import dev.realtime.auth.Authenticator;
import dev.realtime.auth.TokenService;
import dev.realtime.config.EngineConfig;
import dev.realtime.config.EnvConfig;
import dev.realtime.session.SessionFactory;
import dev.realtime.session.SessionServices;
import dev.realtime.tools.ServerTools;
import dev.realtime.tools.ToolResult;
import dev.realtime.vad.Vads;

/**
 * Harness benchmark of the engine's own overhead with zero-delay providers: for each voice turn, the time from
 * the client receiving {@code speech_stopped} to the first {@code response.output_audio.delta}; and for text
 * turns, {@code response.create} sent to the first audio delta. Loopback only, bounded turn count.
 * Run from the repository root: {@code java -cp 'bench/target/benchmarks.jar' dev.realtime.bench.TurnOverhead [turns]}.
 */
public final class TurnOverhead {
    private TurnOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        EngineConfig config = EnvConfig.load(Map.of("HOST", "127.0.0.1", "PORT", "0", "ENGINE_API_KEY", "bench",
                                                    "JWT_SECRET", "bench-secret-bench-secret-bench-secret"));
        var timers = Executors.newSingleThreadScheduledExecutor();
        TokenService tokens = TokenService.create("bench-secret-bench-secret-bench-secret", config.tokenTtl(),
                                                  config.tokenMaxTtl(), Clock.systemUTC());
        SessionServices services = new SessionServices(config, ZeroDelayProviders.chat(), Vads.load(Optional.empty()),
                                                       Optional.of(ZeroDelayProviders.stt()),
                                                       Optional.of(ZeroDelayProviders.tts()), timers,
                                                       Clock.systemUTC(), ServerTools.none(),
                                                       (tool, arguments) -> new ToolResult(false, "{}"));
        SessionFactory sessions = SessionFactory.create(
                Authenticator.create(tokens, ApiKeyGuard.create(Optional.of("bench"))), preset -> services);
        WebServer server = WebServer.builder().host("127.0.0.1").port(0).connectionOptions(o -> o.tcpNoDelay(true))
                .addRouting(WsRouting.builder().endpoint("/v1/realtime", sessions.listeners())).build().start();
        try {
            List<String> speech = appends(Path.of("src/test/resources/fixtures/what-time.wav"));
            Client client = new Client(URI.create("ws://127.0.0.1:" + server.port() + "/v1/realtime"));
            client.until("session.created");
            List<Long> voice = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                // real time, 20 ms per append, as a microphone delivers it: a burst would queue audio ahead of
                // the turn's events and measure the backlog instead of the engine
                long start = System.nanoTime();
                for (int k = 0; k < speech.size(); k++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(start + k * 20_000_000L - System.nanoTime());
                    client.send(speech.get(k));
                }
                long stopped = client.until("input_audio_buffer.speech_stopped");
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
            report("speech_stopped -> first audio delta", voice);
            report("response.create -> first audio delta", text);
        } finally {
            server.stop();
            timers.shutdownNow();
        }
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

    private static List<String> appends(Path wav) throws Exception {
        byte[] bytes = Files.readAllBytes(wav);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int data = 12;
        while (!"data".equals(new String(bytes, data, 4))) {
            data += 8 + b.getInt(data + 4);
        }
        int len = b.getInt(data + 4);
        short[] s16 = new short[len / 2 + 16_000 * 2];
        for (int i = 0; i < len / 2; i++) {
            s16[8000 + i] = b.getShort(data + 8 + 2 * i);
        }
        // 16 kHz to 24 kHz by linear interpolation: good enough for the VAD, which is all the harness needs
        byte[] pcm24 = new byte[s16.length * 3];
        ByteBuffer out = ByteBuffer.wrap(pcm24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < s16.length * 3 / 2; i++) {
            double pos = i * 2.0 / 3.0;
            int k = (int) pos;
            double f = pos - k;
            short a = s16[k];
            short c = k + 1 < s16.length ? s16[k + 1] : a;
            out.putShort((short) (a + (c - a) * f));
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < pcm24.length; i += 960) {
            byte[] chunk = java.util.Arrays.copyOfRange(pcm24, i, Math.min(pcm24.length, i + 960));
            events.add("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                               + Base64.getEncoder().encodeToString(chunk) + "\"}");
        }
        return events;
    }

    private record Arrival(String type, long at) {
    }

    /** A minimal client that timestamps each event's arrival. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final WebSocket ws;

        Client(URI uri) {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer bench")
                    .buildAsync(uri, this).join();
        }

        void send(String json) {
            ws.sendText(json, true).join();
        }

        /** Forgets events not yet read (the tail of a turn). */
        void drain() {
            arrivals.clear();
        }

        long until(String type) throws InterruptedException {
            while (true) {
                Arrival a = arrivals.poll(30, TimeUnit.SECONDS);
                if (a == null) {
                    throw new IllegalStateException("no " + type + " within 30 s");
                }
                if (a.type().equals(type)) {
                    return a.at();
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long now = System.nanoTime();
                String json = text.toString();
                text.setLength(0);
                int i = json.indexOf("\"type\":\"") + 8;
                arrivals.add(new Arrival(json.substring(i, json.indexOf('"', i)), now));
            }
            webSocket.request(1);
            return null;
        }
    }
}
