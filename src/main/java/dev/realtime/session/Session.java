package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.helidon.websocket.WsCloseCodes;

import dev.realtime.observe.LogContext;
import dev.realtime.protocol.ClientEvent;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.protocol.SessionUpdate;
import dev.realtime.session.run.ServerCalls;
import dev.realtime.socket.CloseReason;

/**
 * One Realtime session. Its loop owns the session configuration, the conversation, the input audio buffer and
 * the responses; other threads only put {@link SessionMessage}s into its inbox. The loop runs on its own virtual
 * thread from {@link #start()} until {@link #close()}.
 */
public final class Session {
    private static final System.Logger LOGGER = System.getLogger(Session.class.getName());
    private static final int INBOX_CAPACITY = 256;

    private final BlockingQueue<SessionMessage> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private final Dialect dialect;
    private final Emitter emitter;
    private final Conversation conversation = new Conversation();
    private final Responses responses;
    private final ConversationEvents items;
    private final StoreBudget budget;
    private final TurnTaking turnTaking;
    private SessionConfig config;
    private final SessionLimits limits;
    private final LimitTicks ticks;
    private final SessionEnd end;
    private volatile boolean closing;
    private boolean responding;

    Session(SessionConfig initial, Dialect dialect, Emitter emitter, SessionServices services, SessionEnd end) {
        this.config = initial;
        this.end = end;
        this.dialect = dialect;
        this.limits = new SessionLimits(services.config().session(), System.nanoTime());
        this.ticks = new LimitTicks(services.timers(), inbox);
        this.emitter = emitter;
        this.responses = new Responses(conversation, emitter, services.model(),
                                       new ContextWindow(services.config().session().contextMaxItems(),
                                                         services.config().session().contextMaxChars()),
                                       this::post, services.tts(),
                                       new ServerCalls(services.serverTools(), services.toolRunner()),
                                       ProviderNames.of(services.config()));
        AudioStore store = new AudioStore();
        this.budget = new StoreBudget(services.config().session().storage(), conversation, store,
                                      responses.items().ledger(), responses::producing, emitter);
        this.items = new ConversationEvents(conversation, emitter, responses, store, budget);
        this.turnTaking = new TurnTaking(initial.id(), services, conversation, emitter, responses,
                               new Transcripts(conversation, emitter), store, this::post);
        turnTaking.configure(initial);
    }

    /** Sends {@code session.created} and starts the loop. Called once, on the socket thread at open. */
    void start() {
        emitter.emit(new ServerEvent.SessionCreated(config));
        Thread.ofVirtual().name("session-" + config.id()).start(this::loop);
    }

    /** The session id. */
    public String id() {
        return config.id();
    }

    /**
     * Hands a message to the loop; blocks while the inbox is full (back-pressure on the client's socket).
     * Any thread; dropped once the session is closing.
     */
    void post(SessionMessage message) {
        try {
            while (!closing) {
                if (inbox.offer(message, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands a message to the loop if its inbox has room, without waiting: safe on the loop itself (through its
     * output), where waiting for room would wait for itself. Any thread.
     *
     * @return false when the inbox is full or the session is closing (the message is dropped)
     */
    boolean offer(SessionMessage message) {
        return !closing && inbox.offer(message);
    }

    /** Ends the session: responses are cancelled and the loop stops. Any thread; idempotent. */
    void close() {
        closing = true;
        inbox.offer(new SessionMessage.Close());
    }

    /** The loop; however it ends, the session's end hears why (a no-op when something else ended it first). */
    private void loop() {
        LogContext.session(config.id());
        CloseReason reason = CloseReason.SERVER;
        int code = WsCloseCodes.UNEXPECTED_CONDITION;
        String detail = "session loop stopped";
        try {
            ticks.arm(limits.nanosToNextLimit(System.nanoTime()));
            while (!closing) {
                handle(inbox.take());
                Optional<CloseReason> limit = limits.enforce(System.nanoTime(), emitter);
                if (limit.isPresent()) {
                    closing = true;
                    reason = limit.get();
                    code = WsCloseCodes.NORMAL_CLOSE;
                    detail = reason == CloseReason.IDLE ? "idle limit reached" : "call duration limit reached";
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOGGER.log(Level.ERROR, "session " + config.id() + ": loop failed", e);
            detail = "internal error";
        } finally {
            end.end(reason, code, detail);
            ticks.stop();
            responses.cancelAll("client_cancelled");
            responses.close();
            turnTaking.close();
            budget.close();
            LOGGER.log(Level.DEBUG, () -> "session " + config.id() + " ended");
        }
    }

    private void handle(SessionMessage message) {
        switch (message) {
            case SessionMessage.Inbound in -> {
                limits.clientEvent(System.nanoTime());
                dispatch(in.event());
            }
            case SessionMessage.Rejected r -> {
                limits.clientEvent(System.nanoTime());
                emitter.error(r.error().error());
            }
            case SessionMessage.Run run -> responses.signal(run);
            case SessionMessage.Say say -> responses.say(say, config);
            case SessionMessage.Stt stt -> turnTaking.transcription(stt.source(), stt.event());
            case SessionMessage.SttDied died -> turnTaking.sttDied(died.source(), died.fault());
            case SessionMessage.Tick t -> ticks.arm(limits.nanosToNextLimit(System.nanoTime()));
            case SessionMessage.Close c -> closing = true;
        }
        budget.settle();
        if (responses.any() != responding) {
            responding = !responding;
            turnTaking.responding(responding);
        }
    }

    private void dispatch(ClientEvent event) {
        try {
            switch (event) {
                case ClientEvent.SessionUpdate u -> update(u);
                case ClientEvent.AudioAppend a -> turnTaking.buffer().append(a.audio());
                case ClientEvent.AudioCommit c -> turnTaking.buffer().commit();
                case ClientEvent.AudioClear c -> turnTaking.buffer().clear();
                case ClientEvent.OutputAudioClear c -> throw ProtocolException.invalid(
                        "invalid_request", "output_audio_buffer.clear is only supported on WebRTC and SIP "
                                + "connections; on WebSocket use response.cancel.");
                case ClientEvent.ItemCreate c -> items.create(c);
                case ClientEvent.ItemRetrieve r -> items.retrieve(r);
                case ClientEvent.ItemDelete d -> items.delete(d);
                case ClientEvent.ItemTruncate t -> items.truncate(t);
                case ClientEvent.ResponseCreate r -> responses.create(r, config);
                case ClientEvent.ResponseCancel c -> responses.cancel(c);
            }
        } catch (ProtocolException e) {
            emitter.error(e.error(event.eventId()));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "session " + config.id() + ": event failed", e);
            emitter.error(ErrorInfo.server("server_error", "The event could not be "
                    + "processed: " + e.getMessage()).withEventId(event.eventId()));
        }
    }

    private void update(ClientEvent.SessionUpdate update) {
        if (update.transcriptionSession() && dialect == Dialect.GA) {
            throw ProtocolException.invalid("invalid_event", "transcription_session.update is a beta event; on GA "
                    + "send session.update with session.type 'transcription'.", "type");
        }
        // the model a client names is accepted but the session keeps showing the model that answers
        SessionConfig next = SessionUpdate.apply(config, update.session(), dialect, true).toBuilder()
                .model(config.model()).build();
        responses.checkTools(next.tools(), "session.tools");
        if (!next.voice().equals(config.voice()) && responses.items().audioSent()) {
            throw ProtocolException.invalid("cannot_update_voice", "Cannot update a conversation's voice if "
                    + "assistant audio is present.", dialect == Dialect.GA ? "session.audio.output.voice"
                    : "session.voice");
        }
        config = next;
        turnTaking.configure(config);
        emitter.emit(new ServerEvent.SessionUpdated(config));
    }
}
