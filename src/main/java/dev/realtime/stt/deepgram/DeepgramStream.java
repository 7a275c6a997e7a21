package dev.realtime.stt.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.realtime.stt.SttEvent;
import dev.realtime.stt.SttStream;

/**
 * One session's Deepgram stream. {@link #begin}, {@link #audio}, {@link #commit} and {@link #clear} (session loop)
 * only queue a command for the stream's worker and return; {@link #take} runs the worker on the session's STT loop
 * thread until it has an event, so a transcript goes from the socket's listener through the inbox straight to that
 * thread; {@link #close()} (any thread) asks the worker to send {@code CloseStream} and stop.
 */
final class DeepgramStream implements SttStream {

    private final LinkedBlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StreamWorker worker;

    private DeepgramStream(DeepgramSettings settings, HttpClient client, URI listenUri) {
        Wire.Connector connector = (generation, timeout) -> ListenSocket.connect(
                client, listenUri, settings.apiKey(), timeout, generation, inbox::add);
        this.worker = new StreamWorker(settings, connector, inbox);
    }

    static DeepgramStream open(DeepgramSettings settings, HttpClient client, URI listenUri) {
        return new DeepgramStream(settings, client, listenUri);
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
    public Optional<SttEvent> take() throws InterruptedException {
        return worker.next();
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
