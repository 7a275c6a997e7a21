package dev.realtime.telephony;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.ResponseInfo;

/**
 * The end of a call that reaches its time limit: shortly before it, whatever the assistant is saying is cancelled
 * and it is asked to say the goodbye line; when that answer is done the engine ends the call, and the leg hangs up
 * once the line has played. A call that ends first cancels it. Timer thread and session loop.
 */
final class Goodbye {
    /** How long before the limit the line is asked for: time to make it and say it. */
    static final Duration LEAD = Duration.ofSeconds(10);
    static final String MARK = "phone_goodbye";
    private static final EventCodec GA = EventCodec.create(Dialect.GA);

    private final String line;
    private final AtomicReference<Optional<ScheduledFuture<?>>> timer = new AtomicReference<>(Optional.empty());

    Goodbye(String line) {
        this.line = line;
    }

    /** Asks for the line {@link #LEAD} before {@code limit} (at once for a limit shorter than that). */
    void schedule(ScheduledExecutorService timers, Duration limit, PhoneBridge bridge) {
        long delay = Math.max(0, limit.minus(LEAD).toMillis());
        timer.set(Optional.of(timers.schedule(() -> say(bridge), delay, TimeUnit.MILLISECONDS)));
    }

    private void say(PhoneBridge bridge) {
        ObjectNode create = JsonNodeFactory.instance.objectNode().put("type", "response.create");
        ObjectNode response = create.putObject("response");
        response.put("instructions", "Say exactly this to the caller, and nothing else: \"" + line + "\"");
        response.putObject("metadata").put(MARK, "true");
        bridge.send(GA.parse("{\"type\":\"response.cancel\"}"));
        bridge.send(GA.parse(create.toString()));
    }

    /** A response has ended; when it was the goodbye, the call ends. Session loop. */
    void responseDone(ResponseInfo response, PhoneBridge bridge) {
        if (response.metadata().map(m -> m.containsKey(MARK)).orElse(false)) {
            bridge.call().ifPresent(c -> c.end("call duration limit reached: said goodbye"));
        }
    }

    /** The call ended before the limit. Any thread. */
    void cancel() {
        timer.get().ifPresent(t -> t.cancel(false));
    }
}
