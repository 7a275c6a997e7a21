/**
 * Sample work, pure and allocation-free per frame: PCM16 and G.711 ({@code Pcm16}, {@code G711}), the
 * client's input formats ({@code InputDecoder}), the polyphase resampler ({@code Resampler},
 * {@code PolyphaseFilter}, {@code LaneKernel}), buffers ({@code SampleBuffer}) and the audio clock
 * ({@code AudioClock}).
 */
package dev.realtime.audio;
