package dev.realtime.session;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

import dev.realtime.llm.ChatModel;
import dev.realtime.llm.FixedLine;
import dev.realtime.protocol.ClientEvent;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.FunctionTool;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.ResponseInfo;
import dev.realtime.protocol.ResponseParams;
import dev.realtime.protocol.SessionConfig;
import dev.realtime.session.run.ResponseRun;
import dev.realtime.session.run.RunSignal;
import dev.realtime.session.run.ServerCalls;
import dev.realtime.session.run.SignalReporter;
import dev.realtime.session.run.Speaker;
import dev.realtime.session.run.SpeechSource;
import dev.realtime.session.run.TextOutput;
import dev.realtime.tts.TtsEngine;
import dev.realtime.tts.TtsOptions;

/**
 * The responses of one session: at most one writing to the conversation, any number out of band. Starts runs,
 * routes their signals, and cancels them. Used on the session loop only.
 */
final class Responses {
    private static final System.Logger LOGGER = System.getLogger(Responses.class.getName());
    private final String conversationId = Ids.conversation();
    private final Conversation conversation;
    private final Emitter emitter;
    private final ChatModel model;
    private final ContextWindow window;
    private final Consumer<SessionMessage> inbox;
    private final Map<String, ActiveResponse> active = new LinkedHashMap<>();
    private final SpeechSource speech;
    private final ResponseItems items;
    private final Optional<TtsEngine> ttsEngine;
    private final ServerCalls serverCalls;
    private final ProviderNames providers;

    Responses(Conversation conversation, Emitter emitter, ChatModel model, ContextWindow window,
              Consumer<SessionMessage> inbox, Optional<TtsEngine> tts, ServerCalls serverCalls,
              ProviderNames providers) {
        this.serverCalls = serverCalls;
        this.providers = providers;
        this.conversation = conversation;
        this.emitter = emitter;
        this.model = model;
        this.window = window;
        this.inbox = inbox;
        this.ttsEngine = tts;
        this.speech = new SpeechSource(tts);
        this.items = new ResponseItems(conversation, emitter);
    }

    /**
     * {@code response.create}: resolves the response's settings, announces it and starts its run.
     *
     * @param event   the client's event
     * @param session the session's configuration
     * @throws ProtocolException when the session only transcribes, a response is already writing to the
     *                           conversation and this one is not out of band, a client tool is named like a server
     *                           tool, or an input item does not exist
     */
    void create(ClientEvent.ResponseCreate event, SessionConfig session) {
        create(event, session, Optional.empty());
    }

    private void create(ClientEvent.ResponseCreate event, SessionConfig session, Optional<TurnTiming> timing) {
        if (session.transcriptionOnly()) {
            throw ProtocolException.invalid("invalid_request", "Transcription sessions do not create responses.");
        }
        ResponseParams p = event.params();
        Optional<ActiveResponse> inBand = active.values().stream().filter(r -> !r.outOfBand()).findFirst();
        if (!p.outOfBand() && inBand.isPresent()) {
            throw ProtocolException.invalid("conversation_already_has_active_response",
                                            "Conversation already has an active response in progress: "
                                                    + inBand.get().id()
                                                    + ". Wait until the response is finished before creating a "
                                                    + "new one.");
        }
        p.tools().ifPresent(tools -> serverCalls.checkNoClash(tools, "response.tools"));
        ResponsePlan plan = ResponsePlan.of(p, session, conversation, conversationId, window, serverCalls.specs());
        start(plan, model, providers.llm(), session, timing);
    }

    /**
     * Speaks a line word for word as an out-of-band response ({@code conversation: none}) carrying its mark in its
     * metadata: through the session's speech and output like any answer, but not through the model, which may be
     * what failed, and into no conversation. Skipped (and logged) in a session that only transcribes.
     */
    void say(SessionMessage.Say say, SessionConfig session) {
        if (session.transcriptionOnly()) {
            LOGGER.log(Level.DEBUG, "a transcription session does not speak; line not said");
            return;
        }
        ResponseParams p = new ResponseParams(true, Optional.of(List.of()), Optional.empty(), Optional.of(List.of()),
                                              Optional.empty(), OptionalDouble.empty(), Optional.empty(),
                                              Optional.of(Map.of(say.mark(), "true")), Optional.empty(),
                                              Optional.empty(), Optional.empty());
        ResponsePlan plan = ResponsePlan.of(p, session, conversation, conversationId, window, List.of());
        FixedLine line = FixedLine.of(say.line());
        start(plan, line, line.name(), session, Optional.empty());
    }

    private void start(ResponsePlan plan, ChatModel model, String provider, SessionConfig session,
                       Optional<TurnTiming> timing) {
        String id = plan.info().id();
        SignalReporter reporter = new SignalReporter(signal -> inbox.accept(new SessionMessage.Run(id, signal)));
        // the start is stamped before the run starts: its stages are stamped on its own thread, and a fast model's
        // first token can come before response.created is written
        timing.ifPresent(t -> t.responseStarted(System.nanoTime()));
        ResponseRun run = ResponseRun.start(id, model, provider, plan.request(), reporter,
                                            spokenOutput(plan.info(), session, reporter), serverCalls);
        active.put(id, ActiveResponse.start(plan.info(), emitter, sinkFor(plan.info()), run::cancel, timing));
    }

    /**
     * Starts the response a voice turn asks for; skipped (and logged) when one is already writing to the
     * conversation, as OpenAI does not queue responses either.
     */
    void createAuto(SessionConfig session, Optional<TurnTiming> timing) {
        if (conversationBusy()) {
            LOGGER.log(Level.DEBUG,
                       "voice turn ended while a response is active; no automatic response");
            return;
        }
        create(new ClientEvent.ResponseCreate(Optional.empty(), ResponseParams.none()), session, timing);
    }

    /**
     * The response a voice turn asked for, failed at once because the turn could not be transcribed: the client
     * gets {@code response.created}, the {@code error} and {@code response.done} with status {@code failed}, as for
     * any failed response, so a turn it spoke always ends in one {@code response.done}.
     *
     * @return false when a response is already writing to the conversation (nothing was created)
     */
    boolean failAuto(SessionConfig session, Optional<TurnTiming> timing, ErrorInfo error) {
        if (conversationBusy()) {
            return false;
        }
        ResponsePlan plan = ResponsePlan.of(ResponseParams.none(), session, conversation, conversationId, window,
                                            serverCalls.specs());
        timing.ifPresent(t -> t.responseStarted(System.nanoTime()));
        // ends at once: never among the active responses
        ActiveResponse.start(plan.info(), emitter, sinkFor(plan.info()), () -> { }, timing).fail(error);
        return true;
    }

    /**
     * Cancels the response writing to the conversation, if any (barge-in), and truncates its spoken item to
     * what the client has played, so the next turn's context holds only what the user heard.
     */
    void cancelInBand(String reason) {
        active.values().stream().filter(r -> !r.outOfBand()).findFirst().ifPresent(r -> {
            List<String> spoken = r.spokenItems();
            r.cancel(reason);
            active.remove(r.id());
            spoken.forEach(items::truncateToPlayed);
        });
    }

    /** The session's assistant items and their audio. */
    ResponseItems items() {
        return items;
    }

    /** Releases the session's speech stream. */
    void close() {
        speech.close();
    }

    /**
     * Rejects client tools named like a server tool.
     *
     * @param tools the client's tools
     * @param path  where they sit in the client's event, for the error
     * @throws ProtocolException when one is named like a server tool
     */
    void checkTools(List<FunctionTool> tools, String path) {
        serverCalls.checkNoClash(tools, path);
    }

    private ResponseSink sinkFor(ResponseInfo info) {
        return items.forResponse(info.conversationId().isEmpty());
    }

    /**
     * The output of a response that speaks: a speaker on the conversation's kept speech stream, or on a stream of its
     * own when it is out of band. Empty for a text response, whose text goes straight to the client.
     */
    private Optional<TextOutput> spokenOutput(ResponseInfo info, SessionConfig session, SignalReporter reporter) {
        if (!info.outputModalities().contains("audio") || ttsEngine.isEmpty()) {
            return Optional.empty();
        }
        if (info.conversationId().isEmpty()) {
            // out of band: its own stream, so it can speak alongside the conversation's response
            return Optional.of(Speaker.start(info.id(), ttsEngine.get().open(
                    new TtsOptions(info.voice(), session.speed())), info.outputFormat(),
                                             reporter, true, providers.tts()));
        }
        return speech.shared(info.voice(), session)
                .map(tts -> Speaker.start(info.id(), tts, info.outputFormat(), reporter, false, providers.tts()));
    }

    /** Whether a response is writing to the conversation (out-of-band ones do not). */
    private boolean conversationBusy() {
        return active.values().stream().anyMatch(r -> !r.outOfBand());
    }

    /** Whether any response is active (the idle timer waits while one is). */
    boolean any() {
        return !active.isEmpty();
    }

    /**
     * {@code response.cancel}: the named response, or else the one writing to the conversation, or else the oldest
     * out-of-band one, ends as cancelled.
     *
     * @param event the client's event
     * @throws ProtocolException when no such response is active
     */
    void cancel(ClientEvent.ResponseCancel event) {
        Optional<ActiveResponse> target = event.responseId().isPresent()
                ? Optional.ofNullable(active.get(event.responseId().get()))
                : active.values().stream().filter(r -> !r.outOfBand()).findFirst()
                        .or(() -> active.values().stream().findFirst());
        if (target.isEmpty()) {
            throw ProtocolException.invalid("response_cancel_not_active",
                                            "Cancellation failed: no active response found");
        }
        target.get().cancel("client_cancelled");
        active.remove(target.get().id());
    }

    /** Cancels every response (session closing); nothing more is sent for them. */
    void cancelAll(String reason) {
        active.values().forEach(r -> r.cancel(reason));
        active.clear();
    }

    /**
     * What a run reported: it becomes the client's events and conversation items; ignored once the response has
     * ended (a late signal of a cancelled run). A response that ends here is let go.
     *
     * @param message the run's signal, with its response's id
     */
    void signal(SessionMessage.Run message) {
        ActiveResponse response = active.get(message.responseId());
        if (response == null) {
            return; // late output of a response that is already done
        }
        switch (message.signal()) {
            case RunSignal.Text t -> response.text(t.delta());
            case RunSignal.Audio a -> response.audio(a.text(), a.audio());
            case RunSignal.FunctionCall c -> response.functionCall(c);
            case RunSignal.ToolOutput o -> response.toolOutput(o);
            case RunSignal.Stage s -> response.stage(s);
            case RunSignal.Finished f -> response.finish(
                    f.finishReason(), f.usage().map(u -> new ResponseInfo.Usage(u.inputTokens(), u.outputTokens()))
                            .orElse(new ResponseInfo.Usage(0, 0)));
            case RunSignal.Failed f -> response.fail(f.error());
        }
        if (response.done()) {
            active.remove(response.id());
        }
    }

    /**
     * Whether an active response is writing the item (storage caps never let such an item go).
     *
     * @param itemId the item
     * @return whether a response's output includes it
     */
    boolean producing(String itemId) {
        return active.values().stream().anyMatch(r -> r.owns(itemId));
    }

}
