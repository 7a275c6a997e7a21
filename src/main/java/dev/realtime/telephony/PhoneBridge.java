package dev.realtime.telephony;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.protocol.ClientEvent;
import dev.realtime.protocol.Dialect;
import dev.realtime.protocol.EventCodec;
import dev.realtime.protocol.ServerEvent;
import dev.realtime.session.Call;
import dev.realtime.session.SessionOutput;

/**
 * Joins a phone call's media ({@link PhoneLeg}) to its session. The session's side ({@link SessionOutput}) runs on
 * the session loop: the assistant's audio goes to the leg, and when the caller starts speaking over it the leg stops
 * at once and the answer is truncated to what the caller heard, as a WebSocket client does with
 * {@code conversation.item.truncate}; when an answer fails upstream the caller hears the {@link Apology} instead of
 * silence. The caller's side ({@link #hear}, {@link #dtmf}, {@link #callerGone}) runs on
 * the transport's thread. Made by {@link Phones#connect}.
 */
public final class PhoneBridge implements SessionOutput {
    private static final System.Logger LOGGER = System.getLogger(PhoneBridge.class.getName());
    private static final EventCodec GA = EventCodec.create(Dialect.GA);
    /** G.711 at 8 kHz: 8 bytes a millisecond. */
    private static final int BYTES_PER_MS = 8;

    private final PhoneCall phone;
    private final PhoneLeg leg;
    private final AtomicReference<Optional<Call>> call = new AtomicReference<>(Optional.empty());
    private final Goodbye goodbye;
    private final Apology apology;
    /** The assistant audio the caller may be hearing, and how much of it went to the leg; session loop only. */
    private Optional<ServerEvent.Ref> playing = Optional.empty();
    private long playingBytes;

    PhoneBridge(PhoneCall phone, PhoneLeg leg, Goodbye goodbye, Apology apology) {
        this.phone = phone;
        this.leg = leg;
        this.goodbye = goodbye;
        this.apology = apology;
    }

    void attach(Call opened) {
        call.set(Optional.of(opened));
    }

    /** The call's session, once open. */
    public Optional<Call> call() {
        return call.get();
    }

    @Override
    public void event(ServerEvent event) {
        switch (event) {
            case ServerEvent.AudioDelta d -> {
                if (playing.map(r -> !r.itemId().equals(d.ref().itemId())).orElse(true)) {
                    playing = Optional.of(d.ref());
                    playingBytes = 0;
                }
                playingBytes += d.audio().length;
                leg.play(d.ref().itemId(), d.audio());
            }
            case ServerEvent.SpeechStarted s -> bargeIn();
            case ServerEvent.ResponseCreated c -> apology.responseCreated(c.response());
            case ServerEvent.ResponseDone d -> {
                goodbye.responseDone(d.response(), this);
                apology.responseDone(d.response(), this);
            }
            case ServerEvent.Error e -> LOGGER.log(Level.INFO, () -> "call " + phone.callId() + ": the session said "
                    + e.error().message());
            default -> {
            }
        }
    }

    /** The caller talks over the answer: stop it now, and keep in the conversation only what was heard. */
    private void bargeIn() {
        apology.inProgress().ifPresent(id -> send(new ClientEvent.ResponseCancel(Optional.empty(), Optional.of(id))));
        if (playing.isEmpty()) {
            return;
        }
        ServerEvent.Ref ref = playing.get();
        playing = Optional.empty();
        int heardMs = leg.clear();
        if (heardMs >= playingBytes / BYTES_PER_MS || apology.said(ref.responseId())) {
            // the answer had played to its end: the caller is taking the next turn, not cutting in; or it was the
            // apology, which is in no conversation
            return;
        }
        LOGGER.log(Level.INFO, () -> "call " + phone.callId() + ": the caller spoke over the answer after " + heardMs
                + " ms of " + ref.itemId());
        send(new ClientEvent.ItemTruncate(Optional.empty(), ref.itemId(), ref.contentIndex(), heardMs));
    }

    @Override
    public void close(int code, String reason) {
        leg.hangUp(reason);
    }

    @Override
    public void gone() {
        goodbye.cancel();
    }

    /**
     * The caller's audio, as it arrives: G.711 in the call's law at 8 kHz, any length.
     *
     * @param audio the bytes, not changed afterwards
     */
    public void hear(byte[] audio) {
        send(new ClientEvent.AudioAppend(Optional.empty(), audio));
    }

    /**
     * A key the caller pressed (RFC 4733 event, Twilio {@code dtmf}): it reaches the conversation as the caller's
     * words, and the assistant answers it.
     *
     * @param digit {@code 0}-{@code 9}, {@code *}, {@code #} or {@code A}-{@code D}
     */
    public void dtmf(char digit) {
        if ("0123456789*#ABCD".indexOf(digit) < 0) {
            LOGGER.log(Level.INFO, () -> "call " + phone.callId() + ": ignored DTMF " + (int) digit);
            return;
        }
        send(GA.parse("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_text\",\"text\":\"(The caller pressed " + digit
                + " on the keypad.)\"}]}}"));
        send(GA.parse("{\"type\":\"response.create\"}"));
    }

    /**
     * The caller has gone (BYE, the stream's {@code stop}, the socket lost): the session ends.
     *
     * @param detail what happened, for the log
     */
    public void callerGone(String detail) {
        goodbye.cancel();
        call.get().ifPresent(c -> c.hangUp(detail));
    }

    void send(ClientEvent event) {
        call.get().ifPresent(c -> c.send(event));
    }

    PhoneCall phone() {
        return phone;
    }
}
