package com.researchassistant.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the model in a child JVM limited to 256 MB of heap, as the service runs (about 2 s). */
class OnnxEmbedderSmallHeapTest {

    private static final Pattern PEAK = Pattern.compile("heapPeakDuringLoadMb=([0-9.]+)");
    private static final Pattern AFTER_LOAD = Pattern.compile("heapAfterLoadMb=([0-9.]+)");

    @TempDir
    Path cacheDir;

    @Test
    void loads_and_embeds_in_a_256_mb_heap_without_holding_the_weights_there() throws Exception {
        // given
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                SmallHeapProbe.class.getName(),
                cacheDir.toString(),
                "onnx");

        // when
        String output = run(command);

        // then: the stock class peaks at about 112 MB while copying the 22 MB model through the heap
        assertThat(megabytes(PEAK, output)).isLessThan(60.0);
        assertThat(megabytes(AFTER_LOAD, output)).isLessThan(20.0);
    }

    private static double megabytes(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(text).isZero();
        return text;
    }
}
