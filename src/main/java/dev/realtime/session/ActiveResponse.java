package dev.realtime.session;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.realtime.protocol.Content;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.Ids;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ResponseInfo;
import dev.realtime.observe.EngineMetrics;
import dev.realtime.protocol.ServerEvent;

/**
 * The client-facing state of one response: its output items and the lifecycle events it owes the client. Emits
 * each {@code *.added} once, every matching {@code *.done} on any ending, and exactly one {@code response.done}.
 * Used on the session loop only.
 */
final class ActiveResponse {
    private final ResponseInfo info;
    private final Emitter emitter;
    private final ResponseSink sink;
    private final boolean audio;
    private final ResponseRun run;
    private final List<Item> output = new ArrayList<>();
    private final FunctionCallItems calls;
    private Optional<Item.Message> message = Optional.empty();
    private final StringBuilder text = new StringBuilder();
    private boolean done;

    private final Optional<TurnTiming> timing;
    private long audioOutMillis;

    private ActiveResponse(ResponseInfo info, Emitter emitter, ResponseSink sink, ResponseRun run,
                           Optional<TurnTiming> timing) {
        this.timing = timing;
        this.info = info;
        this.emitter = emitter;
        this.sink = sink;
        this.audio = info.outputModalities().contains("audio");
        this.run = run;
        this.calls = new FunctionCallItems(info.id(), emitter, sink);
    }

    /** Announces the response ({@code response.created}) and tracks it. */
    static ActiveResponse start(ResponseInfo info, Emitter emitter, ResponseSink sink, ResponseRun run,
                                Optional<TurnTiming> timing) {
        emitter.emit(new ServerEvent.ResponseCreated(info));
        return new ActiveResponse(info, emitter, sink, run, timing);
    }

    String id() {
        return info.id();
    }

    boolean outOfBand() {
        return info.conversationId().isEmpty();
    }

    /** Whether this response's output includes the item. */
    boolean owns(String itemId) {
        return output.stream().anyMatch(i -> i.id().equals(itemId));
    }

    void text(String delta) {
        if (delta.isEmpty()) {
            return;
        }
        Item.Message m = message.orElseGet(this::openMessage);
        text.append(delta);
        ServerEvent.Ref ref = new ServerEvent.Ref(info.id(), m.id(), output.indexOf(m), 0);
        emitter.emit(audio ? new ServerEvent.TranscriptDelta(ref, delta) : new ServerEvent.TextDelta(ref, delta));
    }

    /** Spoken audio with the text of the piece it starts, if any. */
    void audio(String pieceText, byte[] bytes) {
        Item.Message m = message.orElseGet(this::openMessage);
        ServerEvent.Ref ref = new ServerEvent.Ref(info.id(), m.id(), output.indexOf(m), 0);
        if (!pieceText.isEmpty()) {
            text.append(pieceText);
            emitter.emit(new ServerEvent.TranscriptDelta(ref, pieceText));
        }
        if (bytes.length > 0) {
            emitter.emit(new ServerEvent.AudioDelta(ref, Base64.getEncoder().encodeToString(bytes)));
            timing.ifPresent(t -> t.firstAudio(System.nanoTime()));
        }
        long millis = info.outputFormat().millis(bytes.length);
        audioOutMillis += millis;
        EngineMetrics.audioOut(millis / 1000.0);
        sink.audioSent(m.id(), pieceText, millis);
    }

    /** The id of this response's spoken message, if it has one. */
    Optional<String> spokenItem() {
        return audio ? output.stream().filter(i -> i instanceof Item.Message).map(Item::id).findFirst()
                : Optional.empty();
    }

    /** A tool call of the model; the text before it is a finished message. */
    void functionCall(SessionMessage.RunSignal.FunctionCall call) {
        closeMessage(Item.Status.COMPLETED);
        if (call.server()) {
            calls.serverCall(this, call.call());
        } else {
            calls.clientCall(this, call.call(), output);
        }
    }

    /** A server tool answered. */
    void toolOutput(SessionMessage.RunSignal.ToolOutput result) {
        calls.serverOutput(this, result.callId(), result.output());
    }

    /** Ends the response as the model finished. */
    void finish(String finishReason, ResponseInfo.Usage usage) {
        if ("length".equals(finishReason)) {
            end(ResponseInfo.Status.INCOMPLETE, Optional.of(new ResponseInfo.StatusDetails(
                    "incomplete", Optional.of("max_output_tokens"), Optional.empty())), usage);
        } else if ("content_filter".equals(finishReason)) {
            end(ResponseInfo.Status.INCOMPLETE, Optional.of(new ResponseInfo.StatusDetails(
                    "incomplete", Optional.of("content_filter"), Optional.empty())), usage);
        } else {
            end(ResponseInfo.Status.COMPLETED, Optional.empty(), usage);
        }
    }

    /** Cancels the run and ends the response as cancelled for the given reason. */
    void cancel(String reason) {
        run.cancel();
        end(ResponseInfo.Status.CANCELLED, Optional.of(new ResponseInfo.StatusDetails(
                "cancelled", Optional.of(reason), Optional.empty())), new ResponseInfo.Usage(0, 0));
    }

    /** Ends the response as failed, after telling the client with an {@code error} event. */
    void fail(ErrorInfo error) {
        run.cancel();
        emitter.error(error);
        end(ResponseInfo.Status.FAILED, Optional.of(new ResponseInfo.StatusDetails(
                "failed", Optional.empty(), Optional.of(error))), new ResponseInfo.Usage(0, 0));
    }

    private void end(ResponseInfo.Status status, Optional<ResponseInfo.StatusDetails> details,
                     ResponseInfo.Usage usage) {
        if (done) {
            return;
        }
        done = true;
        Item.Status itemStatus = status == ResponseInfo.Status.COMPLETED ? Item.Status.COMPLETED
                : Item.Status.INCOMPLETE;
        closeMessage(itemStatus);
        calls.closePending(this);
        emitter.emit(new ServerEvent.ResponseDone(info.finish(status, details, output, usage)));
        String name = status.name().toLowerCase(java.util.Locale.ROOT);
        EngineMetrics.response(name);
        timing.ifPresent(t -> t.responseEnded(info.id(), name, audioOutMillis));
        sink.responseDone(this);
    }

    private Item.Message openMessage() {
        Item.Message m = new Item.Message(Ids.item(), Item.Role.ASSISTANT, Item.Status.IN_PROGRESS, List.of());
        output.add(m);
        message = Optional.of(m);
        int index = output.size() - 1;
        emitter.emit(new ServerEvent.OutputItemAdded(info.id(), index, m));
        sink.itemAdded(this, m);
        emitter.emit(new ServerEvent.ContentPartAdded(new ServerEvent.Ref(info.id(), m.id(), index, 0),
                                                      new ServerEvent.Part(audio, "")));
        return m;
    }

    private void closeMessage(Item.Status status) {
        if (message.isEmpty()) {
            return;
        }
        Item.Message m = message.get();
        message = Optional.empty();
        int index = output.indexOf(m);
        String full = text.toString();
        ServerEvent.Ref ref = new ServerEvent.Ref(info.id(), m.id(), index, 0);
        if (audio) {
            emitter.emit(new ServerEvent.AudioDone(ref));
            emitter.emit(new ServerEvent.TranscriptDone(ref, full));
        } else {
            emitter.emit(new ServerEvent.TextDone(ref, full));
        }
        emitter.emit(new ServerEvent.ContentPartDone(ref, new ServerEvent.Part(audio, full)));
        Content content = audio ? new Content.OutputAudio(full) : new Content.OutputText(full);
        Item.Message finished = m.with(status, List.of(content));
        output.set(index, finished);
        emitter.emit(new ServerEvent.OutputItemDone(info.id(), index, finished));
        sink.itemDone(this, finished);
    }
}
