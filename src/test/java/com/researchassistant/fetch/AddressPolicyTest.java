package com.researchassistant.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0           | unspecified
            0.1.2.3           | unspecified
            127.0.0.1         | loopback
            127.255.255.254   | loopback
            10.0.0.1          | private
            172.16.0.1        | private
            172.31.255.255    | private
            192.168.1.1       | private
            100.64.0.1        | shared
            100.100.100.200   | shared
            169.254.169.254   | cloud metadata
            169.254.10.1      | link-local
            192.0.0.192       | IETF
            192.0.2.10        | documentation
            198.51.100.7      | documentation
            203.0.113.9       | documentation
            198.18.0.1        | benchmarking
            192.88.99.1       | 6to4 relay
            224.0.0.1         | multicast
            239.255.255.250   | multicast
            240.0.0.1         | reserved
            255.255.255.255   | broadcast
            """)
    void refuses_every_non_public_ipv4_class(String address, String why) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address)))
                .hasValueSatisfying(reason -> assertThat(reason).contains(why));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ::                    | unspecified
            ::1                   | loopback
            ::127.0.0.1           | IPv4-compatible
            ::8.8.8.8             | IPv4-compatible
            ::ffff:0:10.0.0.1     | IPv4-translated
            64:ff9b::a00:1        | private address in NAT64 form
            64:ff9b::a9fe:a9fe    | cloud metadata address in NAT64 form
            64:ff9b:1::1          | local NAT64
            2002:7f00:1::1        | loopback address in 6to4 form
            2002:a9fe:a9fe::1     | cloud metadata address in 6to4 form
            100::1                | discard
            2001::1               | Teredo
            2001:db8::1           | documentation
            3fff::1               | documentation
            fc00::1               | unique-local
            fd12:3456::1          | unique-local
            fd00:ec2::254         | cloud metadata
            fe80::1               | link-local
            febf::1               | link-local
            fec0::1               | site-local
            ff02::1               | multicast
            """)
    void refuses_every_non_public_ipv6_class(String address, String why) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address)))
                .hasValueSatisfying(reason -> assertThat(reason).contains(why));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.10", "100.64.1.1", "0.0.0.0"})
    void refuses_ipv4_mapped_ipv6_forms_of_refused_addresses(String v4) throws Exception {
        // given: built from bytes, as the JDK turns a parsed "::ffff:a.b.c.d" into an IPv4 address
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(v4).getAddress(), 0, mapped, 12, 4);
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);

        // then
        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(AddressPolicy.refusal(address))
                .hasValueSatisfying(reason -> assertThat(reason).contains("IPv4-mapped"));
        assertThat(AddressPolicy.refusal(InetAddress.getByName("::ffff:" + v4))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "100.128.0.1",
                "169.253.1.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001:80b::200e",
                "64:ff9b::808:808",
                "2002:808:808::1",
                "::ffff:8.8.8.8"
            })
    void lets_public_addresses_through(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "LOCALHOST.",
                "api.localhost",
                "metadata.google.internal",
                "metadata.goog",
                "metadata",
                "instance-data",
                "db.internal",
                "printer.local",
                "nas.home.arpa",
                "router",
                "host.localdomain"
            })
    void refuses_local_and_metadata_host_names(String host) {
        assertThat(AddressPolicy.refusalOfName(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"arxiv.org", "www.ncbi.nlm.nih.gov", "example.org", "papers.example"})
    void lets_public_host_names_through(String host) {
        assertThat(AddressPolicy.refusalOfName(host)).isEmpty();
    }
}
