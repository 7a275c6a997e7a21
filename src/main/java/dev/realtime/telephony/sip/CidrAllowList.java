package dev.realtime.telephony.sip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers allowed to call: source addresses in any of a list of CIDR blocks ({@code 10.0.0.0/8},
 * {@code 2001:db8::/32}, or a bare address for one host). Immutable, any thread.
 */
public final class CidrAllowList {
    /** Loopback only: the default, so an engine is never open to the world by accident. */
    public static final String LOOPBACK = "127.0.0.0/8,::1/128";

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> blocks;
    private final String text;

    private CidrAllowList(List<Block> blocks, String text) {
        this.blocks = List.copyOf(blocks);
        this.text = text;
    }

    /**
     * Reads a comma-separated list.
     *
     * @param list such as {@code 127.0.0.1/32, 192.168.1.0/24}
     * @return the allow-list
     * @throws IllegalArgumentException naming the entry that is not an IP literal with a fitting prefix length
     */
    public static CidrAllowList parse(String list) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : list.split(",")) {
            String cidr = entry.strip();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            byte[] network;
            try {
                network = InetAddress.ofLiteral(slash < 0 ? cidr : cidr.substring(0, slash)).getAddress();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR block");
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                String bits = cidr.substring(slash + 1);
                if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > prefix) {
                    throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-" + prefix);
                }
                prefix = Integer.parseInt(bits);
            }
            blocks.add(new Block(network, prefix));
        }
        return new CidrAllowList(blocks, list);
    }

    /**
     * Whether a peer may call.
     *
     * @param address the request's source address
     * @return whether it lies in one of the blocks (an IPv4-mapped IPv6 address counts as its IPv4 address)
     */
    public boolean allows(InetAddress address) {
        byte[] raw = address.getAddress();
        return blocks.stream().anyMatch(b -> b.contains(raw));
    }

    @Override
    public String toString() {
        return text;
    }
}
