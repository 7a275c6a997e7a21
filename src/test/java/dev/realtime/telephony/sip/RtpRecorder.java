package dev.realtime.telephony.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caller's ear in the SIP tests: a UDP socket on 127.0.0.1 that the caller's SDP names as its media address, so
 * the engine's answer lands here (sipp plays the caller's audio from its own media port). Keeps every RTP packet
 * with its arrival time; a virtual thread reads until {@link #close}.
 */
final class RtpRecorder implements AutoCloseable {
    /** A packet and when it came ({@link System#nanoTime}). */
    record Arrival(RtpPacket packet, long nanos) {
    }

    private final DatagramSocket socket;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Arrival> arrivals = new ArrayList<>();

    RtpRecorder() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("rtp-recorder").start(this::read);
    }

    int port() {
        return socket.getLocalPort();
    }

    List<Arrival> arrivals() {
        lock.lock();
        try {
            return List.copyOf(arrivals);
        } finally {
            lock.unlock();
        }
    }

    private void read() {
        byte[] buffer = new byte[2048];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(datagram);
            } catch (IOException e) {
                return; // closed
            }
            long now = System.nanoTime();
            RtpPacket.parse(buffer, datagram.getLength()).ifPresent(p -> {
                lock.lock();
                try {
                    arrivals.add(new Arrival(p, now));
                } finally {
                    lock.unlock();
                }
            });
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
