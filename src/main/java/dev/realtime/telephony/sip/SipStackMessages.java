package dev.realtime.telephony.sip;

import java.lang.System.Logger.Level;
import java.util.Properties;

import javax.sip.SipStack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;

/**
 * Keeps JAIN-SIP from tracing every message to a file: the engine logs calls, not packets. Named in the stack's
 * properties; any thread.
 */
public final class SipStackMessages implements ServerLogger {
    private static final System.Logger LOGGER = System.getLogger(SipStackMessages.class.getName());

    /** Made by the stack from its properties. */
    public SipStackMessages() {
    }

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
    }

    @Override
    public void logException(Exception e) {
        LOGGER.log(Level.WARNING, "SIP stack: " + e, e);
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public void setSipStack(SipStack stack) {
    }
}
