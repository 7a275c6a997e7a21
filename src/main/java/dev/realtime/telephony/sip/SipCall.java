package dev.realtime.telephony.sip;

import java.lang.System.Logger.Level;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

import dev.realtime.session.SessionRefusedException;
import dev.realtime.telephony.CallMetrics;
import dev.realtime.telephony.PhoneBridge;
import dev.realtime.telephony.PhoneCall;

/**
 * One SIP call from its INVITE to its BYE. {@link #answer} runs on a virtual thread of its own (never the stack's
 * listener thread): SDP, an RTP port, the session, then 180 and 200 OK. The caller's BYE or CANCEL arrive on the
 * stack's thread; the leg's callbacks on its RTP threads. State changes hold the call's lock, so a CANCEL racing
 * the answer or a BYE racing the engine's hang-up ends the call exactly once.
 */
final class SipCall implements RtpLeg.Caller {
    private static final System.Logger LOGGER = System.getLogger(SipCall.class.getName());

    private enum State { ANSWERING, ANSWERED, ENDED }

    private final SipServer server;
    private final String callId;
    private final ServerTransaction invite;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.ANSWERING;
    private Optional<RtpLeg> leg = Optional.empty();
    private Optional<PhoneBridge> bridge = Optional.empty();
    private Optional<Dialog> dialog = Optional.empty();
    private Optional<String> answer = Optional.empty();

    SipCall(SipServer server, String callId, ServerTransaction invite) {
        this.server = server;
        this.callId = callId;
        this.invite = invite;
    }

    /**
     * Answers the INVITE, or refuses it (488 for the SDP, 503 when no RTP port or session is free). On the call's own
     * virtual thread.
     */
    void answer(String calledUser) {
        Request request = invite.getRequest();
        byte[] body = request.getRawContent();
        Optional<SdpOffer> offer = SdpOffer.negotiate(body == null ? "" : new String(body, StandardCharsets.UTF_8));
        if (offer.isEmpty()) {
            refuse(488, "unsupported_media", "no audio stream with PCMU or PCMA in the offer");
            return;
        }
        DatagramSocket socket;
        try {
            socket = server.rtpPorts().open();
        } catch (SipAgentException e) {
            refuse(503, "busy", e.getMessage());
            return;
        }
        RtpLeg media = new RtpLeg(socket, offer.get(), this);
        PhoneBridge opened;
        try {
            opened = server.phones().connect(new PhoneCall(callId, "sip", server.phones().config()
                    .presetFor(calledUser), offer.get().codec().format()), media);
        } catch (SessionRefusedException e) {
            media.close();
            CallMetrics.refused(SipMetrics.TRANSPORT);
            refuse(503, "busy", e.getMessage());
            return;
        }
        lock.lock();
        try {
            if (state != State.ANSWERING) {
                media.close();
                opened.callerGone("the caller cancelled while the call was answered");
                return;
            }
            leg = Optional.of(media);
            bridge = Optional.of(opened);
            server.respond(invite, 180, Optional.empty());
            answer = Optional.of(offer.get().answer(media.local(), System.currentTimeMillis()));
            dialog = server.respond(invite, 200, answer);
            state = State.ANSWERED;
        } catch (SipAgentException e) {
            SipMetrics.call("failed");
            fail("sip_send", e);
            return;
        } finally {
            lock.unlock();
        }
        media.start(callId);
        SipMetrics.call("answered");
        CallMetrics.started(SipMetrics.TRANSPORT);
        LOGGER.log(Level.INFO, () -> "SIP call " + callId + " to " + calledUser + " answered with "
                + offer.get().codec() + " (session " + sessionId() + "), RTP to " + offer.get().remote());
    }

    /**
     * A re-INVITE in the call's dialog (a session-timer refresh, hold): answered 200 with the same SDP; the media goes
     * on as first negotiated. The stack's thread.
     */
    void reinvite(ServerTransaction transaction) {
        lock.lock();
        try {
            server.respond(transaction, state == State.ANSWERED ? 200 : 491,
                           state == State.ANSWERED ? answer : Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    /** CANCEL before the answer: 487 to the INVITE. The stack's thread. */
    void cancel() {
        if (!endUnanswered()) {
            return;
        }
        SipMetrics.call("cancelled");
        try {
            server.respond(invite, 487, Optional.empty());
        } catch (SipAgentException e) {
            LOGGER.log(Level.WARNING, "SIP call " + callId + ": cannot answer its CANCEL with 487: " + e.getMessage());
            SipMetrics.failure("sip_send");
        }
    }

    /** The caller's BYE: the session ends. The stack's thread. */
    void callerBye() {
        if (end()) {
            release();
            LOGGER.log(Level.INFO, () -> "SIP call " + callId + " (session " + sessionId() + "): the caller hung up");
            bridge.ifPresent(b -> b.callerGone("the caller sent BYE"));
        }
    }

    @Override
    public void hear(byte[] audio) {
        bridge.ifPresent(b -> b.hear(audio));
    }

    @Override
    public void dtmf(char key) {
        LOGGER.log(Level.INFO, () -> "SIP call " + callId + ": key " + key);
        bridge.ifPresent(b -> b.dtmf(key));
    }

    /** The engine hung up and the goodbye has been sent: BYE. The leg's writer thread. */
    @Override
    public void played() {
        if (end()) {
            LOGGER.log(Level.INFO, () -> "SIP call " + callId + " (session " + sessionId() + "): the engine hangs up");
            sendBye();
            release();
        }
    }

    @Override
    public void failed(String kind, Exception cause) {
        fail(kind, cause);
    }

    /** Logs once, counts, and ends the call both ways. */
    private void fail(String kind, Exception cause) {
        LOGGER.log(Level.WARNING, "SIP call " + callId + " (session " + sessionId() + ") failed: " + kind + ": "
                + cause);
        SipMetrics.failure(kind);
        if (end()) {
            bridge.ifPresent(b -> b.callerGone("the call failed: " + kind));
            sendBye();
            release();
        }
    }

    /** Marks the call ended; whether this call did it. */
    private boolean end() {
        lock.lock();
        try {
            if (state == State.ENDED) {
                return false;
            }
            if (state == State.ANSWERED) {
                CallMetrics.ended(SipMetrics.TRANSPORT);
            }
            state = State.ENDED;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Frees the RTP port and lets the server forget the call (after its BYE went, so a shutdown waits for it). */
    private void release() {
        leg.ifPresent(RtpLeg::close);
        server.forget(callId);
    }

    /** Ends a call still being answered, and the server forgets it; false when it is past that. */
    private boolean endUnanswered() {
        lock.lock();
        try {
            if (state != State.ANSWERING) {
                return false;
            }
            state = State.ENDED;
        } finally {
            lock.unlock();
        }
        server.forget(callId);
        return true;
    }

    private void refuse(int status, String outcome, String why) {
        if (!endUnanswered()) {
            return;
        }
        SipMetrics.call(outcome);
        LOGGER.log(Level.INFO, () -> "SIP call " + callId + " refused with " + status + ": " + why);
        try {
            server.respond(invite, status, Optional.empty());
        } catch (SipAgentException e) {
            LOGGER.log(Level.WARNING, "SIP call " + callId + ": cannot send " + status + ": " + e.getMessage());
            SipMetrics.failure("sip_send");
        }
    }

    private void sendBye() {
        dialog.ifPresent(d -> {
            try {
                Request bye = d.createRequest(Request.BYE);
                ClientTransaction transaction = server.provider().getNewClientTransaction(bye);
                d.sendRequest(transaction);
            } catch (Exception e) { // the stack's checked SipException and its runtime failures alike
                LOGGER.log(Level.WARNING, "SIP call " + callId + " (session " + sessionId() + "): cannot send BYE: "
                        + e);
                SipMetrics.failure("sip_send");
            }
        });
    }

    private String sessionId() {
        return bridge.flatMap(PhoneBridge::call).map(c -> c.sessionId()).orElse("none");
    }
}
