package dev.realtime.telephony;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;

import dev.realtime.protocol.ErrorInfo;
import dev.realtime.protocol.ResponseInfo;

/**
 * What a caller hears when a turn's answer fails upstream (a provider failed): a web client can show the
 * {@code error} event, a caller would only hear silence. The session says the fixed line ({@code PHONE_APOLOGY})
 * word for word, without the language model (which may be what failed), as an out-of-band response: it is spoken
 * and played like any answer but joins no conversation, so the model's next turn sees the caller's question again
 * rather than a line it never wrote. At most one apology per failed response, none while one is being said, none for
 * a failed apology (when the speech provider is what failed, the apology fails too and ends quietly) and none for
 * the goodbye. Session loop only.
 */
final class Apology {
    /** The metadata key of the apology's response. */
    static final String MARK = "phone_apology";
    private static final System.Logger LOGGER = System.getLogger(Apology.class.getName());

    private final String line;
    /** The latest apology's response, and whether it is still being made. */
    private Optional<String> latest = Optional.empty();
    private boolean speaking;

    /** @param line the words; empty turns the apology off */
    Apology(String line) {
        this.line = line;
    }

    /** A response has started; when it is the apology, it is tracked until it ends. */
    void responseCreated(ResponseInfo response) {
        if (marked(response, MARK)) {
            latest = Optional.of(response.id());
            speaking = true;
        }
    }

    /** A response has ended: when it failed upstream, the caller is told so. */
    void responseDone(ResponseInfo response, PhoneBridge bridge) {
        String callId = bridge.phone().callId();
        if (marked(response, MARK)) {
            speaking = false;
            LOGGER.log(Level.INFO, () -> "call " + callId + ": the apology ended "
                    + response.status().name().toLowerCase(Locale.ROOT));
            return;
        }
        Optional<String> upstream = response.statusDetails().flatMap(ResponseInfo.StatusDetails::error)
                .flatMap(ErrorInfo::code).filter(code -> code.startsWith("upstream_"));
        if (line.isEmpty() || speaking || response.status() != ResponseInfo.Status.FAILED || upstream.isEmpty()
                || marked(response, Goodbye.MARK)) {
            return;
        }
        LOGGER.log(Level.INFO, () -> "call " + callId + ": response " + response.id() + " failed ("
                + upstream.get() + "); saying the apology");
        bridge.call().filter(c -> !c.say(line, MARK)).ifPresent(c -> LOGGER.log(
                Level.INFO, () -> "call " + callId + ": the session is busy or closing; apology dropped"));
    }

    /** The apology's response while it is still being made: what a caller who speaks over it cancels. */
    Optional<String> inProgress() {
        return speaking ? latest : Optional.empty();
    }

    /** Whether audio of this response is the apology's (which is in no conversation, so is never truncated). */
    boolean said(String responseId) {
        return latest.map(responseId::equals).orElse(false);
    }

    private static boolean marked(ResponseInfo response, String mark) {
        return response.metadata().map(m -> m.containsKey(mark)).orElse(false);
    }
}
