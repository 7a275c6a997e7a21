package dev.realtime.bench;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole engine on a text turn with zero-delay in-process providers ({@link BenchEngine}): one operation is
 * {@code response.create} sent over a loopback WebSocket until the client has the first
 * {@code response.output_audio.delta} (the engine's own overhead: events, model stream, sentence chunking,
 * synthesis, audio encoding, socket writes), then the rest of the response is drained outside the measurement.
 * Sample mode gives the percentiles. Voice turns run at real time and are measured by {@link TurnOverhead}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class EngineTurnBench {
    private static final String RESPONSE = "{\"type\":\"response.create\",\"response\":{\"conversation\":\"none\","
            + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
            + "\"text\":\"hi\"}]}]}}";

    private BenchEngine engine;
    private EventClient client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        engine = BenchEngine.start(0);
        client = new EventClient(URI.create("ws://127.0.0.1:" + engine.server().port() + "/v1/realtime"));
        client.until("session.created");
    }

    /** Out of band (conversation none), so the conversation does not grow over millions of operations. */
    @Benchmark
    public long responseCreateToFirstAudio() throws Exception {
        client.send(RESPONSE);
        return client.until("response.output_audio.delta");
    }

    @TearDown(Level.Invocation)
    public void drainTheResponse() throws Exception {
        client.until("response.done");
        client.drain();
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        engine.close();
    }
}
