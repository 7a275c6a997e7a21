package dev.realtime.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import dev.realtime.socket.EndpointListener;
import dev.realtime.socket.SocketLimits;

/**
 * The server's cost of receiving one large text frame, through Helidon 4.2.6's own WebSocket connection (a plain
 * {@link WsListener} route) and through the engine's ({@link EndpointListener} route), in one process: a raw client
 * writes one pre-masked frame and waits for the listener's answer. Prints wall time and the process's CPU time per
 * frame (the client's share is writing bytes to a socket). Usage: {@code FrameCost [MiB ...]} (default 1 15).
 */
public final class FrameCost {
    private FrameCost() {
    }

    /** Answers each message with its length. */
    private static class Answer implements WsListener {
        @Override
        public void onMessage(WsSession ws, String text, boolean last) {
            ws.send(Integer.toString(text.length()), true);
        }
    }

    private static final class EngineAnswer extends Answer implements EndpointListener {
        @Override
        public SocketLimits limits() {
            return SocketLimits.of(16 * 1024 * 1024, Duration.ofSeconds(5));
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = args.length == 0 ? List.of(1, 15) : Arrays.stream(args).map(Integer::parseInt).toList();
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .addProtocol(WsConfig.builder().maxFrameLength(16 * 1024 * 1024).build())
                .addRouting(WsRouting.builder().endpoint("/helidon", Answer::new).endpoint("/engine", EngineAnswer::new))
                .build().start();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%-8s %-8s %10s %10s%n", "path", "frame", "wall ms", "cpu ms");
        try {
            for (String path : List.of("/engine", "/helidon")) {
                measure(server.port(), path, 64 * 1024, os); // warm-up
                for (int mib : sizes) {
                    int bytes = mib * 1024 * 1024;
                    long[] cost = measure(server.port(), path, bytes, os);
                    System.out.printf("%-8s %5d MiB %10d %10d%n", path.substring(1), mib, cost[0], cost[1]);
                }
            }
        } finally {
            server.stop();
        }
    }

    /** One frame of {@code bytes} text; returns wall and process CPU milliseconds from its first byte to the answer. */
    private static long[] measure(int port, String path, int bytes, OperatingSystemMXBean os) throws IOException {
        byte[] payload = new byte[bytes];
        Arrays.fill(payload, (byte) 'a');
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            }
            byte[] header = new byte[14];
            header[0] = (byte) 0x81;
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) ((long) bytes >>> 56 - 8 * i);
            }
            System.arraycopy(mask, 0, header, 10, 4);
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            out.write(header);
            out.write(payload);
            out.flush();
            in.readUnsignedByte();
            byte[] answer = new byte[in.readUnsignedByte()];
            in.readFully(answer);
            long[] cost = {(System.nanoTime() - wall) / 1_000_000, (os.getProcessCpuTime() - cpu) / 1_000_000};
            if (!new String(answer, StandardCharsets.US_ASCII).equals(Integer.toString(bytes))) {
                throw new IllegalStateException("answer " + new String(answer, StandardCharsets.US_ASCII));
            }
            return cost;
        }
    }
}
