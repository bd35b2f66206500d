package com.researchassistant.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the web app's JavaScript unit tests ({@code src/test/js/*.test.mjs}: the event reader, the
 * state reducer, the outbox, the Markdown parser) with Node's built-in test runner, so that
 * {@code mvn verify} runs them too. Node 20 or later must be on the PATH; without it this fails
 * with one line that says so, never skips.
 */
class JavaScriptUnitTest {

    static final Path TESTS = Path.of("src", "test", "js");
    static final int NODE_MAJOR = 20;
    static final long LIMIT_MINUTES = 5;

    @Test
    void the_javascript_unit_tests_pass_under_node() throws IOException, InterruptedException {
        // given
        assertThat(TESTS)
                .as("the JavaScript tests, run from the project directory")
                .isDirectory();
        requireNode();

        // when
        Path output = Files.createTempFile("ra-node-test-", ".txt");
        try {
            Process node = new ProcessBuilder("node", "--test", "--test-reporter=spec", TESTS + "/")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean ended = node.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES);
            if (!ended) {
                node.destroyForcibly();
            }
            String report = Files.readString(output, StandardCharsets.UTF_8);

            // then
            assertThat(ended)
                    .as("node --test ended within %d minutes:%n%s", LIMIT_MINUTES, report)
                    .isTrue();
            assertThat(node.exitValue())
                    .as("node --test %s failed:%n%s", TESTS, report)
                    .isZero();
            assertThat(report).as("node found the tests:%n%s", report).containsPattern("(?m)^\\S* ?pass [1-9]");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Fails with one clear line when Node is missing or older than {@value #NODE_MAJOR}. */
    private static void requireNode() throws InterruptedException {
        String version;
        try {
            Process node = new ProcessBuilder(List.of("node", "--version"))
                    .redirectErrorStream(true)
                    .start();
            version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            node.waitFor();
        } catch (IOException e) {
            throw new AssertionError(
                    "The JavaScript unit tests need Node.js " + NODE_MAJOR + " or later as `node` on "
                            + "the PATH (Debian: apt-get install nodejs; ./ra test installs it when missing).",
                    null);
        }
        int major = version.matches("v\\d+\\..*") ? Integer.parseInt(version.substring(1, version.indexOf('.'))) : 0;
        if (major < NODE_MAJOR) {
            throw new AssertionError(
                    "The JavaScript unit tests need Node.js " + NODE_MAJOR + " or later; `node --version` " + "says "
                            + version + ".",
                    null);
        }
    }
}
