package dev.realtime.session;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

import dev.realtime.config.EngineConfig;
import dev.realtime.llm.ChatModel;

/**
 * What every session shares: the configuration snapshot, the model, the timer thread and the clock.
 *
 * @param config engine configuration
 * @param model  the language model
 * @param timers shared scheduler for periodic work (pings); its tasks only queue messages
 * @param clock  clock for expiry times
 */
public record SessionServices(EngineConfig config, ChatModel model, ScheduledExecutorService timers, Clock clock) {
}
