package dev.realtime.session;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.realtime.llm.ChatChunk;
import dev.realtime.llm.ChatException;
import dev.realtime.llm.ChatModel;
import dev.realtime.llm.ChatRequest;
import dev.realtime.llm.ChatStream;
import dev.realtime.llm.Usage;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.session.SessionMessage.RunSignal;

/**
 * The upstream side of one response: streams the model on its own virtual thread and reports each chunk to the
 * session loop. A scope: {@link #cancel()} closes the upstream stream, and the session loop ignores anything the
 * run reports after its response is done.
 */
final class ResponseRun {
    private static final Logger LOGGER = Logger.getLogger(ResponseRun.class.getName());

    private final String responseId;
    private final ChatModel model;
    private final ChatRequest request;
    private final Consumer<SessionMessage> inbox;
    private final TextOutput output;
    private final AtomicReference<ChatStream> stream = new AtomicReference<>();
    private volatile boolean cancelled;
    private Thread thread;

    private ResponseRun(String responseId, ChatModel model, ChatRequest request, Consumer<SessionMessage> inbox,
                        Optional<TextOutput> speech) {
        this.responseId = responseId;
        this.model = model;
        this.request = request;
        this.inbox = inbox;
        this.output = speech.orElseGet(() -> new DirectOutput());
    }

    /**
     * Starts a run on a new virtual thread. Called on the session loop.
     *
     * @param responseId response id
     * @param model      the model
     * @param request    the request
     * @param inbox      where to report (the session's inbox)
     * @param speech     speaks the text when the response has audio; text goes straight to the client otherwise
     * @return the running run
     */
    static ResponseRun start(String responseId, ChatModel model, ChatRequest request,
                             Consumer<SessionMessage> inbox, Optional<TextOutput> speech) {
        ResponseRun run = new ResponseRun(responseId, model, request, inbox, speech);
        run.thread = Thread.ofVirtual().name("response-" + responseId).start(run::run);
        return run;
    }

    /** Stops the run and its upstream request. Called on the session loop; returns at once. */
    void cancel() {
        cancelled = true;
        output.cancel();
        ChatStream s = stream.getAndSet(null);
        if (s != null) {
            s.close();
        }
        thread.interrupt();
    }

    private void run() {
        try (ChatStream s = model.stream(request)) {
            if (!stream.compareAndSet(null, s) || cancelled) {
                return;
            }
            Optional<Usage> usage = Optional.empty();
            String finish = "stop";
            Optional<ChatChunk> chunk;
            while ((chunk = s.next()).isPresent()) {
                switch (chunk.get()) {
                    case ChatChunk.Text t -> output.text(t.delta());
                    case ChatChunk.ToolCallDelta d -> report(new RunSignal.ToolCallDelta(d.index(), d.id(), d.name(),
                                                                                          d.argumentsDelta()));
                    case ChatChunk.Finish f -> finish = f.reason();
                    case ChatChunk.UsageReport u -> usage = Optional.of(u.usage());
                }
            }
            output.finish(finish, usage);
        } catch (ChatException e) {
            if (!cancelled) {
                LOGGER.log(Level.FINE, "response " + responseId + " failed upstream", e);
                report(new RunSignal.Failed(ErrorInfo.server(e.errorCode(), model.name() + ": " + e.getMessage())));
            }
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOGGER.log(Level.WARNING, "response " + responseId + " failed", e);
                report(new RunSignal.Failed(ErrorInfo.server("server_error", "the response failed: " + e)));
            }
        } finally {
            stream.set(null);
        }
    }

    private void report(RunSignal signal) {
        if (!cancelled) {
            inbox.accept(new SessionMessage.Run(responseId, signal));
        }
    }

    /** Text responses: model text goes to the client as it comes. */
    private final class DirectOutput implements TextOutput {
        @Override
        public void text(String delta) {
            report(new RunSignal.Text(delta));
        }

        @Override
        public void finish(String finishReason, Optional<Usage> usage) {
            report(new RunSignal.Finished(finishReason, usage));
        }

        @Override
        public void cancel() {
            // nothing held
        }
    }
}
