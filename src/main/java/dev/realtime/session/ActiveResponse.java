package dev.realtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.realtime.observe.EngineMetrics;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.Item;
import dev.realtime.protocol.ResponseInfo;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.session.run.RunSignal;

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
    private final Runnable stopRun;
    private final List<Item> output = new ArrayList<>();
    private final FunctionCallItems calls;
    private final MessageItems messages;
    private boolean done;

    private final Optional<TurnTiming> timing;
    private long audioOutMillis;

    private ActiveResponse(ResponseInfo info, Emitter emitter, ResponseSink sink, Runnable stopRun,
                           Optional<TurnTiming> timing) {
        this.timing = timing;
        this.info = info;
        this.emitter = emitter;
        this.sink = sink;
        this.audio = info.outputModalities().contains("audio");
        this.stopRun = stopRun;
        this.calls = new FunctionCallItems(info.id(), emitter, sink, output);
        this.messages = new MessageItems(info.id(), emitter, sink, audio, output);
    }

    /**
     * Announces the response ({@code response.created}) and tracks it.
     *
     * @param stopRun stops what produces the response's output (its run), when it is cancelled or fails
     */
    static ActiveResponse start(ResponseInfo info, Emitter emitter, ResponseSink sink, Runnable stopRun,
                                Optional<TurnTiming> timing) {
        emitter.emit(new ServerEvent.ResponseCreated(info));
        return new ActiveResponse(info, emitter, sink, stopRun, timing);
    }

    String id() {
        return info.id();
    }

    /** Whether it ended; its owner then lets it go. */
    boolean done() {
        return done;
    }

    boolean outOfBand() {
        return info.conversationId().isEmpty();
    }

    /** Whether this response's output includes the item. */
    boolean owns(String itemId) {
        return output.stream().anyMatch(i -> i.id().equals(itemId));
    }

    void text(String delta) {
        if (!delta.isEmpty()) {
            messages.text(delta);
        }
    }

    /** Spoken audio with the text of the piece it starts, if any. */
    void audio(String pieceText, byte[] bytes) {
        String itemId = messages.audio(pieceText, bytes);
        if (bytes.length > 0) {
            timing.ifPresent(t -> t.firstAudio(System.nanoTime()));
        }
        long millis = info.outputFormat().millis(bytes.length);
        audioOutMillis += millis;
        EngineMetrics.audioOut(millis / 1000.0);
        sink.audioSent(itemId, pieceText, millis);
    }

    /** The ids of this response's spoken messages (more than one when it called server tools between them). */
    List<String> spokenItems() {
        return audio ? output.stream().filter(i -> i instanceof Item.Message).map(Item::id).toList() : List.of();
    }

    /** The run reached a stage of the voice path. */
    void stage(RunSignal.Stage stage) {
        timing.ifPresent(t -> t.stage(stage));
    }

    /** A tool call of the model; the text before it is a finished message. */
    void functionCall(RunSignal.FunctionCall call) {
        messages.close(Item.Status.COMPLETED);
        if (call.server()) {
            calls.serverCall(call.call());
        } else {
            calls.clientCall(call.call());
        }
    }

    /** A server tool answered. */
    void toolOutput(RunSignal.ToolOutput result) {
        calls.serverOutput(result.callId(), result.output());
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
        stopRun.run();
        end(ResponseInfo.Status.CANCELLED, Optional.of(new ResponseInfo.StatusDetails(
                "cancelled", Optional.of(reason), Optional.empty())), new ResponseInfo.Usage(0, 0));
    }

    /** Ends the response as failed, after telling the client with an {@code error} event. */
    void fail(ErrorInfo error) {
        stopRun.run();
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
        messages.close(itemStatus);
        calls.closePending();
        emitter.emit(new ServerEvent.ResponseDone(info.finish(status, details, output, usage)));
        String name = status.name().toLowerCase(Locale.ROOT);
        EngineMetrics.response(name);
        timing.ifPresent(t -> emitter.timings(t.responseEnded(info.id(), name, audioOutMillis)));
    }
}
