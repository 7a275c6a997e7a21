package dev.realtime.telephony.sip;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Response;

import dev.realtime.config.SipSettings;
import dev.realtime.telephony.Phones;

/**
 * The engine's SIP user agent: a JAIN-SIP stack listening on {@code SIP_HOST:SIP_PORT} over UDP and TCP, whose
 * requests {@link SipRequests} handles, and the calls in progress by Call-ID. Started by the composition root when
 * {@code SIP_PORT} is set; {@link #close} hangs nothing up (the sessions' drain does: each call's BYE follows its
 * last audio), waits a little for those BYEs and stops the stack.
 */
public final class SipServer implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(SipServer.class.getName());
    /** How long {@link #close} waits for the BYEs of calls being hung up. */
    private static final Duration BYE_WAIT = Duration.ofSeconds(5);

    private final SipSettings settings;
    private final Phones phones;
    private final RtpPorts rtpPorts;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final AddressFactory addresses;
    private final SipStack stack;
    private final SipProvider provider;

    private SipServer(SipSettings settings, Phones phones) throws Exception {
        this.settings = settings;
        this.phones = phones;
        this.rtpPorts = new RtpPorts(InetAddress.getByName(settings.host()), settings.rtpFirstPort(),
                                     settings.rtpLastPort());
        SipKit kit = SipKit.create("realtime-engine", Map.of("gov.nist.javax.sip.THREAD_POOL_SIZE", "8",
                                                             "gov.nist.javax.sip.REENTRANT_LISTENER", "true"));
        headers = kit.headers();
        messages = kit.messages();
        addresses = kit.addresses();
        stack = kit.stack();
        ListeningPoint udp = stack.createListeningPoint(settings.host(), settings.port(), ListeningPoint.UDP);
        ListeningPoint tcp = stack.createListeningPoint(settings.host(), settings.port(), ListeningPoint.TCP);
        provider = stack.createSipProvider(udp);
        provider.addListeningPoint(tcp);
        stack.start();
    }

    /**
     * Starts the user agent.
     *
     * @param settings where it listens, who may call
     * @param phones   where calls get their sessions
     * @return the running server
     * @throws SipAgentException when the port is taken or the stack cannot start
     */
    public static SipServer start(SipSettings settings, Phones phones) {
        SipServer server;
        try {
            server = new SipServer(settings, phones);
            server.provider.addSipListener(new SipRequests(server, CidrAllowList.parse(settings.allowedCidrs()),
                                                           SipDigest.of(settings, server.headers)));
        } catch (TooManyListenersException e) {
            throw new SipAgentException("the SIP provider already has a listener", e);
        } catch (SipAgentException e) {
            throw e;
        } catch (Exception e) {
            throw new SipAgentException("cannot start SIP on " + settings.host() + ":" + settings.port() + ": " + e, e);
        }
        SipMetrics.register();
        LOGGER.log(Level.INFO, () -> "SIP listening on " + settings.host() + ":" + settings.port()
                + " (UDP, TCP), RTP " + settings.rtpFirstPort() + "-" + settings.rtpLastPort() + ", allowed "
                + settings.allowedCidrs() + (settings.username().isPresent() ? ", digest auth" : ""));
        return server;
    }

    /**
     * Sends a response to a request's transaction; a 180 or 200 to an INVITE gets the dialog's To tag and Contact.
     *
     * @param transaction the server transaction
     * @param status      the status code
     * @param sdp         a body to send as {@code application/sdp}
     * @return the dialog, once the response has made one
     * @throws SipAgentException when the response cannot be made or sent
     */
    Optional<Dialog> respond(ServerTransaction transaction, int status, Optional<String> sdp) {
        try {
            Response response = messages.createResponse(status, transaction.getRequest());
            if (status > 100 && status < 300) {
                ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
                if (to.getTag() == null) {
                    to.setTag(Integer.toHexString(transaction.getBranchId().hashCode()));
                }
                response.addHeader(headers.createContactHeader(addresses.createAddress(
                        "sip:engine@" + settings.host() + ":" + settings.port())));
            }
            if (sdp.isPresent()) {
                response.setContent(sdp.get(), headers.createContentTypeHeader("application", "sdp"));
            }
            transaction.sendResponse(response);
            return Optional.ofNullable(transaction.getDialog());
        } catch (ParseException | SipException | InvalidArgumentException e) {
            throw new SipAgentException("cannot send " + status + ": " + e.getMessage(), e);
        }
    }

    SipProvider provider() {
        return provider;
    }

    HeaderFactory headers() {
        return headers;
    }

    MessageFactory messages() {
        return messages;
    }

    Phones phones() {
        return phones;
    }

    RtpPorts rtpPorts() {
        return rtpPorts;
    }

    Map<String, SipCall> calls() {
        return calls;
    }

    void forget(String callId) {
        calls.remove(callId);
    }

    /** Calls whose INVITE is being answered or that are answered. */
    public int activeCalls() {
        return calls.size();
    }

    /**
     * Stops the stack, once the calls whose sessions have ended (a drain) have sent their BYE: each goes after the
     * audio it had queued, so this waits up to {@link #BYE_WAIT} for them. The shutdown thread.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + BYE_WAIT.toNanos();
        while (!calls.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (!calls.isEmpty()) {
            LOGGER.log(Level.WARNING, () -> "SIP stopped with " + calls.size() + " calls not hung up");
        }
        stack.stop();
    }
}
