package dev.realtime.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.realtime.llm.ChatModel;
import dev.realtime.protocol.ClientEvent;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ProtocolException;
import dev.realtime.protocol.ResponseInfo;
import dev.realtime.protocol.ResponseParams;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.protocol.SessionConfig;

/**
 * The responses of one session: at most one writing to the conversation, any number out of band. Starts runs,
 * routes their signals, and cancels them. Used on the session loop only.
 */
final class Responses implements ResponseSink {
    private static final java.util.logging.Logger LOGGER =
            java.util.logging.Logger.getLogger(Responses.class.getName());
    private final String conversationId = Ids.conversation();
    private final Conversation conversation;
    private final Emitter emitter;
    private final ChatModel model;
    private final ContextWindow window;
    private final Consumer<SessionMessage> inbox;
    private final Map<String, ActiveResponse> active = new LinkedHashMap<>();

    Responses(Conversation conversation, Emitter emitter, ChatModel model, ContextWindow window,
              Consumer<SessionMessage> inbox) {
        this.conversation = conversation;
        this.emitter = emitter;
        this.model = model;
        this.window = window;
        this.inbox = inbox;
    }

    void create(ClientEvent.ResponseCreate event, SessionConfig session) {
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
        ResponsePlan plan = ResponsePlan.of(p, session, conversation, conversationId, window);
        String id = plan.info().id();
        ResponseRun run = ResponseRun.start(id, model, plan.request(), inbox);
        active.put(id, ActiveResponse.start(plan.info(), emitter, this, run));
    }

    /**
     * Starts the response a voice turn asks for; skipped (and logged) when one is already writing to the
     * conversation, as OpenAI does not queue responses either.
     */
    void createAuto(SessionConfig session) {
        if (active.values().stream().anyMatch(r -> !r.outOfBand())) {
            LOGGER.fine("voice turn ended while a response is active; no automatic response");
            return;
        }
        create(new ClientEvent.ResponseCreate(Optional.empty(), ResponseParams.none()), session);
    }

    /** Cancels the response writing to the conversation, if any (barge-in). */
    void cancelInBand(String reason) {
        active.values().stream().filter(r -> !r.outOfBand()).findFirst().ifPresent(r -> r.cancel(reason));
    }

    /** Whether any response is active. */
    boolean any() {
        return !active.isEmpty();
    }

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
    }

    /** Cancels every response (session closing); nothing more is sent for them. */
    void cancelAll(String reason) {
        new ArrayList<>(active.values()).forEach(r -> r.cancel(reason));
    }

    void signal(SessionMessage.Run message) {
        ActiveResponse response = active.get(message.responseId());
        if (response == null) {
            return; // late output of a response that is already done
        }
        switch (message.signal()) {
            case SessionMessage.RunSignal.Text t -> response.text(t.delta());
            case SessionMessage.RunSignal.ToolCallDelta d -> response.toolCall(d);
            case SessionMessage.RunSignal.Finished f -> response.finish(
                    f.finishReason(), f.usage().map(u -> new ResponseInfo.Usage(u.inputTokens(), u.outputTokens()))
                            .orElse(new ResponseInfo.Usage(0, 0)));
            case SessionMessage.RunSignal.Failed f -> response.fail(f.error());
        }
    }

    boolean producing(String itemId) {
        return active.values().stream().anyMatch(r -> r.owns(itemId));
    }

    /** Milliseconds of audio sent for an assistant item; no audio is produced yet. */
    long audioMillis(String itemId) {
        return 0;
    }

    /** The transcript of an item's audio up to a point; with no audio output yet, nothing was heard. */
    String transcriptAt(String itemId, long audioEndMs) {
        return "";
    }

    @Override
    public void itemAdded(ActiveResponse response, Item item) {
        if (!response.outOfBand()) {
            Optional<String> before = conversation.insert(item, Optional.empty());
            emitter.emit(new ServerEvent.ItemAdded(before, item));
        }
    }

    @Override
    public void itemDone(ActiveResponse response, Item item) {
        if (!response.outOfBand() && conversation.contains(item.id())) {
            conversation.replace(item);
            emitter.emit(new ServerEvent.ItemDone(previousOf(item.id()), item));
        }
    }

    @Override
    public void responseDone(ActiveResponse response) {
        active.remove(response.id());
    }

    private Optional<String> previousOf(String id) {
        List<Item> items = conversation.items();
        for (int i = 1; i < items.size(); i++) {
            if (items.get(i).id().equals(id)) {
                return Optional.of(items.get(i - 1).id());
            }
        }
        return Optional.empty();
    }
}
