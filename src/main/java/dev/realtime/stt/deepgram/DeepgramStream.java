package dev.realtime.stt.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttStream;

/**
 * One session's Deepgram stream. {@link #begin}, {@link #audio}, {@link #commit} and {@link #clear} (session loop)
 * only queue a command for the stream's worker thread and return; {@link #poll} (pull thread) takes events;
 * {@link #close()} (any thread) asks the worker to send {@code CloseStream} and stop.
 */
final class DeepgramStream implements SttStream {

    private final LinkedBlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<SttEvent> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DeepgramStream() {
    }

    static DeepgramStream start(DeepgramSettings settings, HttpClient client, URI listenUri) {
        DeepgramStream stream = new DeepgramStream();
        Wire.Connector connector = (generation, timeout) -> ListenSocket.connect(
                client, listenUri, settings.apiKey(), timeout, generation, stream.inbox::add);
        Thread.ofVirtual().name("deepgram-stt")
                .start(new StreamWorker(settings, connector, stream.inbox, stream.events::add));
        return stream;
    }

    @Override
    public void begin(String itemId) {
        send(new Command.Begin(Objects.requireNonNull(itemId, "itemId")));
    }

    @Override
    public void audio(short[] samples, int count) {
        if (count <= 0) {
            return;
        }
        ByteBuffer pcm = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        pcm.asShortBuffer().put(samples, 0, count);
        send(new Command.Audio(pcm.array()));
    }

    @Override
    public void commit(String itemId) {
        send(new Command.Commit(Objects.requireNonNull(itemId, "itemId")));
    }

    @Override
    public void clear() {
        send(new Command.Clear());
    }

    @Override
    public Optional<SttEvent> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            inbox.add(new Command.Close());
        }
    }

    private void send(Command command) {
        if (!closed.get()) {
            inbox.add(command);
        }
    }
}
