package com.researchassistant.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses and host names a fetch of an outside URL must never reach: everything that is
 * not the public internet. IPv4: "this network", private (RFC 1918), shared (CGNAT 100.64/10),
 * loopback, link-local (with the cloud metadata address 169.254.169.254), IETF, documentation,
 * benchmarking, 6to4 relay, multicast, reserved and broadcast. IPv6: unspecified, loopback, the
 * IPv4-compatible, -mapped and -translated forms, NAT64 and 6to4 of a refused IPv4 address, local
 * NAT64, discard, the IETF block (Teredo among it), documentation, unique-local (with AWS's
 * metadata address fd00:ec2::254), link-local, site-local and multicast. Names: localhost,
 * single labels (intranet names) and the private or metadata domains.
 */
final class AddressPolicy {

    private record Block(byte[] prefix, int bits, String why) {

        static Block of(String cidr, String why) {
            String[] parts = cidr.split("/");
            try {
                return new Block(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), why);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Block> V4 = List.of(
            Block.of("0.0.0.0/8", "an unspecified ('this network') address"),
            Block.of("10.0.0.0/8", "a private address"),
            Block.of("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            Block.of("127.0.0.0/8", "a loopback address"),
            Block.of("169.254.169.254/32", "the cloud metadata address"),
            Block.of("169.254.0.0/16", "a link-local address"),
            Block.of("172.16.0.0/12", "a private address"),
            Block.of("192.0.0.0/24", "an IETF protocol address"),
            Block.of("192.0.2.0/24", "a documentation address"),
            Block.of("192.88.99.0/24", "a 6to4 relay address"),
            Block.of("192.168.0.0/16", "a private address"),
            Block.of("198.18.0.0/15", "a benchmarking address"),
            Block.of("198.51.100.0/24", "a documentation address"),
            Block.of("203.0.113.0/24", "a documentation address"),
            Block.of("224.0.0.0/4", "a multicast address"),
            Block.of("240.0.0.0/4", "a reserved or broadcast address"));

    private static final List<Block> V6 = List.of(
            Block.of("::/128", "an unspecified address"),
            Block.of("::1/128", "a loopback address"),
            Block.of("::/96", "an IPv4-compatible address"),
            Block.of("::ffff:0:0:0/96", "an IPv4-translated address"),
            Block.of("64:ff9b:1::/48", "a local NAT64 address"),
            Block.of("100::/64", "a discard address"),
            Block.of("2001::/23", "an IETF protocol (Teredo, benchmarking, ORCHID) address"),
            Block.of("2001:db8::/32", "a documentation address"),
            Block.of("3fff::/20", "a documentation address"),
            Block.of("fd00:ec2::254/128", "the cloud metadata address"),
            Block.of("fc00::/7", "a unique-local address"),
            Block.of("fe80::/10", "a link-local address"),
            Block.of("fec0::/10", "a site-local address"),
            Block.of("ff00::/8", "a multicast address"));

    /** Built from bytes: the JDK reads "::ffff:0:0" as the IPv4 address 0.0.0.0. */
    private static final Block MAPPED = new Block(
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96, "IPv4-mapped");

    private static final Block NAT64 = Block.of("64:ff9b::/96", "NAT64");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16", "6to4");

    private static final List<String> REFUSED_NAMES =
            List.of("localhost", "metadata.google.internal", "metadata.goog", "metadata", "instance-data");
    private static final List<String> REFUSED_DOMAINS =
            List.of(".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".intranet", ".lan");

    private AddressPolicy() {}

    /** Why {@code address} must not be reached, or empty for a public address. */
    static Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return first(V4, bytes);
        }
        if (address instanceof Inet6Address) {
            for (Block embedding : List.of(MAPPED, NAT64)) {
                if (embedding.contains(bytes)) {
                    return first(V4, slice(bytes, 12)).map(why -> why + " in " + embedding.why() + " form");
                }
            }
            if (SIX_TO_FOUR.contains(bytes)) {
                return first(V4, slice(bytes, 2)).map(why -> why + " in 6to4 form");
            }
            return first(V6, bytes);
        }
        return Optional.of("an address of an unknown family");
    }

    /** Why a host of this name must not be reached whatever it resolves to, or empty. */
    static Optional<String> refusalOfName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || REFUSED_NAMES.contains(name)) {
            return Optional.of("a local or cloud-metadata host name");
        }
        String n = name;
        if (REFUSED_DOMAINS.stream().anyMatch(n::endsWith)) {
            return Optional.of("a host name of a private domain");
        }
        if (!name.contains(".")) {
            return Optional.of("a single-label (intranet) host name");
        }
        return Optional.empty();
    }

    private static Optional<String> first(List<Block> blocks, byte[] bytes) {
        return blocks.stream().filter(b -> b.contains(bytes)).map(Block::why).findFirst();
    }

    private static byte[] slice(byte[] bytes, int from) {
        byte[] v4 = new byte[4];
        System.arraycopy(bytes, from, v4, 0, 4);
        return v4;
    }
}
