package dev.realtime.llm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link FakeChatServer} answers to one {@code /chat/completions} request: either an HTTP error with a
 * body, or a {@code 200 text/event-stream} chunked body made of steps (bytes, pauses, stalls, cuts). Immutable;
 * build it with the factories or {@link #sse()}.
 */
public final class FakeChatScript {

    sealed interface Step {
    }

    record Write(byte[] bytes) implements Step {
    }

    record Pause(Duration duration) implements Step {
    }

    /** Send nothing more; wait until the client disconnects. */
    record Stall() implements Step {
    }

    /** Write an SSE comment every {@code every} until a write fails because the client went away. */
    record KeepAlive(Duration every) implements Step {
    }

    /** Close the socket without ending the chunked body. */
    record Cut() implements Step {
    }

    final int status;
    final Map<String, String> headers;
    final byte[] errorBody;
    final List<Step> steps;

    private FakeChatScript(int status, Map<String, String> headers, byte[] errorBody, List<Step> steps) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.errorBody = errorBody;
        this.steps = List.copyOf(steps);
    }

    /** @return a builder for a streaming 200 answer */
    public static Builder sse() {
        return new Builder();
    }

    /** @return the answer used when no script is queued: "Hello from the fake." in 3 chunks, then usage */
    public static FakeChatScript defaultScript() {
        return text("Hello ", "from the ", "fake.");
    }

    /** @return role chunk, these content chunks, finish {@code stop}, usage, {@code [DONE]} */
    public static FakeChatScript text(String... chunks) {
        return text(Duration.ZERO, chunks);
    }

    /** @return like {@link #text(String...)} with {@code delay} before each content chunk (for cancel tests) */
    public static FakeChatScript text(Duration delay, String... chunks) {
        Builder b = sse().role();
        for (String chunk : chunks) {
            if (!delay.isZero()) {
                b.pause(delay);
            }
            b.content(chunk);
        }
        return b.finish("stop").usage(12, chunks.length).done().build();
    }

    /** @return one tool call whose arguments arrive in two fragments, finish {@code tool_calls}, usage, done */
    public static FakeChatScript toolCall(String id, String name, String argumentsJson) {
        int half = argumentsJson.length() / 2;
        return sse().role().toolCallStart(0, id, name, "")
                .toolCallArgs(0, argumentsJson.substring(0, half)).toolCallArgs(0, argumentsJson.substring(half))
                .finish("tool_calls").usage(20, 9).done().build();
    }

    /** @return an HTTP error with a JSON body */
    public static FakeChatScript error(int status, String body) {
        return error(status, body, Map.of());
    }

    /** @return an HTTP error with a JSON body and extra headers such as {@code retry-after} */
    public static FakeChatScript error(int status, String body, Map<String, String> headers) {
        return new FakeChatScript(status, headers, body.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** @return an OpenAI-shaped error body {@code {"error":{"message","type","param","code"}}} */
    public static String openAiErrorBody(String message, String type, String code) {
        return FakeChunks.openAiError(message, type, code);
    }

    boolean isError() {
        return status != 200;
    }

    /** Builds a streaming script; each method appends one step. Not thread-safe. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String eol = "\n";

        private Builder() {
        }

        /** Ends the lines of the following events with CRLF. */
        public Builder crlf() {
            eol = "\r\n";
            return this;
        }

        /** Adds a response header. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** {@code data: <payload>} event. */
        public Builder data(String payload) {
            return raw("data: " + payload + eol + eol);
        }

        public Builder role() {
            return data(FakeChunks.role());
        }

        public Builder content(String text) {
            return data(FakeChunks.content(text));
        }

        /** A content event written in pieces of {@code bytesPerWrite} bytes, flushed with a short pause between. */
        public Builder contentSplit(String text, int bytesPerWrite) {
            byte[] event = ("data: " + FakeChunks.content(text) + eol + eol).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < event.length; i += bytesPerWrite) {
                steps.add(new Write(Arrays.copyOfRange(event, i, Math.min(event.length, i + bytesPerWrite))));
                steps.add(new Pause(Duration.ofMillis(3)));
            }
            return this;
        }

        /** A delta carrying only a reasoning field such as {@code reasoning} or {@code reasoning_content}. */
        public Builder reasoning(String field, String text) {
            return data(FakeChunks.deltaField(field, text));
        }

        /** First fragment of tool call {@code index}: id, type and name. */
        public Builder toolCallStart(int index, String id, String name, String arguments) {
            return data(FakeChunks.toolCall(index, id, name, arguments));
        }

        /** Later fragment of tool call {@code index}: only an arguments piece. */
        public Builder toolCallArgs(int index, String arguments) {
            return data(FakeChunks.toolCall(index, null, null, arguments));
        }

        public Builder finish(String reason) {
            return data(FakeChunks.finish(reason));
        }

        /** The {@code include_usage} chunk: {@code choices:[]} and {@code usage}. */
        public Builder usage(int prompt, int completion) {
            return data(FakeChunks.usage(prompt, completion));
        }

        /** Groq style: finish chunk with {@code x_groq.usage}. */
        public Builder groqFinish(String reason, int prompt, int completion) {
            return data(FakeChunks.groqFinishWithUsage(reason, prompt, completion));
        }

        /** {@code : text} comment line, e.g. {@code OPENROUTER PROCESSING}. */
        public Builder comment(String text) {
            return raw(": " + text + eol + eol);
        }

        /** OpenAI-style {@code data: {"error":{...}}}. */
        public Builder midStreamError(String message, String type) {
            return data(FakeChunks.openAiError(message, type, null));
        }

        /** OpenRouter-style chunk with a top-level {@code error} and {@code finish_reason:"error"}. */
        public Builder openRouterError(int code, String message) {
            return data(FakeChunks.openRouterErrorChunk(code, message));
        }

        public Builder done() {
            return data("[DONE]");
        }

        /** Bytes exactly as given. */
        public Builder raw(String text) {
            steps.add(new Write(text.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** Flushes, then waits before the next step. */
        public Builder pause(Duration duration) {
            steps.add(new Pause(duration));
            return this;
        }

        /** Flushes, then sends nothing until the client disconnects. */
        public Builder stall() {
            steps.add(new Stall());
            return this;
        }

        /** Flushes, then writes a comment every {@code every} until the client disconnects. */
        public Builder keepAliveUntilDisconnect(Duration every) {
            steps.add(new KeepAlive(every));
            return this;
        }

        /** Flushes, then closes the connection without ending the HTTP body. */
        public Builder cut() {
            steps.add(new Cut());
            return this;
        }

        /** @return the script; without {@link #done()} the body ends cleanly but without {@code [DONE]} */
        public FakeChatScript build() {
            return new FakeChatScript(200, headers, new byte[0], steps);
        }
    }
}
