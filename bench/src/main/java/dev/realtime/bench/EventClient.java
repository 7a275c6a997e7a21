package dev.realtime.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal realtime client over the JDK WebSocket that timestamps each server event's arrival (on the client's
 * receiving thread) and lets the caller wait for an event type. Bearer {@code bench}, as {@link BenchEngine}
 * accepts.
 */
final class EventClient {
    private record Arrival(String type, long at) {
    }

    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final WebSocket ws;

    EventClient(URI uri) {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer bench")
                .buildAsync(uri, new Listener()).join();
    }

    void send(String json) {
        ws.sendText(json, true).join();
    }

    /** Forgets events not yet read (the tail of a turn). */
    void drain() {
        arrivals.clear();
    }

    /**
     * Waits for the next event of a type, skipping others.
     *
     * @return its arrival time ({@link System#nanoTime()})
     */
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

    void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

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
