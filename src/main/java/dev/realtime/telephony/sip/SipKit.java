package dev.realtime.telephony.sip;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

import gov.nist.javax.sip.SipStackImpl;

/**
 * A JAIN-SIP stack with its factories, logging through the engine's loggers: the engine's user agent and the
 * warm-up's phone both start from one. Not started; its owner adds listening points and starts it.
 *
 * @param stack     the stack
 * @param headers   makes headers
 * @param messages  makes requests and responses
 * @param addresses makes URIs and addresses
 */
public record SipKit(SipStack stack, HeaderFactory headers, MessageFactory messages, AddressFactory addresses) {
    private static final AtomicInteger STACKS = new AtomicInteger();

    /**
     * A new stack.
     *
     * @param name  its name's prefix; a number makes it unique, as the stack keys some state by its name and one JVM
     *              may run several (tests, the warm-up)
     * @param extra further stack properties
     * @return the stack and its factories
     * @throws PeerUnavailableException when the stack cannot be made
     */
    public static SipKit create(String name, Map<String, String> extra) throws PeerUnavailableException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", name + "-" + STACKS.incrementAndGet());
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipStackLog.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipStackMessages.class.getName());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        extra.forEach(properties::setProperty);
        return new SipKit(new SipStackImpl(properties), factory.createHeaderFactory(), factory.createMessageFactory(),
                          factory.createAddressFactory());
    }
}
