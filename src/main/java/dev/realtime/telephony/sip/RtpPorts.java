package dev.realtime.telephony.sip;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out RTP sockets on the SIP host from the configured port range ({@code SIP_RTP_PORTS}), even ports only
 * as RFC 3550 suggests, going round the range so a port just freed is not reused at once. A port in use by anything
 * else is skipped. Any thread.
 */
final class RtpPorts {
    private final InetAddress host;
    private final int first;
    private final int last;
    private final AtomicInteger cursor = new AtomicInteger();

    RtpPorts(InetAddress host, int first, int last) {
        this.host = host;
        this.first = first;
        this.last = last;
    }

    /**
     * Binds a socket for a new call.
     *
     * @return the bound socket
     * @throws SipAgentException when every port of the range is taken
     */
    DatagramSocket open() {
        int firstEven = first + first % 2;
        int evens = (last - firstEven) / 2 + 1;
        for (int tries = 0; tries < evens; tries++) {
            int port = firstEven + 2 * Math.floorMod(cursor.getAndIncrement(), evens);
            try {
                return new DatagramSocket(new InetSocketAddress(host, port));
            } catch (SocketException e) {
                // taken: try the next one
            }
        }
        throw new SipAgentException("no free RTP port in " + first + "-" + last);
    }
}
