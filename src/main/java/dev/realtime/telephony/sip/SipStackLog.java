package dev.realtime.telephony.sip;

import java.lang.System.Logger.Level;
import java.util.Properties;

import gov.nist.core.StackLogger;

/**
 * Sends JAIN-SIP's own log to {@code System.Logger} (the stack's default logger needs log4j). Warnings and errors
 * only (warnings as INFO): message traces would cost a string per packet. Named in the stack's properties; any thread.
 */
public final class SipStackLog implements StackLogger {
    private static final System.Logger LOGGER = System.getLogger("dev.realtime.telephony.sip.stack");

    /** Made by the stack from its properties. */
    public SipStackLog() {
    }

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int level) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable t) {
        LOGGER.log(Level.WARNING, "SIP stack: " + t, t);
    }

    @Override
    public void logDebug(String message) {
        LOGGER.log(Level.DEBUG, message);
    }

    @Override
    public void logDebug(String message, Exception e) {
        LOGGER.log(Level.DEBUG, message, e);
    }

    @Override
    public void logTrace(String message) {
        LOGGER.log(Level.TRACE, message);
    }

    @Override
    public void logFatalError(String message) {
        LOGGER.log(Level.ERROR, "SIP stack: " + message);
    }

    @Override
    public void logError(String message) {
        LOGGER.log(Level.WARNING, "SIP stack: " + message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return true;
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        return level <= TRACE_WARN;
    }

    @Override
    public void logError(String message, Exception e) {
        LOGGER.log(Level.WARNING, "SIP stack: " + message, e);
    }

    @Override
    public void logWarning(String message) {
        // the stack warns about its TLS defaults at every start; the engine serves no TLS on SIP
        LOGGER.log(Level.INFO, "SIP stack: " + message);
    }

    @Override
    public void logInfo(String message) {
        LOGGER.log(Level.DEBUG, message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String timeStamp) {
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public String getLoggerName() {
        return LOGGER.getName();
    }
}
