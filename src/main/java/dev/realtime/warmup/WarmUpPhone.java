package dev.realtime.warmup;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.realtime.telephony.sip.SipKit;

/**
 * The warm-up's telephone: a JAIN-SIP user agent client on 127.0.0.1 that places calls to the engine's SIP user
 * agent (INVITE with a PCMU offer, ACK of the 200, BYE) for {@link WarmUpCall}. Requests are sent on the caller's
 * thread, which waits for their final response; the stack's threads deliver responses ({@link SipListener}).
 */
final class WarmUpPhone implements SipListener, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(WarmUpPhone.class.getName());
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    /** A call the engine answered: its dialog and the engine's SDP answer. */
    record Answered(Dialog dialog, String sdp) {
    }

    private final Map<ClientTransaction, CompletableFuture<ResponseEvent>> pending = new ConcurrentHashMap<>();
    private final SipStack stack;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final AddressFactory addresses;
    private final int port;
    private final int enginePort;

    private WarmUpPhone(int enginePort) throws Exception {
        this.enginePort = enginePort;
        SipKit kit = SipKit.create("warm-up-phone", Map.of());
        headers = kit.headers();
        messages = kit.messages();
        addresses = kit.addresses();
        stack = kit.stack();
        port = freeUdpPort();
        ListeningPoint udp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
        provider = stack.createSipProvider(udp);
        provider.addSipListener(this);
        stack.start();
    }

    /**
     * Starts the phone; on the caller's thread.
     *
     * @param enginePort the engine's {@code SIP_PORT} on 127.0.0.1
     * @return the running phone
     * @throws WarmUpException when the stack cannot start
     */
    static WarmUpPhone start(int enginePort) {
        try {
            return new WarmUpPhone(enginePort);
        } catch (Exception e) {
            throw new WarmUpException("cannot start the warm-up's SIP phone: " + e, e);
        }
    }

    /**
     * Calls the engine and acknowledges its answer; blocks the caller until the final response.
     *
     * @param number the number dialled (the request URI's user part)
     * @param rtp    the caller's RTP socket, offered in the SDP
     * @return the answered call
     * @throws WarmUpException when the call is refused or not answered in time
     */
    Answered invite(String number, DatagramSocket rtp) {
        try {
            SipURI engine = addresses.createSipURI(number, "127.0.0.1:" + enginePort);
            Address caller = addresses.createAddress("sip:warm-up@127.0.0.1:" + port);
            Request invite = messages.createRequest(engine, Request.INVITE, provider.getNewCallId(),
                    headers.createCSeqHeader(1L, Request.INVITE),
                    headers.createFromHeader(caller, UUID.randomUUID().toString().substring(0, 8)),
                    headers.createToHeader(addresses.createAddress(engine), null),
                    List.of(headers.createViaHeader("127.0.0.1", port, ListeningPoint.UDP, null)),
                    headers.createMaxForwardsHeader(70));
            invite.addHeader(headers.createContactHeader(caller));
            invite.setContent(offer(rtp.getLocalPort()), headers.createContentTypeHeader("application", "sdp"));
            ClientTransaction transaction = provider.getNewClientTransaction(invite);
            Response ok = send(transaction, () -> transaction.sendRequest()).getResponse();
            Dialog dialog = transaction.getDialog();
            long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));
            return new Answered(dialog, new String(ok.getRawContent(), StandardCharsets.US_ASCII));
        } catch (ParseException | SipException | InvalidArgumentException e) {
            throw new WarmUpException("cannot call the engine: " + e, e);
        }
    }

    /**
     * Hangs a call up; blocks the caller until the engine's 200.
     *
     * @param call the answered call
     * @throws WarmUpException when the BYE is not answered with a 200
     */
    void bye(Answered call) {
        try {
            ClientTransaction transaction = provider.getNewClientTransaction(call.dialog().createRequest(Request.BYE));
            send(transaction, () -> call.dialog().sendRequest(transaction));
        } catch (SipException e) {
            throw new WarmUpException("cannot hang up: " + e, e);
        }
    }

    private ResponseEvent send(ClientTransaction transaction, Send send) throws SipException {
        CompletableFuture<ResponseEvent> done = new CompletableFuture<>();
        pending.put(transaction, done);
        try {
            send.send();
            ResponseEvent event = done.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            int status = event.getResponse().getStatusCode();
            if (status != Response.OK) {
                throw new WarmUpException(transaction.getRequest().getMethod() + " answered " + status + " "
                                                  + event.getResponse().getReasonPhrase());
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarmUpException("interrupted waiting for the engine's answer", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new WarmUpException(transaction.getRequest().getMethod() + " not answered: " + e, e);
        } finally {
            pending.remove(transaction);
        }
    }

    /** The caller's SDP offer: PCMU on its RTP port, as a phone offers it. */
    private static String offer(int rtpPort) {
        return "v=0\r\no=warm-up 1 1 IN IP4 127.0.0.1\r\ns=warm-up\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n";
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return probe.getLocalPort();
        }
    }

    /** A final response completes its request's wait; provisional ones (100, 180) are passed over. Stack thread. */
    @Override
    public void processResponse(ResponseEvent event) {
        if (event.getClientTransaction() != null && event.getResponse().getStatusCode() >= 200) {
            CompletableFuture<ResponseEvent> waiting = pending.get(event.getClientTransaction());
            if (waiting != null) {
                waiting.complete(event);
            }
        }
    }

    /** The engine's requests to the phone (a BYE of its own) are answered 200. Stack thread. */
    @Override
    public void processRequest(RequestEvent event) {
        try {
            if (event.getServerTransaction() != null) {
                event.getServerTransaction().sendResponse(messages.createResponse(Response.OK, event.getRequest()));
            } else {
                provider.getNewServerTransaction(event.getRequest())
                        .sendResponse(messages.createResponse(Response.OK, event.getRequest()));
            }
        } catch (ParseException | SipException | InvalidArgumentException e) {
            // not fatal here: the call whose BYE goes unanswered then times out in its turn, which the tally counts
            LOGGER.log(Level.WARNING, "warm-up phone: cannot answer the engine's " + event.getRequest().getMethod()
                    + ": " + e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.getClientTransaction() != null) {
            CompletableFuture<ResponseEvent> waiting = pending.get(event.getClientTransaction());
            if (waiting != null) {
                waiting.completeExceptionally(new WarmUpException("the engine did not answer (SIP timeout)"));
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        // a transport failure shows as the request's timeout
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing held per transaction beyond the wait, which removes itself
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // nothing held per dialog
    }

    @Override
    public void close() {
        stack.stop();
    }

    @FunctionalInterface
    private interface Send {
        void send() throws SipException;
    }
}
