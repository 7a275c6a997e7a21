/**
 * The realtime endpoint and its sessions. Each session has one loop thread that owns all of its state; everything
 * here except the endpoint and the factory is used on that loop only, and stays package-private so nothing else
 * can call it from another thread. Other threads talk to the loop through its inbox ({@link
 * dev.realtime.session.SessionMessage}).
 * <p>
 * The room map:
 * <ul>
 *     <li>the socket and the loop: {@link dev.realtime.session.RealtimeSocket} (the endpoint),
 *     {@link dev.realtime.session.SessionFactory}, {@link dev.realtime.session.SessionGate} (admission),
 *     {@link dev.realtime.session.Session} (the loop), {@link dev.realtime.session.SessionMessage},
 *     {@link dev.realtime.session.SessionEnd}, {@link dev.realtime.session.Outbox} (the one writer),
 *     {@link dev.realtime.session.Emitter}, {@link dev.realtime.session.SessionLimits},
 *     {@link dev.realtime.session.LimitTicks}, {@link dev.realtime.session.StartingConfig},
 *     {@link dev.realtime.session.SessionServices}, {@link dev.realtime.session.ProviderNames};</li>
 *     <li>conversation items and storage: {@link dev.realtime.session.Conversation},
 *     {@link dev.realtime.session.ConversationEvents} ({@code conversation.item.*}),
 *     {@link dev.realtime.session.ContextWindow}, {@link dev.realtime.session.ItemBytes},
 *     {@link dev.realtime.session.AudioStore}, {@link dev.realtime.session.StoreBudget};</li>
 *     <li>responses and their items: {@link dev.realtime.session.Responses} (owner of the active ones),
 *     {@link dev.realtime.session.ResponsePlan}, {@link dev.realtime.session.ActiveResponse},
 *     {@link dev.realtime.session.MessageItems}, {@link dev.realtime.session.FunctionCallItems},
 *     {@link dev.realtime.session.ResponseSink}, {@link dev.realtime.session.ResponseItems},
 *     {@link dev.realtime.session.AudioLedger};</li>
 *     <li>input audio and turn taking: {@link dev.realtime.session.TurnTaking} ({@code turn_detection} and what a
 *     turn triggers), {@link dev.realtime.session.InputAudioBuffer} ({@code input_audio_buffer.*}),
 *     {@link dev.realtime.session.BufferedAudio}, {@link dev.realtime.session.TurnSettingsMapper},
 *     {@link dev.realtime.session.SessionStt}, {@link dev.realtime.session.SttLoop} (the one thread here besides
 *     the loop: it only posts to the inbox), {@link dev.realtime.session.Transcripts},
 *     {@link dev.realtime.session.TurnTiming}; the VAD framing is {@link dev.realtime.vad.VadFrames};</li>
 *     <li>the response's own threads: package {@code dev.realtime.session.run}, which reports back only through
 *     {@link dev.realtime.session.run.RunSignal}.</li>
 * </ul>
 */
package dev.realtime.session;
