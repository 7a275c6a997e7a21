/**
 * Offline speech: flite as a process ({@code FliteTts}, {@code FliteStream}) or FreeTTS in process
 * ({@code FreeTts}, {@code FreeTtsStream}, {@code CapturingPlayer}); {@code WavData} reads flite's output.
 */
package dev.realtime.tts.local;
