package dev.realtime.session.run;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.llm.ChatException;
import dev.realtime.llm.ChatMessage;
import dev.realtime.llm.ChatModel;
import dev.realtime.llm.ChatRequest;
import dev.realtime.llm.ChatStream;
import dev.realtime.llm.ToolCall;
import dev.realtime.llm.Usage;
import dev.realtime.protocol.ErrorInfo;
import dev.realtime.tools.ToolCancelledException;
import dev.realtime.upstream.Causes;
import dev.realtime.upstream.UpstreamFailure;

/**
 * The upstream side of one response, on its own virtual thread: streams the model, checks its tool calls, performs
 * server-tool calls and streams the model again with their results, until the model answers or hands calls to the
 * client. A scope: {@link #cancel()} closes the upstream stream and aborts tool requests in flight, and the session
 * loop ignores anything the run reports after its response is done. A failed model call is logged and counted once
 * here (a cancelled one is not a failure) and fails the response.
 */
public final class ResponseRun {
    private static final System.Logger LOGGER = System.getLogger(ResponseRun.class.getName());
    /** Model calls with server-tool results a response may make before the model must answer in words. */
    public static final int MAX_TOOL_ROUNDS = 5;

    private final String responseId;
    private final ChatModel model;
    private final String provider;
    private final ChatRequest request;
    private final TextOutput output;
    private final ServerCalls serverCalls;
    private final AtomicReference<ChatStream> stream = new AtomicReference<>();
    private final SignalReporter reporter;
    private volatile boolean cancelled;
    private Thread thread;

    private ResponseRun(String responseId, ChatModel model, String provider, ChatRequest request,
                        SignalReporter reporter, Optional<TextOutput> speech, ServerCalls serverCalls) {
        this.responseId = responseId;
        this.model = model;
        this.provider = provider;
        this.request = request;
        this.reporter = reporter;
        this.serverCalls = serverCalls;
        this.output = speech.orElseGet(() -> new DirectOutput(reporter));
    }

    /**
     * Starts a run on a new virtual thread. Called on the session loop.
     *
     * @param responseId  response id
     * @param model       the model
     * @param provider    the configured LLM provider name, for failures
     * @param request     the request
     * @param reporter    where to report (the session's inbox)
     * @param speech      speaks the text when the response has audio; text goes straight to the client otherwise
     * @param serverCalls performs calls of the engine's own tools
     * @return the running run
     */
    public static ResponseRun start(String responseId, ChatModel model, String provider, ChatRequest request,
                                    SignalReporter reporter, Optional<TextOutput> speech, ServerCalls serverCalls) {
        ResponseRun run = new ResponseRun(responseId, model, provider, request, reporter, speech, serverCalls);
        run.thread = Thread.ofVirtual().name("response-" + responseId).start(run::run);
        return run;
    }

    /** Stops the run, its upstream request and its tool requests. Called on the session loop; returns at once. */
    public void cancel() {
        cancelled = true;
        reporter.stop();
        output.cancel();
        ChatStream s = stream.getAndSet(null);
        if (s != null) {
            s.close();
        }
        thread.interrupt();
    }

    private void run() {
        try {
            ChatRequest next = request;
            Optional<Usage> usage = Optional.empty();
            for (int round = 1; !cancelled; round++) {
                ModelRound answer = ModelRound.stream(model, next, output::text,
                        at -> reporter.report(new RunSignal.Stage(RunSignal.Stage.Kind.LLM_FIRST_TOKEN, at)), stream);
                usage = ModelRound.sum(usage, answer.usage());
                if (answer.calls().isEmpty()) {
                    output.finish(answer.finish(), usage);
                    return;
                }
                CallRepair repair = new CallRepair(model, stream, () -> cancelled);
                List<StreamedCall> calls = repair.repair(next, answer);
                usage = ModelRound.sum(usage, repair.usage());
                List<ToolCall> server = new ArrayList<>();
                for (StreamedCall call : calls) {
                    boolean ours = serverCalls.handles(call.call());
                    output.signal(new RunSignal.FunctionCall(call, ours));
                    if (ours) {
                        server.add(call.call());
                    }
                }
                List<String> results = server.isEmpty() ? List.of() : serverCalls.perform(server);
                for (int i = 0; i < server.size(); i++) {
                    output.signal(new RunSignal.ToolOutput(server.get(i).id(), results.get(i)));
                }
                if (server.size() < calls.size()) {
                    // client calls: the response ends here and the client answers them
                    output.finish("tool_calls", usage);
                    return;
                }
                next = followUp(next, answer.text(), server, results, round >= MAX_TOOL_ROUNDS);
            }
        } catch (ToolCancelledException e) {
            // cancelled while a tool request was in flight: the session has already ended the response
        } catch (ChatException e) {
            if (!cancelled) {
                failed(e);
            }
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOGGER.log(Level.WARNING, "response " + responseId + " failed", e);
                reporter.report(new RunSignal.Failed(ErrorInfo.server("server_error", "the response failed: "
                        + Causes.describe(e))));
            }
        }
    }

    private void failed(ChatException e) {
        if (e.kind() == ChatException.Kind.CANCELLED) {
            // the model call was stopped although this run was not cancelled: end the response all the same
            reporter.report(new RunSignal.Failed(ErrorInfo.server("server_error", "the model call was stopped")));
            return;
        }
        UpstreamFailure failure = UpstreamFailure.of(provider, UpstreamFailure.CHAT, e.fault());
        failure.report();
        reporter.report(new RunSignal.Failed(ErrorInfo.server(failure.code(), failure.clientMessage())));
    }

    /** The request after server tools ran: the calls and their results appended; no forced tool any more. */
    private static ChatRequest followUp(ChatRequest previous, String text, List<ToolCall> calls, List<String> results,
                                        boolean last) {
        List<ChatMessage> messages = new ArrayList<>(previous.messages());
        messages.add(ChatMessage.assistantToolCalls(text, calls));
        for (int i = 0; i < calls.size(); i++) {
            messages.add(ChatMessage.tool(calls.get(i).id(), results.get(i)));
        }
        Optional<String> choice = previous.tools().isEmpty() ? Optional.empty()
                : Optional.of(last ? "none" : "auto");
        return new ChatRequest(messages, previous.tools(), choice, previous.temperature(),
                               previous.maxOutputTokens());
    }
}
