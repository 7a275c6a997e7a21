package dev.realtime.telephony.sip;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.header.AllowHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.RequestEventExt;

/**
 * What the engine does with each SIP request, on the stack's listener thread (which must not block for long: an
 * INVITE is answered on a virtual thread of its own). A source outside {@code SIP_ALLOWED_CIDRS} gets 403 to
 * anything; an INVITE without valid digest credentials, when they are required, gets 401 with a challenge.
 */
final class SipRequests implements SipListener {
    private static final System.Logger LOGGER = System.getLogger(SipRequests.class.getName());
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";

    private final SipServer server;
    private final CidrAllowList allowed;
    private final Optional<SipDigest> digest;

    SipRequests(SipServer server, CidrAllowList allowed, Optional<SipDigest> digest) {
        this.server = server;
        this.allowed = allowed;
        this.digest = digest;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return; // the 200's ACK (the dialog takes it) or a refusal's (its transaction takes it)
        }
        try {
            String source = ((RequestEventExt) event).getRemoteIpAddress();
            if (!allowed.allows(InetAddress.ofLiteral(source))) {
                LOGGER.log(Level.WARNING, () -> "SIP " + method + " from " + source + " refused with 403: not in "
                        + "SIP_ALLOWED_CIDRS (" + allowed + ")");
                if (Request.INVITE.equals(method)) {
                    SipMetrics.call("forbidden");
                }
                server.respond(transaction(event), Response.FORBIDDEN, Optional.empty());
                return;
            }
            switch (method) {
                case Request.INVITE -> invite(event);
                case Request.BYE -> inDialog(event, SipCall::callerBye);
                case Request.CANCEL -> inDialog(event, SipCall::cancel);
                case Request.OPTIONS -> options(event);
                default -> server.respond(transaction(event), Response.NOT_IMPLEMENTED, Optional.empty());
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "SIP " + method + " " + callId(request) + ": cannot answer it: " + e);
            SipMetrics.failure("sip_send");
        }
    }

    private void invite(RequestEvent event) {
        Request request = event.getRequest();
        String callId = callId(request);
        ServerTransaction transaction = transaction(event);
        SipCall existing = server.calls().get(callId);
        if (existing != null && event.getDialog() != null) {
            existing.reinvite(transaction);
            return;
        }
        if (digest.isPresent() && !digest.get().authorized(request)) {
            boolean tried = request.getHeader("Authorization") != null;
            LOGGER.log(tried ? Level.WARNING : Level.DEBUG, () -> "SIP call " + callId + ": "
                    + (tried ? "wrong credentials" : "challenged for credentials"));
            SipMetrics.call("unauthorized");
            respondChallenge(transaction);
            return;
        }
        server.respond(transaction, Response.TRYING, Optional.empty());
        SipCall call = new SipCall(server, callId, transaction);
        server.calls().put(callId, call);
        String called = calledUser(request);
        Thread.ofVirtual().name("sip-answer-" + callId).start(() -> call.answer(called));
    }

    private void inDialog(RequestEvent event, Consumer<SipCall> action) {
        ServerTransaction transaction = transaction(event);
        SipCall call = server.calls().get(callId(event.getRequest()));
        if (call == null) {
            server.respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, Optional.empty());
            return;
        }
        server.respond(transaction, Response.OK, Optional.empty());
        action.accept(call);
    }

    private void options(RequestEvent event) {
        try {
            Response response = server.messages().createResponse(Response.OK, event.getRequest());
            AllowHeader allow = server.headers().createAllowHeader(ALLOW);
            response.addHeader(allow);
            response.addHeader(server.headers().createAcceptHeader("application", "sdp"));
            transaction(event).sendResponse(response);
        } catch (Exception e) { // the stack's checked parse and send failures
            throw new SipAgentException("cannot answer OPTIONS: " + e, e);
        }
    }

    private void respondChallenge(ServerTransaction transaction) {
        try {
            Response response = server.messages().createResponse(Response.UNAUTHORIZED, transaction.getRequest());
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(Integer.toHexString(transaction.hashCode()));
            digest.orElseThrow().challenge(response);
            transaction.sendResponse(response);
        } catch (Exception e) { // the stack's checked parse and send failures
            throw new SipAgentException("cannot send 401: " + e, e);
        }
    }

    /** The request's server transaction, made when the stack has not made one. */
    private ServerTransaction transaction(RequestEvent event) {
        if (event.getServerTransaction() != null) {
            return event.getServerTransaction();
        }
        try {
            return server.provider().getNewServerTransaction(event.getRequest());
        } catch (Exception e) { // a retransmission the stack already holds, or a malformed request
            throw new SipAgentException("no transaction for " + event.getRequest().getMethod() + ": " + e, e);
        }
    }

    private static String callId(Request request) {
        CallIdHeader header = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return header == null ? "(no Call-ID)" : header.getCallId();
    }

    /** The number or user the caller dialled: the Request-URI's user part, for PHONE_ROUTES. */
    private static String calledUser(Request request) {
        return request.getRequestURI() instanceof SipURI uri && uri.getUser() != null ? uri.getUser() : "";
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // the only requests the engine sends are BYEs; their answers end their transactions by themselves
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        LOGGER.log(Level.DEBUG, () -> "SIP transaction timed out: " + (event.isServerTransaction()
                ? event.getServerTransaction() : event.getClientTransaction()));
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOGGER.log(Level.WARNING, () -> "SIP transport failure towards " + event.getHost() + ":" + event.getPort()
                + " (" + event.getTransport() + ")");
        SipMetrics.failure("sip_send");
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
