/**
 * What the engine shows about itself: the Micrometer meters ({@code EngineMetrics}, every series
 * registered at zero), the session id on log lines ({@code LogContext}) and the text or JSON log format
 * ({@code LogFormat}, installed on the JDK logging handlers that back {@code System.Logger}).
 */
package dev.realtime.observe;
