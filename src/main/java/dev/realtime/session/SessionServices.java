package dev.realtime.session;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import dev.realtime.config.EngineConfig;
import dev.realtime.llm.ChatModel;
import dev.realtime.stt.SttEngine;
import dev.realtime.tools.ServerTools;
import dev.realtime.tools.ToolRunner;
import dev.realtime.tts.TtsEngine;
import dev.realtime.vad.Vad;

/**
 * What every session shares: the configuration snapshot, the model, the timer thread and the clock.
 *
 * @param config engine configuration
 * @param model  the language model
 * @param vad    the voice activity detector (one model, per-session streams)
 * @param stt    the speech-to-text engine, if one is available
 * @param tts    the text-to-speech engine, if one is available
 * @param timers shared scheduler for periodic work (pings); its tasks only queue messages
 * @param clock  clock for expiry times
 * @param serverTools the engine's own tools, offered to the model beside the client's
 * @param toolRunner  performs server tool calls
 */
public record SessionServices(EngineConfig config, ChatModel model, Vad vad, Optional<SttEngine> stt,
                              Optional<TtsEngine> tts, ScheduledExecutorService timers, Clock clock,
                              ServerTools serverTools, ToolRunner toolRunner) {
}
